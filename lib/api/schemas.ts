// Input schemas shared by the route handlers (and usable in the browser: no server imports).
import { z } from "zod";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A namespace name (RFC 1123 label). */
export const namespaceName = z
  .string()
  .max(63, "a namespace name has at most 63 characters")
  .regex(DNS_LABEL, "not a valid namespace name (lowercase letters, digits and '-')");

/** An object name such as a ServiceAccount's (RFC 1123 subdomain). */
export const objectName = z
  .string()
  .min(1, "name is empty")
  .max(253, "a name has at most 253 characters")
  .regex(DNS_SUBDOMAIN, "not a valid object name (lowercase letters, digits, '-' and '.')");

/** `?namespace=`: empty or absent means every namespace. */
export const namespaceFilter = z
  .union([z.literal(""), namespaceName])
  .optional()
  .transform((v) => (v ? v : undefined));

export const serviceAccountListQuery = z.strictObject({ namespace: namespaceFilter });

export const serviceAccountParams = z.object({ namespace: namespaceName, name: objectName });

export const bindingListQuery = z.strictObject({ namespace: namespaceFilter });

export const searchQuery = z.strictObject({
  q: z.string().max(200, "the search text has at most 200 characters").default(""),
  limit: z.coerce.number().int("limit must be a whole number").min(1).max(100).default(20),
});

/** Endpoints without parameters: any parameter is a mistake worth a 400. */
export const emptyQuery = z.strictObject({});

export const chainsQuery = z.strictObject({ namespace: namespaceFilter });

// A Map: a path segment such as "__proto__" or "constructor" must not find Object's own properties.
const KIND_NAMES = new Map<string, string>();
for (const k of ["Job", "CronJob", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Service", "Kustomization", "HelmRelease"]) {
  KIND_NAMES.set(k.toLowerCase(), k);
  KIND_NAMES.set(`${k.toLowerCase()}s`, k);
}

export const chainParams = z.object({
  namespace: namespaceName,
  kind: z
    .string()
    .max(63)
    .transform((k, ctx) => {
      const kind = KIND_NAMES.get(k.toLowerCase());
      if (!kind) {
        ctx.addIssue({ code: "custom", message: `unknown kind "${k}" (Job, CronJob, Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod, Service, Kustomization or HelmRelease)` });
        return z.NEVER;
      }
      return kind;
    }),
  name: objectName,
});
