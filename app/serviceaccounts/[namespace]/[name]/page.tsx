import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ServiceAccountFindingsSection } from "@/components/rbac/FindingsView";
import { PermissionsSection } from "@/components/rbac/PermissionMatrix";
import { CanBecomeSection } from "@/components/rbac/Escalation";
import { ServiceAccountHistorySection } from "@/components/history/HistoryView";
import { BindingsSection, ChainsSection, RunsAsSection, ServiceAccountHeader, ServiceAccountSections } from "@/components/serviceaccounts/ServiceAccountPage";
import { permissionsQuery, serviceAccountParams } from "@/lib/api/schemas";
import { serviceAccountDetail } from "@/lib/api/serviceaccounts";
import { chainsOf } from "@/lib/server/chains";
import { pageSnapshot } from "@/lib/server/snapshot";
import { permissionsAnswer } from "@/lib/rbac/views";
import { wirePermissions } from "@/lib/api/wire";
import { permissionScope, queryKeys } from "@/lib/client/keys";

type Params = { params: Promise<{ namespace: string; name: string }> };
type Search = { searchParams: Promise<{ perm?: string | string[] }> };

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
    // The matrix of the scope shown (`?perm=`, else its namespace) goes into the HTML, as the
    // page would ask for it: no round trip after the scripts before it shows. Its line count
    // stays the skeleton's height, for a render without the answer.
    // A repeated ?perm= reads as the browser's URLSearchParams.get does: the first.
    const perm = [(await searchParams).perm].flat()[0];
    const shown = permissionScope(namespace, name, perm);
    // A scope the API would refuse (400) is not answered here either: the page shows its error.
    const q = permissionsQuery.safeParse({ namespace: shown.apiNamespace });
    const answer = q.success ? permissionsAnswer(snap, namespace, name, q.data.namespace ?? null, true) : undefined;
    const view = answer?.views[0];
    if (answer) queryClient.setQueryData(shown.key, wirePermissions(answer));
    lines = view && view.rows.length + view.nonResource.length;
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
