import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { ServiceAccountsView } from "@/components/serviceaccounts/ServiceAccountsView";
import { namespaceFilter } from "@/lib/api/schemas";
import { serviceAccountList } from "@/lib/api/serviceaccounts";
import { pageSnapshot } from "@/lib/server/snapshot";
import { queryKeys } from "@/lib/client/keys";

export const metadata: Metadata = { title: "Service accounts" };

export default async function ServiceAccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ns = namespaceFilter.safeParse((await searchParams).namespace);
  const namespace = ns.success ? ns.data : undefined;
  // Seed the browser's cache with the current list; the event stream keeps it fresh.
  const queryClient = new QueryClient();
  const snap = await pageSnapshot();
  if (snap && ns.success) queryClient.setQueryData(queryKeys.serviceAccounts(namespace), serviceAccountList(snap, namespace));
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <ServiceAccountsView />
    </HydrationBoundary>
  );
}
