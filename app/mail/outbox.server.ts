import { randomUUID } from "node:crypto";
import { and, count, desc, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import type { RenderedEmail } from "../../emails/types";
import { emailMessages, type BookingEmailKind, type EmailKind, type StaffEmailKind } from "../../db/schema";
import { enqueueInTransaction, QUEUES, retryOptions, type JobQueue, type RetryPolicy } from "../jobs/queue.server";

/** What queueing an email needs: the job queue, the host for Message-IDs, and the retry policy. */
export type Outbox = {
  jobs: JobQueue;
  /** Host part of every stable Message-ID, from PUBLIC_BASE_URL. */
  host: string;
  retry: { email: RetryPolicy };
};

/**
 * What a row becomes when it is due: the email to send (rendered inside the send's try, so a
 * failure there counts as a failed attempt), or a cancellation when there is nothing left to say.
 */
export type PreparedEmail =
  | { cancel: true }
  | { cancel: false; about: string; replyTo: string; render: () => Promise<RenderedEmail> };

/** What an email is about: a booking, or a staff invitation (the row names exactly one). */
export type EmailSubject =
  | { bookingId: string; kind: BookingEmailKind }
  | { staffInvitationId: string; kind: StaffEmailKind };

/**
 * Queues one email inside the caller's transaction: an email_messages row (unique per booking,
 * kind and sequence, or per invitation and kind, so a replayed change queues nothing new) and a
 * pg-boss job to send it. Both commit or roll back with the change. Returns the row id, or null
 * if it existed. A booking staff made without an email has no address: nothing is queued (null).
 */
export async function queueEmail(
  tx: Database,
  outbox: Outbox,
  {
    sequence = 0,
    to,
    sendAfter,
    payload = {},
    ...subject
  }: EmailSubject & {
    sequence?: number;
    to: string | null;
    sendAfter: Date;
    payload?: Record<string, unknown>;
  },
): Promise<string | null> {
  if (to === null) return null;
  const about = "bookingId" in subject ? subject.bookingId : subject.staffInvitationId;
  const target =
    "bookingId" in subject
      ? [emailMessages.bookingId, emailMessages.kind, emailMessages.sequence]
      : [emailMessages.staffInvitationId, emailMessages.kind];
  const [row] = await tx
    .insert(emailMessages)
    .values({
      bookingId: "bookingId" in subject ? subject.bookingId : null,
      staffInvitationId: "staffInvitationId" in subject ? subject.staffInvitationId : null,
      kind: subject.kind,
      sequence,
      toAddress: to,
      sendAfter,
      payload: JSON.stringify(payload),
      messageId: `<${subject.kind}.${sequence}.${about}.${randomUUID().slice(0, 8)}@${outbox.host}>`,
    })
    .onConflictDoNothing({ target })
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
