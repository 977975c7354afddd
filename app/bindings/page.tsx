import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { BindingsView } from "@/components/bindings/BindingsView";
import { bindingList } from "@/lib/api/bindings";
import { namespaceFilter } from "@/lib/api/schemas";
import { pageSnapshot } from "@/lib/server/snapshot";
import { queryKeys } from "@/lib/client/keys";

export const metadata: Metadata = { title: "Bindings" };

export default async function BindingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ns = namespaceFilter.safeParse((await searchParams).namespace);
  const namespace = ns.success ? ns.data : undefined;
  const queryClient = new QueryClient();
  const snap = await pageSnapshot();
  if (snap && ns.success) queryClient.setQueryData(queryKeys.bindings(namespace), bindingList(snap, namespace));
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <BindingsView />
    </HydrationBoundary>
  );
}
