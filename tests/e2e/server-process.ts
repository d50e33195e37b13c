import { spawn, type ChildProcess } from "node:child_process";
import { serverArguments } from "../helpers/server-command";

/** A `node server.mjs` child process for the tests that start and stop real instances. */
export type ServerProcess = {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  waitHealthy: (timeoutMs?: number) => Promise<void>;
  stop: (signal?: NodeJS.Signals) => Promise<{ code: number | null; ms: number }>;
};

export function startServer(port: number, env: Record<string, string | undefined>): ServerProcess {
  const child = spawn(process.execPath, serverArguments(), {
    env: { ...process.env, LOG_REQUESTS: "false", ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  return {
    process: child,
    output: () => output,
    exited,
    async waitHealthy(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (hasExited) throw new Error(`server exited before it was healthy:\n${output}`);
        try {
          const response = await fetch(`http://127.0.0.1:${port}/healthz`);
          if (response.status === 200) return;
        } catch {
          // not listening yet
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`server was not healthy within ${timeoutMs} ms:\n${output}`);
    },
    async stop(signal = "SIGTERM") {
      const started = Date.now();
      if (!hasExited) child.kill(signal);
      const code = await exited;
      return { code, ms: Date.now() - started };
    },
  };
}
