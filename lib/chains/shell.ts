// A small POSIX-shell reader, enough to find waits in `sh -c` scripts: splits a script into
// simple commands on `;`, `&&`, `||`, `|`, `&` and newlines, flattens `until/while … do …
// done` and `if … then … fi`, drops redirections, and expands $VAR / ${VAR} / ${VAR:-x}.
// Values it cannot know become an "unresolved" marker (see unresolvedMarker) so the parsers
// can tell "host comes from a Secret" from "host is literally this".

export const UNRESOLVED_START = "\uE000";
export const UNRESOLVED_END = "\uE001";
export function unresolvedMarker(reason: string): string {
  return `${UNRESOLVED_START}${reason}${UNRESOLVED_END}`;
}
export function isUnresolved(word: string): boolean {
  return word.includes(UNRESOLVED_START);
}
/** The first unresolved reason in a word. */
export function unresolvedReason(word: string): string | undefined {
  const i = word.indexOf(UNRESOLVED_START);
  if (i < 0) return undefined;
  const j = word.indexOf(UNRESOLVED_END, i);
  return word.slice(i + 1, j < 0 ? undefined : j);
}

export const NAMESPACE_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

/** Looks a shell variable up; undefined = unset. May return a string holding a marker. */
export type VarLookup = (name: string) => string | undefined;

export interface ShellCommand {
  argv: string[];
  /** Part of an `until`/`while` condition: the shell repeats it until it succeeds. */
  inLoopCondition: boolean;
}

const KEYWORDS_DROP = new Set(["do", "then", "else", "{", "}", "!", "time"]);
const KEYWORDS_END = new Set(["done", "fi", "esac"]);

