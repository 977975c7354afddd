// Why a chain is stuck, in words a person understands, with a fix where one exists.
import type { Job, ServiceAccount, Snapshot } from "@/lib/store/types";
import { imageRepository, imageTag } from "./cmdline";
import type { ResolvedWait, Structure, StructNode } from "./graph";
import { holdsBack, nodeId } from "./graph";
import { containerPath, editPodSpec, MOVABLE, patchObject, recreateIn, setImage } from "./fixes";
import { fluxDependsOnDiagnostics } from "./ordering";
import { redact } from "./redact";
import { HEALTH_ORDER, type Diagnostic, type Health, type RbacNeed, type Status, type Wait } from "./types";
import { serviceAccountOfSpec } from "@/lib/k8s/workloads";
import { serviceAccountIdentity, serviceAccountUserName, type Identity } from "@/lib/rbac/subjects";

/** The RBAC engine's can-i, injected: `(snapshot, identity, request) → allowed`. */
export interface CanIRequest {
  verb: string;
  resource: string;
  apiGroup: string;
  /** "" = cluster scope / all namespaces. */
  namespace: string;
  name?: string;
}
export type CanI = (snap: Snapshot, identity: Identity, request: CanIRequest) => boolean;

const label = (n: StructNode | undefined, id: string) => (n ? `${n.kind}/${n.name}` : id);
const shortId = (id: string) => {
  const [kind, , ...name] = id.split("/");
  return `${kind}/${name.join("/")}`;
};

function serviceAccounts(snap: Snapshot): Map<string, ServiceAccount> {
  const out = new Map<string, ServiceAccount>();
  for (const sa of snap.objects.ServiceAccount.values()) out.set(`${sa.metadata.namespace ?? ""}/${sa.metadata.name}`, sa as ServiceAccount);
  return out;
}

/** The smallest Role + RoleBinding (or ClusterRole + binding for all namespaces) granting `needs`. */
export function fixYaml(saNs: string, sa: string, targetNs: string | null, needs: RbacNeed[]): string {
  const byRes = new Map<string, { group: string; resource: string; verbs: Set<string>; names: Set<string>; unnamed: boolean }>();
  for (const n of needs) {
    const k = `${n.apiGroup}/${n.resource}`;
    let r = byRes.get(k);
    if (!r) byRes.set(k, (r = { group: n.apiGroup, resource: n.resource, verbs: new Set(), names: new Set(), unnamed: false }));
    r.verbs.add(n.verb);
    if (n.name) r.names.add(n.name);
    else r.unnamed = true;
  }
  const rules = [...byRes.values()]
    .map((r) => {
      const names = !r.unnamed && r.names.size ? `\n    resourceNames: [${[...r.names].map((x) => JSON.stringify(x)).join(", ")}]` : "";
      return `  - apiGroups: [${JSON.stringify(r.group)}]\n    resources: [${JSON.stringify(r.resource)}]${names}\n    verbs: [${[...r.verbs].map((v) => JSON.stringify(v)).join(", ")}]`;
    })
    .join("\n");
  const name = `${sa}-wait-${targetNs ?? "all"}`.slice(0, 63).replace(/-+$/, "");
  const how = "# Save as a file and `kubectl apply -f` it, or paste it into `kubectl apply -f -`\n";
  if (targetNs === null) {
    return `${how}apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ${saNs}-${name}
rules:
${rules}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ${saNs}-${name}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ${saNs}-${name}
subjects:
  - kind: ServiceAccount
    name: ${sa}
    namespace: ${saNs}
`;
  }
  return `${how}apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: ${name}
  namespace: ${targetNs}
rules:
${rules}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${name}
  namespace: ${targetNs}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: ${name}
subjects:
  - kind: ServiceAccount
    name: ${sa}
    namespace: ${saNs}
`;
}

