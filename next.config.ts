import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  output: "standalone",
  poweredByHeader: false,
  // client-node pulls optional native/ws bits that must stay server-side and unbundled.
  serverExternalPackages: ["@kubernetes/client-node", "pino", "prom-client"],
};

export default nextConfig;
