// The name rules the API server enforces for the kinds Rolecall reads. An object it would
// refuse cannot exist in a cluster, and its page URL may not even route (a `/` in a name).

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const LABEL_RULE = "lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters";
const SUBDOMAIN_RULE = "lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters";

/** Why `name` is not a valid metadata.name for `kind`, or undefined when it is. */
export function invalidName(kind: string, name: string): string | undefined {
  switch (kind) {
    case "Namespace":
      return name.length <= 63 && DNS1123_LABEL.test(name) ? undefined : LABEL_RULE;
    case "Service":
      return name.length <= 63 && DNS1035_LABEL.test(name) ? undefined : "lowercase letters, digits and '-', starting with a letter, ending with a letter or digit, at most 63 characters";
    case "Role":
    case "ClusterRole":
    case "RoleBinding":
    case "ClusterRoleBinding":
      // RBAC names are path segments: `system:controller:x` is fine, `a/b` is not.
      if (name === "." || name === "..") return "may not be '.' or '..'";
      return /[/%]/.test(name) ? "may not contain '/' or '%'" : undefined;
    case "CronJob":
      // Its Jobs are named <name>-<11 digits>, which must fit in 63 characters.
      return name.length <= 52 && DNS1123_SUBDOMAIN.test(name) ? undefined : SUBDOMAIN_RULE.replace("253", "52");
    default:
      return name.length <= 253 && DNS1123_SUBDOMAIN.test(name) ? undefined : SUBDOMAIN_RULE;
  }
}

/** Why `ns` is not a valid metadata.namespace, or undefined when it is. */
export function invalidNamespace(ns: string): string | undefined {
  return ns.length <= 63 && DNS1123_LABEL.test(ns) ? undefined : LABEL_RULE;
}
