import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { FindingsView } from "@/components/rbac/FindingsView";
import { findingsAnswer } from "@/lib/api/findings";
import { findingsQuery } from "@/lib/api/schemas";
import { FINDINGS_PAGE, findingsViewOf } from "@/lib/client/findings-view";
import { findingsKey } from "@/lib/client/keys";
import { pageSnapshot } from "@/lib/server/snapshot";

export const metadata: Metadata = { title: "Findings" };

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  // The first page of findings, as the page would ask for it, goes into the HTML: the first
  // finding shows before the scripts have run. A URL the API would refuse is left to the page.
  const queryClient = new QueryClient();
  const snap = await pageSnapshot();
  if (snap) {
    const { query } = findingsViewOf((k) => (typeof sp[k] === "string" ? sp[k] : undefined));
    const asked = { ...query, limit: String(FINDINGS_PAGE) };
    const q = findingsQuery.safeParse(Object.fromEntries(Object.entries(asked).filter(([, v]) => v !== undefined)));
    if (q.success) queryClient.setQueryData(findingsKey(asked), findingsAnswer(snap, q.data));
  }
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <FindingsView />
    </HydrationBoundary>
  );
}
