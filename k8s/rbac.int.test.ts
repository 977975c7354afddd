// Proves Rolecall's shipped manifests against the real API server:
// - every kustomization renders and `kubectl apply -k` is accepted (base for real, overlays
//   with a server-side dry run), with no Pod Security "restricted" warnings;
// - the ServiceAccount can read exactly the kinds the store reads and nothing else: a
//   SubjectAccessReview for every resource discovery serves × every write verb is denied,
//   get/list/watch on secrets (and configmaps) is denied, real requests with a TokenRequest
//   token agree; the ClusterRole must equal the expected list, so the test fails if it grows.
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import YAML from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { kubectl, kubeconfigForToken, mintToken, testKubeconfig, waitFor } from "@/cluster/testing";
import { KINDS } from "@/lib/store/types";

const ROOT = path.resolve(__dirname, "..");
const SA_USER = "system:serviceaccount:rolecall:rolecall";
const SA_GROUPS = ["system:serviceaccounts", "system:serviceaccounts:rolecall", "system:authenticated"];
const WRITE_VERBS = ["create", "update", "patch", "delete", "deletecollection", "escalate", "bind", "impersonate"];
const READ_VERBS = ["get", "list", "watch"];

// The whole grant, spelled out. Adding a rule to k8s/base/clusterrole.yaml fails this test
// until this list (and the review that comes with changing it) follows.
const EXPECTED_RULES = [
  { apiGroups: [""], resources: ["namespaces", "pods", "serviceaccounts", "services"], verbs: ["get", "list", "watch"] },
  { apiGroups: ["apps"], resources: ["daemonsets", "deployments", "replicasets", "statefulsets"], verbs: ["get", "list", "watch"] },
  { apiGroups: ["batch"], resources: ["cronjobs", "jobs"], verbs: ["get", "list", "watch"] },
  {
    apiGroups: ["rbac.authorization.k8s.io"],
    resources: ["clusterrolebindings", "clusterroles", "rolebindings", "roles"],
    verbs: ["get", "list", "watch"],
  },
  // Flux (custom resources; watched only where installed)
  { apiGroups: ["helm.toolkit.fluxcd.io"], resources: ["helmreleases"], verbs: ["get", "list", "watch"] },
  { apiGroups: ["kustomize.toolkit.fluxcd.io"], resources: ["kustomizations"], verbs: ["get", "list", "watch"] },
];
// What every authenticated user may "create" by default (ClusterRole system:basic-user): reviews
// of its own identity and permissions. They persist nothing and change no object, so they are
// the only write-verb answers allowed to be yes. Exact list: anything else granted fails.
const DEFAULT_SELF_REVIEWS = [
  { verb: "create", group: "authentication.k8s.io", resource: "selfsubjectreviews" },
  { verb: "create", group: "authorization.k8s.io", resource: "selfsubjectaccessreviews" },
  { verb: "create", group: "authorization.k8s.io", resource: "selfsubjectrulesreviews" },
];
// KINDS (lib/store/types.ts) → the resource each is read from.
const KIND_RESOURCES: Record<string, { group: string; resource: string }> = {
  Namespace: { group: "", resource: "namespaces" },
  ServiceAccount: { group: "", resource: "serviceaccounts" },
  Pod: { group: "", resource: "pods" },
  Service: { group: "", resource: "services" },
  Role: { group: "rbac.authorization.k8s.io", resource: "roles" },
  ClusterRole: { group: "rbac.authorization.k8s.io", resource: "clusterroles" },
  RoleBinding: { group: "rbac.authorization.k8s.io", resource: "rolebindings" },
  ClusterRoleBinding: { group: "rbac.authorization.k8s.io", resource: "clusterrolebindings" },
  Job: { group: "batch", resource: "jobs" },
  CronJob: { group: "batch", resource: "cronjobs" },
  Deployment: { group: "apps", resource: "deployments" },
  ReplicaSet: { group: "apps", resource: "replicasets" },
  StatefulSet: { group: "apps", resource: "statefulsets" },
  DaemonSet: { group: "apps", resource: "daemonsets" },
  Kustomization: { group: "kustomize.toolkit.fluxcd.io", resource: "kustomizations" },
  HelmRelease: { group: "helm.toolkit.fluxcd.io", resource: "helmreleases" },
};

