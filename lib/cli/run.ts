// The process around main(): real standard streams, and the exit code set (not forced, so a
// large report on a pipe is written out before Node exits). A reader that closes the pipe
// early (`rolecall check … | head`) ends the run quietly, as other command-line tools do.
import fs from "node:fs";
import { main } from "./main";

export async function run(argv: readonly string[] = process.argv.slice(2), version?: string): Promise<void> {
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
  process.exitCode = await main(argv, {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    stdin: () => fs.readFileSync(0),
    ...(version ? { version } : {}),
  });
}
