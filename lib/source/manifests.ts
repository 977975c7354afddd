import fs from "node:fs";
import path from "node:path";
import { Composer, LineCounter, Parser, isAlias, isMap, isPair, isScalar, isSeq, type Document } from "yaml";
import { isKnownKind } from "@/lib/store/snapshot";
import type { ApiResource, KubeObject, SourceProblem } from "@/lib/store/types";
import { crdResources } from "./crd";
import { isReadApi } from "./kinds";
import { invalidName, invalidNamespace } from "./names";
import { compactObject, sanitizeObject } from "./sanitize";
import { firstInvalidUtf8, lineAtByte } from "./utf8";

// Reads manifests (a file or a folder tree) into objects, the resources their CRDs define,
// and one problem per document or file that could not be used. Nothing here throws for bad
// input: a broken document costs only itself, and budgets keep time and memory bounded
// (files are read by a worker thread in the server, see files.ts; tests call this directly).
// No "server-only" marker: the worker's bundle imports this module too.

const MB = 1024 * 1024;
export const MAX_FILE_BYTES = 5 * MB;

/** What one load may cost. The expanded size is the data's size with every alias written out. */
export interface ManifestLimits {
  /** Bytes of one file. */
  fileBytes: number;
  /** Bytes of all files together. */
  totalBytes: number;
  /** Expanded size of one file (roughly its size as JSON, aliases expanded). */
  fileExpanded: number;
  /** Expanded size of all files together. */
  totalExpanded: number;
}

export const DEFAULT_LIMITS: ManifestLimits = {
  fileBytes: MAX_FILE_BYTES,
  totalBytes: 32 * MB,
  fileExpanded: 16 * MB,
  totalExpanded: 64 * MB,
};

/** The limits with ROLECALL_MANIFESTS_MAX_MB (all files together) applied; expansion may reach twice that. */
export function limitsFromEnv(env: Record<string, string | undefined> = process.env): ManifestLimits {
  const mb = Number(env.ROLECALL_MANIFESTS_MAX_MB);
  if (!env.ROLECALL_MANIFESTS_MAX_MB || !Number.isFinite(mb) || mb <= 0) return DEFAULT_LIMITS;
  return { ...DEFAULT_LIMITS, totalBytes: mb * MB, totalExpanded: 2 * mb * MB };
}

const MANIFEST_EXT = new Set([".yaml", ".yml", ".json"]);
/** Kinds Rolecall reads that have no namespace. */
const CLUSTER_SCOPED = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding"]);

export interface LoadedManifests {
  objects: KubeObject[];
  /** Resources defined by CustomResourceDefinition documents. */
  resources: ApiResource[];
  problems: SourceProblem[];
  /** Every file read (for tests). */
  files: string[];
}

/** What one file yields, independent of the other files (so it can be kept while the file is unchanged). */
export interface FileResult {
  objects: KubeObject[];
  /** The line of each object, for duplicate reports. */
  lines: number[];
  resources: ApiResource[];
  problems: SourceProblem[];
  /** Bytes read and expanded size used, for the totals. */
  bytes: number;
  expanded: number;
}

/** The files and folders under a root. Paths in problems and `rel` are relative to the root's folder. */
export interface ManifestTree {
  files: { abs: string; rel: string }[];
  /** Every folder read (real paths), for the watcher. */
  dirs: string[];
  problems: SourceProblem[];
}

const mb = (n: number) => `${Math.round((n / MB) * 10) / 10} MB`;
const emptyResult = (problems: SourceProblem[] = [], bytes = 0): FileResult => ({ objects: [], lines: [], resources: [], problems, bytes, expanded: 0 });

/** Loads `root` (file or folder) in one go. Paths in problems are relative to `root` when it is a folder. */
export function loadManifests(root: string, limits: ManifestLimits = DEFAULT_LIMITS): LoadedManifests {
  const pass = new ManifestReader(root, limits).read();
  return { ...assemble(pass.tree.problems, pass.files), files: pass.tree.files.map((f) => f.abs) };
}

/** One file's outcome in a pass; `reused` when it is the same result as the pass before (file unchanged). */
export interface FileEntry {
  rel: string;
  result: FileResult;
  reused: boolean;
}

