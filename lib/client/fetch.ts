// The browser's way to read the Rolecall API: JSON, with the API's {error, field} turned into an Error.
import type { ApiErrorBody } from "@/lib/api/wire";

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { Accept: "application/json", ...init?.headers }, cache: "no-store" });
  if (!res.ok) {
    let body: Partial<ApiErrorBody> = {};
    try {
      body = (await res.json()) as ApiErrorBody;
    } catch {
      // not JSON (a proxy's error page): keep the status text
    }
    throw new ApiRequestError(res.status, body.error ?? `${res.status} ${res.statusText}`, body.field);
  }
  return (await res.json()) as T;
}

/** Retry while the store syncs (503) or the server is unreachable; not on 400/404. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiRequestError && error.status !== 503 && error.status < 500) return false;
  return failureCount < 30;
}
