// The chains' can-i, decided by the RBAC engine (lib/rbac): same answers as a
// SubjectAccessReview for the waiting pod's ServiceAccount.
import { isAllowed } from "@/lib/rbac/authorize";
import type { CanI } from "./diagnostics";

export const canIFromRbac: CanI = (snap, identity, req) =>
  isAllowed(snap, identity, {
    kind: "resource",
    verb: req.verb,
    apiGroup: req.apiGroup,
    resource: req.resource,
    subresource: "",
    name: req.name ?? "",
    namespace: req.namespace,
  });
