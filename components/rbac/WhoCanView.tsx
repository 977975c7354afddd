"use client";
// "Who can?": every subject allowed a request, grouped by kind, with reasons.
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { replaceParamsInPlace } from "@/lib/client/url";
import type { AllowedSubject, WhoCanScope } from "@/lib/api/wire";
import { serviceAccountHref } from "@/components/serviceaccounts/links";
import { CopyButton } from "@/components/ui/CopyButton";
import { ErrorNote } from "@/components/ui/states";
import { Datalists, FIELDS, formParams, Notes, RequestFields, requestParams } from "./CanIView";
import { useWhoCan } from "@/lib/client/queries";
import { Chain, SubjectLabel } from "./Provenance";

const KINDS = [
  ["ServiceAccount", "ServiceAccounts"],
  ["User", "Users"],
  ["Group", "Groups"],
] as const;

function kubectlWhoCan(p: Record<string, string | undefined>, scope: WhoCanScope): string {
  const res = p.nonResourceURL ?? (p.apiGroup ? `${p.resource}.${p.apiGroup}` : p.resource ?? "");
  const where = p.nonResourceURL ? "" : scope === "namespace" ? ` -n ${p.namespace}` : scope === "all-namespaces" ? " -n <namespace>" : " --all-namespaces";
  return `kubectl auth can-i ${p.verb} ${p.name && !p.nonResourceURL ? `${res}/${p.name}` : res}${where} --as=<subject>`;
}

/** What the answer covers, in words. */
function scopeText(scope: WhoCanScope, namespace: string | undefined): string {
  if (scope === "namespace") return `In namespace ${namespace}`;
  if (scope === "all-namespaces") return "In all namespaces (each subject: cluster-wide, or the namespaces where a RoleBinding allows it)";
  return "At cluster scope (ClusterRoleBindings only)";
}

const KEYS = [...FIELDS, "scope"];

