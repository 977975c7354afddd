"use client";
import { useStatus } from "@/lib/client/queries";

/** Shown on every page while Rolecall serves its bundled examples instead of a cluster; a
 *  named region, so that screen-reader users reach it by landmark like the rest of the page. */
export function ExampleBanner() {
  const { data } = useStatus();
  if (data?.source.mode !== "examples") return null;
  return (
    <section aria-label="Example data" className="shrink-0">
      <div role="note" data-testid="example-banner" className="bg-amber-300 px-4 py-1.5 text-center text-sm font-medium text-amber-950">
        Example data: no cluster was found (no in-cluster account, KUBECONFIG or ~/.kube/config) and ROLECALL_MANIFESTS is not set, so
        Rolecall shows its bundled examples.
      </div>
    </section>
  );
}
