import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { bookings, type Booking } from "../../db/schema";
import { enqueueInTransaction, QUEUES } from "../jobs/queue.server";
import { queueEmail } from "../mail/outbox.server";
import type { CheckoutSession } from "../payments/gateway.server";
import { isUuid } from "../utils/ids";
import type { BookingEffects } from "./effects.server";
import { reminderTimeFor } from "./reminders.server";
import { placesLeft } from "./rules";
import { adjustSeatsTaken, lockBookingAndSlot } from "./slot-lock.server";
import { assertTransition } from "./states";

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
 * places are still free, and otherwise refunded in full (through a queued, retried job) with an
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
    const locked = await lockBookingAndSlot(tx, eq(bookings.id, bookingId));
    if (!locked) return "not_ours";
    const { booking, slot, lock } = locked;
    if (booking.status !== "pending_payment" && booking.status !== "expired") return "already_fulfilled";

    const payment = {
      paymentIntentId: session.paymentIntentId,
      amountPaidMinor: session.amountTotalMinor ?? booking.amountTotalMinor,
      paidAt: now,
      checkoutSessionId: booking.checkoutSessionId ?? session.id,
      updatedAt: now,
    };

    let outcome: FulfilOutcome = "confirmed";
    if (!booking.holdsSeats) {
      const placesFree = slot.status === "scheduled" && placesLeft(slot) >= booking.seats;
      if (!placesFree) {
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
      await adjustSeatsTaken(lock, booking.seats, now);
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
    await queueConfirmationEmails(tx, effects, confirmed!, slot.startsAt, now);
    return outcome;
  });
}
