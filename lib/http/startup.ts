import "server-only";
import { readAccessConfig } from "@/lib/auth/config";
import { log } from "@/lib/log";

/** Access settings at start; a dropped ROLECALL_FRAME_ANCESTORS entry would otherwise go unnoticed (the CSP just omits it). */
export function logStartupSettings(env: Record<string, string | undefined>): void {
  const c = readAccessConfig(env);
  if (c.rejectedFrameAncestors.length > 0) {
    log.warn(
      { rejected: c.rejectedFrameAncestors, frameAncestors: c.frameAncestors },
      "ROLECALL_FRAME_ANCESTORS: entries ignored (each must be 'self', 'none' or an http(s) origin without a path)",
    );
  }
  log.info({ auth: c.mode, frameAncestors: c.frameAncestors, ...(c.allowedGroups ? { allowedGroups: c.allowedGroups } : {}) }, "access settings");
}
