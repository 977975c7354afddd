// Label selectors as the API server reads them (`kubectl get -l …`, `?labelSelector=`): the
// grammar, validation and matching of k8s.io/apimachinery's labels.Parse, written anew.
//
//   selector    ::= requirement ("," requirement)*   (empty: everything)
//   requirement ::= ["!"] KEY
//                 | KEY ("=" | "==" | "!=") VALUE
//                 | KEY ("in" | "notin") "(" VALUE ("," VALUE)* ")"
//                 | KEY (">" | "<") INTEGER
//
// KEY is a qualified name ([DNS subdomain "/"] name of at most 63 characters), VALUE a label
// value (empty, or at most 63 of [A-Za-z0-9_.-], alphanumeric at both ends). Blanks separate
// tokens; `in` and `notin` are words only where an operator may stand (`in in (in)` is valid).

export type SelectorOperator = "=" | "==" | "!=" | "in" | "notin" | "exists" | "!" | ">" | "<";

export interface Requirement {
  key: string;
  operator: SelectorOperator;
  /** Sorted, without duplicates (as the API server keeps them); empty for exists and `!`. */
  values: string[];
}

/** Requirements, all of which must hold (sorted by key, as the API server sorts them). */
export type LabelSelector = Requirement[];

export type ParsedSelector = { ok: true; selector: LabelSelector } | { ok: false; error: string };

type Token =
  | { t: "id"; v: string }
  | { t: "!" | "!=" | "=" | "==" | ">" | "<" | "(" | ")" | "," | "in" | "notin" | "end"; v: string };

const SYMBOLS = new Set(["!", "!=", "=", "==", ">", "<", "(", ")", ","]);
const isSpecial = (c: string) => c === "=" || c === "!" || c === "(" || c === ")" || c === "," || c === ">" || c === "<";
const isBlank = (c: string) => c === " " || c === "\t" || c === "\r" || c === "\n";

function lex(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  for (;;) {
    while (i < s.length && isBlank(s[i])) i++;
    if (i >= s.length) break;
    if (isSpecial(s[i])) {
      // longest symbol: `!=` and `==` over `!` and `=`
      const two = s.slice(i, i + 2);
      const sym = SYMBOLS.has(two) ? two : s[i];
      out.push({ t: sym as Token["t"], v: sym } as Token);
      i += sym.length;
      continue;
    }
    let j = i;
    while (j < s.length && !isSpecial(s[j]) && !isBlank(s[j])) j++;
    const word = s.slice(i, j);
    out.push(word === "in" || word === "notin" ? { t: word, v: word } : { t: "id", v: word });
    i = j;
  }
  out.push({ t: "end", v: "" });
  return out;
}

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Why `key` is not a valid label key, or undefined. */
export function labelKeyError(key: string): string | undefined {
  const parts = key.split("/");
  if (parts.length > 2) return `key "${key}" has more than one "/"`;
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (!prefix) return `key "${key}" has an empty prefix`;
    if (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)) return `key prefix "${prefix}" is not a DNS subdomain (lower-case, at most 253 characters)`;
  }
  if (!name) return `key "${key}" has an empty name`;
  if (name.length > 63) return `key name "${name}" is longer than 63 characters`;
  if (!NAME.test(name)) return `key name "${name}" must be alphanumeric, "-", "_" or ".", starting and ending alphanumeric`;
  return undefined;
}

