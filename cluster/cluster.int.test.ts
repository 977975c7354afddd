/**
 * Runs against the control plane started by cluster/vitest-global-setup.ts.
 * Nothing here writes status: the job/deployment controllers, the scheduler and kwok do.
 */
import fs from "node:fs";
import https from "node:https";
import YAML from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { applyYaml, getJson, kubeconfigForToken, kubectl, mintToken, seed, testKubeconfig, waitFor, type Condition } from "./testing";

const SA = "system:serviceaccount:go-todo:go-todo-sa";

/** A raw HTTPS GET with a bearer token, to see the API server's own status code. */
function rawGet(path: string, token: string): Promise<{ status: number; body: string }> {
  const kc = YAML.parse(fs.readFileSync(testKubeconfig(), "utf8")) as {
    clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
  };
  const { server } = kc.clusters[0].cluster;
  const ca = Buffer.from(kc.clusters[0].cluster["certificate-authority-data"], "base64").toString();
  return new Promise((resolve, reject) => {
    https
      .get(new URL(path, server), { ca, headers: { authorization: `Bearer ${token}` } }, (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on("error", reject);
  });
}

describe("local control plane", () => {
  it("answers /readyz and reports the pinned Kubernetes version", async () => {
    const ready = await kubectl(["get", "--raw", "/readyz"]);
    expect(ready.stdout.trim()).toBe("ok");
    const version = await getJson<{ serverVersion: { gitVersion: string } }>(["version"]);
    expect(version.serverVersion.gitVersion).toMatch(/^v1\.\d+\.\d+$/);
  });

  it("has a Ready kwok node and the default ServiceAccount", async () => {
    const nodes = await getJson<{ items: { metadata: { name: string }; status: { conditions: Condition[] } }[] }>(["get", "nodes"]);
    const node = nodes.items.find((n) => n.metadata.name === "kwok-node-0");
    expect(node?.status.conditions.find((c) => c.type === "Ready")?.status).toBe("True");
    const sa = await kubectl(["get", "serviceaccount", "default", "-n", "default", "-o", "name"]);
    expect(sa.stdout.trim()).toBe("serviceaccount/default");
  });
});

describe("go-todo on the real authorizer and controllers", () => {
  beforeAll(async () => {
    await seed("go-todo");
  });

  it("puts the namespace-less Job into go-todo (seeded with -n go-todo)", async () => {
    const job = await getJson<{ metadata: { namespace: string } }>(["get", "job", "go-todo-pre-deploy", "-n", "go-todo"]);
    expect(job.metadata.namespace).toBe("go-todo");
  });

  it("kubectl auth can-i: go-todo-sa can get jobs in go-todo", async () => {
    const r = await kubectl(["auth", "can-i", "get", "jobs", "-n", "go-todo", `--as=${SA}`]);
    expect(r.stdout.trim()).toBe("yes");
    expect(r.code).toBe(0);
  });

  it("kubectl auth can-i: go-todo-sa cannot list secrets in go-todo, nor get jobs elsewhere", async () => {
    const secrets = await kubectl(["auth", "can-i", "list", "secrets", "-n", "go-todo", `--as=${SA}`]);
    expect(secrets.stdout.trim()).toBe("no");
    expect(secrets.code).toBe(1);
    const elsewhere = await kubectl(["auth", "can-i", "get", "jobs", "-n", "default", `--as=${SA}`]);
    expect(elsewhere.stdout.trim()).toBe("no");
  });

  it("a TokenRequest token for go-todo-sa authenticates, is allowed on jobs and refused 403 on secrets", async () => {
    const token = await mintToken("go-todo", "go-todo-sa");
    expect(token.split(".")).toHaveLength(3); // a signed JWT

    const kc = kubeconfigForToken(token, { namespace: "go-todo" });
    const who = await kubectl(["auth", "whoami", "-o", "json"], { kubeconfig: kc });
    expect(who.code).toBe(0);
    expect(JSON.parse(who.stdout).status.userInfo.username).toBe(SA);

    const jobs = await kubectl(["get", "jobs", "-o", "name"], { kubeconfig: kc });
    expect(jobs.code).toBe(0);
    expect(jobs.stdout).toContain("job.batch/go-todo-pre-deploy");

    const secrets = await kubectl(["get", "secrets"], { kubeconfig: kc });
    expect(secrets.code).not.toBe(0);
    expect(secrets.stderr).toMatch(/forbidden/i);

    const rawJobs = await rawGet("/apis/batch/v1/namespaces/go-todo/jobs", token);
    expect(rawJobs.status).toBe(200);
    const rawSecrets = await rawGet("/api/v1/namespaces/go-todo/secrets", token);
    expect(rawSecrets.status).toBe(403);
    expect(JSON.parse(rawSecrets.body).reason).toBe("Forbidden");
    const bogus = await rawGet("/api/v1/namespaces/go-todo/pods", "not-a-token");
    expect(bogus.status).toBe(401);
  });

  it("the Job reaches Complete through the job controller and the Deployment becomes available", async () => {
    await waitFor(async () => {
      const job = await getJson<{ status: { conditions?: Condition[]; succeeded?: number } }>(["get", "job", "go-todo-pre-deploy", "-n", "go-todo"]);
      return job.status.conditions?.some((c) => c.type === "Complete" && c.status === "True") && job.status.succeeded === 1;
    }, 90_000);
    // the pod that did it was made by the job controller and placed by the scheduler
    const pods = await getJson<{ items: { spec: { nodeName?: string }; status: { phase: string } }[] }>(["get", "pods", "-n", "go-todo", "-l", "job-name=go-todo-pre-deploy"]);
    expect(pods.items.length).toBeGreaterThan(0);
    expect(pods.items[0].spec.nodeName).toBe("kwok-node-0");
    expect(pods.items[0].status.phase).toBe("Succeeded");

    await waitFor(async () => {
      const d = await getJson<{ status: { conditions?: Condition[]; availableReplicas?: number } }>(["get", "deployment", "go-todo-deployment", "-n", "go-todo"]);
      return d.status.conditions?.some((c) => c.type === "Available" && c.status === "True") && d.status.availableReplicas === 1;
    }, 90_000);
  });

  it("applyYaml reports kubectl's error for an invalid object", async () => {
    await expect(applyYaml("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Not_Valid\n", "go-todo")).rejects.toThrow(/invalid/i);
  });
});