/** Expands `$(…)` / backtick command substitutions we understand. */
function commandSubstitution(inner: string, lookup: VarLookup): string {
  const t = inner.trim();
  if (/^cat\s+["']?\/var\/run\/secrets\/kubernetes\.io\/serviceaccount\/namespace["']?$/.test(t)) {
    return lookup("\0namespace") ?? unresolvedMarker("the pod's namespace");
  }
  if (/^echo\s+/.test(t)) {
    const words = splitWords(t.slice(4), lookup);
    return words.join(" ");
  }
  return unresolvedMarker(`$(${t.length > 40 ? t.slice(0, 40) + "…" : t})`);
}

function splitWords(s: string, lookup: VarLookup): string[] {
  const cmds = parseScript(s, lookup);
  return cmds.flatMap((c) => c.argv);
}

/** Index of the `)` closing a `$(` opened just before `start`; handles nesting and quotes. */
function findClose(s: string, start: number, open: string, close: string): number {
  let depth = 1;
  for (let i = start; i < s.length; i++) {
    const c = s[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (c === "'") {
      const j = s.indexOf("'", i + 1);
      if (j < 0) return -1;
      i = j;
      continue;
    }
    if (c === '"') {
      for (i = i + 1; i < s.length && s[i] !== '"'; i++) if (s[i] === "\\") i++;
      continue;
    }
    if (c === open) depth++;
    else if (c === close && --depth === 0) return i;
  }
  return -1;
}

/** Reads a `$…` expansion at s[i] === "$"; returns the text and the index after it. */
function readDollar(s: string, i: number, lookup: VarLookup): [string, number] {
  const n = s[i + 1];
  if (n === "(") {
    if (s[i + 2] === "(") {
      const end = findClose(s, i + 3, "(", ")");
      const stop = end < 0 ? s.length : end + 2;
      return [unresolvedMarker("$((…))"), stop];
    }
    const end = findClose(s, i + 2, "(", ")");
    if (end < 0) return [unresolvedMarker("$(…)"), s.length];
    return [commandSubstitution(s.slice(i + 2, end), lookup), end + 1];
  }
  if (n === "{") {
    const end = s.indexOf("}", i + 2);
    if (end < 0) return ["$", i + 1];
    const body = s.slice(i + 2, end);
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=?+])(.*))?$/s.exec(body);
    if (!m) return [unresolvedMarker("${" + body + "}"), end + 1];
    const [, name, op, word] = m;
    const v = lookup(name);
    if (op === undefined) return [v ?? unresolvedMarker(`$${name} (not set)`), end + 1];
    const empty = v === undefined || (op.startsWith(":") && v === "");
    const alt = word ? expandDoubleQuoted(word, lookup) : "";
    if (op.endsWith("-") || op.endsWith("=")) return [empty ? alt : v!, end + 1];
    if (op.endsWith("+")) return [empty ? "" : alt, end + 1];
    return [v ?? unresolvedMarker(`$${name} (not set)`), end + 1];
  }
  const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i + 1));
  if (m) {
    const v = lookup(m[0]);
    return [v ?? unresolvedMarker(`$${m[0]} (not set)`), i + 1 + m[0].length];
  }
  if (n !== undefined && /[0-9@*#?$!-]/.test(n)) return [unresolvedMarker(`$${n}`), i + 2];
  return ["$", i + 1];
}

function expandDoubleQuoted(s: string, lookup: VarLookup): string {
  let out = "";
  for (let i = 0; i < s.length; ) {
    const c = s[i];
    if (c === "\\" && i + 1 < s.length && '$`"\\'.includes(s[i + 1])) {
      out += s[i + 1];
      i += 2;
    } else if (c === "$") {
      const [t, j] = readDollar(s, i, lookup);
      out += t;
      i = j;
    } else if (c === "`") {
      const end = s.indexOf("`", i + 1);
      const stop = end < 0 ? s.length : end;
      out += commandSubstitution(s.slice(i + 1, stop), lookup);
      i = stop + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * Splits a script into simple commands with expanded words. Redirections are dropped; loop
 * and conditional keywords are removed, and commands between `until`/`while` and `do` are
 * flagged as loop conditions.
 */
export function parseScript(script: string, lookup: VarLookup): ShellCommand[] {
  const out: ShellCommand[] = [];
  let words: string[] = [];
  let word = "";
  let inWord = false;
  let skipWord = false; // the next word is a redirection target
  let inCondition = false;
  let commandIsCondition = false;

  const endWord = () => {
    if (inWord) {
      if (skipWord) skipWord = false;
      else words.push(word);
    }
    word = "";
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    // keywords at the start of a command
    let argv = words;
    let changed = true;
    while (argv.length && changed) {
      changed = false;
      const w = argv[0];
      if (w === "until" || w === "while") {
        inCondition = true;
        commandIsCondition = true;
        argv = argv.slice(1);
        changed = true;
      } else if (w === "do") {
        inCondition = false;
        commandIsCondition = false;
        argv = argv.slice(1);
        changed = true;
      } else if (w === "if" || w === "elif" || KEYWORDS_DROP.has(w)) {
        argv = argv.slice(1);
        changed = true;
      } else if (KEYWORDS_END.has(w)) {
        argv = argv.slice(1);
        changed = true;
      }
    }
    if (argv.length && (argv[0] === "for" || argv[0] === "case")) argv = [];
    // a trailing `done`/`fi` (e.g. `…; done` on one line) was split already
    if (argv.length) out.push({ argv, inLoopCondition: commandIsCondition });
    if (!inCondition) commandIsCondition = false;
    words = [];
  };

  const s = script;
  for (let i = 0; i < s.length; ) {
    const c = s[i];
    if (c === "\\") {
      if (s[i + 1] === "\n") {
        i += 2;
        continue;
      }
      if (i + 1 < s.length) {
        word += s[i + 1];
        inWord = true;
      }
      i += 2;
      continue;
    }
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      const stop = end < 0 ? s.length : end;
      word += s.slice(i + 1, stop);
      inWord = true;
      i = stop + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      for (; j < s.length && s[j] !== '"'; j++) if (s[j] === "\\") j++;
      word += expandDoubleQuoted(s.slice(i + 1, j), lookup);
      inWord = true;
      i = j + 1;
      continue;
    }
    if (c === "$") {
      const [t, j] = readDollar(s, i, lookup);
      word += t;
      inWord = true;
      i = j;
      continue;
    }
    if (c === "`") {
      const end = s.indexOf("`", i + 1);
      const stop = end < 0 ? s.length : end;
      word += commandSubstitution(s.slice(i + 1, stop), lookup);
      inWord = true;
      i = stop + 1;
      continue;
    }
    if (c === "#" && !inWord) {
      const end = s.indexOf("\n", i);
      i = end < 0 ? s.length : end;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") {
      endWord();
      i++;
      continue;
    }
    if (c === ">" || c === "<" || (c === "&" && s[i + 1] === ">")) {
      // a file descriptor number right before (2>&1) is part of the redirection
      if (inWord && /^\d+$/.test(word)) {
        word = "";
        inWord = false;
      } else endWord();
      i += c === "&" ? 2 : 1;
      if (s[i] === ">" || s[i] === "|") i++;
      if (s[i] === "&") {
        i++;
        // >&2, >&- : the target is the fd right here
        while (i < s.length && /[0-9-]/.test(s[i])) i++;
        continue;
      }
      skipWord = true;
      continue;
    }
    if (c === "\n" || c === ";" || c === "&" || c === "|" || c === "(" || c === ")") {
      endCommand();
      i++;
      if ((c === "&" || c === "|" || c === ";") && s[i] === c) i++;
      continue;
    }
    // A run of plain characters in one slice (not one string per character).
    let j = i + 1;
    while (j < s.length && !WORD_STOP[s.charCodeAt(j)]) j++;
    word += s.slice(i, j);
    inWord = true;
    i = j;
  }
  endCommand();
  return out;
}

/** The characters the loop above must look at inside a word (`#` only starts a comment between words). */
const WORD_STOP = new Uint8Array(128);
for (const c of "\\'\"$` \t\r><&\n;|()") WORD_STOP[c.charCodeAt(0)] = 1;
