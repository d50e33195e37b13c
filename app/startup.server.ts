import { openDatabase, type DatabaseHandle } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { topUpDemoData } from "../db/seed";
import { bookingLinks } from "./booking/booking-links.server";
import { bookingEffects } from "./booking/effects.server";
import { topUpDemoPhotos } from "./images/demo-photos.server";
import { COMMAND_LINE } from "./staff/audit.server";
import { DEMO_OWNER, enabledDemoAccounts, ensureDemoOwner } from "./staff/accounts.server";
import { invitationTokens } from "./staff/invitation-tokens.server";
import { staffSessionCookie } from "./staff/sign-in.server";
import { loginThrottleFor } from "./staff/throttle.server";
import { demoSecret } from "./utils/app-secrets.server";
import { appContext, hasAppContext, setAppContext, type AppContext } from "./context.server";
import { startJobQueue, type RetryPolicies } from "./jobs/queue.server";
import { startWorker, type Worker } from "./inbound/worker.server";
import { createMailer } from "./mail/create-mailer.server";
import { createSimulatedGateway } from "./payments/simulated-gateway.server";
import { createStripeClient, createStripeGateway } from "./payments/stripe-gateway.server";
import { SHUTDOWN } from "./shutdown";
import { parseEnv, type AppMode, type Env } from "./utils/env.server";
import { log as appLog } from "./utils/log.server";

/**
 * The started app, as server.mjs holds it. On SIGTERM it calls `stopWorker` while open requests
 * finish, then `close` (see SHUTDOWN for the order and the deadlines).
 */
export type StartedApp = { env: Env; stopWorker(): Promise<void>; close(): Promise<void> };

/** Production refuses to run while the demo owner (whose password is public) can sign in. */
export class DemoAccountInProductionError extends Error {
  constructor() {
    super(
      "This database has an enabled demo staff account, whose password is public. Production mode won't start " +
        "with it. Remove it with `NODE_ENV=production DATABASE_URL=… npm run staff:remove-demo`, and create your " +
        "own owner with `npm run staff:add -- --email you@example.com --name \"Your Name\" --role owner`.",
    );
    this.name = "ConfigError";
  }
}

/**
 * Everything the app holds once its database is ready: payments (Stripe, or the test checkout
 * in demo mode without a key), the job queue, the mailer and the booking side effects.
 */
export async function buildAppContext(
  env: Env,
  database: DatabaseHandle,
  { retry }: { retry?: RetryPolicies } = {},
): Promise<AppContext> {
  const jobs = await startJobQueue(database);
  const links = bookingLinks({
    secret: env.bookingLinks.secret ?? (await demoSecret(database.db, "booking_link_secret")),
    previousSecret: env.bookingLinks.previousSecret,
  });
  const effects = bookingEffects(env, { jobs, links, retry });
  const sessionSecret = env.sessionSecret ?? (await demoSecret(database.db, "session_secret"));
  const staffAuth = {
    cookie: staffSessionCookie(env.mode, sessionSecret),
    throttle: loginThrottleFor(database.db),
    invitations: invitationTokens(sessionSecret),
  };
  const mailer = createMailer(env, database.db);
  if (env.payments.kind === "stripe") {
    const stripe = createStripeClient({ secretKey: env.payments.secretKey, apiBase: env.payments.apiBase });
    return { env, database, jobs, effects, staffAuth, mailer, stripe, payments: createStripeGateway(stripe) };
  }
  const simulatedPayments = createSimulatedGateway(database.db, { baseUrl: env.publicBaseUrl });
  return { env, database, jobs, effects, staffAuth, mailer, simulatedPayments, payments: simulatedPayments };
}

/**
 * Start-up, run once by the server before it listens: parse configuration (failing fast with
 * the variable's name), open the database, migrate it under an advisory lock, top the demo data
 * up in demo mode, start the job queue and (unless RUN_WORKER=false) the worker. A failure
 * leaves nothing half-open behind.
 */
export async function startApp({
  mode,
  source = process.env,
  now = new Date(),
  log = (message) => appLog.info(message),
}: {
  mode: AppMode;
  source?: Record<string, string | undefined>;
  now?: Date;
  log?: (message: string) => void;
}): Promise<StartedApp> {
  if (hasAppContext()) {
    const existing = appContext();
    return { env: existing.env, stopWorker, close: stopApp };
  }
  const env = parseEnv(source, mode);
  log(`Starting in ${mode} mode.`);
  if (env.database.kind === "pglite") {
    log(`DATABASE_URL is not set: using the embedded PGlite database in ${env.database.dataDir} (demo only).`);
  }
  if (env.payments.kind === "simulated") log("STRIPE_SECRET_KEY is not set: payments use the test checkout (no card is charged).");
  if (!env.mail.smtpUrl) log("SMTP_URL is not set: emails are kept in the local mailbox at /dev/mailbox.");
  const database = await openDatabase(env.database);
  let context: AppContext | undefined;
  try {
    await migrateDatabase(database);
    log(`Database ready: ${database.description}.`);
    if (mode === "demo") {
      const { slotsAdded } = await topUpDemoData(database.db, {
        now,
        timeZone: env.studio.timeZone,
        currency: env.studio.currency,
        location: env.studio.address,
      });
      log(`Demo data topped up: ${slotsAdded} new slot(s) over the next six weeks.`);
      await ensureDemoOwner(database.db, { actor: COMMAND_LINE, now });
      log(`Demo staff console: ${env.publicBaseUrl}/staff, sign in as ${DEMO_OWNER.email} with the password "${DEMO_OWNER.password}" (demo only).`);
    } else if ((await enabledDemoAccounts(database.db)).length > 0) {
      throw new DemoAccountInProductionError();
    }
    context = await buildAppContext(env, database);
    // On the embedded database no other process may run the worker, so it always runs here.
    if (env.runWorkerInProcess || database.kind === "pglite") {
      worker = await startWorker(context);
      log("Job worker running in this process.");
    }
  } catch (error) {
    await context?.jobs.stop({ graceful: false, wait: true }).catch(() => {});
    await database.close().catch(() => {});
    throw error;
  }
  setAppContext(context);
  if (mode === "demo") {
    // The demo pictures take a few seconds to render the first time (after that there is
    // nothing to do): the server answers meanwhile, and stopping waits for them.
    demoPhotos = topUpDemoPhotos(database.db, { now })
      .then(({ photosAdded }) => {
        if (photosAdded > 0) log(`Demo pictures drawn: ${photosAdded}.`);
      })
      .catch((error: unknown) => appLog.error("The demo pictures could not be drawn", { err: error }));
  }
  return { env, stopWorker, close: stopApp };
}

let demoPhotos: Promise<void> | undefined;

let worker: Worker | undefined;

/** Stops fetching jobs and waits for those already running (SHUTDOWN.jobsInFlightMs at most). */
async function stopWorker(): Promise<void> {
  const stopping = worker;
  worker = undefined;
  await stopping?.stop();
}

export async function stopApp(): Promise<void> {
  if (!hasAppContext()) return;
  const context = appContext();
  setAppContext(undefined);
  await demoPhotos;
  demoPhotos = undefined;
  await stopWorker();
  await context.jobs
    .stop({ graceful: true, wait: true, timeout: SHUTDOWN.jobQueueStopMs })
    .catch((error) => appLog.error("Error while stopping the job queue", { err: error }));
  await context.mailer.close().catch((error) => appLog.error("Error while closing the mailer", { err: error }));
  await context.database.close();
}
