import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { bookings } from "../../db/schema";
import { enqueueInTransaction, QUEUES, retryOptions } from "../jobs/queue.server";
import { nextEmailSequence, queueEmail } from "../mail/outbox.server";
import { cancelConfirmedBooking } from "./cancel-booking.server";
import type { BookingEffects } from "./effects.server";
import { refundsOf, refundTotals, requestRefund } from "./refunds.server";
import { rescheduleReminder } from "./reminders.server";
import { adjustSeatsTaken, type LockedSlot } from "./slot-lock.server";
import { assertTransition } from "./states";

/*
 * What a change to a date means for its bookings, under the slot's lock and in the transaction
 * that changes the date: the schedule decides, booking rules follow here.
 */

/** The bookings of the locked slot in these states, locked too, oldest first. */
async function bookingsOn(locked: LockedSlot, statuses: ("confirmed" | "pending_payment")[]) {
  return locked.lock.tx
    .select()
    .from(bookings)
    .where(and(eq(bookings.slotId, locked.lock.slotId), inArray(bookings.status, statuses)))
    .orderBy(asc(bookings.createdAt), asc(bookings.id))
    .for("update");
}

/**
 * The date moved (its slot already says the new time): every confirmed booking's calendar event
 * moves on a sequence, its customer is emailed the new time with the calendar update, and its
 * reminder follows the new time. Returns how many customers are told.
 */
export async function moveBookingsWithSlot(
  locked: LockedSlot,
  effects: BookingEffects,
  { previous, startsAt, now }: { previous: { startsAt: Date; endsAt: Date }; startsAt: Date; now: Date },
): Promise<number> {
  const { tx } = locked.lock;
  const confirmed = await bookingsOn(locked, ["confirmed"]);
  for (const booking of confirmed) {
    await tx
      .update(bookings)
      .set({ calendarSequence: sql`${bookings.calendarSequence} + 1`, updatedAt: now })
      .where(eq(bookings.id, booking.id));
    await queueEmail(tx, effects, {
      bookingId: booking.id,
      kind: "booking_moved",
      sequence: await nextEmailSequence(tx, booking.id, "booking_moved"),
      to: booking.customerEmail,
      sendAfter: now,
      payload: { previousStartsAt: previous.startsAt.toISOString(), previousEndsAt: previous.endsAt.toISOString() },
    });
    await rescheduleReminder(tx, effects, { booking, startsAt, now });
  }
  return confirmed.length;
}

export type CancelledBookings = { cancelled: number; refundsRequested: number; holdsReleased: number };

const STUDIO_CANCELLED = "the studio cancelled the date";

/**
 * The date is cancelled (its slot already says so): every confirmed booking is cancelled by the
 * studio with a refund of everything not yet refunded (one refund row, sent by its job), and its
 * customer is emailed with the calendar cancellation; reminders are dropped with the booking.
 * Holds are released and their Checkout Sessions expired by a job after this commits (a payment
 * that gets in first is refused by fulfilment and refunded in full).
 */
export async function cancelBookingsOfCancelledSlot(
  locked: LockedSlot,
  effects: BookingEffects,
  { message, now }: { message: string | null; now: Date },
): Promise<CancelledBookings> {
  const { tx } = locked.lock;
  const outcome: CancelledBookings = { cancelled: 0, refundsRequested: 0, holdsReleased: 0 };
  for (const booking of await bookingsOn(locked, ["confirmed", "pending_payment"])) {
    if (booking.status === "pending_payment") {
      assertTransition(booking.status, "expired");
      await tx
        .update(bookings)
        .set({ status: "expired", holdsSeats: false, statusReason: STUDIO_CANCELLED, updatedAt: now })
        .where(eq(bookings.id, booking.id));
      if (booking.holdsSeats) await adjustSeatsTaken(locked.lock, -booking.seats, now);
      if (booking.checkoutSessionId) {
        await enqueueInTransaction(
          effects.jobs,
          tx,
          QUEUES.expireCheckout,
          { checkoutSessionId: booking.checkoutSessionId },
          retryOptions(effects.retry.refund),
        );
      }
      outcome.holdsReleased += 1;
      continue;
    }
    const cancelled = await cancelConfirmedBooking({ ...locked, booking }, { by: "studio", reason: STUDIO_CANCELLED, now });
    const owed = (booking.amountPaidMinor ?? 0) - refundTotals(await refundsOf(tx, booking.id)).committed;
    if (owed > 0) {
      await requestRefund(tx, effects, { booking: cancelled, amountMinor: owed, reason: "date_cancelled", requestedBy: "staff", now });
      outcome.refundsRequested += 1;
    }
    await queueEmail(tx, effects, {
      bookingId: booking.id,
      kind: "date_cancelled",
      to: booking.customerEmail,
      sendAfter: now,
      payload: { refundedMinor: Math.max(0, owed), message },
    });
    outcome.cancelled += 1;
  }
  return outcome;
}
