// Wait parsers: one simple command (already expanded) → the waits it performs.
// Each tool's grammar as the tool itself accepts it; parsers.test.ts holds a case per form.
import { parseLabelSelector } from "@/lib/k8s/selectors";
import { parseScript, type VarLookup } from "./shell";
import type { RbacNeed, Wait, WaitTarget } from "./types";

export interface ParseContext {
  /** The pod's namespace (default for kubectl-based waits and short host names). */
  namespace: string;
  container: string;
  image?: string;
  /** The command as written, for display (redacted later). */
  command: string;
  /** Shell variable lookup (env, pod namespace); also for tools that read env (PGHOST). */
  env?: VarLookup;
  /** Network probes (nc, curl…) count as waits only in init containers or loop conditions. */
  probesAreWaits: boolean;
}

type Partial_ = Omit<Wait, "container" | "image" | "command">;

const base = (s: string) => s.slice(s.lastIndexOf("/") + 1);

/** Drops `VAR=x`, `exec`, `env …`, `timeout 60`, `nohup`, `command`, `busybox` prefixes. */
export function unwrap(argv: string[]): string[] {
  let a = argv;
  for (let guard = 0; guard < 8 && a.length; guard++) {
    const w = base(a[0]);
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(a[0])) a = a.slice(1);
    else if (w === "exec" || w === "nohup" || w === "command" || w === "busybox" || w === "sudo") a = a.slice(1);
    else if (w === "env") {
      a = a.slice(1);
      while (a.length && (a[0].startsWith("-") || /^[A-Za-z_][A-Za-z0-9_]*=/.test(a[0]))) a = a.slice(1);
    } else if (w === "timeout") {
      a = a.slice(1);
      while (a.length && a[0].startsWith("-")) a = a.slice(a[0] === "-s" || a[0] === "-k" ? 2 : 1);
      a = a.slice(1); // duration
    } else break;
  }
  return a;
}

// ---- kubectl-style flags ----

interface Flags {
  positional: string[];
  namespace?: string;
  allNamespaces: boolean;
  selector?: string;
  values: Map<string, string>;
}

const KUBECTL_BOOL = new Set([
  "-A", "--all-namespaces", "--all", "-w", "--watch", "--insecure-skip-tls-verify", "--local", "--ignore-not-found", "--no-headers", "-q", "--quiet",
]);

function parseKubectlFlags(args: string[]): Flags {
  const f: Flags = { positional: [], allNamespaces: false, values: new Map() };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      f.positional.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith("-") || a === "-") {
      f.positional.push(a);
      continue;
    }
    let name: string;
    let value: string | undefined;
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      name = eq < 0 ? a : a.slice(0, eq);
      if (eq >= 0) value = a.slice(eq + 1);
    } else {
      name = a.slice(0, 2);
      if (a.length > 2) value = a[2] === "=" ? a.slice(3) : a.slice(2);
    }
    if (KUBECTL_BOOL.has(name)) {
      if (name === "-A" || name === "--all-namespaces") f.allNamespaces = value === undefined || value === "true";
      f.values.set(name, value ?? "true");
      continue;
    }
    if (value === undefined) value = args[++i] ?? "";
    if (name === "-n" || name === "--namespace") f.namespace = value;
    else if (name === "-l" || name === "--selector") f.selector = value;
    f.values.set(name, value);
  }
  return f;
}

/** kubectl resource names → kind, resource, group. */
const RESOURCES: Record<string, [kind: string, resource: string, group: string]> = {};
for (const [kind, resource, group, ...aliases] of [
  ["Job", "jobs", "batch", "job"],
  ["Pod", "pods", "", "pod", "po"],
  ["Service", "services", "", "service", "svc"],
  ["Deployment", "deployments", "apps", "deployment", "deploy"],
  ["StatefulSet", "statefulsets", "apps", "statefulset", "sts"],
  ["DaemonSet", "daemonsets", "apps", "daemonset", "ds"],
  ["ReplicaSet", "replicasets", "apps", "replicaset", "rs"],
  ["CronJob", "cronjobs", "batch", "cronjob", "cj"],
]) {
  for (const n of [resource, ...aliases, `${resource}.${group || "core"}`, `${kind.toLowerCase()}.${group || "core"}`]) RESOURCES[n] = [kind, resource, group];
  if (group) for (const n of [resource, ...aliases]) RESOURCES[`${n}.${group}`] = [kind, resource, group];
}
export function resourceOf(name: string): [kind: string, resource: string, group: string] | undefined {
  return RESOURCES[name.toLowerCase().replace(/\.v1$/, "")];
}
export function resourceOfKind(kind: string): [string, string, string] | undefined {
  return RESOURCES[kind.toLowerCase()];
}

