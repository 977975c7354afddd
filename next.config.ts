import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  output: "standalone",
  poweredByHeader: false,
  // client-node pulls optional native/ws bits that must stay server-side and unbundled.
  serverExternalPackages: ["@kubernetes/client-node", "pino", "prom-client"],
  // No next/image: no optimizer, so the image ships without sharp and its native libvips.
  images: { unoptimized: true },
  outputFileTracingExcludes: { "*": ["node_modules/sharp/**", "node_modules/@img/**"] },
};

export default nextConfig;
