import type { Metadata } from "next";
import { ServiceAccountsView, type FirstScreen } from "@/components/serviceaccounts/ServiceAccountsView";
import { namespaceFilter } from "@/lib/api/schemas";
import { serviceAccountList } from "@/lib/api/serviceaccounts";
import { rowsViewOf, serviceAccountRows } from "@/lib/client/serviceaccount-rows";
import { pageSnapshot } from "@/lib/server/snapshot";

export const metadata: Metadata = { title: "Service accounts" };

/** Rows in the HTML: a tall screen's worth and the table's overscan. The rest comes from the API. */
const FIRST_SCREEN = 50;

export default async function ServiceAccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const ns = namespaceFilter.safeParse(sp.namespace);
  const namespace = ns.success ? ns.data : undefined;
  // Only the first screen, filtered and sorted as the URL asks, goes into the HTML: all 10,000
  // rows made megabytes of HTML before the first one showed. The browser asks for the whole
  // list (for search, sort and scrolling) once the page is up; the event stream keeps it fresh.
  const snap = await pageSnapshot();
  let first: FirstScreen | undefined;
  if (snap && ns.success) {
    const items = serviceAccountList(snap, namespace).items;
    const view = rowsViewOf((k) => (typeof sp[k] === "string" ? sp[k] : undefined));
    const rows = serviceAccountRows(items, view);
    first = { view, namespace: namespace ?? "", rows: rows.slice(0, FIRST_SCREEN), matched: rows.length, total: items.length };
  }
  return <ServiceAccountsView first={first} />;
}
