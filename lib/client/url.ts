"use client";
// Every view is a URL: the namespace and the filters live in the query string.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";

/** The namespace selected in the frame (`?namespace=`), undefined for all namespaces. */
export function useNamespace(): string | undefined {
  return useSearchParams().get("namespace") || undefined;
}

/** Replaces some query parameters of the current URL (undefined or "" removes one), without scrolling. */
export function useSetParams() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  return useCallback(
    (patch: Record<string, string | undefined>, mode: "replace" | "push" = "replace") => {
      const next = new URLSearchParams(params.toString());
      for (const [k, v] of Object.entries(patch)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      const s = next.toString();
      router[mode](s ? `${pathname}?${s}` : pathname, { scroll: false });
    },
    [router, pathname, params],
  );
}

/** A link target that keeps the frame's shared parameters (namespace, embed). */
export function withFrameParams(href: string, params: URLSearchParams): string {
  const keep = new URLSearchParams();
  for (const k of ["namespace", "embed"]) {
    const v = params.get(k);
    if (v) keep.set(k, v);
  }
  const s = keep.toString();
  if (!s) return href;
  const [path, hash] = href.split("#");
  const joined = path.includes("?") ? `${path}&${s}` : `${path}?${s}`;
  return hash ? `${joined}#${hash}` : joined;
}

/**
 * Updates query parameters in place through the History API (Next keeps useSearchParams in
 * sync) without a server round trip: for filters typed into a box, a sort click, a form's
 * question. A list sets a repeated parameter.
 */
export function replaceParamsInPlace(patch: Patch) {
  // Next hears history writes only once its router's effect has patched replaceState. A choice
  // made while the page hydrates, before that, changed the URL alone: the select snapped back,
  // nothing was asked, and Next later wrote its own URL back. Such writes wait for the patch,
  // merged into one (applied in turn, patches touch their own keys: the later one wins), so
  // that they land in order.
  if (waiting || (isNative(window.history.replaceState) && ticksLeft > 0)) {
    if (!waiting) setTimeout(writeWhenNextListens, TICK_MS);
    waiting = { ...waiting, ...patch };
    return;
  }
  write(patch);
}

type Patch = Record<string, string | readonly string[] | undefined>;
const TICK_MS = 20;
/** The patch waiting for Next's router, if any. */
let waiting: Patch | undefined;
/** Ticks left to wait for Next's router (~2 s in all, then the URL is written regardless). */
let ticksLeft = 100;

function writeWhenNextListens() {
  if (isNative(window.history.replaceState) && --ticksLeft > 0) {
    setTimeout(writeWhenNextListens, TICK_MS);
    return;
  }
  const patch = waiting!;
  waiting = undefined;
  write(patch);
}

function write(patch: Patch) {
  const url = new URL(window.location.href);
  for (const [k, v] of Object.entries(patch)) {
    url.searchParams.delete(k);
    if (typeof v === "string") {
      if (v) url.searchParams.set(k, v);
    } else if (v) for (const x of v) url.searchParams.append(k, x);
  }
  // A null state: Next treats a state carrying its own markers as internal and would not
  // sync useSearchParams with the new URL.
  window.history.replaceState(null, "", url);
}

/** Whether a function is the browser's own (Next's patch is not). */
function isNative(f: (...args: never[]) => unknown): boolean {
  return Function.prototype.toString.call(f).includes("[native code]");
}
