// The process around main(): real standard streams, the exit code set (not forced, so a large
// report on a pipe is written out before Node exits).
import fs from "node:fs";
import { main } from "./main";

export async function run(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  process.exitCode = await main(argv, {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    stdin: () => fs.readFileSync(0),
  });
}