function automountFix(kind: string, name: string, namespace: string): { fix?: string } {
  const fix = editPodSpec(kind, name, namespace, [{ path: ["automountServiceAccountToken"], value: true }]);
  return fix ? { fix } : {};
}

/** `job` → `job-wr` where the container's args or command name the mode as a word of their own (not inside a script). */
function jobWrFix(s: Structure, rw: ResolvedWait): { fix?: string } {
  const info = s.waiters.get(rw.waiter);
  const waiter = s.nodes.get(rw.waiter);
  if (!info || !waiter) return {};
  const at = containerPath(info.spec, rw.wait.container);
  if (!at) return {};
  const c = info.spec[at[0]]![at[1]];
  for (const field of ["args", "command"] as const) {
    const words = c[field];
    const k = Array.isArray(words) ? words.indexOf("job") : -1;
    if (k < 0) continue;
    const fix = editPodSpec(waiter.kind, waiter.name, info.namespace, [{ path: [...at, field, k], value: "job-wr", expect: { path: [...at, field, k], value: "job" } }]);
    return fix ? { fix } : {};
  }
  return {};
}

/** Kustomization or HelmRelease: its edges are Flux dependsOn. */
const isFlux = (n: StructNode | undefined) => n?.kind === "Kustomization" || n?.kind === "HelmRelease";

/**
 * Tarjan's strongly connected components over the edges given (waits that hold back): each is a deadlock. Runs on
 * integer ids with typed arrays (a cold build walks thousands of edges to find, usually, none).
 */
export function findCycles(nodes: Iterable<string>, edges: { from: string; to: string }[]): string[][] {
  const num = new Map<string, number>();
  const names: string[] = [];
  const id = (s: string) => {
    let i = num.get(s);
    if (i === undefined) {
      num.set(s, (i = names.length));
      names.push(s);
    }
    return i;
  };
  const m = edges.length;
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    src[k] = id(edges[k].from);
    dst[k] = id(edges[k].to);
  }
  const n = names.length;
  // Adjacency in CSR form, each node's targets in edge order.
  const first = new Int32Array(n + 1);
  for (let k = 0; k < m; k++) first[src[k] + 1]++;
  for (let v = 0; v < n; v++) first[v + 1] += first[v];
  const adj = new Int32Array(m);
  const fill = first.slice(0, n);
  for (let k = 0; k < m; k++) adj[fill[src[k]]++] = dst[k];

  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  let sp = 0;
  const workV = new Int32Array(n);
  const workK = new Int32Array(n);
  const out: string[][] = [];
  let next = 0;
  for (const name of nodes) {
    const start = num.get(name);
    // A node with no outgoing edge is a component of its own and no cycle: skipping it as a
    // start changes nothing (it is still visited, and popped at once, when reached).
    if (start === undefined || first[start] === first[start + 1] || index[start] >= 0) continue;
    let wp = 0;
    workV[wp] = start;
    workK[wp++] = first[start];
    index[start] = low[start] = next++;
    stack[sp++] = start;
    onStack[start] = 1;
    while (wp) {
      const v = workV[wp - 1];
      const k = workK[wp - 1];
      if (k < first[v + 1]) {
        workK[wp - 1]++;
        const w = adj[k];
        if (index[w] < 0) {
          index[w] = low[w] = next++;
          stack[sp++] = w;
          onStack[w] = 1;
          workV[wp] = w;
          workK[wp++] = first[w];
        } else if (onStack[w] && index[w] < low[v]) low[v] = index[w];
        continue;
      }
      wp--;
      if (wp && low[v] < low[workV[wp - 1]]) low[workV[wp - 1]] = low[v];
      if (low[v] === index[v]) {
        const comp: string[] = [];
        let w: number;
        do {
          w = stack[--sp];
          onStack[w] = 0;
          comp.push(names[w]);
        } while (w !== v);
        let selfLoop = false;
        if (comp.length === 1) for (let k2 = first[v]; k2 < first[v + 1]; k2++) if (adj[k2] === v) selfLoop = true;
        if (comp.length > 1 || selfLoop) out.push(comp.reverse());
      }
    }
  }
  return out;
}

