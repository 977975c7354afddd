import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TWO_CONTEXT_KUBECONFIG } from "@/lib/testing/kubeconfig";
import { resolveClusterConfig } from "./kubeconfig";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-kc-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const kubeconfig = TWO_CONTEXT_KUBECONFIG;

function jwt(payload: object) {
  const b = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${b({ alg: "RS256" })}.${b(payload)}.sig`;
}

describe("resolveClusterConfig", () => {
  it("no kubeconfig file and not in a pod: no cluster", () => {
    expect(resolveClusterConfig({ KUBECONFIG: path.join(dir, "missing"), HOME: dir })).toBeNull();
    expect(resolveClusterConfig({ HOME: dir })).toBeNull();
  });

  it("KUBECONFIG's current context, or the one ROLECALL_CONTEXT names", () => {
    const f = path.join(dir, "config");
    fs.writeFileSync(f, kubeconfig);
    const a = resolveClusterConfig({ KUBECONFIG: f });
    expect(a && "kc" in a && a.info).toEqual({ mode: "cluster", label: "first" });
    const b = resolveClusterConfig({ KUBECONFIG: f, ROLECALL_CONTEXT: "second" });
    expect(b && "kc" in b && b.kc.getCurrentContext()).toBe("second");
    expect(b?.info.label).toBe("second");
  });

  it("~/.kube/config when KUBECONFIG is unset", () => {
    fs.mkdirSync(path.join(dir, ".kube"));
    fs.writeFileSync(path.join(dir, ".kube", "config"), kubeconfig);
    expect(resolveClusterConfig({ HOME: dir })?.info).toEqual({ mode: "cluster", label: "first" });
  });

  it("a ROLECALL_CONTEXT that does not exist is an error, not a fallback", () => {
    const f = path.join(dir, "config");
    fs.writeFileSync(f, kubeconfig);
    const r = resolveClusterConfig({ KUBECONFIG: f, ROLECALL_CONTEXT: "nope" });
    expect(r && "error" in r && r.error).toMatch(/context "nope"/);
  });

  it("in-cluster: the ServiceAccount files dir (overridable) gives server, CA, token file and the label", () => {
    const sa = path.join(dir, "sa");
    fs.mkdirSync(sa);
    fs.writeFileSync(path.join(sa, "token"), jwt({ sub: "system:serviceaccount:rolecall:rolecall-reader", "kubernetes.io": { namespace: "rolecall", serviceaccount: { name: "rolecall-reader", uid: "u" } } }));
    fs.writeFileSync(path.join(sa, "namespace"), "rolecall");
    fs.writeFileSync(path.join(sa, "ca.crt"), "");
    const r = resolveClusterConfig({ HOME: dir, KUBERNETES_SERVICE_HOST: "10.0.0.1", KUBERNETES_SERVICE_PORT: "443", ROLECALL_SERVICEACCOUNT_DIR: sa });
    expect(r?.info).toEqual({ mode: "in-cluster", label: "in-cluster as rolecall/rolecall-reader" });
    if (!r || !("kc" in r)) throw new Error("expected a config");
    expect(r.kc.getCurrentCluster()).toMatchObject({ server: "https://10.0.0.1:443", caFile: path.join(sa, "ca.crt") });
    expect(r.kc.getCurrentUser()?.authProvider?.config.tokenFile).toBe(path.join(sa, "token"));
  });

  it("in-cluster without a token file is an error", () => {
    const r = resolveClusterConfig({ HOME: dir, KUBERNETES_SERVICE_HOST: "10.0.0.1", ROLECALL_SERVICEACCOUNT_DIR: dir });
    expect(r && "error" in r && r.error).toMatch(/no ServiceAccount token/);
  });
});
