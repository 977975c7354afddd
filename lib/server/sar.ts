import "server-only";
// The one place the RBAC feature talks to the API server: a SubjectAccessReview on request
// (the "verify with the API server" button), with the dashboard's own identity.
import { AuthorizationV1Api, type KubeConfig } from "@kubernetes/client-node";
import { resolveClusterConfig } from "@/lib/source/kubeconfig";
import type { RequestAttributes } from "@/lib/rbac/rules";
import type { Identity } from "@/lib/rbac/subjects";

let cached: { api: AuthorizationV1Api } | null | undefined;

function api(): AuthorizationV1Api | null {
  if (cached === undefined) {
    const cfg = resolveClusterConfig();
    cached = cfg && "kc" in cfg ? { api: (cfg.kc as KubeConfig).makeApiClient(AuthorizationV1Api) } : null;
  }
  return cached?.api ?? null;
}

function attributes(req: RequestAttributes) {
  return req.kind === "resource"
    ? {
        resourceAttributes: {
          verb: req.verb,
          group: req.apiGroup,
          resource: req.resource,
          ...(req.subresource ? { subresource: req.subresource } : {}),
          ...(req.name ? { name: req.name } : {}),
          ...(req.namespace ? { namespace: req.namespace } : {}),
        },
      }
    : { nonResourceAttributes: { verb: req.verb, path: req.path } };
}

/** May the dashboard's identity create SubjectAccessReviews? (a SelfSubjectAccessReview; false offline or on error) */
export async function canVerify(): Promise<boolean> {
  const a = api();
  if (!a) return false;
  try {
    const r = await a.createSelfSubjectAccessReview({
      body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: { verb: "create", group: "authorization.k8s.io", resource: "subjectaccessreviews" } } },
    });
    return r.status?.allowed === true;
  } catch {
    return false;
  }
}

export interface Verdict {
  allowed: boolean;
  denied: boolean;
  reason?: string;
  evaluationError?: string;
}

/** The API server's answer for the identity (user + groups sent explicitly, or group grants are missed). */
export async function subjectAccessReview(id: Identity, req: RequestAttributes): Promise<Verdict | null> {
  const a = api();
  if (!a) return null;
  const r = await a.createSubjectAccessReview({
    body: { apiVersion: "authorization.k8s.io/v1", kind: "SubjectAccessReview", spec: { user: id.user, groups: id.groups, ...attributes(req) } },
  });
  return { allowed: r.status?.allowed === true, denied: r.status?.denied === true, ...(r.status?.reason ? { reason: r.status.reason } : {}), ...(r.status?.evaluationError ? { evaluationError: r.status.evaluationError } : {}) };
}