function versionTuple(v: string | undefined): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(v ?? "");
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Diagnostics that depend only on specs and RBAC (cached with the structure). */
export function structuralDiagnostics(snap: Snapshot, s: Structure, canI: CanI | undefined, clusterVersion?: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rw of s.waits) {
    const unresolved = unresolvedTarget(s, rw);
    if (unresolved) {
      out.push(unresolved);
      continue;
    }
    const outdated = outdatedWaiter(s, rw, clusterVersion);
    if (outdated) out.push(outdated);
    out.push(...fragileTargets(snap, s, rw));
  }
  out.push(...missingTargets(s));
  out.push(...missingPermissions(snap, s, canI));
  out.push(...cycles(s));
  out.push(...fluxDependsOnDiagnostics(s.fluxEdges));
  return out;
}

/** A wait whose selector the API server rejects (kubectl fails, the wait never succeeds). */
const badSelector = (w: Wait) => w.target.type === "object" && w.target.selectorError !== undefined;

/** unresolved-target: a target Rolecall cannot know, or a selector the API server rejects. */
function unresolvedTarget(s: Structure, rw: ResolvedWait): Diagnostic | undefined {
  const waiter = label(s.nodes.get(rw.waiter), rw.waiter);
  const w = rw.wait;
  if (w.unresolved) {
    return {
      severity: "warning",
      code: "unresolved-target",
      message: `${waiter} (container ${w.container}) waits with \`${w.command}\`, but its target comes from ${w.unresolved}: Rolecall cannot tell what it waits for, so no edge is drawn.`,
      nodes: [rw.waiter],
    };
  }
  if (w.target.type === "object" && w.target.selectorError !== undefined) {
    return {
      severity: "error",
      code: "unresolved-target",
      message: `${waiter} (container ${w.container}) waits with \`${w.command}\`, but its label selector is not valid (${redact(w.target.selectorError)}): kubectl and the API server reject it, so the wait can never succeed, and Rolecall cannot tell what it waits for (no edge is drawn).`,
      nodes: [rw.waiter],
    };
  }
  return undefined;
}

/** outdated-waiter: a k8s-wait-for image that misreads the cluster's `kubectl describe` output. */
function outdatedWaiter(s: Structure, rw: ResolvedWait, clusterVersion: string | undefined): Diagnostic | undefined {
  const w = rw.wait;
  if (w.tool !== "k8s-wait-for" || !w.image || !w.mode?.startsWith("job")) return undefined;
  const waiter = s.nodes.get(rw.waiter)!;
  const info = s.waiters.get(rw.waiter)!;
  const tag = imageTag(w.image) ?? "latest";
  const v = versionTuple(tag);
  const cv = versionTuple(clusterVersion);
  const repo = imageRepository(w.image);
  const oldCluster = !!cv && cv[0] === 1 && cv[1] <= 23;
  const imageFix = (image: string) => {
    const fix = setImage(waiter.kind, waiter.name, info.namespace, info.spec, w.container, image);
    return fix ? { fix } : {};
  };
  const diagnostic = (message: string, image: string): Diagnostic => ({ severity: "warning", code: "outdated-waiter", message, nodes: [rw.waiter], ...imageFix(image) });
  // v1.x reads the describe format of ≤1.23 clusters: right there (and what v2.0's warning below suggests)
  if (v && v[0] < 2 && !oldCluster) {
    return diagnostic(
      `${label(waiter, rw.waiter)} runs ${repo}:${tag}. k8s-wait-for v1.x parses \`kubectl describe\` output that newer clusters print differently: it can treat a running Job as done and start too early.`,
      `${repo}:v2.0`,
    );
  }
  if (v && v[0] === 2 && v[1] === 0 && oldCluster) {
    return diagnostic(`${label(waiter, rw.waiter)} runs ${repo}:${tag} against Kubernetes ${clusterVersion}: v2.0 reads the describe format of 1.24+, and on ≤1.23 treats a running Job as done.`, `${repo}:v1.7`);
  }
  return undefined;
}

