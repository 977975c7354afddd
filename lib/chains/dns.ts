// Host names to Services, by the pod's DNS search path `<ns>.svc.<domain> svc.<domain> <domain>`:
// `svc` → own namespace; `svc.ns`, `svc.ns.svc`, `svc.ns.svc.<domain>` → namespace ns;
// `pod.svc.ns.svc…` → a pod behind headless Service svc. IPs, localhost and names whose
// second label is not a namespace are external: no edge.

export type HostTarget =
  | { type: "service"; namespace: string; name: string; pod?: string }
  | { type: "external"; why: "ip" | "localhost" | "external" | "invalid" };

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function resolveHost(
  rawHost: string,
  podNamespace: string,
  isNamespace: (ns: string) => boolean,
): HostTarget {
  // The common case, a bare Service name: no copies, one test.
  if (DNS_LABEL.test(rawHost) && rawHost !== "localhost") return { type: "service", namespace: podNamespace, name: rawHost };
  let host = rawHost.trim().toLowerCase().replace(/\.$/, "");
  if (host.startsWith("[") || host.includes(":")) return { type: "external", why: "ip" }; // IPv6
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return { type: "external", why: "ip" };
  if (host === "localhost" || host.endsWith(".localhost") || host === "0.0.0.0") return { type: "external", why: "localhost" };
  const labels = host.split(".");
  if (labels.some((l) => !DNS_LABEL.test(l))) return { type: "external", why: "invalid" };
  host = labels.join(".");
  if (labels.length === 1) return { type: "service", namespace: podNamespace, name: labels[0] };
  // svc.ns.svc[.domain…]
  if (labels.length >= 3 && labels[2] === "svc") return { type: "service", namespace: labels[1], name: labels[0] };
  // pod.svc.ns.svc[.domain…]
  if (labels.length >= 4 && labels[3] === "svc") return { type: "service", namespace: labels[2], name: labels[1], pod: labels[0] };
  // svc.ns: only when ns is a namespace, else an external name like api.example
  if (labels.length === 2 && isNamespace(labels[1])) return { type: "service", namespace: labels[1], name: labels[0] };
  return { type: "external", why: "external" };
}
