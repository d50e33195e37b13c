import { eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { bookings, emailMessages, type EmailMessage } from "../../db/schema";
import type { Mailer } from "../mail/mailer.server";
import type { PreparedEmail } from "../mail/outbox.server";
import { prepareStaffInvitationEmail } from "../staff/invitation-email.server";
import type { InvitationTokens } from "../staff/invitation-tokens.server";
import { findBookingDetails } from "./booking-details.server";
import type { BookingLinks } from "./booking-links.server";
import { buildEmailContext, renderBookingEmail, type BookingEmailMessage, type SendEmailEnv } from "./booking-emails.server";
import { refundsOf } from "./refunds.server";
import { reminderStillWanted } from "./reminders.server";
import { log } from "../utils/log.server";

export type SendEmailOutcome = "sent" | "skipped" | "cancelled";

const MAX_ERROR_LENGTH = 1_000;

/**
 * Sends one email_messages row: the body of the send-email job, run again by pg-boss on failure.
 * Most rows are a booking's; a staff invitation's row is rendered by the staff module.
 *
 * The row is the deduplication: a row already sent (or cancelled) is skipped, so a replayed or
 * duplicated job never sends twice. A reminder whose booking no longer stands is cancelled
 * instead of sent. Each failure is counted on the row with its error; on the last attempt the
 * row is marked failed and the error logged. The error is rethrown so pg-boss retries.
 *
 * The one window in which a send can repeat: the SMTP server has accepted the message but the
 * process dies (or the database is unreachable) before the row is marked sent. The job then
 * runs again and sends it a second time. Nothing but the mark-sent update happens inside that
 * window, and the second copy carries the same Message-ID, so most mail clients show it once.
 */
export async function sendEmailMessage(
  db: Database,
  mailer: Mailer,
  {
    emailMessageId,
    now,
    env,
    links,
    invitations,
    isLastAttempt = false,
  }: {
    emailMessageId: string;
    now: Date;
    env: SendEmailEnv;
    links: BookingLinks;
    /** Needed to send a staff invitation (its link is rebuilt from the invitation's id); the worker always passes it. */
    invitations?: InvitationTokens;
    isLastAttempt?: boolean;
  },
): Promise<SendEmailOutcome> {
  const [message] = await db.select().from(emailMessages).where(eq(emailMessages.id, emailMessageId));
  if (!message || message.status === "sent" || message.status === "cancelled") return "skipped";

  const prepared = isBookingMessage(message)
    ? await prepareBookingEmail(db, message, { env, links, now })
    : await prepareStaffInvitationEmail(db, message, { env, invitations, now });
  if (prepared.cancel) {
    await markCancelled(db, message.id, now);
    return "cancelled";
  }

  try {
    const rendered = await prepared.render();
    await mailer.send({
      from: env.mail.from,
      to: message.toAddress,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      messageId: message.messageId,
      attachments: rendered.attachments,
      headers: { "Reply-To": prepared.replyTo, "Auto-Submitted": "auto-generated" },
    });
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
    const [updated] = await db
      .update(emailMessages)
      .set({
        attempts: sql`${emailMessages.attempts} + 1`,
        lastError: reason,
        ...(isLastAttempt ? { status: "failed" as const } : {}),
        updatedAt: now,
      })
      .where(eq(emailMessages.id, message.id))
      .returning({ attempts: emailMessages.attempts });
    if (isLastAttempt) {
      // The error's message stays in the row (it may quote the recipient's address); the log gets its codes.
      log.error(
        `Email NOT delivered, giving up: ${message.kind} for ${prepared.about} ` +
          `(email_messages ${message.id}) failed ${updated?.attempts ?? "?"} time(s)`,
        { err: error },
      );
    }
    throw error;
  }

  // Crash window (see above): the message is accepted, the row not yet marked. Keep it to this.
  await db
    .update(emailMessages)
    .set({ status: "sent", attempts: sql`${emailMessages.attempts} + 1`, sentAt: now, lastError: null, updatedAt: now })
    .where(eq(emailMessages.id, message.id));
  return "sent";
}

const isBookingMessage = (message: EmailMessage): message is BookingEmailMessage => message.bookingId !== null && message.kind !== "staff_invitation";

/** A booking's email, rendered from the booking as it is now; cancelled when it has nothing left to say. */
async function prepareBookingEmail(
  db: Database,
  message: BookingEmailMessage,
  { env, links, now }: { env: SendEmailEnv; links: BookingLinks; now: Date },
): Promise<PreparedEmail> {
  const found = await findBookingDetails(db, eq(bookings.id, message.bookingId));
  // Bookings are never deleted while their messages exist (the foreign key cascades), but a
  // row without a booking has nothing left to say.
  if (!found) return { cancel: true };
  if (message.kind === "reminder" && !reminderStillWanted(found, now)) return { cancel: true };
  return {
    cancel: false,
    about: `booking ${found.booking.reference}`,
    // Staff reply to the customer; customers reply to the studio, whatever MAIL_FROM is.
    replyTo: message.kind === "staff_new_booking" ? (found.booking.customerEmail ?? env.mail.studioEmail) : env.mail.studioEmail,
    render: async () => {
      const booking = { ...found, refunds: await refundsOf(db, found.booking.id) };
      return renderBookingEmail(message, booking, buildEmailContext(booking, env, links), now);
    },
  };
}

async function markCancelled(db: Database, id: string, now: Date): Promise<void> {
  await db.update(emailMessages).set({ status: "cancelled", updatedAt: now }).where(eq(emailMessages.id, id));
}
