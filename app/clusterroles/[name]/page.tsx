import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RoleView } from "@/components/roles/RolePage";
import { roleDetail } from "@/lib/api/roles";
import { clusterRoleParams } from "@/lib/api/schemas";
import { queryKeys } from "@/lib/client/keys";
import { pageSnapshot } from "@/lib/server/snapshot";

type Params = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const parsed = clusterRoleParams.safeParse(await params);
  return { title: parsed.success ? `ClusterRole ${parsed.data.name}` : "Not found" };
}

export default async function ClusterRolePage({ params }: Params) {
  const parsed = clusterRoleParams.safeParse(await params);
  if (!parsed.success) notFound();
  const { name } = parsed.data;
  const queryClient = new QueryClient();
  const snap = await pageSnapshot();
  // Still syncing (snap undefined): it may yet appear, so the page loads client-side (200).
  if (snap) {
    const detail = roleDetail(snap, { kind: "ClusterRole", name });
    if (!detail) notFound();
    queryClient.setQueryData(queryKeys.role("ClusterRole", "", name), detail);
  }
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <div className="mx-auto max-w-5xl px-6 pb-10">
        <RoleView kind="ClusterRole" namespace="" name={name} />
      </div>
    </HydrationBoundary>
  );
}
