import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RoleView } from "@/components/roles/RolePage";
import { roleDetail } from "@/lib/api/roles";
import { roleParams } from "@/lib/api/schemas";
import { queryKeys } from "@/lib/client/keys";
import { pageSnapshot } from "@/lib/server/snapshot";

type Params = { params: Promise<{ namespace: string; name: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const parsed = roleParams.safeParse(await params);
  return { title: parsed.success ? `Role ${parsed.data.name} (${parsed.data.namespace})` : "Not found" };
}

export default async function RolePage({ params }: Params) {
  const parsed = roleParams.safeParse(await params);
  if (!parsed.success) notFound();
  const { namespace, name } = parsed.data;
  const queryClient = new QueryClient();
  const snap = await pageSnapshot();
  // Still syncing (snap undefined): it may yet appear, so the page loads client-side (200).
  if (snap) {
    const detail = roleDetail(snap, { kind: "Role", namespace, name });
    if (!detail) notFound();
    queryClient.setQueryData(queryKeys.role("Role", namespace, name), detail);
  }
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <div className="mx-auto max-w-5xl px-6 pb-10">
        <RoleView kind="Role" namespace={namespace} name={name} />
      </div>
    </HydrationBoundary>
  );
}
