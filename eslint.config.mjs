import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { layersPlugin } from "./eslint.layers.mjs";

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", "node_modules/**", ".cluster/**", ".rolecall/**", "cluster/tools/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
  {
    files: ["lib/**/*.{ts,tsx,mjs}", "app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    plugins: { layers: layersPlugin },
    rules: { "layers/imports-flow-one-way": "error" },
  },
];

export default config;
