/**
 * Playwright globalSetup: starts (or reuses) the local control plane and exports its kubeconfig
 * (KUBECONFIG / ROLECALL_TEST_KUBECONFIG) for the test workers.
 * Wire it in playwright.config.ts with `globalSetup: "./cluster/playwright-global-setup.ts"`;
 * the returned function is Playwright's teardown.
 * Note: Playwright starts `webServer` BEFORE globalSetup, so give the web server
 * `env: { KUBECONFIG: defaultKubeconfigPath() }` (cluster/paths.ts; the path is fixed) and let the
 * app read the kubeconfig lazily, on its first request.
 */
import { startCluster } from "./index";

export default async function globalSetup(): Promise<() => Promise<void>> {
  const cluster = await startCluster();
  process.env.KUBECONFIG = cluster.kubeconfigPath;
  process.env.ROLECALL_TEST_KUBECONFIG = cluster.kubeconfigPath;
  return async () => {
    await cluster.stop(); // no-op when an already running cluster was reused
  };
}
