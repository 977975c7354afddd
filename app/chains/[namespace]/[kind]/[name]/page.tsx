import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { OneChainView } from "@/components/chains/ChainsView";
import { objectExists } from "@/lib/api/chains";
import { chainParams } from "@/lib/api/schemas";
import { pageSnapshot } from "@/lib/server/snapshot";
import type { Kind } from "@/lib/store/types";

type Params = { params: Promise<{ namespace: string; kind: string; name: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const p = chainParams.safeParse(await params);
  return { title: p.success ? `Chain of ${p.data.kind}/${p.data.name}` : "Not found" };
}

export default async function OneChainPage({ params }: Params) {
  const raw = await params;
  // The same check as the API's: a kind Rolecall follows, valid names.
  const p = chainParams.safeParse(raw);
  if (!p.success) notFound();
  const { namespace, kind, name } = p.data;
  // Still syncing (snap undefined): it may yet appear, so the page loads client-side (200).
  const snap = await pageSnapshot();
  if (snap && !objectExists(snap, kind as Kind, namespace, name)) notFound();
  // The view asks the API with the kind as the address spells it (its query key).
  return <OneChainView namespace={namespace} kind={raw.kind} name={name} />;
}
