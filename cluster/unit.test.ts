import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { compareGoVersions, parseGoMod, pinnedVersions } from "./binaries";
import { renderKubeconfig, writeKubeconfig } from "./kubeconfig";
import { freePort, freePorts, isListening } from "./ports";
import { isOurProcess, tailFile } from "./proc";
import { seedCommands } from "./seed";

describe("kubeconfig writer", () => {
  it("renders one cluster, user and context with the CA inlined", () => {
    const text = renderKubeconfig({ server: "https://127.0.0.1:6443", caPem: "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n", user: { token: "abc" }, namespace: "go-todo" });
    const doc = YAML.parse(text);
    expect(doc.kind).toBe("Config");
    expect(doc.clusters).toHaveLength(1);
    expect(doc.clusters[0].cluster.server).toBe("https://127.0.0.1:6443");
    expect(Buffer.from(doc.clusters[0].cluster["certificate-authority-data"], "base64").toString()).toContain("BEGIN CERTIFICATE");
    expect(doc.users[0].user).toEqual({ token: "abc" });
    expect(doc.contexts[0].context).toEqual({ cluster: "rolecall-local", user: "admin", namespace: "go-todo" });
    expect(doc["current-context"]).toBe(doc.contexts[0].name);
  });

  it("refuses a user without credentials", () => {
    expect(() => renderKubeconfig({ server: "https://x", caPem: "", user: {} })).toThrow(/token or a client certificate/);
  });

  it("writes the file readable by its owner only", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rc-kc-"));
    const f = writeKubeconfig(path.join(dir, "sub", "kubeconfig"), { server: "https://x", caPem: "ca", user: { token: "t" } });
    expect(fs.statSync(f).mode & 0o777).toBe(0o600);
    fs.rmSync(dir, { recursive: true });
  });
});

describe("ports", () => {
  it("hands out a port nobody listens on, and distinct ports", async () => {
    const p = await freePort();
    expect(p).toBeGreaterThan(1024);
    expect(await isListening(p)).toBe(false);
    const ps = await freePorts(4);
    expect(new Set(ps).size).toBe(4);
  });

  it("sees a listening port as taken", async () => {
    const srv = net.createServer().listen(0, "127.0.0.1");
    await new Promise((r) => srv.once("listening", r));
    const port = (srv.address() as net.AddressInfo).port;
    expect(await isListening(port)).toBe(true);
    srv.close();
  });
});

describe("go.mod parsing", () => {
  it("reads the go directive and a pinned module in a require block or line", () => {
    const text = "module x\n\ngo 1.26.0\n\nrequire k8s.io/kubernetes v1.37.2\n\nrequire (\n\tgo.etcd.io/etcd/server/v3 v3.6.16\n)\n";
    expect(parseGoMod(text, "k8s.io/kubernetes")).toEqual({ goVersion: "1.26.0", version: "v1.37.2" });
    expect(parseGoMod(text, "go.etcd.io/etcd/server/v3").version).toBe("v3.6.16");
    expect(() => parseGoMod(text, "sigs.k8s.io/kwok")).toThrow();
  });

  it("the repository pins one version of each tool", () => {
    const v = pinnedVersions();
    expect(v.k8s).toMatch(/^v1\.\d+\.\d+$/);
    expect(v.etcd).toMatch(/^v3\.\d+\.\d+$/);
    expect(v.kwok).toMatch(/^v0\.\d+\.\d+$/);
  });

  it("compares Go versions", () => {
    expect(compareGoVersions("go1.26.8", "1.26.0")).toBeGreaterThan(0);
    expect(compareGoVersions("go1.25.9", "1.26.0")).toBeLessThan(0);
    expect(compareGoVersions("1.26", "1.26.0")).toBe(0);
  });
});

describe("process helpers", () => {
  it("recognises this process only with its own binary", () => {
    expect(isOurProcess(process.pid, process.execPath)).toBe(true);
    expect(isOurProcess(process.pid, "/usr/bin/definitely-not-this")).toBe(false);
    expect(isOurProcess(0, process.execPath)).toBe(false);
  });

  it("tails a log file", () => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rc-log-")), "x.log");
    fs.writeFileSync(f, Array.from({ length: 50 }, (_, i) => `line ${i}`).join("\n") + "\n");
    expect(tailFile(f, 3)).toBe("line 47\nline 48\nline 49");
    expect(tailFile(f + ".missing")).toBe("");
  });
});

describe("seed commands", () => {
  it("applies go-todo's namespace first, then everything with -n go-todo", () => {
    const cmds = seedCommands("go-todo");
    expect(cmds[0]).toEqual(["apply", "-f", expect.stringMatching(/examples\/go-todo\/namespace\.yaml$/)]);
    expect(cmds[1].slice(0, 3)).toEqual(["apply", "-n", "go-todo"]);
    expect(() => seedCommands("nope")).toThrow(/unknown scenario/);
  });
});
