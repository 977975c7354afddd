// A pod as `kubectl get pod -o json` shows it (managedFields aside): the spec's defaults, the
// token volume, probes, resources and a full status. For memory tests and bench:memory.
import { seededRandom } from "./random";

const { int, hex, uid } = seededRandom(11);
const TS = "2026-11-20T08:00:00Z";

type Obj = Record<string, unknown> & { metadata: { name: string; namespace?: string; uid?: string; [k: string]: unknown } };

/** A running pod owned by `owner`; with waitsFor, an init container that waits for that host. */
export function realisticPod(namespace: string, name: string, sa: string, owner: { kind: string; apiVersion: string; name: string; uid: string }, waitsFor?: string): Obj {
  const token = `kube-api-access-${hex(5)}`;
  const app = owner.name.replace(/-[0-9a-f]{10}$/, "");
  const container = (n: string, image: string) => ({
    name: n,
    image,
    imagePullPolicy: "IfNotPresent",
    ports: [{ containerPort: 8080, name: "http", protocol: "TCP" }],
    env: [
      { name: "LOG_LEVEL", value: "info" },
      { name: "POD_NAME", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.name" } } },
      { name: "DATABASE_HOST", value: `${app}-db.${namespace}.svc.cluster.local` },
    ],
    resources: { limits: { cpu: "500m", memory: "256Mi" }, requests: { cpu: "100m", memory: "128Mi" } },
    readinessProbe: { httpGet: { path: "/healthz", port: 8080, scheme: "HTTP" }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
    terminationMessagePath: "/dev/termination-log",
    terminationMessagePolicy: "File",
    volumeMounts: [{ name: token, mountPath: "/var/run/secrets/kubernetes.io/serviceaccount", readOnly: true }],
  });
  const status = (n: string, image: string) => ({
    name: n,
    state: { running: { startedAt: TS } },
    lastState: {},
    ready: true,
    restartCount: 0,
    image,
    imageID: `docker.io/library/${image}@sha256:${hex(64)}`,
    containerID: `containerd://${hex(64)}`,
    started: true,
  });
  const image = `registry.example.com/${app}:1.${int(30)}.${int(10)}`;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace,
      uid: uid(),
      resourceVersion: String(100000 + int(900000)),
      creationTimestamp: TS,
      generateName: `${owner.name}-`,
      labels: { app, "pod-template-hash": hex(10) },
      ownerReferences: [{ ...owner, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      serviceAccountName: sa,
      serviceAccount: sa,
      nodeName: `node-${int(50)}`,
      ...(waitsFor ? { initContainers: [{ ...container("wait-db", "busybox:1.36"), command: ["sh", "-c", `until nslookup ${waitsFor}; do echo waiting; sleep 2; done`] }] } : {}),
      containers: [container(app, image)],
      volumes: [
        {
          name: token,
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
              { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
              { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
            ],
          },
        },
      ],
      restartPolicy: "Always",
      terminationGracePeriodSeconds: 30,
      dnsPolicy: "ClusterFirst",
      securityContext: {},
      schedulerName: "default-scheduler",
      tolerations: [
        { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
        { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
      ],
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: "PreemptLowerPriority",
    },
    status: {
      phase: "Running",
      conditions: ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"].map((type) => ({ type, status: "True", lastProbeTime: null, lastTransitionTime: TS })),
      hostIP: `10.0.${int(250)}.${int(250)}`,
      hostIPs: [{ ip: `10.0.${int(250)}.${int(250)}` }],
      podIP: `10.244.${int(250)}.${int(250)}`,
      podIPs: [{ ip: `10.244.${int(250)}.${int(250)}` }],
      startTime: TS,
      ...(waitsFor ? { initContainerStatuses: [{ ...status("wait-db", "busybox:1.36"), state: { terminated: { exitCode: 0, reason: "Completed", startedAt: TS, finishedAt: TS } }, ready: true }] } : {}),
      containerStatuses: [status(app, image)],
      qosClass: "Burstable",
    },
  };
}