function objectTarget(kind: string, ns: string | null, name?: string, selectorText?: string): WaitTarget {
  const t: WaitTarget = { type: "object", kind, namespace: ns };
  if (name !== undefined) t.name = name;
  if (selectorText !== undefined) {
    t.selectorText = selectorText;
    const sel = parseLabelSelector(selectorText);
    if (sel.ok) t.selector = sel.selector;
    else t.selectorError = sel.error;
  }
  return t;
}

function needs(verbs: string[], resource: string, group: string, ns: string | null, name?: string): RbacNeed[] {
  return verbs.map((verb) => ({ verb, resource, apiGroup: group, namespace: ns, ...(name && verb === "get" ? { name } : {}) }));
}

// ---- groundnuty/k8s-wait-for ----
const WAIT_FOR_MODES = new Set(["pod", "pod-we", "pod-wr", "service", "job", "job-we", "job-wr"]);

function parseK8sWaitFor(args: string[], ctx: ParseContext): Partial_[] {
  const mode = args[0];
  if (!mode || !WAIT_FOR_MODES.has(mode)) return [];
  let rest = args.slice(1);
  let name: string | undefined;
  let selector: string | undefined;
  const t = rest[0] ?? "";
  if (t === "-l" || t === "--selector") {
    selector = rest[1] ?? "";
    rest = rest.slice(2);
  } else if (t.startsWith("--selector=")) {
    selector = t.slice("--selector=".length);
    rest = rest.slice(1);
  } else if (t.startsWith("-l")) {
    selector = t.slice(2).replace(/^=/, "");
    rest = rest.slice(1);
  } else if (t) {
    name = t;
    rest = rest.slice(1);
  } else return [];
  const f = parseKubectlFlags(rest);
  if (f.selector !== undefined && selector === undefined && name === undefined) selector = f.selector;
  const ns = f.allNamespaces ? null : (f.namespace ?? ctx.namespace);
  const kind = mode.startsWith("pod") ? "Pod" : mode === "service" ? "Service" : "Job";
  let n: RbacNeed[];
  if (kind === "Pod") n = name ? needs(["get"], "pods", "", ns, name) : needs(["list"], "pods", "", ns);
  else if (kind === "Service") n = [...needs(["get"], "services", "", ns, name), ...needs(["list"], "pods", "", ns)];
  else n = name ? needs(["get"], "jobs", "batch", ns, name) : needs(["list"], "jobs", "batch", ns);
  return [
    {
      tool: "k8s-wait-for",
      mode,
      mechanism: `k8s-wait-for ${mode}`,
      target: objectTarget(kind, ns, name, selector),
      usesApi: true,
      needs: n,
    },
  ];
}

// ---- kubectl wait / rollout status ----
function parseKubectl(args: string[], ctx: ParseContext): Partial_[] {
  const f = parseKubectlFlags(args);
  const p = f.positional;
  let resources: string[];
  let tool: Wait["tool"];
  if (p[0] === "wait") {
    tool = "kubectl-wait";
    resources = p.slice(1);
  } else if (p[0] === "rollout" && p[1] === "status") {
    tool = "kubectl-rollout";
    resources = p.slice(2);
  } else return [];
  const ns = f.allNamespaces ? null : (f.namespace ?? ctx.namespace);
  const forCond = f.values.get("--for");
  const out: Partial_[] = [];
  const add = (res: [string, string, string], name?: string) => {
    out.push({
      tool,
      ...(forCond ? { mode: forCond } : {}),
      mechanism: tool === "kubectl-wait" ? "kubectl wait" : "kubectl rollout status",
      target: objectTarget(res[0], ns, name, name === undefined ? (f.selector ?? (f.values.has("--all") ? "" : undefined)) : undefined),
      usesApi: true,
      needs: needs(["get", "list", "watch"], res[1], res[2], ns, name),
    });
  };
  let current: [string, string, string] | undefined;
  let named = false;
  for (const r of resources) {
    const slash = r.indexOf("/");
    if (slash > 0) {
      const res = resourceOf(r.slice(0, slash));
      if (res) add(res, r.slice(slash + 1));
      current = undefined;
      named = true;
    } else if (current) {
      add(current, r);
      named = true;
    } else {
      current = resourceOf(r.split(",")[0]);
      named = false;
    }
  }
  if (current && !named) add(current); // `kubectl wait pod -l app=pg`
  return out;
}

