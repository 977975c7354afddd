// What a not-found page names, read from its address: the object the page is about and the
// list to go back to. The server's not-found page has no props (Next renders it in place of the
// page), so the address is all it has; the detail views use the same words when the object
// disappears while open.

export type MissingThing = {
  /** What was not found, in the user's words: "ServiceAccount go-todo/nope", "the page /nope". */
  what: string;
  /** The list it belongs to; undefined when the only way back is the overview. */
  list?: { href: string; label: string };
};

const CHAIN_KINDS = ["Job", "CronJob", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Service", "Kustomization", "HelmRelease"];

/** "deployment", "deployments" or "Deployment" → "Deployment"; an unknown kind stays as typed. */
function kindName(segment: string): string {
  const s = segment.toLowerCase();
  return CHAIN_KINDS.find((k) => k.toLowerCase() === s || `${k.toLowerCase()}s` === s) ?? segment;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** What a missing page at `pathname` was about. */
export function missingThing(pathname: string): MissingThing {
  const parts = pathname.split("/").filter(Boolean).map(decode);
  const [top, ...rest] = parts;
  const path = `/${parts.join("/")}`;
  switch (top) {
    case "serviceaccounts":
      if (rest.length === 2) return { what: `ServiceAccount ${rest[0]}/${rest[1]}`, list: { href: "/serviceaccounts", label: "service accounts" } };
      break;
    case "roles":
      // Roles are listed through the bindings that name them.
      if (rest.length === 2) return { what: `Role ${rest[0]}/${rest[1]}`, list: { href: "/bindings", label: "bindings" } };
      break;
    case "clusterroles":
      if (rest.length === 1) return { what: `ClusterRole ${rest[0]}`, list: { href: "/bindings", label: "bindings" } };
      break;
    case "chains":
      if (rest.length === 3) return { what: `${kindName(rest[1])} ${rest[0]}/${rest[2]}`, list: { href: "/chains", label: "chains" } };
      break;
    case "blast-radius":
      // Reached from a ServiceAccount's workloads: back to the ServiceAccounts.
      if (rest.length === 3) return { what: `${kindName(rest[1])} ${rest[0]}/${rest[2]}`, list: { href: "/serviceaccounts", label: "service accounts" } };
      break;
  }
  return { what: `The page ${path}` };
}
