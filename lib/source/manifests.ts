import "server-only";
import fs from "node:fs";
import path from "node:path";
import YAML, { LineCounter, isMap, isSeq, type Document } from "yaml";
import { isKnownKind } from "@/lib/store/snapshot";
import type { ApiResource, KubeObject, SourceProblem } from "@/lib/store/types";
import { crdResources } from "./crd";
import { isReadApi } from "./kinds";
import { compactObject, sanitizeObject } from "./sanitize";
import { firstInvalidUtf8, lineAtByte } from "./utf8";

// Reads manifests (a file or a folder tree) into objects, the resources their CRDs define,
// and one problem per document or file that could not be used. Nothing here throws for bad
// input: a broken document costs only itself.

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
const MANIFEST_EXT = new Set([".yaml", ".yml", ".json"]);
/** Kinds Rolecall reads that have no namespace. */
const CLUSTER_SCOPED = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding"]);

export interface LoadedManifests {
  objects: KubeObject[];
  /** Resources defined by CustomResourceDefinition documents. */
  resources: ApiResource[];
  problems: SourceProblem[];
  /** Every file read (for the watcher and for tests). */
  files: string[];
}

/** Loads `root` (file or folder). Paths in problems are relative to `root` when it is a folder. */
export function loadManifests(root: string): LoadedManifests {
  const out: LoadedManifests = { objects: [], resources: [], problems: [], files: [] };
  const abs = path.resolve(root);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch (e) {
    out.problems.push({ file: root, message: `cannot read: ${errText(e)}` });
    return out;
  }
  const base = st.isDirectory() ? abs : path.dirname(abs);
  const rel = (p: string) => path.relative(base, p) || path.basename(p);
  const files = st.isDirectory() ? walk(abs, out.problems, rel) : [abs];
  const seen = new Map<string, string>();
  for (const file of files) {
    out.files.push(file);
    loadFile(file, rel(file), out, seen);
  }
  return out;
}

/** Manifest files under `dir`, sorted, following symlinks once (a loop is reported, not followed). */
function walk(dir: string, problems: SourceProblem[], rel: (p: string) => string): string[] {
  const files: string[] = [];
  const visited = new Set<string>();
  const visit = (d: string) => {
    let real: string;
    try {
      real = fs.realpathSync(d);
    } catch (e) {
      problems.push({ file: rel(d), message: `cannot read folder: ${errText(e)}` });
      return;
    }
    if (visited.has(real)) {
      problems.push({ file: rel(d), message: `symlink loop: ${rel(d)} leads back to a folder already read; skipped` });
      return;
    }
    visited.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch (e) {
      problems.push({ file: rel(d), message: `cannot read folder: ${errText(e)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      if (ent.name.startsWith(".") || ent.name === "node_modules") continue;
      const p = path.join(d, ent.name);
      let isDir = ent.isDirectory();
      let isFile = ent.isFile();
      if (ent.isSymbolicLink()) {
        try {
          const t = fs.statSync(p);
          isDir = t.isDirectory();
          isFile = t.isFile();
        } catch (e) {
          const loop = (e as NodeJS.ErrnoException).code === "ELOOP";
          problems.push({ file: rel(p), message: loop ? "symlink loop; skipped" : `broken symlink: ${errText(e)}` });
          continue;
        }
      }
      if (isDir) visit(p);
      else if (isFile && MANIFEST_EXT.has(path.extname(ent.name).toLowerCase())) files.push(p);
    }
  };
  visit(dir);
  return files;
}

function loadFile(file: string, name: string, out: LoadedManifests, seen: Map<string, string>): void {
  let buf: Buffer;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_FILE_BYTES) {
      out.problems.push({ file: name, message: `file is ${(size / 1024 / 1024).toFixed(1)} MB, over the 5 MB limit; skipped` });
      return;
    }
    buf = fs.readFileSync(file);
  } catch (e) {
    out.problems.push({ file: name, message: `cannot read: ${errText(e)}` });
    return;
  }
  const bad = firstInvalidUtf8(buf);
  if (bad >= 0) {
    out.problems.push({
      file: name,
      line: lineAtByte(buf, bad),
      message: `not UTF-8 text (invalid byte 0x${buf[bad].toString(16).padStart(2, "0")} at offset ${bad}); file skipped`,
    });
    return;
  }
  let text = buf.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lc = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = YAML.parseAllDocuments(text, { lineCounter: lc, prettyErrors: false }) as Document.Parsed[];
  } catch (e) {
    out.problems.push({ file: name, line: 1, message: `cannot parse: ${errText(e)}` });
    return;
  }
  for (const doc of docs) {
    const line = lc.linePos((doc.contents?.range ?? doc.range)[0]).line;
    if (doc.errors.length) {
      const err = doc.errors[0];
      out.problems.push({
        file: name,
        line: err.linePos?.[0].line ?? line,
        message: `invalid ${file.endsWith(".json") ? "JSON" : "YAML"}: ${err.message.split("\n")[0]}`,
      });
      continue;
    }
    const value: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (value == null) continue; // empty document (e.g. a trailing ---)
    if (isList(value)) {
      const itemsNode = isMap(doc.contents) ? doc.contents.get("items", true) : undefined;
      // A typed list (`ServiceAccountList`, as the API returns) leaves kind off its items.
      const itemKind = value.kind === "List" ? undefined : value.kind.slice(0, -"List".length);
      value.items.forEach((raw, i) => {
        const item =
          itemKind && raw && typeof raw === "object" && !("kind" in raw) ? { kind: itemKind, ...(raw as object) } : raw;
        const node = isSeq(itemsNode) ? itemsNode.items[i] : undefined;
        const r = node && typeof node === "object" && "range" in node ? (node.range as [number, number, number]) : undefined;
        addObject(item, name, r ? lc.linePos(r[0]).line : line, out, seen);
      });
    } else addObject(value, name, line, out, seen);
  }
}

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

function addObject(value: unknown, file: string, line: number, out: LoadedManifests, seen: Map<string, string>): void {
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
  if (!isKnownKind(o.kind)) return; // a kind Rolecall does not read (ConfigMap, Ingress, ...)
  let obj = compactObject(sanitizeObject(o as unknown as KubeObject));
  if (!CLUSTER_SCOPED.has(obj.kind) && !obj.metadata.namespace) {
    // As `kubectl apply` without -n would place it.
    obj = { ...obj, metadata: { ...obj.metadata, namespace: "default" } };
  }
  const key = `${obj.kind}/${obj.metadata.namespace ?? ""}/${obj.metadata.name}`;
  const where = `${file}:${line}`;
  const first = seen.get(key);
  if (first) {
    out.problems.push({ file, line, message: `duplicate ${key} (also at ${first}); this later one is used` });
    const i = out.objects.findIndex((x) => `${x.kind}/${x.metadata.namespace ?? ""}/${x.metadata.name}` === key);
    if (i >= 0) out.objects.splice(i, 1);
  }
  seen.set(key, where);
  out.objects.push(obj);
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

function errText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}: ${err.message}` : String(err.message ?? e);
}
