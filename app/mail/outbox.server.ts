import { randomUUID } from "node:crypto";
import { and, count, desc, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { emailMessages, type EmailKind } from "../../db/schema";
import { enqueueInTransaction, QUEUES, retryOptions, type JobQueue, type RetryPolicy } from "../jobs/queue.server";

/** What queueing an email needs: the job queue, the host for Message-IDs, and the retry policy. */
export type Outbox = {
  jobs: JobQueue;
  /** Host part of every stable Message-ID, from PUBLIC_BASE_URL. */
  host: string;
  retry: { email: RetryPolicy };
};

/**
 * Queues one email inside the caller's transaction: an email_messages row (unique per booking,
 * kind and sequence, so a replayed change queues nothing new) and a pg-boss job to send it.
 * Both commit or roll back with the booking change. Returns the row id, or null if it existed.
 * A booking staff made without an email has no address: nothing is queued (null).
 */
export async function queueEmail(
  tx: Database,
  outbox: Outbox,
  {
    bookingId,
    kind,
    sequence = 0,
    to,
    sendAfter,
    payload = {},
  }: {
    bookingId: string;
    kind: EmailKind;
    sequence?: number;
    to: string | null;
    sendAfter: Date;
    payload?: Record<string, unknown>;
  },
): Promise<string | null> {
  if (to === null) return null;
  const [row] = await tx
    .insert(emailMessages)
    .values({
      bookingId,
      kind,
      sequence,
      toAddress: to,
      sendAfter,
      payload: JSON.stringify(payload),
      messageId: `<${kind}.${sequence}.${bookingId}.${randomUUID().slice(0, 8)}@${outbox.host}>`,
    })
    .onConflictDoNothing({ target: [emailMessages.bookingId, emailMessages.kind, emailMessages.sequence] })
    .returning({ id: emailMessages.id });
  if (!row) return null;
  await enqueueInTransaction(outbox.jobs, tx, QUEUES.sendEmail, { emailMessageId: row.id }, {
    ...retryOptions(outbox.retry.email),
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

/** When the latest message of this kind for the booking was due to go out, or null if there is none. */
export async function lastEmailDueAt(tx: Database, bookingId: string, kind: EmailKind): Promise<Date | null> {
  const [row] = await tx
    .select({ sendAfter: emailMessages.sendAfter })
    .from(emailMessages)
    .where(and(eq(emailMessages.bookingId, bookingId), eq(emailMessages.kind, kind)))
    .orderBy(desc(emailMessages.sendAfter))
    .limit(1);
  return row?.sendAfter ?? null;
}
