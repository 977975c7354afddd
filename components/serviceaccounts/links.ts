import type { ObjectRef, RoleRefView } from "@/lib/api/types";

const enc = encodeURIComponent;

export const serviceAccountHref = (namespace: string, name: string) => `/serviceaccounts/${enc(namespace)}/${enc(name)}`;

export const bindingHref = (b: ObjectRef) => `/bindings?q=${enc(b.name)}${b.namespace ? `&namespace=${enc(b.namespace)}` : ""}`;

/** The bindings page filtered to the bindings that reference this role. */
export const roleHref = (r: Pick<RoleRefView, "kind" | "namespace" | "name">) => `/bindings?role=${enc(`${r.kind}/${r.namespace ? `${r.namespace}/` : ""}${r.name}`)}`;

/** What a compromised container of this workload or pod could reach. */
export const blastRadiusHref = (namespace: string, kind: string, name: string) => `/blast-radius/${enc(namespace)}/${enc(kind.toLowerCase())}/${enc(name)}`;
