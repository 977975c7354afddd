import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BlastRadiusView } from "@/components/rbac/BlastRadiusView";
import { blastRadius } from "@/lib/api/escalation";
import { blastRadiusParams } from "@/lib/api/schemas";
import { pageSnapshot } from "@/lib/server/snapshot";

type Params = { params: Promise<{ namespace: string; kind: string; name: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const p = blastRadiusParams.safeParse(await params);
  return { title: p.success ? `Blast radius of ${p.data.kind}/${p.data.name}` : "Not found" };
}

/** /blast-radius/{namespace}/{kind}/{name}: what a compromised container of this workload or pod could reach. */
export default async function BlastRadiusPage({ params }: Params) {
  const p = blastRadiusParams.safeParse(await params);
  if (!p.success) notFound();
  const { namespace, kind, name } = p.data;
  const queryClient = new QueryClient();
  const snap = await pageSnapshot();
  // Still syncing (snap undefined): it may yet appear, so the page loads client-side (200).
  if (snap) {
    const answer = blastRadius(snap, namespace, kind, name);
    if (!answer) notFound();
    queryClient.setQueryData(["rbac", "blast-radius", namespace, kind, name], answer);
  }
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <BlastRadiusView namespace={namespace} kind={kind} name={name} />
    </HydrationBoundary>
  );
}
