// Credentials in command lines: URLs and DSNs with user:password, tokens, password=…,
// secret-bearing headers (Authorization with any scheme, Cookie, X-Auth…), signed URLs'
// query keys, and the flags of curl, wget, redis-cli, mysql and friends that take one.
// Everything displayed goes through redact() first.

const MASK = "***";
const SECRET_KEY =
  "[A-Za-z0-9_.-]*(?:pass(?!ive)|pwd|token|secret|apikey|api-key|api_key|access-key|access_key|credentials?|bearer|cookie)[A-Za-z0-9_]*";
/** A flag's value: quoted (spaces and all) or one word. Groups: quote, value. */
const VALUE = `(?:(')[^']*'|(")[^"]*"|[^\\s'"]+)`;
const maskValue = (_m: string, p: string, q1?: string, q2?: string) => {
  const q = q1 ?? q2 ?? "";
  return `${p}${q}${MASK}${q}`;
};
/** Header names whose value is a credential. */
const SECRET_HEADER = /^(?:(?:proxy-)?authorization|(?:set-)?cookie|[\w-]*(?:auth|token|api-?key|secret|session|signature|passw(?:or)?d|credential)[\w-]*)$/i;
/** Query keys of signed or token-bearing URLs (S3 presigned, Azure SAS, OAuth). */
const SECRET_QUERY = /([?&;][\w.-]*(?:key|token|sig|secret|pass|pwd|auth|credential|session)[\w.-]*=)[^&\s'"#;]+/gi;

function maskHeader(whole: string, q: string, name: string, sep: string, value: string): string {
  if (!SECRET_HEADER.test(name) || sep.includes("//")) return whole;
  // Keep an Authorization scheme (Bearer, ApiKey, Digest…): it tells what kind of credential it is.
  const scheme = /authorization$/i.test(name) ? /^([A-Za-z][\w.-]*)\s+\S/.exec(value)?.[1] : undefined;
  return `${q}${name}${sep}${scheme ? `${scheme} ` : ""}${MASK}`;
}

const RULES: [RegExp, string | ((...m: string[]) => string)][] = [
  // scheme://user:password@host
  [/([a-z][a-z0-9+.-]*:\/\/)([^\s:@/'"]*):([^\s@/'"]*)@/gi, (_m, s, u) => `${s}${u}:${MASK}@`],
  // scheme://token@host (a token as the user name)
  [/([a-z][a-z0-9+.-]*:\/\/)([^\s:@/'"]+)@/gi, (_m, s) => `${s}${MASK}@`],
  // mysql/mysqladmin -pPASSWORD (attached; elsewhere -p is a port)
  [/(\b(?:mysql|mysqladmin|mariadb|mariadb-admin)\b[^;|&\n]*?\s-p)(['"]?)[^\s'"]+/g, (_m, p, q) => `${p}${q}${MASK}`],
  // redis-cli -a PASSWORD / --pass PASSWORD; mongo/mongosh -p PASSWORD
  [/(\bredis-cli\b[^;|&\n]*?\s(?:-a|--pass)(?:\s+|=))(['"]?)[^\s'"]+/g, (_m, p, q) => `${p}${q}${MASK}`],
  [/(\bmongo(?:sh)?\b[^;|&\n]*?\s-p\s+)(['"]?)[^\s'"]+/g, (_m, p, q) => `${p}${q}${MASK}`],
  // mysql-style DSN user:password@tcp(host:port)/db
  [/(^|[\s'"=])([^\s:@/'"]+):([^\s@'"]+)@(tcp|unix)\(/gi, (_m, pre, u, _p, proto) => `${pre}${u}:${MASK}@${proto}(`],
  // Headers as a quoted flag value: -H 'Name: value', --header="Name: value", -wait-http-header '…'
  [/(')([A-Za-z0-9_-]+)(\s*:[ \t]*)([^'\n]*)/g, maskHeader as (...m: string[]) => string],
  [/(")([A-Za-z0-9_-]+)(\s*:[ \t]*)([^"\n]*)/g, maskHeader as (...m: string[]) => string],
  [/((?:--header|-wait-http-header)=)([A-Za-z0-9_-]+)(\s*:[ \t]*)([^'"\n]*)/g, maskHeader as (...m: string[]) => string],
  // …and unquoted, or in free text (controller messages)
  [/(\b(?:proxy-)?authorization:\s*)(?!(?:[A-Za-z][\w.-]*\s+)?\*\*\*)(?:([A-Za-z][\w.-]*)\s+)?[^\s'"]+/gi, (_m, p, s) => `${p}${s ? `${s} ` : ""}${MASK}`],
  [/(\b(?:set-)?cookie:\s*)[^'"\n]+/gi, (_m, p) => `${p}${MASK}`],
  [/(\bbearer\s+)[A-Za-z0-9._~+/=-]+/gi, (_m, p) => `${p}${MASK}`],
  // curl -u/-U/--user/--proxy-user user:password (also attached and after other short flags: -fsSu),
  // ncat --proxy-auth user:password
  [/((?:^|\s)(?:-[A-Za-z]*[uU]|--user|--proxy-user|--proxy-auth)(?:\s+|=)?)(['"]?)([^\s:'"]*):([^\s'"]+)/g, (_m, p, q, u) => `${p}${q}${u}:${MASK}`],
  // curl -E/--cert file:passphrase
  [/((?:^|\s)(?:-E|--cert|--proxy-cert)(?:\s+|=))(['"]?)([^\s:'"]+):([^\s'"]+)/g, (_m, p, q, f) => `${p}${q}${f}:${MASK}`],
  // curl -b / --cookie: name=value pairs (or a cookie file: masked all the same)
  [new RegExp(`(\\bcurl\\b[^;|&\\n]*?\\s-b(?:\\s+|=)?)${VALUE}`, "g"), maskValue as (...m: string[]) => string],
  // signed URLs: ?X-Amz-Signature=…, &sig=…, ?token=…, ?key=…
  [SECRET_QUERY, (_m, p) => `${p}${MASK}`],
  // --password=x, --token x, --pass x, --oauth2-bearer x, PGPASSWORD=x, ?password=x&, password: x
  [new RegExp(`((?:^|[\\s'"])--?${SECRET_KEY}(?:=|\\s+))${VALUE}`, "gi"), maskValue as (...m: string[]) => string],
  [new RegExp(`((?:^|[\\s'"?&;,({])${SECRET_KEY}\\s*[=:]\\s*)(['"]?)(?!\\*\\*\\*)[^\\s'"&;,)]+`, "gi"), (_m, p, q) => `${p}${q}${MASK}`],
];

/** Cheap pre-check: most commands hold nothing that could be a credential. */
const MAYBE = /@|pass|pwd|token|secret|key|bearer|auth|credential|cookie|sig|session|cert|-[a-z]*u|--user|-b|-e|mysql|maria|redis-cli|mongo/i;

export function redact(text: string): string {
  if (!MAYBE.test(text)) return text;
  let out = text;
  for (const [re, rep] of RULES) out = out.replace(re, rep as (...m: string[]) => string);
  return out;
}
