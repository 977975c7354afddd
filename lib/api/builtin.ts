// Whether an RBAC object is part of Kubernetes' bootstrap policy, for the views' "built-in" mark.
import { isBootstrapObject } from "@/lib/k8s/bootstrap-facts";
import { isAssumedBuiltIn } from "@/lib/rbac/indexes";
import type { KubeObject } from "@/lib/store/types";
import type { BuiltInView } from "./types";

/** `{ builtIn }` to spread into a view: "assumed" offline (not in the manifests), "cluster" when the API server made it. */
export function builtInMark(o: KubeObject | undefined): { builtIn?: BuiltInView } {
  if (!o) return {};
  if (isAssumedBuiltIn(o)) return { builtIn: "assumed" };
  return isBootstrapObject(o) ? { builtIn: "cluster" } : {};
}
