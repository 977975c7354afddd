import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  output: "standalone",
  poweredByHeader: false,
  // `next dev` serves its HMR socket and chunks to localhost only; opened as 127.0.0.1 the page
  // would never hydrate.
  allowedDevOrigins: ["127.0.0.1"],
  // client-node pulls optional native/ws bits that must stay server-side and unbundled.
  // PGlite loads its WebAssembly and data files from its own folder; pg has optional native bits.
  serverExternalPackages: ["@kubernetes/client-node", "pino", "prom-client", "@electric-sql/pglite", "pg"],
  // No next/image: no optimizer, so the image ships without sharp and its native libvips.
  images: { unoptimized: true },
  outputFileTracingExcludes: { "*": ["node_modules/sharp/**", "node_modules/@img/**"] },
};

export default nextConfig;
