"use client";
// Mounted on every page by the frame. Once a page in an iframe was opened with `?embed=1` it
// posts the content height to the portal (so the portal can size the iframe) and puts
// `embed=1` back if a client-side navigation dropped it, so the app's navigation never
// appears inside the portal.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect } from "react";
import { isEmbedSearch, withEmbed, type EmbedHeightMessage } from "@/lib/embed/links";

// Survives client-side navigations (same JS realm), not a full reload, which carries the URL.
const session = { embedded: false };

export function EmbedBridge() {
  const pathname = usePathname();
  const search = useSearchParams();
  const router = useRouter();
  const hasParam = isEmbedSearch(search);

  useEffect(() => {
    if (window.parent === window) return;
    if (hasParam) session.embedded = true;
    if (!session.embedded) return;
    if (!hasParam) {
      const q = search.toString();
      router.replace(withEmbed(`${pathname}${q ? `?${q}` : ""}`, true));
      return;
    }
    let last = -1;
    let frame = 0;
    // The frame scrolls inside <main>, so the document is only as tall as the iframe; the
    // content's natural height is main's top plus its scroll height.
    const measure = () => {
      const main = document.querySelector("main");
      return Math.ceil(main ? main.getBoundingClientRect().top + main.scrollHeight : document.documentElement.scrollHeight);
    };
    const post = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const height = measure();
        // Before the first layout the content measures 0; a 0 would collapse the portal's
        // iframe, so wait for the next resize instead.
        if (height <= 0 || height === last) return;
        last = height;
        const msg: EmbedHeightMessage = { type: "rolecall:height", height, path: window.location.pathname };
        // Only a number and the path leave the frame, so any parent may receive them; which
        // origins may frame Rolecall at all is decided by CSP frame-ancestors.
        window.parent.postMessage(msg, "*");
      });
    };
    post();
    const ro = new ResizeObserver(post);
    ro.observe(document.body);
    const main = document.querySelector("main");
    if (main) for (const child of Array.from(main.children)) ro.observe(child);
    const mo = new MutationObserver(post);
    mo.observe(main ?? document.body, { childList: true, subtree: true, characterData: true });
    return () => {
      cancelAnimationFrame(frame);
      ro.disconnect();
      mo.disconnect();
    };
  }, [hasParam, pathname, search, router]);

  return null;
}
