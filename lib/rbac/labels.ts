// metav1.LabelSelectorAsSelector semantics for ClusterRole aggregation selectors.
import type { LabelSelector } from "@/lib/store/types";

/** An empty selector matches everything; every matchLabels entry and expression must hold. */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>> | undefined): boolean {
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case "In":
        if (!has || !values.includes(l[e.key])) return false;
        break;
      case "NotIn":
        if (has && values.includes(l[e.key])) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        return false; // an invalid selector selects nothing
    }
  }
  return true;
}
