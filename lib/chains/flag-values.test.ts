// A flag's value is never a wait target: each command carries a planted value as the value
// of an option; the wait found (if any) is the real target, and when the option is a
// credential the command shown does not hold it either.
import { describe, expect, it } from "vitest";
import type { PodSpec } from "@/lib/store/types";
import { templateWaits } from "./waits";

const sh = (script: string): PodSpec => ({ containers: [{ name: "main", image: "app" }], initContainers: [{ name: "wait", image: "busybox", command: ["sh", "-c", script] }] });

describe("flag values are not wait targets", () => {
  it.each([
    ["curl --pass PLANTED --cert c.pem https://api:8443/healthz", "api"],
    ["curl --proxy-pass PLANTED https://api:8443/", "api"],
    ["curl --oauth2-bearer PLANTED http://api:8080/", "api"],
    ["curl -fsSu admin:PLANTED http://api:8080/", "api"],
    ["curl -uadmin:PLANTED http://api:8080/", "api"],
    ["curl -U bob:PLANTED http://api:8080/", "api"],
    ["curl --proxy-user bob:PLANTED http://api:8080/", "api"],
    ["curl -b session=PLANTED http://api:8080/", "api"],
    ["curl --aws-sigv4 aws:amz:PLANTED http://api:8080/", "api", false],
    ["curl --tlspassword PLANTED https://api:8443/", "api"],
    ["curl -E c.pem:PLANTED https://api:8443/", "api"],
    ["curl -H 'X-Auth: PLANTED' api:8080", "api"],
    ["curl --some-future-flag PLANTED http://api:8080/", "api", false],
    ["curl --pass PLANTED api", "api"],
    ["wget --http-password PLANTED http://api:8080/", "api"],
    ["wget --proxy-password PLANTED -q http://api:8080/", "api"],
    ["wget --password=PLANTED -O- http://api:8080/", "api"],
    ["wget -e PLANTED http://api:8080/", "api", false],
    ["nc --proxy-auth bob:PLANTED --proxy p:3128 -z db 5432", "db"],
  ])("until %s", (cmd, host, secret = true) => {
    const w = templateWaits(sh(`until ${cmd}; do sleep 1; done`), "app");
    expect(w.map((x) => (x.target.type === "host" ? x.target.host : x.target.name))).toEqual([host]);
    expect(JSON.stringify(w.map((x) => x.target))).not.toContain("PLANTED");
    // a credential is redacted from the command shown too (other values are not credentials)
    if (secret) expect(JSON.stringify(w)).not.toContain("PLANTED");
  });
  it("a flag without a URL finds no wait at all", () => {
    const w = templateWaits(sh("until curl --pass PLANTED; do sleep 1; done"), "app");
    expect(w).toEqual([]);
  });
});
