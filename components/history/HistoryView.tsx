"use client";
// RBAC history: who gained or lost which permission, when, and through what; grouped by the
// object change that caused it. Filters live in the URL (subject, risk, change, since) with the
// frame's namespace.
import { useSearchParams } from "next/navigation";
import type { ReactNode } from "react";
import type { HistoryEntryWire } from "@/lib/api/wire";
import { useHistory } from "@/lib/client/queries";
import { groupByCause, isHistoryOff, permissionText, valueText, type CauseGroup } from "@/lib/client/history";
import { replaceParamsInPlace, useNamespace } from "@/lib/client/url";
import { ApiRequestError } from "@/lib/client/fetch";
import { LinesSkeleton, Loading } from "@/components/ui/states";
import { SeverityBadge } from "@/components/rbac/FindingsView";
import { Chain, SubjectLabel } from "@/components/rbac/Provenance";

const SINCE = [
  ["1h", "last hour"],
  ["24h", "last 24 h"],
  ["7d", "last 7 days"],
  ["30d", "last 30 days"],
  ["", "all kept"],
] as const;
const CHANGES = [
  ["", "all changes"],
  ["gained,lost", "permissions gained or lost"],
  ["gained", "gained only"],
  ["lost", "lost only"],
  ["created,changed,deleted", "RBAC objects changed"],
] as const;

const time = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
const objectLabel = (c: HistoryEntryWire["cause"]) => `${c.kind} ${c.namespace ? `${c.namespace}/` : ""}${c.name}`;

function PermissionLine({ e }: { e: HistoryEntryWire }) {
  const gained = e.change === "gained";
  return (
    <li
      className={`rounded border-l-4 px-2 py-1 ${gained ? "border-red-500 bg-red-50/60 dark:bg-red-950/30" : "border-emerald-500 bg-emerald-50/60 dark:bg-emerald-950/30"}`}
      data-testid="history-permission"
      data-change={e.change}
      data-risk={e.risk}
    >
      <div className="flex flex-wrap items-baseline gap-2 text-sm">
        <span className={`font-semibold ${gained ? "text-red-800 dark:text-red-300" : "text-emerald-800 dark:text-emerald-300"}`}>{gained ? "+ gained" : "− lost"}</span>
        <span className="font-mono text-[13px]">{e.permission ? permissionText(e.permission) : ""}</span>
        {gained && e.risk !== "none" && <SeverityBadge severity={e.risk} />}
        {e.subject && (
          <span className="text-xs">
            · <SubjectLabel s={e.subject} />
          </span>
        )}
      </div>
      {e.via?.[0] && e.subject && <Chain binding={e.via[0].binding} role={e.via[0].role} rule={e.via[0].rule} subject={e.subject} />}
    </li>
  );
}

