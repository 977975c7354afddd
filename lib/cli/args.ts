// Command-line arguments: `--flag value`, `--flag=value`, boolean flags, positionals, `--`
// ending the flags, `-` as a positional (standard input). Unknown flags are usage errors.

export class UsageError extends Error {}

export interface FlagSpec {
  /** Takes a value (else boolean). */
  value?: boolean;
  /** Allowed values. */
  choices?: readonly string[];
  /** Short alias, e.g. "o". */
  short?: string;
}

export interface Parsed {
  flags: Map<string, string | true>;
  positionals: string[];
}

export function parseArgs(argv: readonly string[], spec: Record<string, FlagSpec>): Parsed {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  const byShort = new Map(Object.entries(spec).flatMap(([k, s]) => (s.short ? [[s.short, k] as const] : [])));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a === "-" || !a.startsWith("-")) {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const raw = eq >= 0 ? a.slice(0, eq) : a;
    const name = raw.startsWith("--") ? raw.slice(2) : byShort.get(raw.slice(1));
    const s = name !== undefined ? spec[name] : undefined;
    if (!name || !s || !Object.prototype.hasOwnProperty.call(spec, name)) throw new UsageError(`unknown option ${raw}`);
    if (flags.has(name)) throw new UsageError(`--${name} given twice`);
    if (!s.value) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      flags.set(name, true);
      continue;
    }
    let v: string | undefined;
    if (eq >= 0) v = a.slice(eq + 1);
    else if (i + 1 < argv.length) v = argv[++i];
    if (v === undefined || v === "") throw new UsageError(`--${name} needs a value`);
    if (s.choices && !s.choices.includes(v)) throw new UsageError(`--${name} must be one of ${s.choices.join(", ")} (got "${v}")`);
    flags.set(name, v);
  }
  return { flags, positionals };
}
