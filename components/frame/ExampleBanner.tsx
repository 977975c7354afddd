"use client";
import { useStatus } from "@/lib/client/queries";

/** Shown on every page while Rolecall serves its bundled examples instead of a cluster. */
export function ExampleBanner() {
  const { data } = useStatus();
  if (data?.source.mode !== "examples") return null;
  return (
    <div role="note" data-testid="example-banner" className="shrink-0 bg-amber-300 px-4 py-1.5 text-center text-sm font-medium text-amber-950">
      Example data: no cluster was found (no in-cluster account, KUBECONFIG or ~/.kube/config) and ROLECALL_MANIFESTS is not set, so
      Rolecall shows its bundled examples.
    </div>
  );
}
