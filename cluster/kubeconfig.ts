import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";

export interface KubeconfigUser {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
}

export interface KubeconfigSpec {
  server: string;
  /** PEM of the CA bundle that verifies the server certificate */
  caPem: string;
  user: KubeconfigUser;
  clusterName?: string;
  userName?: string;
  contextName?: string;
  namespace?: string;
}

/** Renders a single-context kubeconfig. Pure. */
export function renderKubeconfig(spec: KubeconfigSpec): string {
  const clusterName = spec.clusterName ?? "rolecall-local";
  const userName = spec.userName ?? "admin";
  const contextName = spec.contextName ?? clusterName;
  const user: Record<string, string> = {};
  if (spec.user.token) user.token = spec.user.token;
  if (spec.user.clientCertificateData) user["client-certificate-data"] = spec.user.clientCertificateData;
  if (spec.user.clientKeyData) user["client-key-data"] = spec.user.clientKeyData;
  if (Object.keys(user).length === 0) throw new Error("kubeconfig user needs a token or a client certificate");
  const context: Record<string, string> = { cluster: clusterName, user: userName };
  if (spec.namespace) context.namespace = spec.namespace;
  const doc = {
    apiVersion: "v1",
    kind: "Config",
    preferences: {},
    clusters: [
      {
        name: clusterName,
        cluster: { server: spec.server, "certificate-authority-data": Buffer.from(spec.caPem).toString("base64") },
      },
    ],
    users: [{ name: userName, user }],
    contexts: [{ name: contextName, context }],
    "current-context": contextName,
  };
  return YAML.stringify(doc);
}

/** Writes a kubeconfig readable only by its owner (it holds a credential). */
export function writeKubeconfig(file: string, spec: KubeconfigSpec): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, renderKubeconfig(spec), { mode: 0o600 });
  fs.renameSync(tmp, file);
  return file;
}