type Rule = { apiGroups?: string[]; resources?: string[]; verbs: string[]; resourceNames?: string[]; nonResourceURLs?: string[] };
function normalise(rules: Rule[]): Rule[] {
  return rules
    .map((r) => {
      const out: Rule = { verbs: [...r.verbs].sort() };
      if (r.apiGroups) out.apiGroups = [...r.apiGroups].sort();
      if (r.resources) out.resources = [...r.resources].sort();
      if (r.resourceNames?.length) out.resourceNames = [...r.resourceNames].sort();
      if (r.nonResourceURLs?.length) out.nonResourceURLs = [...r.nonResourceURLs].sort();
      return out;
    })
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

// ---- a tiny API client with the admin kubeconfig (hundreds of reviews: no process per call) ----
interface Api {
  request(method: string, p: string, body?: unknown): Promise<{ status: number; json: unknown }>;
}
function adminApi(): Api {
  const kc = YAML.parse(fs.readFileSync(testKubeconfig(), "utf8")) as {
    clusters: { cluster: { server: string; "certificate-authority-data"?: string } }[];
    users: { user: { token?: string; "client-certificate-data"?: string; "client-key-data"?: string } }[];
  };
  const { server, "certificate-authority-data": caData } = kc.clusters[0].cluster;
  const user = kc.users[0].user;
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: 16,
    ca: caData ? Buffer.from(caData, "base64") : undefined,
    cert: user["client-certificate-data"] ? Buffer.from(user["client-certificate-data"], "base64") : undefined,
    key: user["client-key-data"] ? Buffer.from(user["client-key-data"], "base64") : undefined,
  });
  return {
    request(method, p, body) {
      return new Promise((resolve, reject) => {
        const url = new URL(p, server);
        const req = https.request(
          url,
          {
            method,
            agent,
            headers: {
              Accept: "application/json",
              ...(body ? { "Content-Type": "application/json" } : {}),
              ...(user.token ? { Authorization: `Bearer ${user.token}` } : {}),
            },
          },
          (res) => {
            let data = "";
            res.on("data", (c: Buffer) => (data += c.toString()));
            res.on("end", () => {
              try {
                resolve({ status: res.statusCode ?? 0, json: data ? JSON.parse(data) : null });
              } catch (e) {
                reject(e);
              }
            });
          },
        );
        req.on("error", reject);
        req.end(body ? JSON.stringify(body) : undefined);
      });
    },
  };
}

interface Served {
  group: string;
  resource: string; // may be "res/sub"
  namespaced: boolean;
}
async function discover(api: Api): Promise<Served[]> {
  const out = new Map<string, Served>();
  const add = (group: string, list: { resources?: { name: string; namespaced: boolean }[] }) => {
    for (const r of list.resources ?? []) out.set(`${group}/${r.name}`, { group, resource: r.name, namespaced: r.namespaced });
  };
  const core = (await api.request("GET", "/api")).json as { versions: string[] };
  for (const v of core.versions) add("", (await api.request("GET", `/api/${v}`)).json as never);
  const groups = (await api.request("GET", "/apis")).json as { groups: { name: string; versions: { groupVersion: string }[] }[] };
  for (const g of groups.groups) {
    for (const v of g.versions) {
      const r = await api.request("GET", `/apis/${v.groupVersion}`);
      if (r.status === 200) add(g.name, r.json as never);
    }
  }
  return [...out.values()];
}

interface Review {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}
async function sar(api: Api, r: Review): Promise<boolean> {
  const res = await api.request("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", {
    apiVersion: "authorization.k8s.io/v1",
    kind: "SubjectAccessReview",
    spec: { user: SA_USER, groups: SA_GROUPS, resourceAttributes: { ...r, namespace: r.namespace ?? "" } },
  });
  if (res.status !== 201) throw new Error(`SubjectAccessReview answered ${res.status}: ${JSON.stringify(res.json)}`);
  return (res.json as { status: { allowed?: boolean } }).status.allowed === true;
}

