import { randomUUID } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { emailMessages, type EmailKind } from "../../db/schema";
import { enqueueInTransaction, QUEUES, type JobQueue } from "../jobs/queue.server";

/** Retries for one email: about 30 s, 1 min, 2 min … capped by pg-boss's backoff, ~1 day in all. */
export const EMAIL_RETRY = { retryLimit: 12, retryDelay: 30, retryBackoff: true } as const;

/**
 * Queues one email inside the caller's transaction: an email_messages row (unique per booking,
 * kind and sequence, so a replayed change queues nothing new) and a pg-boss job to send it.
 * Both commit or roll back with the booking change. Returns the row id, or null if it existed.
 */
export async function queueEmail(
  tx: Database,
  jobs: JobQueue,
  {
    bookingId,
    kind,
    sequence = 0,
    to,
    sendAfter,
    payload = {},
    host,
  }: {
    bookingId: string;
    kind: EmailKind;
    sequence?: number;
    to: string;
    sendAfter: Date;
    payload?: Record<string, unknown>;
    /** Host part of the stable Message-ID, from PUBLIC_BASE_URL. */
    host: string;
  },
): Promise<string | null> {
  const [row] = await tx
    .insert(emailMessages)
    .values({
      bookingId,
      kind,
      sequence,
      toAddress: to,
      sendAfter,
      payload: JSON.stringify(payload),
      messageId: `<${kind}.${sequence}.${bookingId}.${randomUUID().slice(0, 8)}@${host}>`,
    })
    .onConflictDoNothing({ target: [emailMessages.bookingId, emailMessages.kind, emailMessages.sequence] })
    .returning({ id: emailMessages.id });
  if (!row) return null;
  await enqueueInTransaction(jobs, tx, QUEUES.sendEmail, { emailMessageId: row.id }, {
    ...EMAIL_RETRY,
    startAfter: sendAfter,
  });
  return row.id;
}

/** The next sequence number for a kind of message that can repeat (e.g. refunds). */
export async function nextEmailSequence(tx: Database, bookingId: string, kind: EmailKind): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(emailMessages)
    .where(and(eq(emailMessages.bookingId, bookingId), eq(emailMessages.kind, kind)));
  return row?.n ?? 0;
}
