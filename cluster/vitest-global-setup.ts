/**
 * Vitest globalSetup for the `integration` project: starts (or reuses) the local control plane
 * once per run and exports its kubeconfig to the test workers.
 */
import type { TestProject } from "vitest/node";
import { startCluster, type RunningCluster } from "./index";

declare module "vitest" {
  export interface ProvidedContext {
    kubeconfig: string;
    kubeServer: string;
  }
}

let cluster: RunningCluster | null = null;

export default async function setup(project: TestProject) {
  cluster = await startCluster();
  process.env.KUBECONFIG = cluster.kubeconfigPath;
  process.env.ROLECALL_TEST_KUBECONFIG = cluster.kubeconfigPath;
  project.provide("kubeconfig", cluster.kubeconfigPath);
  project.provide("kubeServer", cluster.server);
  return async () => {
    // stop() does nothing when a cluster started elsewhere (npm run cluster:up) was reused
    await cluster?.stop();
    cluster = null;
  };
}