export interface ReaderHooks {
  /** Files that could not be read before (too slow, out of memory): skipped with this problem while unchanged. */
  failed?: ReadonlyMap<string, { stamp: string; message: string }>;
  /** Called before a file is parsed (not when its earlier result is kept). */
  onParse?: (abs: string, rel: string, stamp: string) => void;
  /**
   * Files whose results the caller holds from an earlier reader, by path: reported unchanged
   * (`reused`) while their stamp is the same, so a new reader need not parse them again.
   */
  held?: ReadonlyMap<string, HeldFile>;
}

/** A file read before, as far as the totals and "unchanged" need it (its objects stay with the caller). */
export interface HeldFile {
  rel: string;
  stamp: string;
  bytes: number;
  expanded: number;
}

/**
 * Reads a root again and again, re-parsing only files whose identity, size or times changed,
 * and applies the totals over all files in path order (a file over a total is skipped whole).
 */
export class ManifestReader {
  private cache = new Map<string, { stamp: string; result: FileResult }>();
  private sent = new Map<string, FileResult>();

  constructor(
    readonly root: string,
    readonly limits: ManifestLimits = DEFAULT_LIMITS,
    private readonly hooks: ReaderHooks = {},
  ) {
    for (const [abs, h] of hooks.held ?? []) {
      const result = { ...emptyResult([], h.bytes), expanded: h.expanded };
      this.cache.set(abs, { stamp: h.stamp, result });
      this.sent.set(h.rel, result);
    }
  }

