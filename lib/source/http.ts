import "server-only";
import http from "node:http";
import https from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";

// Plain HTTP against the API server with client-node's KubeConfig for auth (certs, tokens,
// exec plugins, token files). client-node 1.4 has no watch back-off, so list+watch is ours.

/** A non-2xx answer from the API server (or a watch ERROR event), with its HTTP/Status code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Opens a GET and resolves with the response once headers arrive. Non-2xx → ApiError. */
export async function openGet(kc: KubeConfig, path: string, signal?: AbortSignal): Promise<http.IncomingMessage> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error("kubeconfig has no current cluster");
  const opts: https.RequestOptions = { method: "GET", headers: {} };
  await kc.applyToHTTPSOptions(opts);
  const url = new URL(cluster.server.replace(/\/+$/, "") + path);
  const headers = { ...(opts.headers as Record<string, string>), Accept: "application/json" };
  const mod = url.protocol === "http:" ? http : https;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { ...opts, headers, signal }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 200 && status < 300) return resolve(res);
      readBody(res)
        .then((body) => reject(new ApiError(status, statusMessage(body) ?? `HTTP ${status}`)))
        .catch(reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** GET and parse JSON. */
export async function getJson<T>(kc: KubeConfig, path: string, signal?: AbortSignal): Promise<T> {
  const res = await openGet(kc, path, signal);
  return JSON.parse(await readBody(res)) as T;
}

function readBody(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on("data", (c: Buffer) => chunks.push(c));
    res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    res.on("error", reject);
  });
}

/** The message of a metav1.Status body, if that is what it is. */
function statusMessage(body: string): string | undefined {
  try {
    const s = JSON.parse(body) as { kind?: string; message?: string };
    return s.kind === "Status" && s.message ? s.message : undefined;
  } catch {
    return body.slice(0, 200) || undefined;
  }
}
