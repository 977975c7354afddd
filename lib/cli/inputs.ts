// The manifests `rolecall check` and `rolecall diff` read: files, folders (recursive) and
// standard input, parsed by the same reader as the server's manifests source, with the
// file and line of every object kept for the report. What cannot be used is a problem
// (file and line); the command then reports the problems and nothing else (exit 2).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BUILTIN_RESOURCES } from "@/lib/k8s/builtin-resources";
import { Assembler, limitsFromEnv, listManifests, readManifestFile, type FileResult, type ReadOptions } from "@/lib/source/manifests";
import type { ApiResource, KubeObject, SourceProblem } from "@/lib/store/types";
import { objectKeyOf, type Location } from "@/lib/rbac/diff";

/** Where an object was written (one type and key with the diff engine). */
export type { Location };

export interface Inputs {
  objects: KubeObject[];
  /** Resources defined by CustomResourceDefinitions in the input. */
  resources: ApiResource[];
  /** Where each object is, by `Kind/namespace/name` (the chains' node id, and the store's key offline). */
  locations: Map<string, Location>;
  /** Namespaced objects that named no namespace and were placed in `namespace` (keys as above). */
  placed: Set<string>;
  /** Documents and files that could not be used. */
  problems: SourceProblem[];
  /** Manifest files read (display paths; `-` is "<stdin>"). */
  files: string[];
  /** Where objects without a namespace went. */
  namespace: string;
}

export interface InputOptions {
  /** `kubectl apply -n`: where objects without metadata.namespace go (default "default"). */
  namespace?: string;
  /** Documents of kinds neither Kubernetes nor the input's CRDs define are skipped instead of a problem. */
  ignoreUnknownKinds?: boolean;
  /** Standard input, for `-` (read once). */
  stdin?: () => Buffer;
  /** Paths are shown relative to this folder (default: the process's). */
  cwd?: string;
}

export const STDIN_NAME = "<stdin>";

/** API groups of configuration files that sit beside manifests and are never applied (kustomize's own). */
const CONFIG_GROUPS = new Set(["kustomize.config.k8s.io", "config.kubernetes.io", "kpt.dev"]);

export { objectKeyOf };

const groupOf = (apiVersion: string) => (apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "");

/** One file's objects and problems, which objects were placed in the default namespace, and documents of other kinds. */
export interface FileRead {
  display: string;
  result: FileResult;
  /** Indexes (in result.objects) of the objects placed in the default namespace. */
  placed: number[];
  others: { kind: string; apiVersion: string; line: number }[];
}

/** A file to read: where it is and the name reports give it. */
export interface FileJob {
  abs: string;
  display: string;
}

/** Reads files in order; the answers in the same order. */
export type FileReader = (files: readonly FileJob[], namespace: string) => Promise<FileRead[]>;

/** Parses one file with the server's manifest reader, objects without a namespace placed in `namespace`. */
export function readOneFile(abs: string, display: string, namespace: string): FileRead {
  const placedObjects = new Set<KubeObject>();
  const others: FileRead["others"] = [];
  const read: ReadOptions = {
    defaultNamespace: namespace,
    onPlaced: (o) => placedObjects.add(o),
    onOtherKind: (kind, apiVersion, line) => others.push({ kind, apiVersion, line }),
  };
  const result = readManifestFile(abs, display, limitsFromEnv(), read);
  const placed: number[] = [];
  result.objects.forEach((o, i) => placedObjects.has(o) && placed.push(i));
  return { display, result, placed, others };
}

export const readFilesHere: FileReader = async (files, namespace) => files.map((f) => readOneFile(f.abs, f.display, namespace));

