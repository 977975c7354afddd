// Credentials in command lines: URLs and DSNs with user:password, tokens, password=…
// Everything displayed goes through redact() first.

const MASK = "***";
const SECRET_KEY = "[A-Za-z0-9_.-]*(?:password|passwd|pwd|token|secret|apikey|api-key|api_key|access-key|access_key|credentials?)[A-Za-z0-9_]*";

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
  // Authorization headers and bearer tokens
  [/(authorization:\s*(?:bearer|basic|token)\s+)[^\s'"]+/gi, (_m, p) => `${p}${MASK}`],
  [/(\bbearer\s+)[A-Za-z0-9._~+/=-]+/gi, (_m, p) => `${p}${MASK}`],
  // curl -u user:password / --user user:password
  [/((?:^|\s)(?:-u|--user)(?:\s+|=))(['"]?)([^\s:'"]+):([^\s'"]+)/g, (_m, p, q, u) => `${p}${q}${u}:${MASK}`],
  // --password=x, --token x, PGPASSWORD=x, ?password=x&, password: x
  [new RegExp(`(--?${SECRET_KEY}(?:=|\\s+))(['"]?)[^\\s'"&]+`, "gi"), (_m, p, q) => `${p}${q}${MASK}`],
  [new RegExp(`((?:^|[\\s'"?&;,({])${SECRET_KEY}\\s*[=:]\\s*)(['"]?)[^\\s'"&;,)]+`, "gi"), (_m, p, q) => `${p}${q}${MASK}`],
];

/** Cheap pre-check: most commands hold nothing that could be a credential. */
const MAYBE = /@|pass|pwd|token|secret|key|bearer|auth|credential|-u|--user|mysql|maria|redis-cli|mongo/i;

export function redact(text: string): string {
  if (!MAYBE.test(text)) return text;
  let out = text;
  for (const [re, rep] of RULES) out = out.replace(re, rep as (...m: string[]) => string);
  return out;
}
