import type { PGlite } from "@electric-sql/pglite";
import PgBoss from "pg-boss";
import type { Database, DatabaseHandle } from "../../db/client";
import { log } from "../utils/log.server";

/**
 * Background jobs run on pg-boss, in the same PostgreSQL as the bookings: a job written inside a
 * booking transaction (the transactional outbox) commits or rolls back with it.
 */
export const QUEUES = {
  /** Send one email_messages row. */
  sendEmail: "email-send",
  /** Ask the payment provider for one pending refunds row. */
  sendRefund: "refund-send",
  /** Bring a payment's refund rows in line with the provider's list (a deferred refund event). */
  reconcileRefunds: "refunds-reconcile",
  /** Periodic: tell the studio about refunds that failed or are stuck. */
  reportStuckRefunds: "refunds-report-stuck",
  /** Daily: erase intake answers and client networks the terms say we no longer keep. */
  erasePersonalData: "privacy-erase-expired",
  /** Expire a Checkout Session whose hold the studio ended (its date was cancelled). */
  expireCheckout: "checkout-expire",
  /** Periodic sweep releasing holds whose time ran out. */
  releaseExpiredHolds: "holds-release-expired",
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export type JobQueue = PgBoss;

/**
 * pg-boss passes job data as a plain object and leaves unused options undefined (the `pg`
 * driver's conventions); postgres.js wants JSON text for a jsonb parameter and null for unset.
 */
function jsonParams(values: unknown[] = []): unknown[] {
  return values.map((value) => {
    if (value === undefined) return null;
    if (value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date)) {
      return JSON.stringify(value);
    }
    return value;
  });
}

/** A pg-boss `db` over PGlite: parameterless scripts may hold several statements. */
export function pgliteExecutor(pglite: Pick<PGlite, "exec" | "query">): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (!values || values.length === 0) {
        const results = await pglite.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      }
      const result = await pglite.query(text, jsonParams(values));
      return { rows: result.rows };
    },
  };
}

type DriverClient = {
  unsafe?: (text: string, values?: unknown[]) => Promise<unknown[]>;
  query?: (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;
};

/**
 * A pg-boss `db` that runs on the given Drizzle transaction's own connection, so the job is
 * part of the transaction. Works for postgres.js (`unsafe`) and PGlite (`query`).
 */
export function transactionExecutor(tx: Database): PgBoss.Db {
  const client = (tx as unknown as { session: { client: DriverClient } }).session.client;
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (client.unsafe) return { rows: await client.unsafe(text, jsonParams(values) as never[]) };
      if (client.query) return { rows: (await client.query(text, jsonParams(values))).rows };
      throw new Error("transactionExecutor: unsupported database driver");
    },
  };
}

export async function startJobQueue(
  handle: DatabaseHandle,
  { onError = (error: Error) => log.error("Job queue error", { err: error }) }: { onError?: (error: Error) => void } = {},
): Promise<JobQueue> {
  const boss = handle.pglite
    ? new PgBoss({ db: pgliteExecutor(handle.pglite), schedule: true, supervise: true })
    : new PgBoss({ connectionString: handle.postgresUrl, max: 3, application_name: "pain-free-me-jobs" });
  boss.on("error", onError);
  await boss.start();
  for (const name of Object.values(QUEUES)) await ensureQueue(boss, name);
  return boss;
}

/**
 * Creates a queue unless it exists. Instances starting together on an empty database race here
 * (pg-boss's create_queue can deadlock with itself), so a failure is retried after a short pause
 * and forgiven once the queue exists.
 */
async function ensureQueue(boss: PgBoss, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if (await boss.getQueue(name)) return;
    try {
      await boss.createQueue(name);
      return;
    } catch (error) {
      if (await boss.getQueue(name)) return;
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
    }
  }
}

export type EnqueueOptions = Pick<
  PgBoss.SendOptions,
  "startAfter" | "retryLimit" | "retryDelay" | "retryBackoff" | "singletonKey" | "expireInSeconds" | "retentionSeconds"
>;

/** How a job is retried: pg-boss's `retryLimit` retries after the first attempt, `retryDelay` seconds apart (doubling with `retryBackoff`). */
export type RetryPolicy = { retryLimit: number; retryDelay: number; retryBackoff: boolean };

/**
 * The longest a job can spend retrying: with backoff pg-boss waits between delay·2^n and
 * delay·2^(n+1) seconds before retry n+1 (doubling capped at 2^16), otherwise `retryDelay`.
 */
export function retrySpanSeconds({ retryLimit, retryDelay, retryBackoff }: RetryPolicy): number {
  let span = 0;
  for (let n = 0; n < retryLimit; n++) span += retryBackoff ? retryDelay * 2 ** Math.min(16, n + 1) : retryDelay;
  return span;
}

/**
 * Send options for a retried job. pg-boss archives a job still waiting to run once its retention
 * (14 days by default) is over, whatever its retries; so retention is set explicitly to outlast
 * the whole retry span by a day, and a job can't vanish while it still has tries left.
 */
export function retryOptions(policy: RetryPolicy): EnqueueOptions {
  return { ...policy, retentionSeconds: retrySpanSeconds(policy) + 86_400 };
}

/** The production policies: an email over about a day and a half, a refund over about a day. */
export const RETRY_POLICIES = {
  email: { retryLimit: 12, retryDelay: 30, retryBackoff: true },
  refund: { retryLimit: 10, retryDelay: 60, retryBackoff: true },
} as const satisfies Record<string, RetryPolicy>;
export type RetryPolicies = { email: RetryPolicy; refund: RetryPolicy };

/** Adds a job inside the caller's transaction: it exists only if the transaction commits. */
export async function enqueueInTransaction(
  boss: JobQueue,
  tx: Database,
  name: QueueName,
  data: object,
  options: EnqueueOptions = {},
): Promise<string | null> {
  return boss.send(name, data, { ...options, db: transactionExecutor(tx) });
}
