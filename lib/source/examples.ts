import "server-only";
import path from "node:path";
import { FilesSource } from "./files";

/** The bundled examples (examples/ at the repo root): what Rolecall shows with no cluster. */
export function examplesSource(dir = path.join(process.cwd(), "examples")): FilesSource {
  return new FilesSource({ root: dir, info: { mode: "examples", label: "example data" }, watch: false });
}
