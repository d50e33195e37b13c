import { readFileSync } from "node:fs";

/**
 * The arguments after `node` in `npm run serve` (package.json): the Node flags operators run the
 * server with (a heap ceiling, README "Performance") and `server.mjs`. The specs and the bench
 * start their servers with these, so they measure and test the process operators run.
 */
export function serverArguments(): string[] {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { scripts: Record<string, string> };
  const [command, ...args] = (manifest.scripts.serve ?? "").trim().split(/\s+/);
  if (command !== "node" || args.at(-1) !== "server.mjs") {
    throw new Error(`package.json's "serve" script should be "node [flags] server.mjs", not ${JSON.stringify(manifest.scripts.serve)}`);
  }
  return args;
}
