// The embed rule: inside a portal iframe (`?embed=1`) every in-app link keeps `embed=1`, so a
// click never brings the app's own navigation back into the frame. Pure; used by links and
// by EmbedBridge after client-side navigations.

export const EMBED_PARAM = "embed";

export function isEmbedSearch(search: string | URLSearchParams | null | undefined): boolean {
  if (!search) return false;
  const params = typeof search === "string" ? new URLSearchParams(search) : search;
  return params.get(EMBED_PARAM) === "1";
}

/**
 * `href` with `embed=1` added when embedded. Absolute URLs to other origins, protocol-relative
 * URLs and non-http schemes are returned unchanged (they leave the app).
 */
export function withEmbed(href: string, embedded: boolean): string {
  if (!embedded) return href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("//") || href.startsWith("#")) return href;
  const hashAt = href.indexOf("#");
  const hash = hashAt === -1 ? "" : href.slice(hashAt);
  const rest = hashAt === -1 ? href : href.slice(0, hashAt);
  const qAt = rest.indexOf("?");
  const path = qAt === -1 ? rest : rest.slice(0, qAt);
  const params = new URLSearchParams(qAt === -1 ? "" : rest.slice(qAt + 1));
  if (params.get(EMBED_PARAM) === "1") return href;
  params.set(EMBED_PARAM, "1");
  return `${path}?${params.toString()}${hash}`;
}

/** The message posted to the parent window with the content height (CSS pixels). */
export interface EmbedHeightMessage {
  type: "rolecall:height";
  height: number;
  path: string;
}
