// Loaded first by the production server (scripts/gate-standalone.mjs puts a require of it at
// the top of Next's standalone server.js). Next starts listening before it loads
// instrumentation.ts, which installs the request checks (lib/http/server.ts); a request of
// those first moments would reach the app unchecked. Until the checks are installed, requests
// are held here; lib/http/server.ts replays them through the checks.
"use strict";
const http = require("node:http"); // eslint-disable-line @typescript-eslint/no-require-imports -- plain CommonJS, loaded before Next

const INSTALLED = Symbol.for("rolecall.http.server");
const HELD = Symbol.for("rolecall.http.held");
const proto = http.Server.prototype;
if (!globalThis[HELD]) {
  const held = (globalThis[HELD] = []);
  const emit = proto.emit;
  proto.emit = function (event, ...args) {
    if (event === "request" && !proto[INSTALLED]) {
      held.push([this, args]);
      return true;
    }
    return emit.call(this, event, ...args);
  };
}
