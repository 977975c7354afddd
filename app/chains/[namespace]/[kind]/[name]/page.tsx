import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { OneChainView } from "@/components/chains/ChainsView";
import { namespaceName, objectName } from "@/lib/api/schemas";

type Params = { params: Promise<{ namespace: string; kind: string; name: string }> };

function parse(p: { namespace: string; kind: string; name: string }) {
  const ns = namespaceName.safeParse(p.namespace);
  const name = objectName.safeParse(p.name);
  if (!ns.success || !name.success || !/^[a-z]{2,20}$/i.test(p.kind)) return undefined;
  return { namespace: ns.data, kind: p.kind, name: name.data };
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const p = parse(await params);
  return { title: p ? `Chain of ${p.kind}/${p.name}` : "Not found" };
}

export default async function OneChainPage({ params }: Params) {
  const p = parse(await params);
  if (!p) notFound();
  return <OneChainView namespace={p.namespace} kind={p.kind} name={p.name} />;
}