export function WhoCanView() {
  const params = useSearchParams();
  const get = (k: string) => params.get(k) ?? "";
  const ready = !!get("verb") && (!!get("resource") || !!get("nonResourceURL"));
  const clusterOnly = get("scope") === "cluster" && !get("ns");
  const query = ready ? { ...requestParams(get), scope: clusterOnly ? "cluster" : undefined } : null;
  const { data, error, isFetching, refetch } = useWhoCan(query);
  const [formKey, setFormKey] = useState(0);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = { ...formParams(e, FIELDS), scope: new FormData(e.currentTarget).get("scope") ? "cluster" : undefined };
    const same = KEYS.every((k) => (v[k as keyof typeof v] ?? "") === get(k));
    // In place, with a state of its own: Next then re-reads the URL and the query follows it.
    replaceParamsInPlace(v);
    if (same && ready) void refetch(); // the same question asked again: ask the server again
  };

  return (
    <div className="mx-auto max-w-5xl px-6 py-4">
      <h1 className="text-xl font-semibold">Who can?</h1>
      <p className="text-sm text-zinc-500">Every ServiceAccount, user and group a request is allowed for, with the binding, role and rule that allow it. Without a namespace: in every namespace.</p>
      <Datalists />
      <form key={formKey} onSubmit={submit} className="my-4 flex flex-wrap items-end gap-2 font-mono text-sm" aria-label="who-can question">
        <RequestFields get={get} namespacePlaceholder="(all namespaces)" />
        <label className="flex items-center gap-1 pb-1.5 font-sans text-xs text-zinc-500" title="Without a namespace: ClusterRoleBindings only, as a SubjectAccessReview without a namespace decides">
          <input type="checkbox" name="scope" value="cluster" defaultChecked={get("scope") === "cluster"} data-testid="who-can-cluster-only" /> cluster scope only
        </label>
        <button type="submit" className="rounded bg-sky-700 px-3 py-1.5 font-sans text-sm text-white hover:bg-sky-800">
          Ask
        </button>
        <button type="button" onClick={() => { replaceParamsInPlace(Object.fromEntries(KEYS.map((k) => [k, undefined]))); setFormKey((k) => k + 1); }} className="px-2 py-1.5 font-sans text-xs text-zinc-500">
          Clear
        </button>
      </form>
      {error && <ErrorNote error={error} />}
      {!ready && <p className="text-sm text-zinc-500">Give a verb and a resource (or a nonResourceURL).</p>}
      {ready && !data && !error && (
        <p className="text-sm text-zinc-500" data-testid="who-can-pending">
          Asking…
        </p>
      )}
      {data && query && (
        <div aria-busy={isFetching} aria-live="polite" data-testid="who-can-result" data-scope={data.scope}>
          <Notes notes={data.notes} />
          <div className="mb-3 flex items-center gap-2">
            <code className="rounded bg-zinc-100 px-2 py-1 font-mono text-[12px] dark:bg-zinc-900" data-testid="kubectl-command">{kubectlWhoCan(query, data.scope)}</code>
            <CopyButton text={kubectlWhoCan(query, data.scope)} label="Copy" />
          </div>
          <p className="mb-2 text-sm font-medium" data-testid="who-can-scope">
            {scopeText(data.scope, data.request.kind === "resource" ? data.request.namespace : undefined)}
            {data.scope === "all-namespaces" && ":"}
          </p>
          {data.note && <p className="mb-2 text-xs text-zinc-500">{data.note}</p>}
          {data.subjects.length === 0 && <p className="text-lg font-semibold">Nobody (no binding allows it).</p>}
          {KINDS.map(([kind, title]) => {
            const list = data.subjects.filter((s) => s.kind === kind);
            if (!list.length) return null;
            return (
              <section key={kind} className="mb-4">
                <h2 className="text-base font-semibold">
                  {title} <span className="text-sm font-normal text-zinc-500">({list.length})</span>
                </h2>
                <ul className="mt-1" data-testid={`who-can-${kind}`}>
                  {list.map((s) => (
                    <SubjectItem key={`${s.namespace ?? ""}/${s.name}`} s={s} />
                  ))}
                </ul>
              </section>
            );
          })}
          {data.groupMembers.length > 0 && (
            <section className="mb-4">
              <h2 className="text-base font-semibold">ServiceAccounts reached through those groups</h2>
              {data.groupMembers.map((g) => (
                <details key={g.group} className="mt-1 text-sm">
                  <summary className="cursor-pointer">
                    through group <code className="font-mono">{g.group}</code>: {g.total} known ServiceAccount{g.total === 1 ? "" : "s"}
                    {g.open ? " and every other authenticated user" : ""}
                  </summary>
                  <ul className="ml-4 mt-1 columns-2 text-xs">
                    {g.serviceAccounts.map((sa) => (
                      <li key={`${sa.namespace}/${sa.name}`}>
                        <Link href={serviceAccountHref(sa.namespace, sa.name)} className="hover:underline">
                          {sa.namespace}/{sa.name}
                        </Link>
                      </li>
                    ))}
                    {g.total > g.serviceAccounts.length && <li className="text-zinc-500">… {g.total - g.serviceAccounts.length} more</li>}
                  </ul>
                </details>
              ))}
            </section>
          )}
        </div>
      )}
    </div>
  );
}

/** Where an all-namespaces answer allows the subject. */
function whereText(s: AllowedSubject): string | undefined {
  if (s.clusterWide === undefined) return undefined;
  const ns = s.namespaces ?? [];
  if (s.clusterWide) return ns.length ? `cluster-wide (and through RoleBindings in ${ns.join(", ")})` : "cluster-wide";
  return `in namespace${ns.length === 1 ? "" : "s"} ${ns.join(", ")}`;
}

function SubjectItem({ s }: { s: AllowedSubject }) {
  const where = whereText(s);
  return (
    <li className="border-t border-zinc-100 py-1.5 first:border-t-0 dark:border-zinc-800/70" data-testid="who-can-subject" data-name={s.name} data-namespace={s.namespace ?? ""} data-kind={s.kind}>
      <SubjectLabel s={s} />
      {where && (
        <span className={`ml-2 rounded px-1.5 py-0.5 text-xs ${s.clusterWide ? "bg-red-50 text-red-800 dark:bg-red-950/40 dark:text-red-300" : "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"}`} data-testid="who-can-where">
          {where}
        </span>
      )}
      <ul className="ml-4 mt-0.5 space-y-1">
        {s.reasons.map((r, i) => (
          <li key={i}>
            <Chain binding={r.binding} role={r.role} rule={r.rule} subject={r.subject} />
          </li>
        ))}
      </ul>
    </li>
  );
}
