import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { readState, restartApiServer } from "@/cluster/index";
import { applyYaml, kubeconfigWithRules, kubectl, mintToken, waitFor } from "@/cluster/testing";
import { SnapshotStore } from "@/lib/store/store";
import { KINDS, type Kind } from "@/lib/store/types";
import { resolveClusterConfig } from "./kubeconfig";
import { Informer } from "./informer";
import { KIND_API } from "./kinds";
import { LiveSource } from "./live";
import { log } from "@/lib/log";

// Against the real local control plane (started by the integration project's globalSetup).

const ns = `live-${crypto.randomBytes(3).toString("hex")}`;
const running: { store: SnapshotStore; source: LiveSource }[] = [];

function startLive(kubeconfig: string, informer: ConstructorParameters<typeof LiveSource>[0]["informer"] = {}) {
  const cfg = resolveClusterConfig({ KUBECONFIG: kubeconfig });
  if (!cfg || !("kc" in cfg)) throw new Error(`kubeconfig unusable: ${JSON.stringify(cfg)}`);
  const store = new SnapshotStore({ source: cfg.info, coalesceMs: 30 });
  const source = new LiveSource({ kc: cfg.kc, info: cfg.info, informer });
  source.start(store);
  running.push({ store, source });
  return { store, source };
}

async function must(args: string[]) {
  const r = await kubectl(args);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

const findSa = (store: SnapshotStore, name: string) =>
  [...store.snapshot().objects.ServiceAccount.values()].find((o) => o.metadata.namespace === ns && o.metadata.name === name);

/** Waits (polling every 10 ms) and returns how long the store took. */
async function timeUntil(cond: () => boolean, limitMs: number): Promise<number> {
  const t0 = Date.now();
  await waitFor(cond, limitMs, 10);
  return Date.now() - t0;
}

const PLURAL: Record<Kind, string> = {
  Namespace: "namespaces",
  ServiceAccount: "serviceaccounts",
  Role: "roles",
  ClusterRole: "clusterroles",
  RoleBinding: "rolebindings",
  ClusterRoleBinding: "clusterrolebindings",
  Pod: "pods",
  Job: "jobs",
  CronJob: "cronjobs",
  Deployment: "deployments",
  ReplicaSet: "replicasets",
  StatefulSet: "statefulsets",
  DaemonSet: "daemonsets",
  Service: "services",
  Kustomization: "kustomizations.kustomize.toolkit.fluxcd.io",
  HelmRelease: "helmreleases.helm.toolkit.fluxcd.io",
};
/** Kinds every cluster serves (kubectl get fails on a CRD kind that is not installed). */
const BUILTIN = KINDS.filter((k) => !KIND_API[k].crd);

/** kind → sorted "uid@resourceVersion" from a fresh `kubectl get`, and the same from the store. */
async function freshList(): Promise<Record<string, string[]>> {
  const out = JSON.parse(await must(["get", BUILTIN.map((k) => PLURAL[k]).join(","), "-A", "-o", "json"])) as {
    items: { kind: string; metadata: { uid: string; resourceVersion: string } }[];
  };
  const by: Record<string, string[]> = Object.fromEntries(KINDS.map((k) => [k, []]));
  for (const o of out.items) by[o.kind]?.push(`${o.metadata.uid}@${o.metadata.resourceVersion}`);
  for (const k of KINDS) by[k].sort();
  return by;
}
function storeList(store: SnapshotStore): Record<string, string[]> {
  const snap = store.snapshot();
  return Object.fromEntries(
    KINDS.map((k) => [k, [...snap.objects[k].values()].map((o) => `${o.metadata.uid}@${o.metadata.resourceVersion}`).sort()]),
  );
}

/** Every ServiceAccount as `uid@resourceVersion` (sorted), listed at exactly resourceVersion `rv`. */
async function serviceAccountsAt(rv: string): Promise<string[]> {
  const list = JSON.parse(await must(["get", "--raw", `/api/v1/serviceaccounts?resourceVersion=${rv}&resourceVersionMatch=Exact`])) as {
    metadata: { resourceVersion: string };
    items: { metadata: { uid: string; resourceVersion: string } }[];
  };
  expect(list.metadata.resourceVersion).toBe(rv);
  return list.items.map((o) => `${o.metadata.uid}@${o.metadata.resourceVersion}`).sort();
}

/** Compacts etcd to its current revision through its HTTP gateway (no etcdctl needed). */
async function compactEtcd(): Promise<void> {
  const port = readState()?.ports.etcdClient;
  if (!port) throw new Error("no etcd port in the cluster state");
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: "POST", body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`etcd ${path}: HTTP ${res.status}`);
    return (await res.json()) as { header: { revision: string } };
  };
  const { header } = await post("/v3/kv/range", { key: "AA==" });
  await post("/v3/kv/compaction", { revision: header.revision, physical: true });
}

