// binding → role → rule #n, and the subject that matched: the answer to "why?".
import Link from "next/link";
import type { MatchedBy, ObjectRefWire as ObjectRef, SubjectRefWire as SubjectRefView } from "@/lib/api/wire";
import type { PolicyRule } from "@/lib/store/types";
import { bindingHref, linkClass, roleHref, serviceAccountHref } from "@/components/serviceaccounts/links";

function Ref({ r, href }: { r: ObjectRef; href: string }) {
  return (
    <span>
      <span className="text-zinc-500">{r.kind}</span>{" "}
      <Link href={href} className={`font-medium ${linkClass}`}>
        {r.name}
      </Link>
      {r.namespace && <span className="text-xs text-zinc-500"> ({r.namespace})</span>}
    </span>
  );
}

export function SubjectLabel({ s }: { s: SubjectRefView }) {
  if (s.kind === "ServiceAccount" && s.namespace)
    return (
      <span>
        <span className="text-zinc-500">ServiceAccount</span>{" "}
        <Link href={serviceAccountHref(s.namespace, s.name)} className={`font-medium ${linkClass}`}>
          {s.namespace}/{s.name}
        </Link>
      </span>
    );
  return (
    <span>
      <span className="text-zinc-500">{s.kind}</span> <span className="font-medium">{s.name}</span>
    </span>
  );
}

export function matchedByText(m: MatchedBy | undefined): string {
  if (!m) return "";
  return m.type === "ServiceAccount" ? "directly as the ServiceAccount" : m.type === "User" ? "by its user name" : `through group ${m.group}`;
}

export function ruleText(r: PolicyRule): string {
  const parts = [`verbs: [${(r.verbs ?? []).join(", ")}]`];
  if (r.apiGroups?.length) parts.push(`apiGroups: [${r.apiGroups.map((g) => (g === "" ? '""' : g)).join(", ")}]`);
  if (r.resources?.length) parts.push(`resources: [${r.resources.join(", ")}]`);
  if (r.resourceNames?.length) parts.push(`resourceNames: [${r.resourceNames.join(", ")}]`);
  if (r.nonResourceURLs?.length) parts.push(`nonResourceURLs: [${r.nonResourceURLs.join(", ")}]`);
  return parts.join("  ");
}

export function Chain({ binding, role, rule, subject, matchedBy, policyRule }: { binding: ObjectRef; role: ObjectRef; rule?: number; subject: SubjectRefView; matchedBy?: MatchedBy; policyRule?: PolicyRule }) {
  return (
    <div className="text-sm">
      <div className="flex flex-wrap items-baseline gap-x-2">
        <Ref r={binding} href={bindingHref(binding)} />
        <span aria-hidden className="text-zinc-400">→</span>
        <Ref r={role} href={roleHref(role)} />
        {rule !== undefined && (
          <>
            <span aria-hidden className="text-zinc-400">→</span>
            <span>rule #{rule}</span>
          </>
        )}
      </div>
      <div className="text-xs text-zinc-500">
        subject <SubjectLabel s={subject} /> {matchedBy && <span>· matched {matchedByText(matchedBy)}</span>}
      </div>
      {policyRule && <code className="mt-0.5 block font-mono text-[12px] text-zinc-600 dark:text-zinc-400">{ruleText(policyRule)}</code>}
    </div>
  );
}
