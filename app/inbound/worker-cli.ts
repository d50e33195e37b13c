/**
 * `npm run worker`: the job worker on its own, for deployments that run it apart from the web
 * processes (start those with RUN_WORKER=false). It needs PostgreSQL: the embedded database
 * belongs to one process, and there the app runs the worker itself.
 *
 * On SIGTERM it stops like the web process's worker (see SHUTDOWN): jobs already running get
 * SHUTDOWN.jobsInFlightMs, the queue SHUTDOWN.jobQueueStopMs, and it exits anyway at
 * SHUTDOWN.hardStopMs.
 */
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import type { AppContext } from "../context.server";
import { SHUTDOWN } from "../shutdown";
import { buildAppContext } from "../startup.server";
import { appModeFor, ConfigError, parseEnv } from "../utils/env.server";
import { configureLogging, log } from "../utils/log.server";
import { startWorker, type Worker } from "./worker.server";

const mode = appModeFor(process.env.NODE_ENV);
configureLogging({ mode, source: process.env, stdoutIsTerminal: Boolean(process.stdout.isTTY) });

let database: DatabaseHandle | undefined;
let context: AppContext | undefined;
let worker: Worker | undefined;

async function closeAll(): Promise<void> {
  await worker?.stop().catch((error) => log.error("Error while stopping the worker", { err: error }));
  await context?.jobs
    .stop({ graceful: true, wait: true, timeout: SHUTDOWN.jobQueueStopMs })
    .catch((error) => log.error("Error while stopping the job queue", { err: error }));
  await context?.mailer.close().catch((error) => log.error("Error while closing the mailer", { err: error }));
  await database?.close().catch((error) => log.error("Error while closing the database", { err: error }));
}

try {
  const env = parseEnv(process.env, mode);
  if (env.database.kind !== "postgres") {
    log.error("npm run worker needs DATABASE_URL; on the embedded database the app runs the worker itself.");
    process.exit(1);
  }
  database = await openDatabase(env.database);
  // The app migrates at start-up too (under an advisory lock): whichever starts first does it.
  await migrateDatabase(database);
  context = await buildAppContext(env, database);
  worker = await startWorker(context);
  log.info(
    `Job worker running in ${mode} mode on ${database.description}; mail goes ${
      context.mailer.kind === "smtp" ? "out by SMTP" : "to the local mailbox (/dev/mailbox)"
    }.`,
  );
} catch (error) {
  if (error instanceof ConfigError) log.error(error.message);
  else log.error("The worker could not start", { err: error });
  log.error("The worker did not start.");
  await closeAll();
  process.exit(1);
}

let shuttingDown = false;
async function shutdown(signal: string): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  log.info(`${signal} received: finishing running jobs and closing the database.`);
  setTimeout(() => {
    log.error("Shutdown took too long; exiting anyway.");
    process.exit(1);
  }, SHUTDOWN.hardStopMs).unref();
  await closeAll();
  log.info("Worker stopped cleanly.");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
