"use client";
// "Can I?": a form shaped like `kubectl auth can-i VERB RESOURCE -n NS --as …`, the answer in
// large type, the reasons, the kubectl command, and a check against the API server.
import { useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { BUILTIN_RESOURCES } from "@/lib/k8s/builtin-resources";
import { replaceParamsInPlace } from "@/lib/client/url";
import { CopyButton } from "@/components/ui/CopyButton";
import { ErrorNote } from "@/components/ui/states";
import { useServiceAccounts } from "@/lib/client/queries";
import type { AnswerNote } from "@/lib/api/wire";
import { useCanI, useResources, useVerify, useVerifyAvailable } from "@/lib/client/queries";
import { Chain } from "./Provenance";

const VERB_OPTIONS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "escalate", "bind", "impersonate", "use", "approve", "*"];
export const RESOURCE_OPTIONS = [...new Set(BUILTIN_RESOURCES.map((r) => r.resource))].sort();
/**
 * The request fields as they appear in the page's URL. The question's namespace is `ns`, not
 * `namespace`: that one is the top bar's, shared by every page, and asking about a namespace
 * must not filter the other pages. The API's parameter stays `namespace`.
 */
export const FIELDS = ["verb", "resource", "apiGroup", "name", "ns", "nonResourceURL"] as const;
const API_NAME: Record<string, string> = { ns: "namespace" };

/** The API parameters of the question in the page's URL (empty ones left out). */
export function requestParams(get: (key: string) => string): Record<string, string | undefined> {
  return Object.fromEntries(FIELDS.map((f) => [API_NAME[f] ?? f, get(f) || undefined]));
}

/** The request half of a question (verb, resource or URL, name, namespace), shared by can-i and who-can. */
export function RequestFields({ get, namespacePlaceholder = "(cluster)" }: { get: (key: string) => string; namespacePlaceholder?: string }) {
  return (
    <>
      <Field name="verb" label="verb" value={get("verb")} list="rbac-verbs" width="w-28" />
      <Field name="resource" label="resource (res or res/sub)" value={get("resource")} list="rbac-resources" />
      <Field name="apiGroup" label="apiGroup" value={get("apiGroup")} list="rbac-groups" placeholder="core" width="w-36" />
      <Field name="name" label="name" value={get("name")} width="w-28" />
      <Field name="ns" label="-n namespace" value={get("ns")} placeholder={namespacePlaceholder} width="w-40" />
      <Field name="nonResourceURL" label="or nonResourceURL" value={get("nonResourceURL")} placeholder="/healthz" width="w-32" />
    </>
  );
}

export function Field({ name, label, value, list, placeholder, width = "w-40" }: { name: string; label: string; value: string; list?: string; placeholder?: string; width?: string }) {
  return (
    <label className="flex flex-col text-xs text-zinc-500">
      {label}
      <input name={name} defaultValue={value} list={list} placeholder={placeholder} className={`${width} rounded border border-zinc-300 bg-transparent px-2 py-1 font-mono text-sm text-zinc-900 dark:border-zinc-700 dark:text-zinc-100`} />
    </label>
  );
}

/** Suggestions for the request fields: the resources and API groups the cluster serves (built-ins until it answers). */
export function Datalists() {
  const { data } = useResources();
  const resources = data ? data.items.map((r) => r.resource) : RESOURCE_OPTIONS;
  const groups = data ? [...new Set(data.items.flatMap((r) => r.groups))].filter(Boolean).sort() : [];
  return (
    <>
      <datalist id="rbac-verbs">
        {VERB_OPTIONS.map((v) => (
          <option key={v} value={v} />
        ))}
      </datalist>
      <datalist id="rbac-resources" data-testid="resource-options">
        {resources.map((v) => (
          <option key={v} value={v} />
        ))}
      </datalist>
      <datalist id="rbac-groups">
        {groups.map((v) => (
          <option key={v} value={v} />
        ))}
      </datalist>
    </>
  );
}

/** Form values → URL params (empty ones dropped). */
export function formParams(e: FormEvent<HTMLFormElement>, names: readonly string[]): Record<string, string | undefined> {
  const fd = new FormData(e.currentTarget);
  const out: Record<string, string | undefined> = {};
  for (const n of names) out[n] = String(fd.get(n) ?? "").trim() || undefined;
  return out;
}

/** Warnings and hints the server gives beside the answer (an unknown user, verb or resource type). */
export function Notes({ notes }: { notes: AnswerNote[] | undefined }) {
  if (!notes?.length) return null;
  return (
    <ul className="mb-3 space-y-1 text-sm" data-testid="answer-notes">
      {notes.map((n, i) => (
        <li
          key={i}
          data-testid="answer-note"
          data-code={n.code}
          className={`rounded border px-2 py-1 ${n.level === "warning" ? "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-200" : "border-zinc-200 bg-zinc-50 text-zinc-700 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300"}`}
        >
          {n.level === "warning" ? "Warning: " : ""}
          {n.message}
          {n.suggestions?.length && n.code !== "unknown-user" ? ` (did you mean ${n.suggestions.join(", ")}?)` : ""}
        </li>
      ))}
    </ul>
  );
}

/**
 * Every ServiceAccount's user name, for the --as field: typing `go-todo-sa` offers
 * `system:serviceaccount:go-todo:go-todo-sa`. Mounted when the field is first used: with
 * 10,000 ServiceAccounts the list is megabytes, and fetched with the page it held the answer back.
 */