/** Why a Job deletes itself after success, if it does. */
function selfDeletion(job: Job): string | undefined {
  const a = job.metadata.annotations ?? {};
  if (job.spec?.ttlSecondsAfterFinished !== undefined && job.spec.ttlSecondsAfterFinished !== null) return `ttlSecondsAfterFinished: ${job.spec.ttlSecondsAfterFinished}`;
  if (/hook-succeeded/.test(a["helm.sh/hook-delete-policy"] ?? "")) return "helm.sh/hook-delete-policy: hook-succeeded";
  if (/HookSucceeded/.test(a["argocd.argoproj.io/hook-delete-policy"] ?? "")) return "argocd.argoproj.io/hook-delete-policy: HookSucceeded";
  return undefined;
}

/** How to keep a Job that deletes itself, where the deletion is decided. */
function keepJobFix(why: string, job: StructNode): string {
  if (why.startsWith("ttl"))
    return `# Keep the Job after it succeeds (and drop ttlSecondsAfterFinished from its manifest, or the next apply puts it back):\n${patchObject("Job", job.name, job.namespace, { spec: { ttlSecondsAfterFinished: null } })}`;
  if (why.startsWith("helm")) return `# In the chart's Job template (Helm deletes a hook as the chart says, not as the live Job says):\nmetadata:\n  annotations:\n    helm.sh/hook-delete-policy: before-hook-creation`;
  return `# In the Job's manifest in Git (Argo CD syncs it from there):\nmetadata:\n  annotations:\n    argocd.argoproj.io/hook-delete-policy: BeforeHookCreation`;
}

/** fragile-target: a waited-for Job that deletes itself. */
function fragileTargets(snap: Snapshot, s: Structure, rw: ResolvedWait): Diagnostic[] {
  const w = rw.wait;
  if (w.target.type !== "object" || w.target.kind !== "Job") return [];
  const waiter = s.nodes.get(rw.waiter)!;
  const out: Diagnostic[] = [];
  for (const t of rw.targets) {
    const n = s.nodes.get(t)!;
    if (!n.key || n.kind !== "Job") continue;
    const job = snap.objects.Job.get(n.key) as Job | undefined;
    const why = job && selfDeletion(job);
    if (!why) continue;
    out.push({
      severity: "warning",
      code: "fragile-target",
      message: `${label(waiter, rw.waiter)} waits for ${label(n, t)}, which deletes itself after success (${why}). The next restart of a ${waiter.kind} pod will find no Job and ${w.tool === "k8s-wait-for" ? "crash-loop" : "fail"}.`,
      nodes: [rw.waiter, t],
      fix: keepJobFix(why, n),
    });
  }
  return out;
}

/** missing-target: per target that does not exist, the waits on it (a delete wait is satisfied by absence). */
function missingTargets(s: Structure): Diagnostic[] {
  const byTarget = new Map<string, ResolvedWait[]>();
  for (const rw of s.waits) {
    if (rw.wait.unresolved || badSelector(rw.wait) || rw.wait.mode === "delete") continue;
    for (const t of rw.targets) {
      if (s.nodes.get(t)!.key) continue;
      const list = byTarget.get(t);
      if (list) list.push(rw);
      else byTarget.set(t, [rw]);
    }
  }
  return [...byTarget].map(([t, rws]) => missingTarget(s, t, rws));
}

