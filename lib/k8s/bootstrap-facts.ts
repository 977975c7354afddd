// How a bootstrap policy object is recognised and written down (for the bundled copy and its
// comparison with a real API server). Kept apart from the bundled JSON so that regenerating
// it never depends on the file being regenerated.
import type { Binding, KubeObject, Role } from "@/lib/store/types";

export const BOOTSTRAP_LABEL = "kubernetes.io/bootstrapping";
export const BOOTSTRAP_LABEL_VALUE = "rbac-defaults";

export type BootstrapObject = Role | Binding;

/** Whether an object carries the bootstrap policy's label (on a cluster: the API server made it). */
export function isBootstrapObject(o: KubeObject): boolean {
  return o.metadata.labels?.[BOOTSTRAP_LABEL] === BOOTSTRAP_LABEL_VALUE;
}

const KIND_ORDER = ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"];

/**
 * The part of an object the bootstrap policy defines, in a fixed shape: no server-set
 * fields (uid, resourceVersion, managedFields…). An aggregated ClusterRole's rules are the
 * aggregation controller's, so they are left empty, as the policy creates it.
 */
export function bootstrapFacts(o: KubeObject): BootstrapObject {
  const m = o.metadata;
  const metadata = {
    name: m.name,
    ...(m.namespace ? { namespace: m.namespace } : {}),
    ...(m.labels && Object.keys(m.labels).length ? { labels: sortKeys(m.labels) } : {}),
    ...(m.annotations && Object.keys(m.annotations).length ? { annotations: sortKeys(m.annotations) } : {}),
  };
  const head = { apiVersion: "rbac.authorization.k8s.io/v1", kind: o.kind, metadata };
  if (o.kind === "ClusterRole" || o.kind === "Role") {
    const r = o as Role;
    return r.aggregationRule ? ({ ...head, aggregationRule: r.aggregationRule, rules: [] } as Role) : ({ ...head, rules: r.rules ?? [] } as Role);
  }
  const b = o as Binding;
  return { ...head, roleRef: b.roleRef, ...(b.subjects?.length ? { subjects: b.subjects } : {}) } as Binding;
}

/** The order of the bundled file: kind, then namespace, then name. */
export function compareBootstrapObjects(a: KubeObject, b: KubeObject): number {
  const k = KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind);
  if (k) return k;
  const an = `${a.metadata.namespace ?? ""}/${a.metadata.name}`;
  const bn = `${b.metadata.namespace ?? ""}/${b.metadata.name}`;
  return an < bn ? -1 : an > bn ? 1 : 0;
}

function sortKeys(r: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
