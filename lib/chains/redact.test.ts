// Every form of credential a wait command may carry, each with a planted value that must not
// survive redaction; the rest of the command stays readable.
import { describe, expect, it } from "vitest";
import { redact } from "./redact";

const PLANTED = /PLANT\w*/;

describe("redact: credentials in command lines", () => {
  it.each([
    // Authorization with any scheme, and none
    ["curl -H 'Authorization: ApiKey PLANT1' http://api:8080/", "curl -H 'Authorization: ApiKey ***' http://api:8080/"],
    ["curl -H 'Authorization: Bearer PLANT1' http://api:8080/", "curl -H 'Authorization: Bearer ***' http://api:8080/"],
    ["curl -H 'Authorization: Basic PLANT1' http://api:8080/", "curl -H 'Authorization: Basic ***' http://api:8080/"],
    ["curl -H 'authorization: Digest username=\"a\", response=\"PLANT1\"' http://x/", "curl -H 'authorization: Digest ***' http://x/"],
    ["curl -H 'Authorization: PLANT1' http://x/", "curl -H 'Authorization: ***' http://x/"],
    ["curl -H \"Proxy-Authorization: Negotiate PLANT1\" http://x/", "curl -H \"Proxy-Authorization: Negotiate ***\" http://x/"],
    ["wget --header='Authorization: token PLANT1' http://x/", "wget --header='Authorization: token ***' http://x/"],
    ["'--header=X-Auth: PLANT1' http://x/", "'--header=X-Auth: ***' http://x/"],
    ["wget '--header=Authorization: ApiKey PLANT1' http://x/", "wget '--header=Authorization: ApiKey ***' http://x/"],
    ["Authorization: ApiKey PLANT1 was refused", "Authorization: ApiKey *** was refused"],
    // cookies
    ["curl -H 'Cookie: session=PLANT1; theme=dark' http://x/", "curl -H 'Cookie: ***' http://x/"],
    ["curl -b 'session=PLANT1' http://x/", "curl -b '***' http://x/"],
    ["curl --cookie session=PLANT1 http://x/", "curl --cookie *** http://x/"],
    // other secret-bearing headers
    ["curl --header='X-Auth: PLANT1' http://x/", "curl --header='X-Auth: ***' http://x/"],
    ["curl -H 'X-Api-Key: PLANT1' http://x/", "curl -H 'X-Api-Key: ***' http://x/"],
    ["curl -H 'X-Vault-Token:PLANT1' http://x/", "curl -H 'X-Vault-Token:***' http://x/"],
    ["curl -H 'Private-Token: PLANT1' http://x/", "curl -H 'Private-Token: ***' http://x/"],
    ["curl -H 'Accept: application/json' http://x/", "curl -H 'Accept: application/json' http://x/"],
    ["dockerize -wait http://x/ -wait-http-header 'X-Auth-Token: PLANT1'", "dockerize -wait http://x/ -wait-http-header 'X-Auth-Token: ***'"],
    // query keys
    ["curl 'http://x/health?key=PLANT1'", "curl 'http://x/health?key=***'"],
    ["curl http://x/health?token=PLANT1&v=1", "curl http://x/health?token=***&v=1"],
    ["curl 'https://b.s3.amazonaws.com/o?X-Amz-Credential=PLANT1&X-Amz-Signature=PLANT2&X-Amz-Date=1'", "curl 'https://b.s3.amazonaws.com/o?X-Amz-Credential=***&X-Amz-Signature=***&X-Amz-Date=1'"],
    ["curl 'https://a.blob.core.windows.net/c?sv=2020&sig=PLANT1&se=2030'", "curl 'https://a.blob.core.windows.net/c?sv=2020&sig=***&se=2030'"],
    ["curl http://x/?access_token=PLANT1", "curl http://x/?access_token=***"],
    ["curl http://x/?api_key=PLANT1#top", "curl http://x/?api_key=***#top"],
    ["curl http://x/?client_secret=PLANT1", "curl http://x/?client_secret=***"],
    ["curl http://x/?auth=PLANT1", "curl http://x/?auth=***"],
    ["curl http://x/?page=2&q=a", "curl http://x/?page=2&q=a"],
    // user:password flags
    ["curl -u admin:PLANT1 http://x/", "curl -u admin:*** http://x/"],
    ["curl -uadmin:PLANT1 http://x/", "curl -uadmin:*** http://x/"],
    ["curl -fsSu admin:PLANT1 http://x/", "curl -fsSu admin:*** http://x/"],
    ["curl --user=admin:PLANT1 http://x/", "curl --user=admin:*** http://x/"],
    ["curl -u 'admin:PLANT1' http://x/", "curl -u 'admin:***' http://x/"],
    ["curl --proxy-user bob:PLANT1 http://x/", "curl --proxy-user bob:*** http://x/"],
    ["curl -U bob:PLANT1 http://x/", "curl -U bob:*** http://x/"],
    ["curl -x http://bob:PLANT1@proxy:3128 http://x/", "curl -x http://bob:***@proxy:3128 http://x/"],
    // passwords and passphrases
    ["curl --pass PLANT1 --cert c.pem https://x/", "curl --pass *** --cert c.pem https://x/"],
    ["curl -E c.pem:PLANT1 https://x/", "curl -E c.pem:*** https://x/"],
    ["curl --cert c.pem:PLANT1 https://x/", "curl --cert c.pem:*** https://x/"],
    ["curl --proxy-pass PLANT1 https://x/", "curl --proxy-pass *** https://x/"],
    ["wget --http-password=PLANT1 http://x/", "wget --http-password=*** http://x/"],
    ["wget --proxy-password PLANT1 http://x/", "wget --proxy-password *** http://x/"],
    ["curl --oauth2-bearer PLANT1 http://x/", "curl --oauth2-bearer *** http://x/"],
    ["redis-cli -h cache --pass PLANT1 ping", "redis-cli -h cache --pass *** ping"],
    ["redis-cli -h cache --user app --pass PLANT1 ping", "redis-cli -h cache --user app --pass *** ping"],
    ["ncat --proxy-auth bob:PLANT1 --proxy p:3128 -z db 5432", "ncat --proxy-auth bob:*** --proxy p:3128 -z db 5432"],
  ])("%s", (input, out) => {
    expect(redact(input)).toBe(out);
    expect(redact(input)).not.toMatch(PLANTED);
  });
});