function ServiceAccountUsers() {
  const { data } = useServiceAccounts();
  return (
    <datalist id="rbac-as" data-testid="as-options">
      {data?.items.map((sa) => (
        <option key={`${sa.namespace}/${sa.name}`} value={`system:serviceaccount:${sa.namespace}:${sa.name}`} />
      ))}
    </datalist>
  );
}

const CAN_I_KEYS = ["as", "asGroup", ...FIELDS];

export function CanIView() {
  const params = useSearchParams();
  const get = (k: string) => params.get(k) ?? "";
  const asGroups = params.getAll("asGroup");
  const ready = !!get("as") && !!get("verb") && (!!get("resource") || !!get("nonResourceURL"));
  const query = ready ? { as: get("as"), asGroup: asGroups, ...requestParams(get) } : null;
  const { data, error, isFetching, refetch } = useCanI(query);
  const available = useVerifyAvailable();
  const verify = useVerify();
  const [formKey, setFormKey] = useState(0);
  const [asUsed, setAsUsed] = useState(false);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formParams(e, ["as", ...FIELDS]);
    const groups = String(new FormData(e.currentTarget).get("asGroup") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    const same = FIELDS.every((f) => (v[f] ?? "") === get(f)) && (v.as ?? "") === get("as") && groups.join(",") === asGroups.join(",");
    // In place, with a state of its own: Next then re-reads the URL and the query follows it.
    replaceParamsInPlace({ ...v, asGroup: groups });
    verify.reset();
    if (same && ready) void refetch(); // the same question asked again: ask the server again
  };

  return (
    <div className="mx-auto max-w-5xl px-6 py-4">
      <h1 className="text-xl font-semibold">Can I?</h1>
      <p className="text-sm text-zinc-500">The decision a SubjectAccessReview gives, computed from the cluster&apos;s bindings. A ServiceAccount user name gets its three groups implied; <code>ns:name</code> is read as a ServiceAccount.</p>
      <Datalists />
      {asUsed && <ServiceAccountUsers />}
      <form key={formKey} onSubmit={submit} onFocus={(e) => {
          const t: EventTarget = e.target;
          if (t instanceof HTMLInputElement && t.name === "as") setAsUsed(true);
        }} className="my-4 flex flex-wrap items-end gap-2 font-mono text-sm" aria-label="can-i question">
        <span className="pb-1.5 text-zinc-500">kubectl auth can-i</span>
        <RequestFields get={get} />
        <Field name="as" label="--as (user, system:serviceaccount:ns:name or ns:name)" value={get("as")} list="rbac-as" placeholder="system:serviceaccount:ns:name" width="w-80" />
        <Field name="asGroup" label="--as-group (comma separated)" value={asGroups.join(",")} width="w-56" />
        <button type="submit" className="rounded bg-sky-700 px-3 py-1.5 font-sans text-sm text-white hover:bg-sky-800">
          Ask
        </button>
        <button type="button" onClick={() => { replaceParamsInPlace(Object.fromEntries(CAN_I_KEYS.map((k) => [k, undefined]))); setFormKey((k) => k + 1); }} className="px-2 py-1.5 font-sans text-xs text-zinc-500">
          Clear
        </button>
      </form>
      {error && <ErrorNote error={error} />}
      {!ready && <p className="text-sm text-zinc-500">Give a verb, a resource (or a nonResourceURL) and --as.</p>}
      {ready && !data && !error && (
        <p className="text-sm text-zinc-500" data-testid="can-i-pending">
          Asking…
        </p>
      )}
      {data && ready && (
        <div aria-live="polite" aria-busy={isFetching} data-testid="can-i-result">
          <Notes notes={data.notes} />
          <p className={`text-5xl font-bold ${data.allowed ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`} data-testid="can-i-answer">
            {data.allowed ? "Yes" : "No"}
          </p>
          <div className="mt-2 flex items-center gap-2">
            <code className="break-all rounded bg-zinc-100 px-2 py-1 font-mono text-[12px] dark:bg-zinc-900" data-testid="kubectl-command">
              {data.kubectl}
            </code>
            <CopyButton text={data.kubectl} label="Copy" />
          </div>
          {available.data?.available && (
            <div className="mt-3 text-sm">
              <button type="button" disabled={verify.isPending} onClick={() => query && verify.mutate(Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as Record<string, string | string[]>)} className="rounded border border-sky-700 px-2 py-1 text-sky-800 dark:text-sky-300">
                Verify with the API server
              </button>
              {verify.data && (
                <span className="ml-2" data-testid="verify-result">
                  API server: <strong>{verify.data.apiServer.allowed ? "allowed" : "denied"}</strong>
                  {verify.data.apiServer.reason ? ` (${verify.data.apiServer.reason})` : ""} · {verify.data.agree ? "agrees with Rolecall" : "DISAGREES with Rolecall (the store may be behind, or please report a bug)"}
                </span>
              )}
              {verify.error && <ErrorNote error={verify.error} />}
            </div>
          )}
          <h2 className="mt-4 text-base font-semibold">{data.allowed ? "Allowed by" : "No binding allows this"}</h2>
          <ul className="mt-1 space-y-2">
            {data.reasons.map((r, i) => (
              <li key={i}>
                <Chain binding={r.binding} role={r.role} rule={r.rule} subject={r.subject} matchedBy={r.matchedBy} />
              </li>
            ))}
          </ul>
          {data.request.kind === "resource" && !data.request.namespace && (
            <p className="mt-2 text-xs text-zinc-500">No namespace: only ClusterRoleBindings decide (as for a cluster-scoped resource or all namespaces).</p>
          )}
        </div>
      )}
    </div>
  );
}