function missingTarget(s: Structure, t: string, rws: ResolvedWait[]): Diagnostic {
  const n = s.nodes.get(t)!;
  const waitersIds = [...new Set(rws.map((r) => r.waiter))];
  const names = waitersIds.map((id) => label(s.nodes.get(id), id)).join(", ");
  const waits = `wait${waitersIds.length > 1 ? "" : "s"}`;
  let fix: string | undefined;
  let message: string;
  if (n.kind === "Selector") {
    message = `${names} ${waits} for ${n.name.split(" ")[0].toLowerCase()}s matching \`${n.selectorText}\` in namespace ${n.namespace}, and none exist.`;
  } else {
    const where = n.namespace === "*" ? "any namespace" : `namespace ${n.namespace}`;
    message = `${names} ${waits} for ${n.kind}/${n.name} in ${where}, which does not exist.`;
    if (n.foundIn?.length) {
      message += ` Found in namespace ${n.foundIn.join(", ")}.`;
      const other = n.foundIn[0];
      if (MOVABLE.has(n.kind) && n.namespace !== "*") {
        message += ` Apply its manifest with -n ${n.namespace} (or metadata.namespace: ${n.namespace}), point the wait at namespace ${other}, or re-create it from the copy in ${other} (Fix).`;
        fix = `# Re-create ${n.kind}/${n.name} in ${n.namespace} from the one in ${other}, without the fields the API server set\n# (kubectl refuses to apply an object that names another namespace than -n):\n${recreateIn(n.kind, n.name, other, n.namespace)}`;
      } else message += ` Create ${n.kind}/${n.name} in ${n.namespace}, or point the wait at namespace ${other} (-n ${other}, or the host ${n.name}.${other}).`;
    }
  }
  return { severity: "error", code: "missing-target", message, nodes: [...waitersIds, t], ...(fix ? { fix } : {}) };
}

/** The RBAC engine's answers per ServiceAccount and request, asked once each (it caches per identity object). */
class Decisions {
  private bySa = new Map<string, { identity: Identity; answers: Map<string, boolean> }>();
  constructor(
    private readonly snap: Snapshot,
    private readonly canI: CanI,
  ) {}

  allowed(namespace: string, sa: string, need: RbacNeed): boolean {
    const user = serviceAccountUserName(namespace, sa);
    let mine = this.bySa.get(user);
    if (!mine) this.bySa.set(user, (mine = { identity: serviceAccountIdentity(namespace, sa), answers: new Map() }));
    const ns = need.namespace ?? "";
    const k = `${need.verb}|${need.apiGroup}|${need.resource}|${ns}|${need.name ?? ""}`;
    let v = mine.answers.get(k);
    if (v === undefined) {
      const req: CanIRequest = { verb: need.verb, resource: need.resource, apiGroup: need.apiGroup, namespace: ns };
      if (need.name) req.name = need.name;
      mine.answers.set(k, (v = this.canI(this.snap, mine.identity, req)));
    }
    return v;
  }
}

type Missing = { ns: string | null; needs: Map<string, RbacNeed>; mechs: Set<string>; containers: Set<string> };