// ---- host:port parsing ----
export interface Address {
  scheme?: string;
  host: string;
  port?: number;
}

const DEFAULT_PORTS: Record<string, number> = {
  http: 80, https: 443, tcp: 0, postgres: 5432, postgresql: 5432, mysql: 3306, redis: 6379, rediss: 6379,
  mongodb: 27017, amqp: 5672, amqps: 5671, kafka: 9092, nats: 4222,
};

/** `scheme://user:pass@host:port/path`, `host:port`, `user:pass@tcp(host:port)/db`, `host=… port=…`. */
export function parseAddress(text: string, defaultScheme?: string): Address | undefined {
  const s = text.trim();
  if (!s) return undefined;
  const mysql = /@(?:tcp|unix)\(([^):]*)(?::(\d+))?\)/.exec(s);
  if (mysql) return { scheme: "mysql", host: mysql[1], port: mysql[2] ? Number(mysql[2]) : 3306 };
  if (/(^|\s)host=/.test(s)) {
    const host = /(?:^|\s)host=(\S+)/.exec(s)?.[1] ?? "";
    const port = /(?:^|\s)port=(\d+)/.exec(s)?.[1];
    return { scheme: defaultScheme, host, port: port ? Number(port) : defaultScheme ? DEFAULT_PORTS[defaultScheme] : undefined };
  }
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(?:[^@/]*@)?(\[[^\]]*\]|[^:/?#,]*)(?::([^/?#,]*))?/i.exec(s);
  if (!m) return undefined;
  const scheme = (m[1] ?? defaultScheme)?.toLowerCase();
  const host = m[2];
  if (!host) return undefined;
  let port: number | undefined;
  if (m[3] !== undefined && /^\d+$/.test(m[3])) port = Number(m[3]);
  else if (scheme && DEFAULT_PORTS[scheme]) port = DEFAULT_PORTS[scheme];
  return { scheme, host, port };
}

function hostTarget(a: Address): WaitTarget {
  return { type: "host", host: a.host, ...(a.port !== undefined ? { port: a.port } : {}), ...(a.scheme ? { scheme: a.scheme } : {}) };
}
function netWait(tool: Wait["tool"], mechanism: string, a: Address): Partial_ {
  return { tool, mechanism, target: hostTarget(a), usesApi: false, needs: [] };
}
const portLabel = (p: number | undefined) => (p === undefined ? "" : ` ${p}`);

// ---- wait-for-it / wait-for ----
function parseWaitForIt(args: string[]): Partial_[] {
  let host: string | undefined;
  let port: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") break;
    if (a === "-h") host = args[++i];
    else if (a === "-p") port = args[++i];
    else if (a.startsWith("--host=")) host = a.slice(7);
    else if (a.startsWith("--port=")) port = a.slice(7);
    else if (a === "-t" || a === "--timeout") i++;
    else if (a.startsWith("-")) continue;
    else if (host === undefined) {
      const addr = parseAddress(a, a.includes("://") ? undefined : "tcp");
      if (addr) {
        host = addr.host;
        if (addr.port) port = String(addr.port);
      }
    }
  }
  if (!host) return [];
  const p = port && /^\d+$/.test(port) ? Number(port) : undefined;
  return [netWait("wait-for-it", `tcp${portLabel(p)}`, { scheme: "tcp", host, port: p })];
}

// ---- dockerize ----
function parseDockerize(args: string[]): Partial_[] {
  const out: Partial_[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    let url: string | undefined;
    if (a === "-wait" || a === "--wait") url = args[++i];
    else if (a.startsWith("-wait=") || a.startsWith("--wait=")) url = a.slice(a.indexOf("=") + 1);
    else if (a.startsWith("-") && !a.includes("=") && ["-timeout", "--timeout", "-wait-retry-interval", "-wait-http-header", "--wait-http-header", "-template", "-stdout", "-stderr", "-delims"].includes(a)) i++;
    else if (!a.startsWith("-")) break; // the command dockerize runs
    if (!url) continue;
    const addr = parseAddress(url);
    if (!addr || addr.scheme === "unix" || addr.scheme === "file") continue;
    const kind = addr.scheme === "http" || addr.scheme === "https" ? "http" : "tcp";
    out.push(netWait("dockerize", `${kind}${portLabel(addr.port)}`, addr));
  }
  return out;
}

