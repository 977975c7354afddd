// Helpers for the escalation walks (escalation.int.test.ts): raw HTTPS requests to the test
// cluster's API server as a given credential (a bearer token, impersonation headers, or a client
// certificate), and a PKCS#10 certificate request built with node:crypto alone (no openssl).
import crypto from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import YAML from "yaml";
import { testKubeconfig } from "@/cluster/testing";

/** Who a request is made as. */
export type Credential = { token: string; impersonate?: { user: string; groups?: string[] } } | { cert: string; key: string };

export interface Answer {
  status: number;
  text: string;
  /** The body as JSON (`{}` when it is not JSON). */
  json: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- API objects of many kinds
}

interface KubeconfigDoc {
  clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
  users: { user: { token?: string } }[];
}

/** The API server of the test cluster, reached over HTTPS with its CA. */
export class ApiServer {
  readonly server: string;
  readonly adminToken: string;
  private readonly ca: string;

  constructor(kubeconfigPath = testKubeconfig()) {
    const doc = YAML.parse(fs.readFileSync(kubeconfigPath, "utf8")) as KubeconfigDoc;
    this.server = doc.clusters[0].cluster.server;
    this.ca = Buffer.from(doc.clusters[0].cluster["certificate-authority-data"], "base64").toString("utf8");
    const token = doc.users[0].user.token;
    if (!token) throw new Error(`the admin kubeconfig ${kubeconfigPath} has no token`);
    this.adminToken = token;
  }

  get admin(): Credential {
    return { token: this.adminToken };
  }

  /** One request; never throws on an HTTP status (look at `status`). */
  request(as: Credential, method: string, path: string, body?: unknown, opts: { contentType?: string; timeoutMs?: number } = {}): Promise<Answer> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | string[]> = { accept: "application/json" };
    if (payload) {
      headers["content-type"] = opts.contentType ?? "application/json";
      headers["content-length"] = String(payload.length);
    }
    const tls: https.RequestOptions = { ca: this.ca };
    if ("token" in as) {
      headers.authorization = `Bearer ${as.token}`;
      if (as.impersonate) {
        headers["impersonate-user"] = as.impersonate.user;
        if (as.impersonate.groups?.length) headers["impersonate-group"] = as.impersonate.groups;
      }
    } else {
      tls.cert = as.cert;
      tls.key = as.key;
    }
    const timeoutMs = opts.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const req = https.request(new URL(path, this.server), { method, headers, timeout: timeoutMs, ...tls }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json = {};
          try {
            json = JSON.parse(text) as object;
          } catch {
            /* not JSON: an upgrade refusal, a proxy error */
          }
          resolve({ status: res.statusCode ?? 0, text, json });
        });
        res.on("error", reject);
      });
      req.on("timeout", () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${method} ${path}`)));
      req.on("error", reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  /** As `request`, but throws with the status and message unless the status is 2xx. */
  async must(as: Credential, method: string, path: string, body?: unknown, opts: { contentType?: string } = {}): Promise<Answer> {
    const r = await this.request(as, method, path, body, opts);
    if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path}: HTTP ${r.status} ${r.text.slice(0, 400)}`);
    return r;
  }

  /** Who the API server takes `as` for (a SelfSubjectReview). */
  async whoAmI(as: Credential): Promise<{ username: string; groups: string[] }> {
    const r = await this.must(as, "POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" });
    const u = r.json.status?.userInfo ?? {};
    return { username: u.username ?? "", groups: u.groups ?? [] };
  }

  /** A SubjectAccessReview asked as admin: may `user` with `groups` do it? */
  async allowed(user: string, groups: string[], resourceAttributes: Record<string, string>): Promise<boolean> {
    const r = await this.must(this.admin, "POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SubjectAccessReview",
      spec: { user, groups, resourceAttributes },
    });
    return r.json.status?.allowed === true;
  }

  /** A token for a ServiceAccount from the TokenRequest API, asked as `as` (admin by default). */
  async token(namespace: string, name: string, as: Credential = this.admin): Promise<string> {
    const r = await this.must(as, "POST", `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`, {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenRequest",
      spec: { expirationSeconds: 600 },
    });
    return r.json.status.token as string;
  }
}

// ------------------------------------------------------------------ PKCS#10 (RFC 2986), DER by hand
function der(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, content]);
}
const seq = (...parts: Buffer[]) => der(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => der(0x31, Buffer.concat(parts));
const utf8 = (s: string) => der(0x0c, Buffer.from(s, "utf8"));
const OID_CN = Buffer.from([0x06, 0x03, 0x55, 0x04, 0x03]); // 2.5.4.3
const OID_O = Buffer.from([0x06, 0x03, 0x55, 0x04, 0x0a]); // 2.5.4.10
const ECDSA_SHA256 = seq(Buffer.from([0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02])); // 1.2.840.10045.4.3.2

/** A certificate request for CN=`commonName` (O=`organization` when given) with a fresh P-256 key; PEMs. */
export function certificateRequest(commonName: string, organization = ""): { csrPem: string; keyPem: string } {
  const { publicKey, privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const o = organization ? [set(seq(OID_O, utf8(organization)))] : [];
  const subject = seq(...o, set(seq(OID_CN, utf8(commonName))));
  const info = seq(der(0x02, Buffer.from([0])), subject, publicKey.export({ type: "spki", format: "der" }), Buffer.from([0xa0, 0x00]));
  const signature = crypto.sign("sha256", info, privateKey); // DER-encoded ECDSA signature
  const csr = seq(info, ECDSA_SHA256, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const b64 = csr.toString("base64").replace(/(.{64})/g, "$1\n");
  return {
    csrPem: `-----BEGIN CERTIFICATE REQUEST-----\n${b64.trimEnd()}\n-----END CERTIFICATE REQUEST-----\n`,
    keyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}