/** missing-permission: per waiter that talks to the API server, no token, or per target namespace the verbs its SA lacks. */
function missingPermissions(snap: Snapshot, s: Structure, canI: CanI | undefined): Diagnostic[] {
  const perWaiter = new Map<string, ResolvedWait[]>();
  for (const rw of s.waits) {
    if (!rw.wait.usesApi || rw.wait.unresolved || badSelector(rw.wait)) continue;
    const l = perWaiter.get(rw.waiter);
    if (l) l.push(rw);
    else perWaiter.set(rw.waiter, [rw]);
  }
  const out: Diagnostic[] = [];
  const sas = serviceAccounts(snap);
  const decisions = canI && new Decisions(snap, canI);
  for (const [waiterId, rws] of perWaiter) {
    const info = s.waiters.get(waiterId)!;
    const waiter = s.nodes.get(waiterId)!;
    const saName = serviceAccountOfSpec(info.spec);
    const sa = sas.get(`${info.namespace}/${saName}`);
    const serviceAccount = { namespace: info.namespace, name: saName };
    if (!(info.spec.automountServiceAccountToken ?? sa?.automountServiceAccountToken ?? true)) {
      out.push({
        severity: "error",
        code: "missing-permission",
        message: `${label(waiter, waiterId)} runs ${[...new Set(rws.map((r) => r.wait.mechanism))].join(", ")} (container ${rws[0].wait.container}), which talks to the API server, but its pods do not mount a ServiceAccount token (automountServiceAccountToken: false): the wait can never succeed.`,
        nodes: [waiterId],
        ...automountFix(waiter.kind, waiter.name, info.namespace),
        serviceAccount,
      });
      continue;
    }
    if (!decisions) continue;
    for (const m of missingNeeds(rws, (need) => decisions.allowed(info.namespace, saName, need)).values()) {
      const needs = [...m.needs.values()];
      const verbs = needs.map((n) => `${n.verb} ${n.resource}${n.name ? ` (${n.name})` : ""}`).join(", ");
      out.push({
        severity: "error",
        code: "missing-permission",
        message: `ServiceAccount ${info.namespace}/${saName} cannot ${verbs} ${m.ns === null ? "across all namespaces" : `in namespace ${m.ns}`}, which ${[...m.mechs].join(", ")} in ${label(waiter, waiterId)} (container ${[...m.containers].join(", ")}) needs. ${[...m.mechs].some((x) => x.startsWith("k8s-wait-for service")) ? "k8s-wait-for service mode hides the Forbidden error and waits forever." : "The wait fails with Forbidden and the pod crash-loops (Init:CrashLoopBackOff)."}`,
        nodes: [waiterId, ...rws.flatMap((r) => r.targets)].filter((x, i, a) => a.indexOf(x) === i),
        fix: fixYaml(info.namespace, saName, m.ns, needs),
        serviceAccount,
      });
    }
  }
  return out;
}

/** The needs of a waiter's waits that are not allowed, by target namespace (made on the first one: most waiters have every verb they need). */
function missingNeeds(rws: ResolvedWait[], allowed: (need: RbacNeed) => boolean): Map<string, Missing> {
  const byNs = new Map<string, Missing>();
  for (const rw of rws) {
    for (const need of rw.wait.needs) {
      if (allowed(need)) continue;
      const k = need.namespace ?? "\0all";
      let m = byNs.get(k);
      if (!m) byNs.set(k, (m = { ns: need.namespace, needs: new Map(), mechs: new Set(), containers: new Set() }));
      m.needs.set(`${need.verb}/${need.apiGroup}/${need.resource}/${need.name ?? ""}`, need);
      m.mechs.add(rw.wait.mechanism);
      m.containers.add(rw.wait.container);
    }
  }
  return byNs;
}

/** cycle: over waits-for edges, and Flux dependsOn (Flux never applies either side of a loop). */
function cycles(s: Structure): Diagnostic[] {
  return findCycles(s.nodes.keys(), s.edges.filter(holdsBack)).map((comp) => {
    const path = [...comp, comp[0]].map((id) => label(s.nodes.get(id), id)).join(" → ");
    const flux = comp.every((id) => isFlux(s.nodes.get(id)));
    return {
      severity: "error",
      code: "cycle",
      // Which edge to cut is the owner's call: advice in words, no Fix block (a Fix is a command or manifest that works as shown).
      message: flux
        ? `Deadlock: ${path}. Each depends on the next (spec.dependsOn), so Flux reconciles none of them. Break the cycle: remove one of these spec.dependsOn entries.`
        : `Deadlock: ${path}. Each waits for the next, so none of them can start. Break the cycle: remove one of these waits, or make one wait only for DNS (the Service existing) instead of readiness, e.g. \`until nslookup <service>; do sleep 2; done\`.`,
      nodes: comp,
    };
  });
}