// ---- DNS, nc, pg_isready, curl, wget, mysqladmin, redis-cli ----
function firstPositional(args: string[], valueFlags: Set<string>): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") return args[i + 1];
    if (a.startsWith("-") && a.length > 1) {
      if (valueFlags.has(a)) i++;
      continue;
    }
    return a;
  }
  return undefined;
}

function parseDnsTool(tool: string, args: string[]): Partial_[] {
  let name: string | undefined;
  if (tool === "getent") name = args[0] === "hosts" || args[0] === "ahosts" ? args[1] : undefined;
  else if (tool === "dig") name = args.find((a) => !a.startsWith("-") && !a.startsWith("@") && !a.startsWith("+") && !/^(A|AAAA|SRV|CNAME|ANY|TXT|MX|NS)$/i.test(a));
  else name = firstPositional(args, new Set(["-t", "-W", "-type", "-port", "-timeout", "-retry"]));
  if (!name || name.startsWith("-")) return [];
  return [{ tool: "dns", mechanism: "dns", target: { type: "host", host: name }, usesApi: false, needs: [] }];
}

// nc/ncat long options that take a value (ncat --proxy-auth user:password is no host)
const NC_VALUE_FLAGS = new Set(
  "wait source source-port proxy proxy-auth proxy-type proxy-dns exec sh-exec lua-exec idle-timeout delay max-conns allow allowfile deny denyfile output hex-dump ssl-cert ssl-key ssl-trustfile ssl-ciphers ssl-servername ssl-alpn"
    .split(" ")
    .map((f) => `--${f}`),
);
function parseNc(args: string[]): Partial_[] {
  let zero = false;
  const pos: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (/^-[A-Za-z0-9]+$/.test(a)) {
      if (a.includes("z")) zero = true;
      const last = a[a.length - 1];
      if ("wipsqxXIOTV".includes(last) && a.length === 2) i++;
      continue;
    }
    if (a.startsWith("--")) {
      if (NC_VALUE_FLAGS.has(a)) i++;
      if (a === "--zero") zero = true;
      continue;
    }
    pos.push(a);
  }
  if (!zero || pos.length < 1) return [];
  let host = pos[0];
  let port = pos[1];
  if (port === undefined && host.includes(":")) [host, port] = host.split(":");
  const p = port && /^\d+$/.test(port) ? Number(port) : undefined;
  return [netWait("nc", `tcp${portLabel(p)}`, { scheme: "tcp", host, port: p })];
}

function parsePgIsReady(args: string[], ctx: ParseContext): Partial_[] {
  let host: string | undefined = ctx.env?.("PGHOST");
  let port: string | undefined = ctx.env?.("PGPORT");
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const take = () => (a.includes("=") ? a.slice(a.indexOf("=") + 1) : a.length > 2 && !a.startsWith("--") ? a.slice(2) : args[++i]);
    if (a === "-h" || a.startsWith("--host") || (a.startsWith("-h") && a.length > 2)) host = take();
    else if (a === "-p" || a.startsWith("--port") || (a.startsWith("-p") && a.length > 2)) port = take();
    else if (a === "-d" || a.startsWith("--dbname")) {
      const d = take() ?? "";
      if (d.includes("://") || d.includes("host=")) {
        const addr = parseAddress(d, "postgres");
        if (addr) {
          host = addr.host;
          if (addr.port) port = String(addr.port);
        }
      }
    } else if (a === "-U" || a === "-t" || a === "--username" || a === "--timeout") i++;
  }
  if (!host || host.startsWith("/")) return [];
  const p = port && /^\d+$/.test(port) ? Number(port) : 5432;
  return [netWait("pg_isready", `pg_isready ${p}`, { scheme: "postgres", host, port: p })];
}

