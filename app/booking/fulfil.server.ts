import { and, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { isUuid } from "../utils/ids";
import type { Database } from "../../db/client";
import { bookings, emailMessages, slots, type Booking } from "../../db/schema";
import { enqueueInTransaction, QUEUES, type JobQueue } from "../jobs/queue.server";
import { nextEmailSequence, queueEmail } from "../mail/outbox.server";
import type { CheckoutSession, PaymentGateway } from "../payments/gateway.server";
import { adjustSeatsTaken, lockBookingAndSlot, releaseHold } from "./hold-seat.server";
import { assertTransition } from "./states";

/** What booking changes need besides the database: the job queue and mail settings. */
export type BookingEffects = {
  jobs: JobQueue;
  studioEmail: string;
  reminderHoursBefore: number;
  /** Host for Message-IDs (from PUBLIC_BASE_URL). */
  host: string;
  /** The studio's zone: reminders keep the local time across a clock change. */
  timeZone: string;
};

/**
 * When the reminder goes out: whole days before are counted on the studio's calendar (so a
 * 24-hour reminder for an 18:00 session goes at 18:00 the day before, even across a clock
 * change), the remaining hours in real time.
 */
export function reminderTimeFor(startsAt: Date, hoursBefore: number, timeZone: string): Date {
  const days = Math.floor(hoursBefore / 24);
  return DateTime.fromJSDate(startsAt, { zone: timeZone })
    .minus({ days })
    .minus({ hours: hoursBefore - days * 24 })
    .toJSDate();
}

export type FulfilOutcome =
  | "confirmed"
  | "confirmed_late"
  | "already_fulfilled"
  | "refund_queued"
  | "not_paid"
  | "not_ours";


/** Confirmation, staff notice and reminder for a newly confirmed booking (same transaction). */
async function queueConfirmationEmails(
  tx: Database,
  effects: BookingEffects,
  booking: Booking,
  startsAt: Date,
  now: Date,
): Promise<void> {
  const remindAt = reminderTimeFor(startsAt, effects.reminderHoursBefore, effects.timeZone);
  const shortLead = remindAt <= now;
  const base = { bookingId: booking.id, host: effects.host, sendAfter: now };
  await queueEmail(tx, effects.jobs, {
    ...base,
    kind: "booking_confirmed",
    to: booking.customerEmail,
    payload: { includeReminderChecklist: shortLead },
  });
  await queueEmail(tx, effects.jobs, { ...base, kind: "staff_new_booking", to: effects.studioEmail });
  if (!shortLead) {
    await queueEmail(tx, effects.jobs, { ...base, kind: "reminder", to: booking.customerEmail, sendAfter: remindAt });
  }
}

/**
 * The one idempotent fulfilment, run by the webhook, the success page and the test checkout
 * alike. A paid session confirms its booking exactly once, queueing the confirmation in the
 * same transaction. A payment that arrives after the hold was released is confirmed if the
 * seats are still free, and otherwise refunded in full (through a queued, retried job) with an
 * apology.
 */
export async function fulfilCheckoutSession(
  db: Database,
  effects: BookingEffects,
  session: CheckoutSession,
  { now }: { now: Date },
): Promise<FulfilOutcome> {
  if (!session.bookingId || !isUuid(session.bookingId)) return "not_ours";
  if (session.paymentStatus !== "paid") return "not_paid";
  const bookingId = session.bookingId;
  return db.transaction(async (tx) => {
    const booking = await lockBookingAndSlot(tx, eq(bookings.id, bookingId));
    if (!booking) return "not_ours";
    if (booking.status !== "pending_payment" && booking.status !== "expired") return "already_fulfilled";

    const [slot] = await tx.select().from(slots).where(eq(slots.id, booking.slotId));
    const payment = {
      paymentIntentId: session.paymentIntentId,
      amountPaidMinor: session.amountTotalMinor ?? booking.amountTotalMinor,
      paidAt: now,
      checkoutSessionId: booking.checkoutSessionId ?? session.id,
      updatedAt: now,
    };

    let outcome: FulfilOutcome = "confirmed";
    if (!booking.holdsSeats) {
      const seatsFree = slot!.status === "scheduled" && slot!.capacity - slot!.seatsTaken >= booking.seats;
      if (!seatsFree) {
        assertTransition(booking.status, "refunded");
        await tx
          .update(bookings)
          .set({
            ...payment,
            status: "refunded",
            amountRefundedMinor: payment.amountPaidMinor,
            statusReason: "paid after its places were taken: refunded in full",
          })
          .where(eq(bookings.id, booking.id));
        await enqueueInTransaction(effects.jobs, tx, QUEUES.refundLatePayment, { bookingId: booking.id }, {
          retryLimit: 20,
          retryDelay: 30,
          retryBackoff: true,
          singletonKey: `late-refund-${booking.id}`,
        });
        return "refund_queued";
      }
      await adjustSeatsTaken(tx, booking.slotId, booking.seats, now);
      outcome = "confirmed_late";
    }

    assertTransition(booking.status, "confirmed");
    const [confirmed] = await tx
      .update(bookings)
      .set({
        ...payment,
        status: "confirmed",
        holdsSeats: true,
        holdExpiresAt: null,
        confirmedAt: now,
        statusReason: outcome === "confirmed_late" ? "paid after its hold ran out; places were still free" : null,
      })
      .where(eq(bookings.id, booking.id))
      .returning();
    await queueConfirmationEmails(tx, effects, confirmed!, slot!.startsAt, now);
    return outcome;
  });
}

/**
 * The refund job for a payment that arrived after its seats were gone. Idempotent twice over:
 * the booking remembers the refund id, and Stripe dedupes on the idempotency key.
 */
export async function refundLatePayment(
  db: Database,
  payments: PaymentGateway,
  effects: BookingEffects,
  { bookingId, now }: { bookingId: string; now: Date },
): Promise<"refunded" | "already_refunded" | "nothing_to_refund"> {
  const [booking] = await db.select().from(bookings).where(eq(bookings.id, bookingId));
  if (!booking || !booking.paymentIntentId) return "nothing_to_refund";
  if (booking.refundId) return "already_refunded";
  const refund = await payments.refund({
    paymentIntentId: booking.paymentIntentId,
    idempotencyKey: `late-refund-${booking.id}`,
    bookingId: booking.id,
  });
  await db.transaction(async (tx) => {
    await tx.update(bookings).set({ refundId: refund.id, updatedAt: now }).where(eq(bookings.id, booking.id));
    await queueEmail(tx, effects.jobs, {
      bookingId: booking.id,
      kind: "late_payment_refunded",
      to: booking.customerEmail,
      sendAfter: now,
      host: effects.host,
      payload: { refundedMinor: booking.amountPaidMinor ?? booking.amountTotalMinor },
    });
  });
  return "refunded";
}

/**
 * Records a refund made anywhere (Stripe's dashboard, our own late-payment refund): the
 * booking reflects the amount refunded so far; a full refund frees its seats and sends the
 * refund message with a calendar cancellation. `amountRefundedMinor` is the cumulative total.
 */
export async function recordRefund(
  db: Database,
  effects: BookingEffects,
  { paymentIntentId, amountRefundedMinor, now }: { paymentIntentId: string; amountRefundedMinor: number; now: Date },
): Promise<"recorded_full" | "recorded_partial" | "no_change" | "unknown_payment"> {
  return db.transaction(async (tx) => {
    const booking = await lockBookingAndSlot(tx, eq(bookings.paymentIntentId, paymentIntentId));
    if (!booking) return "unknown_payment";
    const paid = booking.amountPaidMinor ?? booking.amountTotalMinor;
    const total = Math.min(amountRefundedMinor, paid);
    if (total <= booking.amountRefundedMinor) return "no_change";
    const full = total >= paid;
    assertTransition(booking.status, full ? "refunded" : "partially_refunded");
    const refundedNow = total - booking.amountRefundedMinor;
    await tx
      .update(bookings)
      .set({
        status: full ? "refunded" : "partially_refunded",
        amountRefundedMinor: total,
        holdsSeats: full ? false : booking.holdsSeats,
        calendarSequence: full ? booking.calendarSequence + 1 : booking.calendarSequence,
        statusReason: full ? "refunded in full" : "partly refunded",
        updatedAt: now,
      })
      .where(eq(bookings.id, booking.id));
    if (full && booking.holdsSeats) await adjustSeatsTaken(tx, booking.slotId, -booking.seats, now);
    await queueEmail(tx, effects.jobs, {
      bookingId: booking.id,
      kind: "booking_refunded",
      sequence: await nextEmailSequence(tx, booking.id, "booking_refunded"),
      to: booking.customerEmail,
      sendAfter: now,
      host: effects.host,
      payload: { refundedMinor: refundedNow, full },
    });
    if (full) await cancelPendingReminders(tx, booking.id, now);
    return full ? "recorded_full" : "recorded_partial";
  });
}

/** A reminder for a booking that no longer happens is never sent. */
export async function cancelPendingReminders(tx: Database, bookingId: string, now: Date): Promise<void> {
  await tx
    .update(emailMessages)
    .set({ status: "cancelled", updatedAt: now })
    .where(
      and(eq(emailMessages.bookingId, bookingId), eq(emailMessages.kind, "reminder"), eq(emailMessages.status, "pending")),
    );
}

/** Checkout expired or its async payment failed: give the seats back (if still pending). */
export async function expireCheckout(
  db: Database,
  { bookingId, now, reason }: { bookingId: string; now: Date; reason: string },
): Promise<"released" | "no_change"> {
  return (await releaseHold(db, { bookingId, now, reason })) ? "released" : "no_change";
}