/** Diagnostics that depend on live status: failed or stuck upstreams, job mode on a failed Job. */
export function statusDiagnostics(s: Structure, statusOf: (id: string) => Status | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [target, ws] of s.waitersOf) {
    const st = statusOf(target);
    // a suspended Flux object that is Ready still lets its dependents reconcile
    if (!st || (st.health !== "Degraded" && st.health !== "Suspended") || st.dependencyReady) continue;
    const n = s.nodes.get(target);
    const names = ws.map((id) => label(s.nodes.get(id), id)).join(", ");
    const held = isFlux(n)
      ? `Flux will not reconcile ${names} until it is Ready.`
      : `${names} wait${ws.length > 1 ? "" : "s"} for it and will not start until it is fixed.`;
    out.push({
      severity: st.health === "Degraded" ? "error" : "warning",
      code: "failed-upstream",
      message: `${label(n, target)} is ${st.health === "Degraded" ? "failing" : "stuck"} (${st.text}); ${held}`,
      nodes: [target, ...ws],
    });
  }
  for (const rw of s.jobModeWaits) {
    for (const t of rw.targets) {
      const st = statusOf(t);
      if (!st || !st.text.startsWith("Failed")) continue;
      out.push({
        severity: "warning",
        code: "outdated-waiter",
        message: `${shortId(rw.waiter)} uses k8s-wait-for \`job\` mode on ${shortId(t)}, which failed: \`job\` mode waits for active=0 and failed=0, so it waits forever. Use \`job-wr\` (wait until it succeeded at least once).`,
        nodes: [rw.waiter, t],
        ...jobWrFix(s, rw),
      });
    }
  }
  return out;
}

/** What an error diagnostic makes of a node it holds: a worse health, and what to say instead of its own status. */
export interface Rollup {
  health: Health;
  /** Undefined: its "Blocked by …" text already says why. */
  status?: string;
}

/**
 * The nodes each error diagnostic holds, and what it makes of them, following how each code
 * lists its nodes: a deadlock holds every member; a missing target holds its waiters (the
 * missing object, listed last, is Missing already); a missing permission or an invalid
 * selector fails the waiter's own wait (listed first); a failed upstream (listed first)
 * blocks its waiters. Warnings hold nothing: they say what may go wrong later. A node held
 * by several keeps the worst.
 */
export function rollup(diagnostics: readonly Diagnostic[]): Map<string, Rollup> {
  const out = new Map<string, Rollup>();
  const hold = (ids: readonly string[], r: Rollup) => {
    for (const id of ids) {
      const had = out.get(id);
      if (!had || HEALTH_ORDER.indexOf(r.health) > HEALTH_ORDER.indexOf(had.health)) out.set(id, r);
    }
  };
  for (const d of diagnostics) {
    if (d.severity !== "error") continue;
    switch (d.code) {
      case "cycle":
        hold(d.nodes, { health: "Blocked", status: `Deadlock: ${d.nodes.length === 1 ? "waits for itself" : `${d.nodes.length} objects wait for each other`}` });
        break;
      case "missing-target": {
        const missing = d.nodes[d.nodes.length - 1];
        const what = missing.startsWith("Selector/") ? "objects its selector matches, and there are none" : `${shortId(missing)}, which does not exist`;
        hold(d.nodes.slice(0, -1), { health: "Blocked", status: `Waits for ${what}` });
        break;
      }
      case "missing-permission":
        hold(d.nodes.slice(0, 1), {
          health: "Degraded",
          status: d.serviceAccount ? `Wait forbidden for ServiceAccount ${d.serviceAccount.namespace}/${d.serviceAccount.name}` : "Wait forbidden",
        });
        break;
      case "unresolved-target":
        hold(d.nodes.slice(0, 1), { health: "Degraded", status: "Wait has an invalid label selector" });
        break;
      case "failed-upstream":
        hold(d.nodes.slice(1), { health: "Blocked" });
        break;
      default:
        break;
    }
  }
  return out;
}

export { nodeId };