// Every option that takes a value (curl 8 `--help all`, wget 1.21 `--help`): a flag's value is
// never the URL, so `curl --pass SECRET http://x` waits on x, not on a Service named SECRET.
const CURL_VALUE_SHORT = "EKCbcdDFPHmoQreXtzTuAwUYyx";
const CURL_VALUE_FLAGS = new Set(
  (
    "abstract-unix-socket alt-svc aws-sigv4 cacert capath cert cert-type ciphers config connect-timeout connect-to continue-at cookie cookie-jar " +
    "create-file-mode crlfile curves data data-ascii data-binary data-raw data-urlencode delegation dns-interface dns-ipv4-addr dns-ipv6-addr " +
    "dns-servers doh-url dump-header ech egd-file engine etag-compare etag-save expect100-timeout form form-string ftp-account " +
    "ftp-alternative-to-user ftp-method ftp-port ftp-ssl-ccc-mode happy-eyeballs-timeout-ms header hostpubmd5 hostpubsha256 hsts interface " +
    "ip-tos ipfs-gateway json keepalive-cnt keepalive-time key key-type knownhosts krb libcurl limit-rate local-port login-options mail-auth " +
    "mail-from mail-rcpt max-filesize max-redirs max-time netrc-file noproxy oauth2-bearer output output-dir parallel-max pass pinnedpubkey " +
    "preproxy proto proto-default proto-redir proxy proxy-cacert proxy-capath proxy-cert proxy-cert-type proxy-ciphers proxy-crlfile " +
    "proxy-header proxy-key proxy-key-type proxy-pass proxy-pinnedpubkey proxy-service-name proxy-tls13-ciphers proxy-tlsauthtype " +
    "proxy-tlspassword proxy-tlsuser proxy-user pubkey quote random-file range rate referer request request-target resolve retry retry-delay " +
    "retry-max-time sasl-authzid service-name sigalgs socks4 socks4a socks5 socks5-gssapi-service socks5-hostname speed-limit speed-time " +
    "ssl-sessions stderr telnet-option tftp-blksize time-cond tls-max tls13-ciphers tlsauthtype tlspassword tlsuser trace trace-ascii " +
    "trace-config unix-socket upload-file url url-query user user-agent variable vlan-priority write-out"
  )
    .split(" ")
    .map((f) => `--${f}`),
);
const WGET_VALUE_SHORT = "eoaiBtOTwQPUlARDIXY";
const WGET_VALUE_FLAGS = new Set(
  (
    "execute output-file append-output report-speed input-file base config rejected-log tries retry-on-http-error output-document start-pos " +
    "progress timeout dns-timeout connect-timeout read-timeout wait waitretry quota bind-address limit-rate restrict-file-names prefer-family " +
    "user password use-askpass local-encoding remote-encoding directory-prefix cut-dirs http-user http-password default-page header compression " +
    "proxy-user proxy-password referer user-agent load-cookies save-cookies post-data post-file method body-data body-file secure-protocol " +
    "certificate certificate-type private-key private-key-type ca-certificate ca-directory crl-file pinnedpubkey ciphers ftp-user ftp-password " +
    "warc-file warc-header warc-max-size warc-dedup warc-tempdir level backups accept reject accept-regex reject-regex regex-type domains " +
    "exclude-domains follow-tags ignore-tags include-directories exclude-directories"
  )
    .split(" ")
    .map((f) => `--${f}`),
);

function parseHttpTool(tool: "curl" | "wget", args: string[]): Partial_[] {
  const [short, long] = tool === "curl" ? [CURL_VALUE_SHORT, CURL_VALUE_FLAGS] : [WGET_VALUE_SHORT, WGET_VALUE_FLAGS];
  const urls: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--url") {
      if (args[i + 1] !== undefined) urls.push(args[++i]);
      continue;
    }
    if (a === "--") {
      urls.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      if (!a.includes("=") && long.has(a)) i++;
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      // -fsSL, -fsSu user:pw, -uuser:pw, -H'x: y': the first value-taking letter takes the rest or the next word
      for (let k = 1; k < a.length; k++) {
        if (!short.includes(a[k])) continue;
        if (k === a.length - 1) i++;
        break;
      }
      continue;
    }
    urls.push(a);
  }
  // A URL with a scheme beats a bare word, which may be the value of an option we do not know.
  const url = urls.find((u) => u.includes("://")) ?? urls[0];
  if (!url) return [];
  const addr = parseAddress(url, "http");
  if (!addr) return [];
  return [netWait(tool, `${addr.scheme === "https" ? "https" : "http"}${portLabel(addr.port)}`, addr)];
}