  read(): { tree: ManifestTree; files: FileEntry[] } {
    const tree = listManifests(this.root);
    const files: FileEntry[] = [];
    const cache = new Map<string, { stamp: string; result: FileResult }>();
    let bytes = 0;
    let expanded = 0;
    for (const { abs, rel } of tree.files) {
      let stamp: string;
      try {
        const st = fs.statSync(abs, { bigint: true });
        stamp = `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
        const size = Number(st.size);
        if (size <= this.limits.fileBytes && bytes + size > this.limits.totalBytes) {
          files.push(this.entry(rel, emptyResult([{ file: rel, message: `skipped: all manifests together are over the ${mb(this.limits.totalBytes)} limit (ROLECALL_MANIFESTS_MAX_MB)` }])));
          continue;
        }
      } catch (e) {
        files.push(this.entry(rel, emptyResult([{ file: rel, message: `cannot read: ${errText(e)}` }])));
        continue;
      }
      const failed = this.hooks.failed?.get(abs);
      if (failed?.stamp === stamp) {
        files.push(this.entry(rel, emptyResult([{ file: rel, message: failed.message }])));
        continue;
      }
      const cached = this.cache.get(abs);
      let result: FileResult;
      if (cached?.stamp === stamp) result = cached.result;
      else {
        this.hooks.onParse?.(abs, rel, stamp);
        result = readManifestFile(abs, rel, this.limits);
      }
      cache.set(abs, { stamp, result });
      bytes += result.bytes;
      if (expanded + result.expanded > this.limits.totalExpanded) {
        files.push(
          this.entry(rel, emptyResult([{ file: rel, message: `skipped: all manifests together expand to more than ${mb(this.limits.totalExpanded)} (aliases written out)` }], result.bytes)),
        );
        continue;
      }
      expanded += result.expanded;
      files.push(this.entry(rel, result));
    }
    this.cache = cache;
    this.sent = new Map(files.map((f) => [f.rel, f.result]));
    return { tree, files };
  }

  private entry(rel: string, result: FileResult): FileEntry {
    return { rel, result, reused: this.sent.get(rel) === result };
  }
}

/** Objects, resources and problems of all files in order; a later duplicate replaces the earlier one. */
export function assemble(treeProblems: readonly SourceProblem[], files: readonly { rel: string; result: FileResult }[]): Omit<LoadedManifests, "files"> {
  const a = new Assembler();
  for (const f of files) a.add(f.rel, f.result);
  return a.finish(treeProblems);
}

/** assemble() a piece at a time, so that a large load can be put together between other work. */
export class Assembler {
  private problems: SourceProblem[] = [];
  private resources: ApiResource[] = [];
  private byKey = new Map<string, { obj: KubeObject; where: string }>();

  /** Adds a file's result, or part of one (`problems` and `resources` with its last part). */
  add(rel: string, result: Pick<FileResult, "objects" | "lines"> & Partial<FileResult>): void {
    if (result.problems) this.problems.push(...result.problems);
    if (result.resources) this.resources.push(...result.resources);
    result.objects.forEach((obj, i) => {
      const key = `${obj.kind}/${obj.metadata.namespace ?? ""}/${obj.metadata.name}`;
      const where = `${rel}:${result.lines[i]}`;
      const first = this.byKey.get(key);
      if (first) {
        this.problems.push({ file: rel, line: result.lines[i], message: `duplicate ${key} (also at ${first.where}); this later one is used` });
        this.byKey.delete(key); // re-inserted below, at the later one's place
      }
      this.byKey.set(key, { obj, where });
    });
  }

  finish(treeProblems: readonly SourceProblem[]): Omit<LoadedManifests, "files"> {
    return { objects: [...this.byKey.values()].map((v) => v.obj), resources: this.resources, problems: [...treeProblems, ...this.problems] };
  }
}

/** The manifest files under `root` in path order. A symlink is followed only while it stays inside the root's folder. */
export function listManifests(root: string): ManifestTree {
  const tree: ManifestTree = { files: [], dirs: [], problems: [] };
  const abs = path.resolve(root);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch (e) {
    tree.problems.push({ file: root, message: `cannot read: ${errText(e)}` });
    return tree;
  }
  if (!st.isDirectory()) {
    tree.files.push({ abs, rel: path.basename(abs) });
    return tree;
  }
  const rel = (p: string) => path.relative(abs, p) || path.basename(p);
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(abs);
  } catch (e) {
    tree.problems.push({ file: root, message: `cannot read: ${errText(e)}` });
    return tree;
  }
  const inside = (real: string) => {
    const r = path.relative(realRoot, real);
    return r === "" || (r !== ".." && !r.startsWith(`..${path.sep}`) && !path.isAbsolute(r));
  };
  const visited = new Set<string>();
  const visit = (d: string) => {
    let real: string;
    try {
      real = fs.realpathSync(d);
    } catch (e) {
      tree.problems.push({ file: rel(d), message: `cannot read folder: ${errText(e)}` });
      return;
    }
    if (visited.has(real)) {
      tree.problems.push({ file: rel(d), message: `symlink loop: ${rel(d)} leads back to a folder already read; skipped` });
      return;
    }
    visited.add(real);
    tree.dirs.push(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch (e) {
      tree.problems.push({ file: rel(d), message: `cannot read folder: ${errText(e)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      if (ent.name.startsWith(".") || ent.name === "node_modules") continue;
      const p = path.join(d, ent.name);
      let isDir = ent.isDirectory();
      let isFile = ent.isFile();
      if (ent.isSymbolicLink()) {
        let target: string;
        try {
          target = fs.realpathSync(p);
          const t = fs.statSync(target);
          isDir = t.isDirectory();
          isFile = t.isFile();
        } catch (e) {
          const loop = (e as NodeJS.ErrnoException).code === "ELOOP";
          tree.problems.push({ file: rel(p), message: loop ? "symlink loop; skipped" : `broken symlink: ${errText(e)}` });
          continue;
        }
        if (!inside(target)) {
          // A link to / would walk the whole filesystem; a folder of manifests is self-contained.
          if (isDir || MANIFEST_EXT.has(path.extname(ent.name).toLowerCase())) {
            tree.problems.push({ file: rel(p), message: `symlink leads outside the folder (to ${target}); not followed` });
          }
          continue;
        }
      }
      if (isDir) visit(p);
      else if (isFile && MANIFEST_EXT.has(path.extname(ent.name).toLowerCase())) tree.files.push({ abs: p, rel: rel(p) });
    }
  };
  visit(abs);
  return tree;
}

/** What a caller other than the server (the command line) wants to know while a file is read. */
export interface ReadOptions {
  /** Where a namespaced object without metadata.namespace goes, as `kubectl apply -n` (default "default"). */
  defaultNamespace?: string;
  /** A namespaced object that named no namespace, after it was placed in the default one. */
  onPlaced?: (obj: KubeObject, line: number) => void;
  /** A document of a kind Rolecall does not read (ConfigMap, Ingress, a custom resource…). */
  onOtherKind?: (kind: string, apiVersion: string, line: number) => void;
}

/** Reads and parses one file within the per-file limits. */
export function readManifestFile(abs: string, name: string, limits: ManifestLimits = DEFAULT_LIMITS, opts: ReadOptions = {}): FileResult {
  let buf: Buffer;
  try {
    const size = fs.statSync(abs).size;
    if (size > limits.fileBytes) {
      return emptyResult([{ file: name, message: `file is ${mb(size)}, over the ${mb(limits.fileBytes)} limit; skipped` }]);
    }
    buf = fs.readFileSync(abs);
  } catch (e) {
    return emptyResult([{ file: name, message: `cannot read: ${errText(e)}` }]);
  }
  const out = emptyResult([], buf.length);
  const bad = firstInvalidUtf8(buf);
  if (bad >= 0) {
    out.problems.push({
      file: name,
      line: lineAtByte(buf, bad),
      message: `not UTF-8 text (invalid byte 0x${buf[bad].toString(16).padStart(2, "0")} at offset ${bad}); file skipped`,
    });
    return out;
  }
  let text = buf.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const isJson = abs.toLowerCase().endsWith(".json");
  if (isJson) {
    // YAML accepts what JSON does not (a trailing comma, comments): a .json file must be JSON.
    // JSON has no aliases, so JSON.parse (some hundred times faster than the YAML parser, and
    // compact) gives the data; only the lines of a list's items need a scan of the text.
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      const msg = String((e as Error).message).replace(/ \(line \d+ column \d+\)$/, "");
      const at = /at position (\d+)/.exec(msg);
      out.problems.push({ file: name, line: at ? lineAt(text, Number(at[1])) : 1, message: `invalid JSON: ${msg}; file skipped` });
      return out;
    }
    out.expanded = text.length;
    const lines = jsonItemLines(text);
    // JSON.parse takes any depth; the recursive steps after it (hashing, trimming) would not.
    if (lines.depth > MAX_JSON_DEPTH) {
      out.problems.push({ file: name, line: lines.deepest, message: `nested more than ${MAX_JSON_DEPTH} levels deep; file skipped` });
      return out;
    }
    if (isList(value)) value.items.forEach((raw, i) => addObject(listItem(value, raw), name, lines.items[i] ?? lines.value, out, true, opts));
    else if (value != null) addObject(value, name, lines.value, out, true, opts);
    return out;
  }
  const lc = new LineCounter();
  try {
    const parser = new Parser(lc.addNewLine);
    const composer = new Composer({ prettyErrors: false });
    // One document at a time: a document's syntax tree is dropped before the next is built.
    for (const doc of composer.compose(parser.parse(text))) {
      if (!loadDocument(doc as Document.Parsed, name, isJson, lc, limits, out, opts)) break;
    }
  } catch (e) {
    // The parser itself gave up (e.g. nesting deep enough to exhaust the stack).
    out.problems.push({ file: name, line: 1, message: `cannot parse: ${errText(e)}; the rest of the file skipped` });
  }
  return out;
}

/** Adds one document's objects to `out`; false when the file's expansion budget is spent (stop reading). */
function loadDocument(doc: Document.Parsed, name: string, isJson: boolean, lc: LineCounter, limits: ManifestLimits, out: FileResult, opts: ReadOptions): boolean {
  const line = lc.linePos((doc.contents?.range ?? doc.range)[0]).line;
  if (doc.errors.length) {
    const err = doc.errors[0];
    out.problems.push({ file: name, line, message: `invalid ${isJson ? "JSON" : "YAML"}: ${err.message.split("\n")[0]}` });
    return true;
  }
  const converted = toValue(doc, limits.fileExpanded - out.expanded);
  if ("message" in converted) {
    const at = converted.offset !== undefined ? lc.linePos(converted.offset).line : line;
    if (converted.over) {
      out.problems.push({ file: name, line: at, message: `expands to more than ${mb(limits.fileExpanded)} (aliases written out); the rest of the file skipped` });
      return false;
    }
    out.problems.push({ file: name, line: at, message: `${converted.message}; document skipped` });
    return true;
  }
  out.expanded += converted.size;
  const value = converted.value;
  if (value == null) return true; // empty document (e.g. a trailing ---)
  if (isList(value)) {
    const itemsNode = isMap(doc.contents) ? doc.contents.get("items", true) : undefined;
    value.items.forEach((raw, i) => {
      const item = listItem(value, raw);
      const node = isSeq(itemsNode) ? itemsNode.items[i] : undefined;
      const r = node && typeof node === "object" && "range" in node ? (node.range as [number, number, number]) : undefined;
      addObject(item, name, r ? lc.linePos(r[0]).line : line, out, false, opts);
    });
  } else addObject(value, name, line, out, false, opts);
  return true;
}

type ConvertError = { message: string; offset?: number; over?: boolean };

/**
 * The document as plain data (as yaml's toJS gives it) and its size with every alias written
 * out (about its size as JSON). An alias gives the very value of its anchor (shared, not
 * copied) but counts its full size, so a billion laughs stops at the budget, in time linear in
 * the document. An alias naming no earlier anchor, or one inside its own anchor (a cycle), is
 * an error with its offset. (yaml's toJS throws for these, and resolves each alias by a scan
 * of the document: quadratic.)
 */
function toValue(doc: Document.Parsed, budget: number): { value: unknown; size: number } | ConvertError {
  const anchors = new Map<string, { node: unknown; value?: unknown; size?: number }>();
  let size = 0;
  class Stop extends Error {
    constructor(readonly detail: ConvertError) {
      super(detail.message);
    }
  }
  const offset = (n: unknown) => (n && typeof n === "object" && "range" in n ? (n.range as number[] | undefined)?.[0] : undefined);
  const add = (n: number, node: unknown) => {
    size += n;
    if (size > budget) throw new Stop({ message: "over budget", over: true, offset: offset(node) });
  };
  const convert = (n: unknown): unknown => {
    if (n == null) {
      add(4, n);
      return null;
    }
    if (isAlias(n)) {
      const a = anchors.get(n.source);
      if (!a) throw new Stop({ message: `unknown alias *${n.source} (no anchor &${n.source} before it)`, offset: offset(n) });
      if (a.size === undefined) throw new Stop({ message: `alias *${n.source} is inside the node it names (a cycle)`, offset: offset(n) });
      add(a.size, n);
      return a.value;
    }
    const anchor = (n as { anchor?: string }).anchor;
    const entry: { node: unknown; value?: unknown; size?: number } = { node: n };
    if (anchor) anchors.set(anchor, entry);
    const before = size;
    let value: unknown;
    if (isScalar(n)) {
      value = n.value;
      add(typeof value === "string" ? value.length + 2 : value && typeof value === "object" && "length" in value ? Number(value.length) : String(value).length, n);
    } else if (isMap(n) || isPair(n)) {
      const obj: Record<string, unknown> = {};
      add(2, n);
      for (const pair of isPair(n) ? [n] : n.items) {
        const key = isAlias(pair.key) ? anchors.get(pair.key.source)?.node : pair.key;
        if (key != null && !isScalar(key)) throw new Stop({ message: "a map key that is a list or map", offset: offset(pair.key) });
        const k = key == null || key.value == null ? "" : String(key.value);
        add(k.length + 4, pair.key);
        const v = convert(pair.value);
        if (k === "__proto__") Object.defineProperty(obj, k, { value: v, writable: true, enumerable: true, configurable: true });
        else obj[k] = v;
      }
      value = obj;
    } else if (isSeq(n)) {
      const arr: unknown[] = [];
      add(2, n);
      for (const item of n.items) {
        add(1, item);
        arr.push(convert(item));
      }
      value = arr;
    } else {
      value = null;
      add(4, n);
    }
    entry.value = value;
    entry.size = size - before;
    return value;
  };
  try {
    const value = convert(doc.contents);
    return { value, size };
  } catch (e) {
    if (e instanceof Stop) return e.detail;
    if (e instanceof RangeError) return { message: "nested too deeply" };
    throw e;
  }
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** An item of a list; a typed list (`ServiceAccountList`, as the API returns) leaves kind off its items. */
function listItem(list: { kind: string }, raw: unknown): unknown {
  const itemKind = list.kind === "List" ? undefined : list.kind.slice(0, -"List".length);
  return itemKind && raw && typeof raw === "object" && !("kind" in raw) ? { kind: itemKind, ...(raw as object) } : raw;
}

/**
 * The line of a JSON text's value and of each element of its top-level `items` array, by one
 * pass over the text that tracks strings and nesting (the text is valid JSON).
 */
export function jsonItemLines(text: string): { value: number; items: number[]; depth: number; deepest: number } {
  const items: number[] = [];
  let line = 1;
  let value = 0;
  let depth = 0;
  let maxDepth = 0;
  let deepest = 1; // the line where the greatest depth is first reached
  let inItems = false; // inside the top-level object's "items" array
  let key = ""; // the last string read at depth 1 (a key when a colon follows)
  let lastString = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 34) {
      // a string: skip to its closing quote (JSON strings hold no raw newline)
      const start = i + 1;
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
      if (depth === 1) lastString = text.slice(start, i);
      else if (depth === 2 && inItems) items.push(line);
    } else if (c === 58 && depth === 1) key = lastString;
    else if (c === 123 || c === 91) {
      if (!value) value = line;
      if (depth === 2 && inItems) items.push(line);
      depth++;
      if (depth > maxDepth) [maxDepth, deepest] = [depth, line];
      if (depth === 2 && c === 91 && key === "items") inItems = true;
    } else if (c === 125 || c === 93) {
      depth--;
      if (depth === 1) inItems = false;
    } else if (depth === 2 && inItems && c > 32 && c !== 44) {
      // a scalar item (a number, true, false, null): note its line, then skip the rest of it
      items.push(line);
      while (i + 1 < text.length && !/[\s,\]]/.test(text[i + 1])) i++;
    }
  }
  return { value: value || 1, items, depth: maxDepth, deepest };
}