async function pool<T, R>(items: T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

describe("k8s manifests on the real API server", () => {
  let api: Api;
  beforeAll(async () => {
    api = adminApi();
    // On a reused cluster the e2e in-cluster run may have added the optional verify
    // component; this test is about the base alone.
    await kubectl(["delete", "clusterrolebinding,clusterrole", "rolecall-verify", "--ignore-not-found"]);
    const r = await kubectl(["apply", "-k", path.join(ROOT, "k8s/base")]);
    expect(r.code, r.stderr).toBe(0);
    // Pod Security admission warns (label pod-security.kubernetes.io/warn: restricted) on any
    // workload that would not pass "restricted".
    expect(r.stderr).not.toMatch(/PodSecurity|would violate/i);
    await waitFor(async () => (await kubectl(["-n", "rolecall", "get", "serviceaccount", "rolecall"])).code === 0, 30_000);
  });

  it.each([["k8s/overlays/sso"], ["k8s/overlays/embed"], ["k8s/overlays/persistent"]])("kubectl apply -k %s is accepted (server dry run, no PodSecurity warnings)", async (dir) => {
    const r = await kubectl(["apply", "--dry-run=server", "-k", path.join(ROOT, dir)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/PodSecurity|would violate/i);
    expect(r.stdout).toMatch(/deployment.apps\/rolecall (configured|unchanged|created) \(server dry run\)/);
  });

  it("the history's data folder is an emptyDir in the base and a PersistentVolumeClaim in the persistent overlay", async () => {
    type Doc = { kind: string; metadata: { name: string }; spec?: { strategy?: { type: string }; template?: { spec: { volumes: { name: string; emptyDir?: object; persistentVolumeClaim?: { claimName: string } }[]; containers: { env: { name: string; value: string }[]; volumeMounts: { name: string; mountPath: string }[] }[] } } } };
    const render = async (dir: string) => {
      const r = await kubectl(["kustomize", path.join(ROOT, dir)]);
      expect(r.code, r.stderr).toBe(0);
      return YAML.parseAllDocuments(r.stdout).map((d) => d.toJSON() as Doc);
    };
    const dataOf = (docs: Doc[]) => {
      const spec = docs.find((d) => d.kind === "Deployment")!.spec!;
      const c = spec.template!.spec.containers[0];
      return { env: c.env.find((e) => e.name === "ROLECALL_DATA_DIR")?.value, mount: c.volumeMounts.find((m) => m.name === "data")?.mountPath, volume: spec.template!.spec.volumes.find((v) => v.name === "data"), strategy: spec.strategy?.type };
    };
    const base = dataOf(await render("k8s/base"));
    expect(base).toMatchObject({ env: "/data", mount: "/data", volume: { emptyDir: expect.any(Object) } });
    const docs = await render("k8s/overlays/persistent");
    const persistent = dataOf(docs);
    expect(persistent).toMatchObject({ env: "/data", mount: "/data", strategy: "Recreate", volume: { persistentVolumeClaim: { claimName: "rolecall-history" } } });
    expect(persistent.volume).not.toHaveProperty("emptyDir");
    expect(docs.filter((d) => d.kind === "PersistentVolumeClaim").map((d) => d.metadata.name)).toEqual(["rolecall-history"]);
  });

  it("the verify component renders and is accepted; it grants create on subjectaccessreviews only", async () => {
    const tmp = fs.mkdtempSync(path.join(ROOT, "k8s/.verify-test-"));
    try {
      fs.writeFileSync(
        path.join(tmp, "kustomization.yaml"),
        "resources: [../base]\ncomponents: [../components/verify]\n",
      );
      const rendered = await kubectl(["kustomize", tmp]);
      expect(rendered.code, rendered.stderr).toBe(0);
      const docs = YAML.parseAllDocuments(rendered.stdout).map((d) => d.toJSON() as { kind: string; metadata: { name: string }; rules?: Rule[] });
      const verify = docs.find((d) => d.kind === "ClusterRole" && d.metadata.name === "rolecall-verify");
      expect(normalise(verify!.rules!)).toEqual([{ apiGroups: ["authorization.k8s.io"], resources: ["subjectaccessreviews"], verbs: ["create"] }]);
      const r = await kubectl(["apply", "--dry-run=server", "-k", tmp]);
      expect(r.code, r.stderr).toBe(0);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("the Gateway API component renders: HTTPRoute to oauth2-proxy, Ingresses removed, forwarded headers", async () => {
    const tmp = fs.mkdtempSync(path.join(ROOT, "k8s/.gateway-test-"));
    try {
      fs.writeFileSync(path.join(tmp, "kustomization.yaml"), "resources: [../overlays/sso]\ncomponents: [../components/gateway-httproute]\n");
      const r = await kubectl(["kustomize", tmp]);
      expect(r.code, r.stderr).toBe(0);
      const kinds = YAML.parseAllDocuments(r.stdout).map((d) => (d.toJSON() as { kind: string }).kind);
      expect(kinds).toContain("HTTPRoute");
      expect(kinds).not.toContain("Ingress");
      expect(r.stdout).toContain("X-Forwarded-Groups");
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("the ClusterRole is exactly the expected read-only list, in the file and on the server", async () => {
    const file = YAML.parse(fs.readFileSync(path.join(ROOT, "k8s/base/clusterrole.yaml"), "utf8")) as { rules: Rule[] };
    expect(normalise(file.rules)).toEqual(normalise(EXPECTED_RULES));
    const live = await api.request("GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles/rolecall-read");
    expect(normalise((live.json as { rules: Rule[] }).rules)).toEqual(normalise(EXPECTED_RULES));
    // …and it covers exactly the kinds the store reads.
    const granted = EXPECTED_RULES.flatMap((r) => r.resources.map((res) => `${r.apiGroups[0]}/${res}`)).sort();
    expect(granted).toEqual(KINDS.map((k) => `${KIND_RESOURCES[k].group}/${KIND_RESOURCES[k].resource}`).sort());
  });

  it("nothing else is bound to the ServiceAccount", async () => {
    const crbs = (await api.request("GET", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings")).json as {
      items: { metadata: { name: string }; subjects?: { kind: string; name: string; namespace?: string }[] }[];
    };
    const rbs = (await api.request("GET", "/apis/rbac.authorization.k8s.io/v1/rolebindings")).json as typeof crbs;
    const bound = [...crbs.items, ...rbs.items]
      .filter((b) => (b.subjects ?? []).some((s) => s.kind === "ServiceAccount" && s.name === "rolecall" && s.namespace === "rolecall"))
      .map((b) => b.metadata.name);
    expect(bound).toEqual(["rolecall-read"]);
  });

  it("can get/list/watch every kind the store reads (positive control for the reviews below)", async () => {
    const reviews = KINDS.flatMap((k) => READ_VERBS.map((verb) => ({ verb, ...KIND_RESOURCES[k] })));
    const allowed = await pool(reviews, 8, (r) => sar(api, r));
    expect(reviews.filter((_, i) => !allowed[i])).toEqual([]);
  });

  it("every write verb on every resource discovery serves is denied (but the default self reviews), cluster-wide and per namespace", async () => {
    const served = await discover(api);
    expect(served.length).toBeGreaterThan(50);
    expect(served.some((s) => s.resource === "pods/exec")).toBe(true);
    const reviews: Review[] = [];
    for (const s of served) {
      const [resource, subresource] = s.resource.split("/");
      for (const verb of WRITE_VERBS) {
        const base = { verb, group: s.group, resource, ...(subresource ? { subresource } : {}) };
        reviews.push(base);
        if (s.namespaced) reviews.push({ ...base, namespace: "rolecall" }, { ...base, namespace: "kube-system" });
      }
    }
    const allowed = await pool(reviews, 16, (r) => sar(api, r));
    const granted = reviews.filter((_, i) => allowed[i]);
    expect(granted).toEqual(DEFAULT_SELF_REVIEWS);
    console.log(`write reviews: ${reviews.length} over ${served.length} served resources; allowed only the default self reviews`);
  });

  it("secrets and configmaps are never readable", async () => {
    const reviews: Review[] = [];
    for (const resource of ["secrets", "configmaps"])
      for (const verb of READ_VERBS)
        for (const namespace of ["", "rolecall", "kube-system", "default"]) reviews.push({ verb, group: "", resource, namespace });
    const allowed = await pool(reviews, 8, (r) => sar(api, r));
    expect(reviews.filter((_, i) => allowed[i])).toEqual([]);
  });

  it("a real token for the ServiceAccount (TokenRequest) lists pods but is refused secrets and writes", async () => {
    const token = await mintToken("rolecall", "rolecall", { durationSeconds: 600 });
    const kubeconfig = kubeconfigForToken(token);
    const pods = await kubectl(["get", "pods", "-A", "-o", "name"], { kubeconfig });
    expect(pods.code, pods.stderr).toBe(0);
    const secrets = await kubectl(["get", "secrets", "-A"], { kubeconfig });
    expect(secrets.code).not.toBe(0);
    expect(secrets.stderr).toMatch(/forbidden/i);
    const create = await kubectl(["-n", "rolecall", "create", "configmap", "rolecall-should-not-exist", "--from-literal=a=b"], { kubeconfig });
    expect(create.code).not.toBe(0);
    expect(create.stderr).toMatch(/forbidden/i);
    const canI = await kubectl(["auth", "can-i", "--list"], { kubeconfig });
    expect(canI.code, canI.stderr).toBe(0);
    // Only the expected kinds carry read verbs besides the self-review and discovery defaults.
    expect(canI.stdout).not.toMatch(/^secrets\b/m);
  });
});
