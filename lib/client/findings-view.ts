// What the findings page asks for, from its URL: one function for the page in the browser and
// the server page that puts the first answer in the HTML (the same query, the same cache key).

/** Findings asked for at a time on the findings page ("Show more" asks for this many more). */
export const FINDINGS_PAGE = 50;

/** "ns/name" from the URL, when it is one. */
function serviceAccountParam(v: string | null | undefined): string | undefined {
  return v && /^[^/]+\/[^/]+$/.test(v) ? v : undefined;
}

/** The URL's filters: severity (comma-separated), namespace, serviceAccount=ns/name, system=show. */
export function findingsViewOf(get: (key: string) => string | null | undefined) {
  const severity = (get("severity") ?? "").split(",").filter(Boolean);
  const showSystem = get("system") === "show";
  const serviceAccount = serviceAccountParam(get("serviceAccount"));
  const namespace = get("namespace") || undefined;
  return {
    severity,
    showSystem,
    serviceAccount,
    namespace,
    /** the API's query for these filters (no limit) */
    query: { severity: severity.length ? severity.join(",") : undefined, namespace, serviceAccount, hideSystem: showSystem ? "false" : "true" },
  };
}