function Group({ g }: { g: CauseGroup }) {
  const own = g.objectChange;
  return (
    <li className="border-t border-zinc-100 py-3 first:border-t-0 dark:border-zinc-800/70" data-testid="history-group" data-cause={objectLabel(g.cause)}>
      <div className="flex flex-wrap items-baseline gap-2">
        <span className="font-medium">{objectLabel(g.cause)}</span>
        <span className="text-sm text-zinc-600 dark:text-zinc-400">{own ? own.change : "changed"}</span>
        {g.worstGain !== "none" && <SeverityBadge severity={g.worstGain} />}
        <span className="ml-auto text-xs text-zinc-500" title={`resourceVersion ${g.cause.resourceVersion}`}>
          {g.seenAtStart ? (
            <span className="mr-1 rounded bg-amber-100 px-1 text-amber-900 dark:bg-amber-950 dark:text-amber-200" title="Found by comparing the last recorded state when Rolecall started: it happened at some time while Rolecall was not running.">
              seen at start
            </span>
          ) : null}
          <time dateTime={g.at}>{time(g.at)}</time>
        </span>
      </div>
      {own?.fields?.length ? (
        <details className="mt-1 text-xs">
          <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">{own.fields.length} field{own.fields.length === 1 ? "" : "s"} changed</summary>
          <ul className="mt-1 space-y-0.5 font-mono">
            {own.fields.map((f) => (
              <li key={f.path}>
                {f.path}: <span className="text-emerald-800 dark:text-emerald-300">{valueText(f.before)}</span> → <span className="text-red-800 dark:text-red-300">{valueText(f.after)}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {g.gained.length + g.lost.length > 0 && (
        <ul className="mt-2 space-y-1">
          {[...g.gained, ...g.lost].map((e) => (
            <PermissionLine key={e.id} e={e} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The feed with its paging (`paging={false}`: the first page only), for the History page, a ServiceAccount's timeline and the overview. */
export function HistoryFeed({
  params,
  serviceAccount,
  paging = true,
  skeletonRows = 6,
}: {
  params: Record<string, string | undefined>;
  serviceAccount?: { namespace: string; name: string };
  paging?: boolean;
  /** Lines of the loading skeleton: a page's own section has usually one ("Nothing recorded…"), the History page a screenful. */
  skeletonRows?: number;
}) {
  const { data, error, isPending, fetchNextPage, hasNextPage, isFetchingNextPage } = useHistory(params, serviceAccount);
  if (error) {
    const unavailable = error instanceof ApiRequestError && error.status === 503;
    return (
      <p role={unavailable ? "status" : "alert"} data-testid="history-unavailable" className="my-2 rounded bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
        {unavailable
          ? isHistoryOff(error)
            ? `No history is recorded here (${error.message.replace(/^history is off:? ?/, "") || "off"}).`
            : `History is unavailable (${error.message.replace(/^history is unavailable:? ?/, "") || "no database"}). The live views are not affected.`
          : error.message}
      </p>
    );
  }
  if (isPending)
    return (
      <Loading what="history">
        <LinesSkeleton rows={skeletonRows} row="h-5" />
      </Loading>
    );
  const items = data.pages.flatMap((p) => p.items);
  const groups = groupByCause(items);
  return (
    <>
      {!groups.length ? (
        <p className="text-sm text-zinc-500">Nothing recorded for these filters.</p>
      ) : (
        <ul data-testid="history-feed">
          {groups.map((g) => (
            <Group key={g.key} g={g} />
          ))}
        </ul>
      )}
      {paging && hasNextPage && (
        <button type="button" className="mt-2 rounded border border-zinc-300 px-3 py-1 text-sm dark:border-zinc-700" onClick={() => fetchNextPage()} disabled={isFetchingNextPage}>
          {isFetchingNextPage ? "Loading…" : "Older entries"}
        </button>
      )}
    </>
  );
}

export function HistoryView() {
  const params = useSearchParams();
  const namespace = useNamespace();
  const subject = params.get("subject") ?? "";
  const risk = params.get("risk") ?? "";
  const change = params.get("change") ?? "";
  const since = params.get("since") ?? "7d";
  const query = { namespace, subject: subject || undefined, risk: risk || undefined, change: change || undefined, since: since === "all" ? undefined : since };
  return (
    <div className="mx-auto max-w-5xl px-6 py-4">
      <h1 className="text-xl font-semibold">History</h1>
      <p className="text-sm text-zinc-500">
        Who gained or lost which permission, when, and through which binding, role and rule; and every change of an RBAC object.{namespace ? ` Namespace ${namespace}.` : ""}
      </p>
      <form className="my-3 flex flex-wrap items-center gap-3 text-sm" onSubmit={(e) => e.preventDefault()}>
        <label className="flex items-center gap-1">
          Subject
          <input
            className="w-72 rounded border border-zinc-300 px-2 py-0.5 font-mono text-[13px] dark:border-zinc-700 dark:bg-zinc-900"
            placeholder="ServiceAccount/ns/name, User/alice, Group/devs"
            defaultValue={subject}
            onKeyDown={(e) => e.key === "Enter" && replaceParamsInPlace({ subject: e.currentTarget.value.trim() || undefined })}
            onBlur={(e) => replaceParamsInPlace({ subject: e.currentTarget.value.trim() || undefined })}
            data-testid="history-subject"
          />
        </label>
        <label className="flex items-center gap-1">
          Risk
          <select className="rounded border border-zinc-300 px-1 py-0.5 dark:border-zinc-700 dark:bg-zinc-900" value={risk} onChange={(e) => replaceParamsInPlace({ risk: e.target.value || undefined })} data-testid="history-risk">
            <option value="">any</option>
            <option value="critical">critical</option>
            <option value="high">high and worse</option>
            <option value="medium">medium and worse</option>
            <option value="low">low and worse</option>
          </select>
        </label>
        <select className="rounded border border-zinc-300 px-1 py-0.5 dark:border-zinc-700 dark:bg-zinc-900" value={change} onChange={(e) => replaceParamsInPlace({ change: e.target.value || undefined })} aria-label="Changes" data-testid="history-change">
          {CHANGES.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
        <select className="rounded border border-zinc-300 px-1 py-0.5 dark:border-zinc-700 dark:bg-zinc-900" value={since === "7d" ? "7d" : since} onChange={(e) => replaceParamsInPlace({ since: e.target.value === "7d" ? undefined : e.target.value || "all" })} aria-label="Since" data-testid="history-since">
          {SINCE.map(([v, label]) => (
            <option key={v} value={v || "all"}>
              {label}
            </option>
          ))}
        </select>
      </form>
      <HistoryFeed params={query} />
    </div>
  );
}

function HistorySection({ children }: { children: ReactNode }) {
  return (
    <section id="history" aria-labelledby="history-title" className="border-t border-zinc-200 py-4 dark:border-zinc-800">
      <h2 id="history-title" className="mb-2 text-base font-semibold">
        History
      </h2>
      {children}
    </section>
  );
}

/** A ServiceAccount's timeline (its own entries and its groups'), for its page. */
export function ServiceAccountHistorySection({ namespace, name }: { namespace: string; name: string }) {
  return (
    <HistorySection>
      <HistoryFeed params={{}} serviceAccount={{ namespace, name }} skeletonRows={1} />
    </HistorySection>
  );
}

/** A role's timeline: its own changes and the permissions gained or lost through a binding to it. */
export function RoleHistorySection({ kind, namespace, name }: { kind: "Role" | "ClusterRole"; namespace?: string; name: string }) {
  return (
    <HistorySection>
      <HistoryFeed params={{ role: kind === "Role" ? `Role/${namespace}/${name}` : `ClusterRole/${name}` }} skeletonRows={1} />
    </HistorySection>
  );
}
