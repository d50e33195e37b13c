/**
 * `npm run worker`: the job worker on its own, for deployments that run it apart from the web
 * processes (start those with RUN_WORKER=false). It needs PostgreSQL: the embedded database
 * belongs to one process, and there the app runs the worker itself.
 */
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import type { AppContext } from "../context.server";
import { buildAppContext } from "../startup.server";
import { appModeFor, parseEnv } from "../utils/env.server";
import { startWorker, type Worker } from "./worker.server";

const SHUTDOWN_TIMEOUT_MS = 15_000;

const mode = appModeFor(process.env.NODE_ENV);

let database: DatabaseHandle | undefined;
let context: AppContext | undefined;
let worker: Worker | undefined;

async function closeAll(): Promise<void> {
  await worker?.stop().catch((error) => console.error("Error while stopping the worker:", error));
  await context?.jobs
    .stop({ graceful: true, wait: true, timeout: 5_000 })
    .catch((error) => console.error("Error while stopping the job queue:", error));
  await context?.mailer.close().catch((error) => console.error("Error while closing the mailer:", error));
  await database?.close().catch((error) => console.error("Error while closing the database:", error));
}

try {
  const env = parseEnv(process.env, mode);
  if (env.database.kind !== "postgres") {
    console.error("npm run worker needs DATABASE_URL; on the embedded database the app runs the worker itself.");
    process.exit(1);
  }
  database = await openDatabase(env.database);
  // The app migrates at start-up too (under an advisory lock): whichever starts first does it.
  await migrateDatabase(database);
  context = await buildAppContext(env, database);
  worker = await startWorker(context);
  console.log(
    `Job worker running in ${mode} mode on ${database.description}; mail goes ${
      context.mailer.kind === "smtp" ? "out by SMTP" : "to the local mailbox (/dev/mailbox)"
    }.`,
  );
} catch (error) {
  console.error(error instanceof Error && error.name === "ConfigError" ? error.message : error);
  console.error("The worker did not start.");
  await closeAll();
  process.exit(1);
}

let shuttingDown = false;
async function shutdown(signal: string): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log(`${signal} received: finishing running jobs and closing the database.`);
  setTimeout(() => {
    console.error("Shutdown took too long; exiting anyway.");
    process.exit(1);
  }, SHUTDOWN_TIMEOUT_MS).unref();
  await closeAll();
  console.log("Worker stopped cleanly.");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