function parseHostPortFlags(tool: string, args: string[], defaultPort: number, portFlag: string): Partial_[] {
  let host: string | undefined;
  let port: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-h" || a === "--host") host = args[++i];
    else if (a.startsWith("--host=")) host = a.slice(7);
    else if (a.startsWith("-h") && a.length > 2) host = a.slice(2);
    else if (a === portFlag || a === "--port") port = args[++i];
    else if (a.startsWith("--port=")) port = a.slice(7);
    else if (a.startsWith(portFlag) && a.length > 2) port = a.slice(2);
  }
  if (!host || host.startsWith("/")) return [];
  const p = port && /^\d+$/.test(port) ? Number(port) : defaultPort;
  return [netWait("other-net", `${tool} ${p}`, { scheme: "tcp", host, port: p })];
}

// ---- wait4x ----
const WAIT4X_BOOL = new Set(["--invert-check", "-q", "--quiet", "--no-color", "--insecure-skip-tls-verify", "-h", "--help"]);
const WAIT4X_SCHEMES: Record<string, string> = {
  tcp: "tcp", http: "http", postgresql: "postgres", mysql: "mysql", redis: "redis", mongodb: "mongodb",
  rabbitmq: "amqp", kafka: "kafka", influxdb: "http", temporal: "tcp", nats: "nats",
};
function parseWait4x(args: string[]): Partial_[] {
  const pos: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") break;
    if (a.startsWith("-")) {
      if (!a.includes("=") && !WAIT4X_BOOL.has(a)) i++;
      continue;
    }
    pos.push(a);
  }
  const sub = pos[0];
  const scheme = sub ? WAIT4X_SCHEMES[sub] : undefined;
  if (!scheme) return [];
  const out: Partial_[] = [];
  for (const t of pos.slice(1)) {
    const addr = parseAddress(t, scheme);
    if (!addr) continue;
    out.push(netWait("wait4x", `wait4x ${sub}${portLabel(addr.port)}`, addr));
  }
  return out;
}

/** The waits one simple command performs. */
export function parseCommand(argv: string[], ctx: ParseContext, depth = 0): Wait[] {
  const a = unwrap(argv);
  if (!a.length) return [];
  const tool = base(a[0]);
  const args = a.slice(1);
  // `timeout 300 sh -c '…'`: a nested script
  if (/^(sh|bash|ash|dash|zsh)$/.test(tool) && depth < 3) {
    const c = args.findIndex((x) => /^-[a-z]*c[a-z]*$/.test(x));
    if (c >= 0 && args[c + 1] !== undefined) {
      return parseScript(args[c + 1], ctx.env ?? (() => undefined)).flatMap((cmd) =>
        parseCommand(cmd.argv, { ...ctx, probesAreWaits: ctx.probesAreWaits || cmd.inLoopCondition }, depth + 1),
      );
    }
    return [];
  }
  let found: Partial_[] = [];
  if (tool === "wait_for.sh" || tool === "wait_for" || tool === "k8s-wait-for") found = parseK8sWaitFor(args, ctx);
  else if (tool === "kubectl" || tool === "oc") found = parseKubectl(args, ctx);
  else if (/^wait-for-it(\.sh)?$/.test(tool) || /^wait-for(\.sh)?$/.test(tool)) found = parseWaitForIt(args);
  else if (tool === "dockerize") found = parseDockerize(args);
  else if (tool === "wait4x") found = parseWait4x(args);
  else if (ctx.probesAreWaits) {
    if (tool === "nslookup" || tool === "host" || tool === "dig" || tool === "getent") found = parseDnsTool(tool, args);
    else if (tool === "nc" || tool === "netcat" || tool === "ncat") found = parseNc(args);
    else if (tool === "pg_isready") found = parsePgIsReady(args, ctx);
    else if (tool === "curl" || tool === "wget") found = parseHttpTool(tool, args);
    else if (tool === "mysqladmin") found = parseHostPortFlags("mysql", args, 3306, "-P");
    else if (tool === "redis-cli") found = parseHostPortFlags("redis", args, 6379, "-p");
  }
  // One object shape for every wait (fast property access in the graph and diagnostics).
  return found.map((w) => ({
    tool: w.tool,
    mode: w.mode,
    mechanism: w.mechanism,
    container: ctx.container,
    image: ctx.image,
    target: w.target,
    unresolved: undefined,
    command: ctx.command,
    usesApi: w.usesApi,
    needs: w.needs,
  }));
}