/** Kubernetes objects nest a few dozen levels; far deeper is an attack on the stack. */
const MAX_JSON_DEPTH = 200;

function isList(v: unknown): v is { kind: string; items: unknown[] } {
  if (!v || typeof v !== "object") return false;
  const o = v as Record<string, unknown>;
  return typeof o.kind === "string" && o.kind.endsWith("List") && Array.isArray(o.items);
}

/** Kinds the API server refuses without a spec (the layers above read it without checking). */
const NEEDS_SPEC = new Set(["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Service"]);

/** What kubectl would refuse in metadata that the layers above rely on, or undefined. */
function metadataProblem(meta: Record<string, unknown>): string | undefined {
  if (meta.namespace != null && typeof meta.namespace !== "string") return "metadata.namespace is not a string";
  for (const field of ["labels", "annotations"] as const) {
    const m = meta[field];
    if (m == null) continue;
    if (typeof m !== "object" || Array.isArray(m)) return `metadata.${field} is not a map`;
    for (const [k, v] of Object.entries(m)) {
      if (typeof v !== "string") return `metadata.${field}["${k.slice(0, 100)}"] is not a string (quote it)`;
    }
  }
  return undefined;
}

/** `fromJson`: the value came from JSON.parse, whose objects are already compact. */
function addObject(value: unknown, file: string, line: number, out: FileResult, fromJson = false, opts: ReadOptions = {}): void {
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    out.problems.push({ file, line, message: "document is not a Kubernetes object (expected a mapping with kind and metadata)" });
    return;
  }
  const o = value as Record<string, unknown>;
  const meta = o.metadata as Record<string, unknown> | undefined;
  if (typeof o.kind !== "string" || o.kind === "") {
    const name = typeof meta?.name === "string" ? ` (metadata.name: ${meta.name})` : "";
    out.problems.push({ file, line, message: `document has no kind${name}; skipped` });
    return;
  }
  // A kind name Rolecall reads, from another API (kustomize's own kustomization.yaml is a
  // `kind: Kustomization` too): not a Flux object, and not a problem.
  if (isKnownKind(o.kind) && !isReadApi(o.kind, o.apiVersion)) return;
  if (!meta || typeof meta !== "object" || typeof meta.name !== "string" || meta.name === "") {
    out.problems.push({ file, line, message: `${o.kind} has no metadata.name; skipped` });
    return;
  }
  if (o.kind === "Secret") return; // never kept, not even from files
  if (NEEDS_SPEC.has(o.kind) && (!o.spec || typeof o.spec !== "object" || Array.isArray(o.spec))) {
    out.problems.push({ file, line, message: `${o.kind} ${meta.name} has no spec; skipped` });
    return;
  }
  const badMeta = metadataProblem(meta);
  if (badMeta) {
    // kubectl apply refuses these too; every layer reads labels and annotations as maps of strings
    out.problems.push({ file, line, message: `${o.kind} ${meta.name}: ${badMeta}; skipped` });
    return;
  }
  const nullAt = nullListEntry(o, "");
  if (nullAt) {
    // The API server refuses these (an empty subject, container or owner fails validation);
    // every layer reads list entries as objects, so one null would break a whole view.
    out.problems.push({ file, line, message: `${o.kind} ${meta.name}: ${nullAt} is empty (null); skipped` });
    return;
  }
  if (o.kind === "CustomResourceDefinition") {
    const res = crdResources(o);
    if (typeof res === "string") out.problems.push({ file, line, message: `CustomResourceDefinition ${meta.name}: ${res}` });
    else out.resources.push(...res);
    return;
  }
  if (!isKnownKind(o.kind)) {
    // a kind Rolecall does not read (ConfigMap, Ingress, ...)
    opts.onOtherKind?.(o.kind, typeof o.apiVersion === "string" ? o.apiVersion : "", line);
    return;
  }
  // The API server refuses these names; one with a `/` would get a page that cannot route.
  const badName = invalidName(o.kind, meta.name);
  if (badName) {
    out.problems.push({ file, line, message: `${o.kind} "${meta.name.slice(0, 300)}": invalid metadata.name (${badName}); skipped` });
    return;
  }
  const ns = meta.namespace;
  const badNs = typeof ns === "string" && ns !== "" && !CLUSTER_SCOPED.has(o.kind) ? invalidNamespace(ns) : undefined;
  if (badNs) {
    out.problems.push({ file, line, message: `${o.kind} ${meta.name}: invalid metadata.namespace "${String(ns).slice(0, 100)}" (${badNs}); skipped` });
    return;
  }
  const obj = sanitizeObject(o as unknown as KubeObject);
  // As `kubectl apply` without -n would place it.
  const placed = !CLUSTER_SCOPED.has(obj.kind) && !obj.metadata.namespace;
  if (placed) obj.metadata.namespace = opts.defaultNamespace ?? "default";
  // A version that changes with the content (what the store compares objects by): re-reading
  // a file publishes only what changed, without comparing whole objects on the event loop.
  obj.metadata.resourceVersion = contentVersion(obj);
  // Held for the server's life: copied out of the parser's objects, which hold several times
  // the heap of the same data.
  const kept = fromJson ? obj : compactObject(obj);
  out.objects.push(kept);
  out.lines.push(line);
  if (placed) opts.onPlaced?.(kept, line);
}

/** The path of the first null entry in any list inside the document, e.g. `subjects[1]`. */
function nullListEntry(v: unknown, path: string): string | undefined {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      if (v[i] === null || v[i] === undefined) return `${path}[${i}]`;
      const inner = nullListEntry(v[i], `${path}[${i}]`);
      if (inner) return inner;
    }
  } else if (v && typeof v === "object") {
    for (const [k, child] of Object.entries(v)) {
      const inner = nullListEntry(child, path ? `${path}.${k}` : k);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** A 53-bit hash of the object's JSON (cyrb53), as a resourceVersion. */
function contentVersion(obj: KubeObject): string {
  const text = JSON.stringify(obj);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `m${(4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)}`;
}

function errText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}: ${err.message}` : String(err.message ?? e);
}
