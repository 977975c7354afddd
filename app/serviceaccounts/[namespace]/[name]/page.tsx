import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ServiceAccountFindingsSection } from "@/components/rbac/FindingsView";
import { PermissionsSection } from "@/components/rbac/PermissionMatrix";
import { CanBecomeSection } from "@/components/rbac/Escalation";
import { ServiceAccountHistorySection } from "@/components/history/HistoryView";
import { BindingsSection, ChainsSection, RunsAsSection, ServiceAccountHeader, ServiceAccountSections } from "@/components/serviceaccounts/ServiceAccountPage";
import { serviceAccountParams } from "@/lib/api/schemas";
import { serviceAccountDetail } from "@/lib/api/serviceaccounts";
import { chainsOf } from "@/lib/server/chains";
import { pageSnapshot } from "@/lib/server/snapshot";
import { permissionsAnswer } from "@/lib/rbac/views";
import type { Snapshot } from "@/lib/store/types";
import { queryKeys } from "@/lib/client/keys";

type Params = { params: Promise<{ namespace: string; name: string }> };
type Search = { searchParams: Promise<{ perm?: string | string[] }> };

/** How many lines the matrix of the shown scope (`?perm=`, else the ServiceAccount's namespace) has: its skeleton takes as many. */
function matrixLines(snap: Snapshot, namespace: string, name: string, perm: string | string[] | undefined): number | undefined {
  const scope = typeof perm === "string" ? (perm === "_cluster" ? null : perm) : namespace;
  const view = permissionsAnswer(snap, namespace, name, scope, true)?.views[0];
  return view && view.rows.length + view.nonResource.length;
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const parsed = serviceAccountParams.safeParse(await params);
  return { title: parsed.success ? `${parsed.data.name} (${parsed.data.namespace})` : "Not found" };
}

export default async function ServiceAccountPage({ params, searchParams }: Params & Search) {
  const parsed = serviceAccountParams.safeParse(await params);
  if (!parsed.success) notFound();
  const { namespace, name } = parsed.data;
  const queryClient = new QueryClient();
  const snap = await pageSnapshot();
  let lines: number | undefined;
  // Still syncing (snap undefined): it may yet appear, so the page loads client-side (200).
  if (snap) {
    const detail = serviceAccountDetail(snap, namespace, name, chainsOf(snap));
    if (!detail) notFound();
    queryClient.setQueryData(queryKeys.serviceAccount(namespace, name), detail);
    lines = matrixLines(snap, namespace, name, (await searchParams).perm);
  }
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <ServiceAccountSections namespace={namespace} name={name}>
        <ServiceAccountHeader namespace={namespace} name={name} />
        <RunsAsSection namespace={namespace} name={name} />
        <ChainsSection namespace={namespace} name={name} />
        <BindingsSection namespace={namespace} name={name} />
        <PermissionsSection namespace={namespace} name={name} lines={lines} />
        <CanBecomeSection namespace={namespace} name={name} />
        <ServiceAccountHistorySection namespace={namespace} name={name} />
        <ServiceAccountFindingsSection namespace={namespace} name={name} />
      </ServiceAccountSections>
    </HydrationBoundary>
  );
}
