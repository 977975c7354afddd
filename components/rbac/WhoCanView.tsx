"use client";
// "Who can?": every subject allowed a request, grouped by kind, with reasons.
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import type { FormEvent } from "react";
import type { AllowedSubject } from "@/lib/rbac/who-can";
import { serviceAccountHref } from "@/components/serviceaccounts/links";
import { CopyButton } from "@/components/ui/CopyButton";
import { ErrorNote } from "@/components/ui/states";
import { Datalists, FIELDS, formParams, RequestFields } from "./CanIView";
import { useWhoCan } from "./hooks";
import { Chain, SubjectLabel } from "./Provenance";

const KINDS = [
  ["ServiceAccount", "ServiceAccounts"],
  ["User", "Users"],
  ["Group", "Groups"],
] as const;

function kubectlWhoCan(p: Record<string, string | undefined>): string {
  const res = p.nonResourceURL ?? (p.apiGroup ? `${p.resource}.${p.apiGroup}` : p.resource ?? "");
  return `kubectl auth can-i ${p.verb} ${p.name && !p.nonResourceURL ? `${res}/${p.name}` : res}${p.nonResourceURL ? "" : p.namespace ? ` -n ${p.namespace}` : " --all-namespaces"} --as=<subject>`;
}

export function WhoCanView() {
  const params = useSearchParams();
  const get = (k: string) => params.get(k) ?? "";
  const ready = !!get("verb") && (!!get("resource") || !!get("nonResourceURL"));
  const query = ready ? Object.fromEntries(FIELDS.map((f) => [f, get(f) || undefined])) : null;
  const { data, error, isFetching } = useWhoCan(query);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formParams(e, FIELDS);
    const url = new URL(window.location.href);
    for (const k of FIELDS) url.searchParams.delete(k);
    for (const [k, val] of Object.entries(v)) if (val) url.searchParams.set(k, val);
    window.history.replaceState(window.history.state, "", url);
  };

  return (
    <div className="mx-auto max-w-5xl px-6 py-4">
      <h1 className="text-xl font-semibold">Who can?</h1>
      <p className="text-sm text-zinc-500">Every ServiceAccount, user and group a request is allowed for, with the binding, role and rule that allow it.</p>
      <Datalists />
      <form onSubmit={submit} className="my-4 flex flex-wrap items-end gap-2 font-mono text-sm" aria-label="who-can question">
        <RequestFields get={get} />
        <button type="submit" className="rounded bg-sky-700 px-3 py-1.5 font-sans text-sm text-white hover:bg-sky-800">
          Ask
        </button>
      </form>
      {error && <ErrorNote error={error} />}
      {!ready && <p className="text-sm text-zinc-500">Give a verb and a resource (or a nonResourceURL).</p>}
      {data && query && (
        <div className={isFetching ? "opacity-60" : undefined} aria-live="polite">
          <div className="mb-3 flex items-center gap-2">
            <code className="rounded bg-zinc-100 px-2 py-1 font-mono text-[12px] dark:bg-zinc-900">{kubectlWhoCan(query)}</code>
            <CopyButton text={kubectlWhoCan(query)} label="Copy" />
          </div>
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

function SubjectItem({ s }: { s: AllowedSubject }) {
  return (
    <li className="border-t border-zinc-100 py-1.5 first:border-t-0 dark:border-zinc-800/70" data-testid="who-can-subject" data-name={s.name}>
      <SubjectLabel s={s} />
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
