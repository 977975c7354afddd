/**
 * The platform scenario is accepted by the real API server and its pieces behave as
 * examples/platform/README.md says: real RBAC decisions, real controllers, kwok stages.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { getJson, kubectl, seed, waitFor, type Condition } from "./testing";

/** kubectl auth can-i's answer ("yes" / "no"); the authorizer may append " - <reason>". */
async function canI(as: string, ...args: string[]): Promise<string> {
  return (await canIFull(as, ...args)).split(" ")[0];
}

async function canIFull(as: string, ...args: string[]): Promise<string> {
  return (await kubectl(["auth", "can-i", ...args, `--as=${as}`])).stdout.trim();
}

const sa = (ns: string, name: string) => `system:serviceaccount:${ns}:${name}`;

describe("platform scenario", () => {
  beforeAll(async () => {
    await seed("platform");
    // a second apply is harmless
    await seed("platform");
  });

  it("RBAC: CI runner broad, monitoring read-only everywhere, group grant, default SA, missing roles", async () => {
    expect(await canI(sa("ci", "ci-runner"), "delete", "secrets", "-n", "billing")).toBe("yes");
    expect(await canI(sa("monitoring", "prometheus"), "list", "pods", "--all-namespaces")).toBe("yes");
    expect(await canI(sa("monitoring", "prometheus"), "delete", "pods", "-n", "shop")).toBe("no");
    expect(await canI(sa("monitoring", "prometheus"), "get", "/metrics")).toBe("yes");
    // every SA of shop, via the group system:serviceaccounts:shop
    expect(await canI(sa("shop", "default"), "list", "deployments", "-n", "shop")).toBe("yes");
    expect(await canI(sa("shop", "default"), "list", "deployments", "-n", "billing")).toBe("no");
    expect(await canI(sa("legacy", "default"), "create", "deployments", "-n", "legacy")).toBe("yes");
    // bindings to missing roles grant nothing
    expect(await canIFull(sa("billing", "default"), "get", "pods", "-n", "billing")).toMatch(/^no - .*role.* "auditor" not found/);
    expect(await canI(sa("legacy", "backup"), "list", "secrets", "-n", "legacy")).toBe("no");
    // the waiter lacks what its wait needs
    expect(await canI(sa("analytics", "analytics-backfill"), "get", "jobs", "-n", "analytics")).toBe("no");
    expect(await canI(sa("analytics", "analytics-backfill"), "get", "pods", "-n", "analytics")).toBe("yes");
  });

  it("the clusterrole-aggregation controller fills shop-operator", async () => {
    await waitFor(async () => {
      const cr = await getJson<{ rules?: { resources?: string[] }[] }>(["get", "clusterrole", "shop-operator"]);
      const resources = (cr.rules ?? []).flatMap((r) => r.resources ?? []);
      return resources.includes("deployments") && resources.includes("cronjobs");
    }, 30_000);
    expect(await canI(sa("shop", "shop-operator"), "create", "jobs", "-n", "shop")).toBe("yes");
  });

  it("the chain runs: migration Job completes, API and worker become available", async () => {
    await waitFor(async () => {
      const job = await getJson<{ status: { conditions?: Condition[] } }>(["get", "job", "shop-db-migrate", "-n", "shop"]);
      return job.status.conditions?.some((c) => c.type === "Complete" && c.status === "True");
    }, 90_000);
    for (const name of ["shop-api", "shop-worker"]) {
      await waitFor(async () => {
        const d = await getJson<{ status: { conditions?: Condition[] } }>(["get", "deployment", name, "-n", "shop"]);
        return d.status.conditions?.some((c) => c.type === "Available" && c.status === "True");
      }, 90_000);
    }
  });

  it("the labelled Job fails through the job controller", async () => {
    await waitFor(async () => {
      const job = await getJson<{ status: { conditions?: Condition[]; failed?: number } }>(["get", "job", "billing-migrate", "-n", "billing"]);
      return job.status.conditions?.some((c) => c.type === "Failed" && c.status === "True");
    }, 90_000);
  });

  it("stuck waiters: deadlocked pods stay in Init, the forbidden waiter crash-loops", async () => {
    type Pod = { status: { phase: string; initContainerStatuses?: { state: { running?: object; waiting?: { reason: string } }; lastState?: { terminated?: { message?: string } } }[] } };
    const pods = (ns: string, app: string) => getJson<{ items: Pod[] }>(["get", "pods", "-n", ns, "-l", `app=${app}`]);
    for (const app of ["legacy-auth", "legacy-sessions"]) {
      await waitFor(async () => (await pods("legacy", app)).items.some((p) => p.status.phase === "Pending" && p.status.initContainerStatuses?.[0]?.state.running), 60_000);
    }
    const backfill = await waitFor(async () => {
      const items = (await pods("analytics", "analytics-backfill")).items;
      return items.find((p) => p.status.initContainerStatuses?.[0]?.state.waiting?.reason === "CrashLoopBackOff");
    }, 60_000);
    expect(backfill.status.initContainerStatuses?.[0]?.lastState?.terminated?.message).toMatch(/Forbidden/);
    const deadlocked = await getJson<{ status: { availableReplicas?: number } }>(["get", "deployment", "legacy-auth", "-n", "legacy"]);
    expect(deadlocked.status.availableReplicas ?? 0).toBe(0);
  });
});
