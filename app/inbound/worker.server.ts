import type PgBoss from "pg-boss";
import { expireEndedCheckout } from "../booking/checkout.server";
import { releaseAllExpiredHolds } from "../booking/holds.server";
import { eraseExpiredPersonalData } from "../booking/intake-retention.server";
import { reconcileRefundsFromProvider } from "../booking/refund-reconciliation.server";
import { reportStuckRefunds, sendRefund } from "../booking/refunds.server";
import { sendEmailMessage } from "../booking/send-booking-email.server";
import type { AppContext } from "../context.server";
import { QUEUES, type QueueName } from "../jobs/queue.server";
import { SHUTDOWN } from "../shutdown";
import { isUuid } from "../utils/ids";
import { log } from "../utils/log.server";

export type Worker = { stop(): Promise<void> };

const WORK_OPTIONS = { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: 1 } as const;

/** pg-boss counts retries from 0; the attempt with retryCount = retryLimit is the last one. */
const isLastAttempt = (job: PgBoss.JobWithMetadata<unknown>) => job.retryCount >= job.retryLimit;

function idFrom(job: PgBoss.JobWithMetadata<unknown>, key: string, valid: (value: string) => boolean = isUuid): string | null {
  const value = (job.data as Record<string, unknown> | null)?.[key];
  if (typeof value === "string" && valid(value)) return value;
  // Retrying cannot repair a malformed job: say so and let it complete.
  log.error(`Job ${job.name} ${job.id} has no valid ${key}; ignoring it.`);
  return null;
}

/**
 * The background worker: sends queued emails and refunds, reconciles deferred refund events,
 * expires the Checkout Sessions of holds the studio ended,
 * every ten minutes reports refunds that failed or are stuck, and every minute releases holds
 * whose time ran out. Every handler is idempotent, so a job that runs twice
 * (a retry, or a crash mid-job) does no harm. Runs in the web process or alone (`npm run worker`).
 */
export async function startWorker(ctx: AppContext): Promise<Worker> {
  const { jobs, database, mailer, payments, effects, env } = ctx;
  const names: QueueName[] = [];
  const running = new Set<Promise<unknown>>();

  async function handle<T>(work: () => Promise<T>): Promise<T> {
    const promise = work();
    running.add(promise);
    try {
      return await promise;
    } finally {
      running.delete(promise);
    }
  }

  async function register(name: QueueName, handler: (job: PgBoss.JobWithMetadata<unknown>) => Promise<unknown>) {
    await jobs.work<unknown>(name, WORK_OPTIONS, async ([job]) => (job ? handle(() => handler(job)) : undefined));
    names.push(name);
  }

  try {
    await register(QUEUES.sendEmail, async (job) => {
      const emailMessageId = idFrom(job, "emailMessageId");
      if (!emailMessageId) return "ignored";
      return sendEmailMessage(database.db, mailer, {
        emailMessageId,
        now: new Date(),
        env,
        links: effects.links,
        invitations: ctx.staffAuth.invitations,
        isLastAttempt: isLastAttempt(job),
      });
    });

    await register(QUEUES.sendRefund, async (job) => {
      const refundId = idFrom(job, "refundId");
      if (!refundId) return "ignored";
      return sendRefund(database.db, payments, effects, { refundId, now: new Date(), isLastAttempt: isLastAttempt(job) });
    });

    await register(QUEUES.reconcileRefunds, async (job) => {
      const paymentIntentId = idFrom(job, "paymentIntentId", (value) => /^[\w-]{3,255}$/.test(value));
      if (!paymentIntentId) return "ignored";
      return reconcileRefundsFromProvider(database.db, payments, effects, { paymentIntentId, now: new Date() });
    });

    await register(QUEUES.expireCheckout, async (job) => {
      const checkoutSessionId = idFrom(job, "checkoutSessionId", (value) => /^[\w-]{3,255}$/.test(value));
      if (!checkoutSessionId) return "ignored";
      return expireEndedCheckout(database.db, payments, effects, { checkoutSessionId, now: new Date() });
    });

    await register(QUEUES.erasePersonalData, async () => {
      const erased = await eraseExpiredPersonalData(database.db, new Date());
      if (erased.intakes > 0) log.info(`Erased the intake answers of ${erased.intakes} booking(s), as the terms promise.`);
      return erased;
    });
    await jobs.schedule(QUEUES.erasePersonalData, "30 3 * * *", {}, { retryLimit: 3, retryDelay: 600 });

    await register(QUEUES.reportStuckRefunds, async () => ({ reported: await reportStuckRefunds(database.db, effects, new Date()) }));
    await jobs.schedule(QUEUES.reportStuckRefunds, "*/10 * * * *", {}, { retryLimit: 0 });

    await register(QUEUES.releaseExpiredHolds, async () => {
      const released = await releaseAllExpiredHolds(database.db, new Date());
      if (released > 0) log.info(`Released ${released} seat(s) from holds that ran out.`);
      return { released };
    });
    // Idempotent (one schedule per queue name), so every worker process may declare it. A failed
    // sweep is not retried: the next minute's sweep does the same work.
    await jobs.schedule(QUEUES.releaseExpiredHolds, "* * * * *", {}, { retryLimit: 0 });
  } catch (error) {
    await Promise.all(names.map((name) => jobs.offWork(name).catch(() => {})));
    throw error;
  }

  return {
    async stop() {
      await Promise.all(names.splice(0).map((name) => jobs.offWork(name)));
      // offWork stops fetching but does not wait: let jobs already running finish first (for
      // SHUTDOWN.jobsInFlightMs at most), so the mailer and database are not closed under them.
      if (running.size > 0) {
        await Promise.race([
          Promise.allSettled([...running]),
          new Promise((resolve) => setTimeout(resolve, SHUTDOWN.jobsInFlightMs).unref()),
        ]);
      }
    },
  };
}
