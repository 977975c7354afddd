import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Suspense } from "react";
import { OverviewView } from "@/components/overview/OverviewView";
import { overview } from "@/lib/api/overview";
import { overviewQuery } from "@/lib/api/schemas";
import { queryKeys } from "@/lib/client/keys";
import { chainsOf } from "@/lib/server/chains";
import { pageSnapshot } from "@/lib/server/snapshot";

export const metadata: Metadata = { title: "Overview" };

/** The front page: the overview, filled in on the server once synced (first paint has data). */
export default async function Home({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const parsed = overviewQuery.safeParse({ namespace: (await searchParams).namespace });
  const namespace = parsed.success ? parsed.data.namespace : undefined;
  const queryClient = new QueryClient();
  const snap = await pageSnapshot();
  if (snap && parsed.success) queryClient.setQueryData(queryKeys.overview(namespace), overview(snap, chainsOf(snap), namespace));
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <Suspense fallback={null}>
        <OverviewView />
      </Suspense>
    </HydrationBoundary>
  );
}
