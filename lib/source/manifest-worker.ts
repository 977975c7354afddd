// The manifest reader's thread: parsing YAML takes about a second per MB, and a single large
// document cannot be split, so it runs here and the server's event loop only receives results.
// Protocol (see files.ts): "read" → one "parse" before each file it parses; then, one message
// per "next" from the server (so that receiving them never holds its event loop for long):
// "part"s of a large file's objects, one "file" per file (`reused` when unchanged since the
// last read: the server keeps that result), and "done".
import { parentPort, workerData } from "node:worker_threads";
import { ManifestReader } from "./manifests";
import { READER_CHUNK, type ReaderMessage, type ReaderRequest, type ReaderWorkerData } from "./reader-protocol";

const data = workerData as ReaderWorkerData;
const post = (m: ReaderMessage) => parentPort!.postMessage(m);
const reader = new ManifestReader(data.root, data.limits, {
  failed: new Map(Object.entries(data.failed)),
  held: new Map(Object.entries(data.held)),
  onParse: (abs, rel, stamp) => post({ type: "parse", abs, rel, stamp }),
});
let queue: ReaderMessage[] = [];

parentPort!.on("message", (req: ReaderRequest) => {
  if (req === "read") {
    const { tree, files } = reader.read();
    queue = [];
    for (const f of files) {
      if (f.reused) {
        queue.push({ type: "file", rel: f.rel, reused: true });
        continue;
      }
      const { objects, lines } = f.result;
      let i = 0;
      for (; objects.length - i > READER_CHUNK; i += READER_CHUNK) {
        queue.push({ type: "part", rel: f.rel, objects: objects.slice(i, i + READER_CHUNK), lines: lines.slice(i, i + READER_CHUNK) });
      }
      queue.push({ type: "file", rel: f.rel, result: { ...f.result, objects: objects.slice(i), lines: lines.slice(i) } });
      // The server keeps the objects; this thread keeps only what it needs to say "unchanged".
      f.result.objects = [];
      f.result.lines = [];
    }
    queue.push({ type: "done", dirs: tree.dirs, problems: tree.problems });
  }
  const next = queue.shift();
  if (next) post(next);
});