/** Reads every path (a file, a folder, or `-` for standard input) as `kubectl apply -f` would take them. */
export async function readInputs(paths: readonly string[], opts: InputOptions & { reader?: FileReader } = {}): Promise<Inputs> {
  const cwd = opts.cwd ?? process.cwd();
  const namespace = opts.namespace || "default";
  const treeProblems: SourceProblem[] = [];
  const show = (abs: string) => (path.relative(cwd, abs) || path.basename(abs)).split(path.sep).join("/");
  const jobs: FileJob[] = [];
  let stdinDir: string | undefined;
  try {
    for (const p of paths) {
      if (p === "-") {
        if (stdinDir !== undefined) continue; // `- -` reads it once
        stdinDir = "";
        const parts = stdinFiles(opts.stdin ?? (() => fs.readFileSync(0)), treeProblems);
        if (parts.length) {
          stdinDir = path.dirname(parts[0].abs);
          jobs.push(...parts);
        }
        continue;
      }
      const tree = listManifests(p);
      const isDir = tree.dirs.length > 0;
      for (const pr of tree.problems) treeProblems.push({ ...pr, file: isDir ? show(path.join(path.resolve(p), pr.file)) : p });
      if (isDir && tree.files.length === 0 && !tree.problems.length) treeProblems.push({ file: show(path.resolve(p)), message: "no .yaml, .yml or .json files in this folder" });
      // a file named on the command line is read whatever its extension, as kubectl -f does
      for (const f of tree.files) jobs.push({ abs: f.abs, display: show(f.abs) });
    }
    const reads = await (opts.reader ?? readFilesHere)(jobs, namespace);
    return assembleInputs(reads, treeProblems, namespace, !!opts.ignoreUnknownKinds);
  } finally {
    if (stdinDir) fs.rmSync(stdinDir, { recursive: true, force: true });
  }
}

function assembleInputs(reads: readonly FileRead[], treeProblems: SourceProblem[], namespace: string, ignoreUnknownKinds: boolean): Inputs {
  const assembler = new Assembler();
  const locations = new Map<string, Location>();
  const placed = new Set<string>();
  for (const { display, result, placed: placedHere } of reads) {
    assembler.add(display, result);
    const here = new Set(placedHere);
    result.objects.forEach((o, i) => {
      const key = objectKeyOf(o.kind, o.metadata.namespace, o.metadata.name);
      locations.set(key, { file: display, line: result.lines[i] });
      if (here.has(i)) placed.add(key);
      else placed.delete(key); // a later duplicate that names its namespace
    });
  }
  const loaded = assembler.finish(treeProblems);
  const problems = [...loaded.problems];
  if (!ignoreUnknownKinds) {
    const known = new Set<string>();
    for (const r of [...BUILTIN_RESOURCES, ...loaded.resources]) known.add(`${r.group}/${r.kind}`);
    for (const { display, others } of reads) {
      for (const o of others) {
        const group = groupOf(o.apiVersion);
        if (CONFIG_GROUPS.has(group) || known.has(`${group}/${o.kind}`)) continue;
        problems.push({
          file: display,
          line: o.line,
          message: `unknown kind ${o.kind}${o.apiVersion ? ` (apiVersion ${o.apiVersion})` : " (no apiVersion)"}: neither built into Kubernetes nor defined by a CustomResourceDefinition in the input (--ignore-unknown-kinds skips such documents)`,
        });
      }
    }
  }
  return { objects: loaded.objects, resources: loaded.resources, locations, placed, problems, files: [...new Set(reads.map((r) => r.display))], namespace };
}

/** Standard input in a private temporary folder (the reader reads files); none when it cannot be read. */
function stdinFiles(stdin: () => Buffer, problems: SourceProblem[]): FileJob[] {
  let buf: Buffer;
  try {
    buf = stdin();
  } catch (e) {
    problems.push({ file: STDIN_NAME, message: `cannot read standard input: ${(e as Error).message}` });
    return [];
  }
  if (!/\S/.test(buf.toString("utf8"))) {
    // `helm template … | rolecall check -` must not pass when helm failed and printed nothing
    problems.push({ file: STDIN_NAME, message: "standard input is empty (did the command before the pipe fail?)" });
    return [];
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rolecall-stdin-"));
  // JSON (kubectl get -o json) is parsed as JSON: stricter and much faster than as YAML
  const first = buf.toString("utf8", 0, Math.min(buf.length, 512)).trimStart()[0];
  const file = path.join(dir, first === "{" || first === "[" ? "stdin.json" : "stdin.yaml");
  fs.writeFileSync(file, buf, { mode: 0o600 });
  return [{ abs: file, display: STDIN_NAME }];
}
