// npm run k8s:bootstrap-policy — writes lib/k8s/bootstrap-policy.json from a running API
// server: every Role, ClusterRole, RoleBinding and ClusterRoleBinding labelled
// kubernetes.io/bootstrapping=rbac-defaults (what the server creates at start), without
// server-set fields. Reads KUBECONFIG, else the local control plane's (.cluster/kubeconfig):
//   npm run cluster:up && npm run k8s:bootstrap-policy
import fs from "node:fs";
import path from "node:path";
import { getJson, kubectl } from "@/cluster/testing";
import { BOOTSTRAP_LABEL, BOOTSTRAP_LABEL_VALUE, bootstrapFacts, compareBootstrapObjects } from "@/lib/k8s/bootstrap-facts";
import type { KubeObject } from "@/lib/store/types";

async function main() {
  const v = await kubectl(["version", "-o", "json"]);
  if (v.code !== 0) throw new Error(v.stderr.trim());
  const version = (JSON.parse(v.stdout) as { serverVersion?: { gitVersion?: string } }).serverVersion?.gitVersion;
  if (!version) throw new Error("the API server did not say its version");
  const list = await getJson<{ items: KubeObject[] }>(["get", "clusterroles,clusterrolebindings,roles,rolebindings", "-A", "-l", `${BOOTSTRAP_LABEL}=${BOOTSTRAP_LABEL_VALUE}`]);
  const objects = list.items.map(bootstrapFacts).sort(compareBootstrapObjects);
  // One object per line: small diffs when a new Kubernetes version changes a few.
  const text = `{\n"kubernetesVersion": ${JSON.stringify(version)},\n"objects": [\n${objects.map((o) => JSON.stringify(o)).join(",\n")}\n]\n}\n`;
  const file = path.join(__dirname, "..", "lib", "k8s", "bootstrap-policy.json");
  const same = fs.existsSync(file) && fs.readFileSync(file, "utf8") === text;
  if (!same) fs.writeFileSync(file, text);
  const count = (kind: string) => objects.filter((o) => o.kind === kind).length;
  console.log(`${path.relative(process.cwd(), file)}: ${version}, ${count("ClusterRole")} ClusterRoles, ${count("ClusterRoleBinding")} ClusterRoleBindings, ${count("Role")} Roles, ${count("RoleBinding")} RoleBindings${same ? " (unchanged)" : ""}`);
}

main().catch((e) => {
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
});