/** Why `value` is not a valid label value, or undefined. */
export function labelValueError(value: string): string | undefined {
  if (value.length > 63) return `value "${value}" is longer than 63 characters`;
  if (!VALUE.test(value)) return `value "${value}" must be empty or alphanumeric, "-", "_" or ".", starting and ending alphanumeric`;
  return undefined;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** Go's strconv.ParseInt(s, 10, 64): optional sign, decimal digits, in range. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

class SelectorError extends Error {}
const fail = (msg: string): never => {
  throw new SelectorError(msg);
};
const shown = (tok: Token) => (tok.t === "end" ? "end of selector" : `'${tok.v}'`);

/** Parses a selector as the API server does; an error says why it would reject it. */
export function parseLabelSelector(text: string): ParsedSelector {
  try {
    return { ok: true, selector: parse(lex(text)) };
  } catch (e) {
    if (e instanceof SelectorError) return { ok: false, error: e.message };
    throw e;
  }
}

function parse(toks: Token[]): LabelSelector {
  let p = 0;
  // Where a value may stand, `in` and `notin` are plain words.
  const asValue = (tok: Token): Token => (tok.t === "in" || tok.t === "notin" ? { t: "id", v: tok.v } : tok);
  const peek = () => asValue(toks[p]);
  const next = () => asValue(toks[p++]);
  const reqs: Requirement[] = [];
  for (;;) {
    const first = peek();
    if (first.t === "end") break;
    if (first.t !== "id" && first.t !== "!") fail(`found ${shown(first)}, expected: !, a key, or the end`);
    reqs.push(requirement());
    const sep = next();
    if (sep.t === "end") break;
    if (sep.t !== ",") fail(`found ${shown(sep)}, expected: ',' or the end`);
    const after = peek();
    if (after.t !== "id" && after.t !== "!") fail(`found ${shown(after)}, expected: a key after ','`);
  }
  return reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  function requirement(): Requirement {
    let tok = next();
    const not = tok.t === "!";
    if (not) tok = next();
    if (tok.t !== "id") return fail(`found ${shown(tok)}, expected: a key`);
    const key = tok.v;
    const keyErr = labelKeyError(key);
    if (keyErr) fail(keyErr);
    const la = peek();
    if (not || la.t === "end" || la.t === ",") {
      return { key, operator: not ? "!" : "exists", values: [] };
    }
    const op = toks[p++]; // an operator: `in` / `notin` count as words here
    let operator: SelectorOperator;
    let values: string[];
    switch (op.t) {
      case "in":
      case "notin":
        operator = op.t;
        values = valueSet();
        break;
      case "=":
      case "==":
      case "!=":
      case ">":
      case "<":
        operator = op.t;
        values = [exactValue()];
        break;
      default:
        return fail(`found ${shown(op)}, expected: in, notin, =, ==, !=, > or <`);
    }
    if (operator === ">" || operator === "<") {
      if (parseInt64(values[0]) === undefined) fail(`'${operator}' needs an integer, found "${values[0]}"`);
    }
    for (const v of values) {
      const err = labelValueError(v);
      if (err) fail(err);
    }
    return { key, operator, values };
  }

  function exactValue(): string {
    const la = peek();
    if (la.t === "end" || la.t === ",") return ""; // `app=` selects the empty value
    const tok = next();
    if (tok.t !== "id") fail(`found ${shown(tok)}, expected: a value`);
    return tok.v;
  }

  function valueSet(): string[] {
    const open = next();
    if (open.t !== "(") fail(`found ${shown(open)}, expected: '('`);
    const la = peek();
    if (la.t === ")") {
      next();
      return [""]; // `in ()` is the empty value
    }
    if (la.t !== "id" && la.t !== ",") fail(`found ${shown(la)}, expected: ',', ')' or a value`);
    // Comma-separated values, any of them empty, read as the API server reads them: `(a,,b)`,
    // `(,a)` and `(a,)` hold "", and so does `(a,,,)`, while `(a,,)` is an error.
    const set = new Set<string>();
    for (;;) {
      const tok = next();
      if (tok.t === "id") {
        set.add(tok.v);
        const after = peek();
        if (after.t === ")") break;
        if (after.t !== ",") fail(`found ${shown(after)}, expected: ',' or ')'`);
      } else if (tok.t === ",") {
        if (set.size === 0) set.add("");
        const after = peek();
        if (after.t === ")") {
          set.add("");
          break;
        }
        if (after.t === ",") {
          next();
          set.add("");
        }
      } else fail(`found ${shown(tok)}, expected: ',' or a value`);
    }
    next(); // the ")"
    return [...set].sort();
  }
}

/** The selector of a map (matchLabels, a Service's spec.selector): every key equal. */
export function selectorFromSet(set: Record<string, string>): LabelSelector {
  return Object.keys(set)
    .sort()
    .map((key) => ({ key, operator: "=" as const, values: [set[key]] }));
}

/** Whether labels satisfy one requirement (as Requirement.Matches). */
export function requirementMatches(r: Requirement, labels: Record<string, string> | undefined): boolean {
  const has = !!labels && Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = has ? labels![r.key] : undefined;
  switch (r.operator) {
    case "=":
    case "==":
    case "in":
      return has && r.values.includes(v!);
    case "!=":
    case "notin":
      return !has || !r.values.includes(v!);
    case "exists":
      return has;
    case "!":
      return !has;
    case ">":
    case "<": {
      if (!has) return false;
      const l = parseInt64(v!);
      const want = parseInt64(r.values[0] ?? "");
      if (l === undefined || want === undefined) return false;
      return r.operator === ">" ? l > want : l < want;
    }
  }
}

/** Whether labels satisfy every requirement (an empty selector matches everything). */
export function selectorMatches(sel: LabelSelector, labels: Record<string, string> | undefined): boolean {
  for (const r of sel) if (!requirementMatches(r, labels)) return false;
  return true;
}

/** The one value a selector requires for `key` (`key=v`, `key==v`, `key in (v)`), for index look-ups. */
export function requiredValue(sel: LabelSelector): { key: string; value: string } | undefined {
  for (const r of sel) if ((r.operator === "=" || r.operator === "==" || r.operator === "in") && r.values.length === 1) return { key: r.key, value: r.values[0] };
  return undefined;
}

/** The selector in the API server's canonical spelling (`a in (x,y),!b,c=d`). */
export function formatSelector(sel: LabelSelector): string {
  return sel
    .map((r) => {
      switch (r.operator) {
        case "exists":
          return r.key;
        case "!":
          return `!${r.key}`;
        case "in":
        case "notin":
          return `${r.key} ${r.operator} (${r.values.join(",")})`;
        default:
          return `${r.key}${r.operator}${r.values[0]}`;
      }
    })
    .join(",");
}
