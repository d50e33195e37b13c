import { eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import {
  bookings,
  emailMessages,
  offerings,
  slots,
  type Booking,
  type EmailMessage,
  type Offering,
  type Slot,
} from "../../db/schema";
import { renderBookingConfirmed } from "../../emails/booking-confirmed";
import { renderFullRefund, renderPartialRefund } from "../../emails/booking-refunded";
import { DEFAULT_WHAT_TO_BRING } from "../../emails/content/what-to-bring";
import { renderLatePaymentRefunded } from "../../emails/late-payment-refunded";
import { renderReminder } from "../../emails/reminder";
import { renderStaffNewBooking } from "../../emails/staff-new-booking";
import type { EmailContext, RenderedEmail } from "../../emails/types";
import type { Env } from "../utils/env.server";
import type { Mailer } from "./mailer.server";

export type SendEmailEnv = Pick<Env, "studio" | "publicBaseUrl" | "mail">;
export type SendEmailOutcome = "sent" | "skipped" | "cancelled";

/** A reminder goes out only for a booking that still stands. */
const REMINDABLE: readonly Booking["status"][] = ["confirmed", "partially_refunded"];

const MAX_ERROR_LENGTH = 1_000;

/**
 * Sends one email_messages row: the body of the send-email job, run again by pg-boss on failure.
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
    isLastAttempt = false,
  }: { emailMessageId: string; now: Date; env: SendEmailEnv; isLastAttempt?: boolean },
): Promise<SendEmailOutcome> {
  const [message] = await db.select().from(emailMessages).where(eq(emailMessages.id, emailMessageId));
  if (!message || message.status === "sent" || message.status === "cancelled") return "skipped";

  const [found] = await db
    .select({ booking: bookings, slot: slots, offering: offerings })
    .from(bookings)
    .innerJoin(slots, eq(slots.id, bookings.slotId))
    .innerJoin(offerings, eq(offerings.id, slots.offeringId))
    .where(eq(bookings.id, message.bookingId));
  if (!found) {
    // Bookings are never deleted while their messages exist (the foreign key cascades), but a
    // row without a booking has nothing left to say.
    await markCancelled(db, message.id, now);
    return "cancelled";
  }

  if (message.kind === "reminder" && !reminderStillWanted(found, now)) {
    await markCancelled(db, message.id, now);
    return "cancelled";
  }

  try {
    const rendered = renderMessage(message, found.booking, buildEmailContext(found, env), now);
    await mailer.send({
      from: env.mail.from,
      to: message.toAddress,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      messageId: message.messageId,
      attachments: rendered.attachments,
      headers: {
        // Staff reply to the customer; customers reply to the studio, whatever MAIL_FROM is.
        "Reply-To": message.kind === "staff_new_booking" ? found.booking.customerEmail : env.mail.studioEmail,
        "Auto-Submitted": "auto-generated",
      },
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
      console.error(
        `Email NOT delivered, giving up: ${message.kind} for booking ${found.booking.reference} ` +
          `(email_messages ${message.id}) failed ${updated?.attempts ?? "?"} time(s); last error: ${reason}`,
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

type BookingWithSlot = { booking: Booking; slot: Slot; offering: Offering };

function reminderStillWanted({ booking, slot }: BookingWithSlot, now: Date): boolean {
  return REMINDABLE.includes(booking.status) && slot.status === "scheduled" && slot.startsAt > now;
}

async function markCancelled(db: Database, id: string, now: Date): Promise<void> {
  await db.update(emailMessages).set({ status: "cancelled", updatedAt: now }).where(eq(emailMessages.id, id));
}

export function buildEmailContext({ booking, slot, offering }: BookingWithSlot, env: SendEmailEnv): EmailContext {
  return {
    studio: {
      name: env.studio.name,
      address: env.studio.address,
      email: env.mail.studioEmail,
      timeZone: env.studio.timeZone,
      baseUrl: env.publicBaseUrl,
    },
    booking: {
      id: booking.id,
      reference: booking.reference,
      url: `${env.publicBaseUrl}/bookings/${booking.accessToken}`,
      seats: booking.seats,
      amountPaidMinor: booking.amountPaidMinor ?? booking.amountTotalMinor,
      amountRefundedMinor: booking.amountRefundedMinor,
      currency: booking.currency,
      customerName: booking.customerName,
      customerEmail: booking.customerEmail,
      painLocation: booking.painLocation,
      calendarSequence: booking.calendarSequence,
    },
    offering: {
      title: offering.title,
      kind: offering.kind,
      durationMinutes: offering.durationMinutes,
      location: offering.location,
      whatToBring: DEFAULT_WHAT_TO_BRING,
    },
    slot: { startsAt: slot.startsAt, endsAt: slot.endsAt, instructor: slot.instructor },
  };
}

function parsePayload(message: EmailMessage): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(message.payload);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const numberOr = (value: unknown, fallback: number) => (typeof value === "number" && Number.isFinite(value) ? value : fallback);

function renderMessage(message: EmailMessage, booking: Booking, ctx: EmailContext, now: Date): RenderedEmail {
  const payload = parsePayload(message);
  switch (message.kind) {
    case "booking_confirmed":
      return renderBookingConfirmed(ctx, { includeReminderChecklist: payload.includeReminderChecklist === true, now });
    case "staff_new_booking":
      // The intake as the customer gave it, read from the booking (it never changes after booking).
      return renderStaffNewBooking(ctx, {
        intake: { painLocation: ctx.booking.painLocation, painDuration: booking.painDuration, notes: booking.instructorNotes },
      });
    case "reminder":
      return renderReminder(ctx);
    case "booking_refunded": {
      const refundedMinor = numberOr(payload.refundedMinor, ctx.booking.amountRefundedMinor);
      return payload.full === true
        ? renderFullRefund(ctx, { refundedMinor, now })
        : renderPartialRefund(ctx, { refundedMinor });
    }
    case "late_payment_refunded":
      return renderLatePaymentRefunded(ctx, {
        refundedMinor: numberOr(payload.refundedMinor, ctx.booking.amountPaidMinor),
      });
    default: {
      const unknownKind: never = message.kind;
      throw new Error(`No template for email kind "${String(unknownKind)}"`);
    }
  }
}

