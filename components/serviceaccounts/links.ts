import type { ObjectRef, RoleRefView } from "@/lib/api/types";

const enc = encodeURIComponent;

export const serviceAccountHref = (namespace: string, name: string) => `/serviceaccounts/${enc(namespace)}/${enc(name)}`;

export const bindingHref = (b: ObjectRef) => `/bindings?q=${enc(b.name)}${b.namespace ? `&namespace=${enc(b.namespace)}` : ""}`;

/** The bindings page filtered to the bindings that reference this role. */
export const roleBindingsHref = (r: Pick<RoleRefView, "kind" | "namespace" | "name">) => `/bindings?role=${enc(`${r.kind}/${r.namespace ? `${r.namespace}/` : ""}${r.name}`)}`;

/** The role's own page (a Role lives in a namespace; a ref of another kind keeps to the bindings filter). */
export const roleHref = (r: Pick<RoleRefView, "kind" | "namespace" | "name">) =>
  r.kind === "ClusterRole" ? `/clusterroles/${enc(r.name)}` : r.kind === "Role" && r.namespace ? `/roles/${enc(r.namespace)}/${enc(r.name)}` : roleBindingsHref(r);

/** What a link to another page looks like among plain text: link colour, a light underline. */
export const linkClass = "text-sky-800 underline decoration-sky-800/30 underline-offset-2 hover:decoration-current dark:text-sky-300 dark:decoration-sky-300/40";

/** What a compromised container of this workload or pod could reach. */
export const blastRadiusHref = (namespace: string, kind: string, name: string) => `/blast-radius/${enc(namespace)}/${enc(kind.toLowerCase())}/${enc(name)}`;
