import "server-only";
import pino from "pino";

// One process-wide logger. Plain JSON to stdout (no transports: worker threads do not
// survive Next's server bundling). Authorization headers and tokens are redacted in case a
// caller ever logs request options; callers should not log them in the first place.
export const log = pino({
  level: process.env.ROLECALL_LOG_LEVEL ?? "info",
  base: { app: "rolecall" },
  redact: {
    paths: ["headers.authorization", "headers.Authorization", "token", "*.token", "password", "*.password"],
    censor: "[redacted]",
  },
});

export type Logger = typeof log;
