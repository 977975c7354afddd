import { redirect } from "next/navigation";

/** The service accounts are the front page; the frame's parameters carry over. */
export default async function Home({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const keep = new URLSearchParams();
  for (const k of ["namespace", "embed"]) {
    const v = sp[k];
    if (typeof v === "string" && v) keep.set(k, v);
  }
  const s = keep.toString();
  redirect(s ? `/serviceaccounts?${s}` : "/serviceaccounts");
}