describe("live source against a real API server", () => {
  const kubeconfig = inject("kubeconfig");

  beforeAll(async () => {
    await must(["create", "namespace", ns]);
  });
  afterEach(async () => {
    for (const r of running.splice(0)) {
      await r.source.stop();
      r.store.close();
    }
  });
  afterAll(async () => {
    await kubectl(["delete", "namespace", ns, "--wait=false"]);
    await kubectl(["delete", "clusterrolebinding,clusterrole", "-l", `rolecall-test=${ns}`, "--wait=false"]);
  });

  it("reflects a ServiceAccount created, changed and deleted within 2 s each (across watch re-starts)", async () => {
    // Short server-side timeouts, so the re-watch from the last resourceVersion happens during the test.
    const { store } = startLive(kubeconfig, { watchTimeoutSeconds: () => 2 });
    await store.whenSynced(30_000);
    expect(store.snapshot().source).toMatchObject({ mode: "cluster" });
    // The real control plane is v1.37; /version is read with the first discovery pass.
    await waitFor(() => store.snapshot().source.serverVersion !== undefined, 10_000, 20);
    expect(store.snapshot().source.serverVersion).toBe("1.37");
    // Flux is not installed on this cluster: its kinds are empty and synced, neither an error nor "not permitted".
    for (const kind of ["Kustomization", "HelmRelease"] as const) {
      expect(store.snapshot().kinds.find((k) => k.kind === kind)?.state, kind).toBe("synced");
      expect(store.snapshot().objects[kind].size).toBe(0);
    }
    expect(store.snapshot().objects.Namespace.size).toBeGreaterThan(0);

    await must(["create", "serviceaccount", "probe", "-n", ns]);
    const created = await timeUntil(() => !!findSa(store, "probe"), 2000);

    await new Promise((r) => setTimeout(r, 2500)); // at least one watch timed out and restarted meanwhile
    await must(["label", "serviceaccount", "probe", "-n", ns, "stage=changed"]);
    const changed = await timeUntil(() => findSa(store, "probe")?.metadata.labels?.stage === "changed", 2000);

    await must(["delete", "serviceaccount", "probe", "-n", ns]);
    const deleted = await timeUntil(() => !findSa(store, "probe"), 2000);
    console.log(`store latency after kubectl returned: create ${created} ms, change ${changed} ms, delete ${deleted} ms`);

    // Objects are keyed by UID and carry no managedFields.
    const any = [...store.snapshot().objects.ServiceAccount.entries()][0];
    expect(any[0]).toBe(any[1].metadata.uid);
    expect(any[1].metadata).not.toHaveProperty("managedFields");
    expect(any[1].kind).toBe("ServiceAccount");
    // Discovery replaced the built-in fallback with what the server serves.
    expect(store.snapshot().resources.some((r) => r.group === "apps" && r.resource === "deployments/scale")).toBe(true);
  });

  it("recovers from an API server restart; afterwards the store equals a fresh list", async () => {
    const { store } = startLive(kubeconfig);
    await store.whenSynced(30_000);
    await must(["create", "serviceaccount", "before-restart", "-n", ns]);
    await waitFor(() => !!findSa(store, "before-restart"), 5000, 20);

    await restartApiServer(undefined, () => {});
    const back = Date.now();

    // Changes made after the restart arrive: the watches are back.
    await must(["create", "serviceaccount", "after-restart", "-n", ns]);
    await must(["delete", "serviceaccount", "before-restart", "-n", ns]);
    await waitFor(() => !!findSa(store, "after-restart") && !findSa(store, "before-restart"), 60_000, 50);
    console.log(`changes visible ${Date.now() - back} ms after the restarted API server was ready`);
    const restarts = store.snapshot().kinds.filter((k) => k.restarts > 0).length;
    expect(restarts).toBeGreaterThan(0);

    // Same objects at the same resourceVersions as a fresh list (retry: pods may be changing).
    let diff = "";
    await waitFor(async () => {
      const [fresh, mine] = [await freshList(), storeList(store)];
      diff = KINDS.filter((k) => fresh[k].join() !== mine[k].join()).join(", ");
      return diff === "";
    }, 20_000, 500).catch((e) => {
      throw new Error(`store differs from a fresh list for: ${diff} (${(e as Error).message})`);
    });
    expect(store.isSynced()).toBe(true);
  });

  it("a watch from an expired resourceVersion gets 410 Gone and re-lists; the store stays exact", async () => {
    const cfg = resolveClusterConfig({ KUBECONFIG: kubeconfig });
    if (!cfg || !("kc" in cfg)) throw new Error("kubeconfig unusable");
    const store = new SnapshotStore({ source: cfg.info, coalesceMs: 10 });
    // Every state message the informer reports, as it reports it: a published snapshot can
    // miss one (the "410" message and the re-list's "synced" may coalesce into one snapshot).
    const messages: string[] = [];
    const setKindState = store.setKindState.bind(store);
    store.setKindState = (kind, patch) => {
      if (kind === "ServiceAccount" && patch.message) messages.push(patch.message);
      setKindState(kind, patch);
    };
    const informer = new Informer({ kc: cfg.kc, kind: "ServiceAccount", store, log });
    informer.start();
    try {
      await waitFor(() => store.snapshot().kinds.find((k) => k.kind === "ServiceAccount")?.state === "synced", 30_000, 20);
      await must(["create", "serviceaccount", "gone-1", "-n", ns]);
      await waitFor(() => !!findSa(store, "gone-1"), 2000, 10);
      // Compact etcd first: on a cluster younger than the API server's compaction interval
      // (5 min), a watch from "1" would be served by etcd replaying history instead of 410.
      await compactEtcd();
      // "1" is now below etcd's compacted revision and the watch cache: the server answers 410.
      informer.resumeFrom("1");
      await waitFor(() => messages.some((m) => m.includes("410")), 30_000, 20);
      await must(["create", "serviceaccount", "gone-2", "-n", ns]);
      await waitFor(() => !!findSa(store, "gone-2"), 5000, 10);
      // Exact: the store against a list at the very resourceVersion it holds. (A list taken
      // "now" and waited for is racy on a shared cluster: any ServiceAccount made or deleted
      // elsewhere after it moves the store past that list for good.)
      store.flush();
      const mine = storeList(store).ServiceAccount;
      const rv = informer.resourceVersion;
      expect(rv).toMatch(/^\d+$/);
      expect(mine.some((o) => o.startsWith(`${findSa(store, "gone-2")!.metadata.uid}@`))).toBe(true);
      expect(await serviceAccountsAt(rv!)).toEqual(mine);
    } finally {
      await informer.stop();
      store.close();
    }
  });

  it("a watch that goes silent (API server paused) is restarted by the watchdog and recovers", async () => {
    const cfg = resolveClusterConfig({ KUBECONFIG: kubeconfig });
    if (!cfg || !("kc" in cfg)) throw new Error("kubeconfig unusable");
    const pid = readState()?.processes.find((p) => p.name === "kube-apiserver")?.pid;
    if (!pid) throw new Error("no kube-apiserver pid in the cluster state");
    const store = new SnapshotStore({ source: cfg.info, coalesceMs: 10 });
    const messages: string[] = [];
    store.subscribe(() => {
      const m = store.snapshot().kinds.find((k) => k.kind === "ServiceAccount")?.message;
      if (m) messages.push(m);
    });
    // Server-side timeout 1 s: a healthy watch ends every second; silence past 2.5 s means dead.
    const informer = new Informer({ kc: cfg.kc, kind: "ServiceAccount", store, log, watchTimeoutSeconds: () => 1, watchdogMarginMs: 1500 });
    informer.start();
    try {
      await waitFor(() => store.snapshot().kinds.find((k) => k.kind === "ServiceAccount")?.state === "synced", 30_000, 20);
      process.kill(pid, "SIGSTOP");
      try {
        await waitFor(() => messages.some((m) => m.includes("silent")), 10_000, 50);
      } finally {
        process.kill(pid, "SIGCONT");
      }
      await must(["create", "serviceaccount", "after-silence", "-n", ns]);
      await waitFor(() => !!findSa(store, "after-silence"), 30_000, 20);
    } finally {
      await informer.stop();
      store.close();
    }
  });

  it("an identity that may not list Jobs: Job is not-permitted, every other kind syncs and stays live", async () => {
    const rules = [
      { apiGroups: [""], resources: ["namespaces", "serviceaccounts", "pods", "services"], verbs: ["get", "list", "watch"] },
      { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "clusterroles", "rolebindings", "clusterrolebindings"], verbs: ["get", "list", "watch"] },
      { apiGroups: ["batch"], resources: ["cronjobs"], verbs: ["get", "list", "watch"] },
      { apiGroups: ["apps"], resources: ["deployments", "replicasets", "statefulsets", "daemonsets"], verbs: ["get", "list", "watch"] },
    ];
    const name = `${ns}-nojobs`; // the ClusterRole kubeconfigWithRules makes
    const kc = await kubeconfigWithRules(ns, "nojobs", rules);
    const { store } = startLive(kc, { forbiddenRetryMs: 2000 });
    await store.whenSynced(30_000);

    const states = Object.fromEntries(store.snapshot().kinds.map((k) => [k.kind, k.state]));
    expect(states.Job).toBe("not-permitted");
    for (const k of KINDS) if (k !== "Job") expect(states[k], k).toBe("synced");
    expect(store.snapshot().objects.Job.size).toBe(0);
    expect(store.snapshot().kinds.find((k) => k.kind === "Job")?.message).toMatch(/forbidden/i);

    // Still live for the permitted kinds, and the retry of Jobs does not disturb them.
    await new Promise((r) => setTimeout(r, 2500));
    await must(["create", "serviceaccount", "seen-by-limited", "-n", ns]);
    await waitFor(() => !!findSa(store, "seen-by-limited"), 2000, 10);
    expect(store.snapshot().kinds.find((k) => k.kind === "Job")?.state).toBe("not-permitted");

    // Granted later: the periodic retry picks Jobs up without a restart.
    await must(["create", "job", "granted-later", "-n", ns, "--image=busybox"]);
    await applyYaml(
      JSON.stringify({
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name, labels: { "rolecall-test": ns } },
        rules: [...rules, { apiGroups: ["batch"], resources: ["jobs"], verbs: ["get", "list", "watch"] }],
      }),
    );
    await waitFor(() => store.snapshot().kinds.find((k) => k.kind === "Job")?.state === "synced", 15_000, 50);
    expect([...store.snapshot().objects.Job.values()].map((j) => j.metadata.name)).toContain("granted-later");
  });

  it("in-cluster mode: the ServiceAccount files (token, namespace, ca.crt) and KUBERNETES_SERVICE_HOST", async () => {
    await must(["create", "serviceaccount", "incluster", "-n", ns]);
    await must(["create", "clusterrolebinding", `${ns}-incluster`, "--clusterrole=view", `--serviceaccount=${ns}:incluster`]);
    await must(["label", "clusterrolebinding", `${ns}-incluster`, `rolecall-test=${ns}`]);
    const admin = YAML.parse(fs.readFileSync(kubeconfig, "utf8")) as {
      clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
    };
    const server = new URL(admin.clusters[0].cluster.server);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-sa-"));
    fs.writeFileSync(path.join(dir, "token"), await mintToken(ns, "incluster"));
    fs.writeFileSync(path.join(dir, "namespace"), ns);
    fs.writeFileSync(path.join(dir, "ca.crt"), Buffer.from(admin.clusters[0].cluster["certificate-authority-data"], "base64"));
    try {
      const cfg = resolveClusterConfig({
        HOME: dir,
        KUBERNETES_SERVICE_HOST: server.hostname,
        KUBERNETES_SERVICE_PORT: server.port,
        ROLECALL_SERVICEACCOUNT_DIR: dir,
      });
      if (!cfg || !("kc" in cfg)) throw new Error(`in-cluster config unusable: ${JSON.stringify(cfg)}`);
      expect(cfg.info).toEqual({ mode: "in-cluster", label: `in-cluster as ${ns}/incluster` });
      const store = new SnapshotStore({ source: cfg.info, coalesceMs: 30 });
      const source = new LiveSource({ kc: cfg.kc, info: cfg.info });
      running.push({ store, source });
      source.start(store);
      // view grants no RBAC objects: those kinds are not permitted, workloads and SAs sync.
      await store.whenSynced(30_000);
      const states = Object.fromEntries(store.snapshot().kinds.map((k) => [k.kind, k.state]));
      expect(states.ServiceAccount).toBe("synced");
      expect(states.Deployment).toBe("synced");
      expect(states.ClusterRole).toBe("not-permitted");
      expect(findSa(store, "incluster")).toBeTruthy();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
