import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { bookings } from "../../db/schema";
import { nextEmailSequence, queueEmail } from "../mail/outbox.server";
import type { PaymentGateway } from "../payments/gateway.server";
import type { BookingEffects } from "./effects.server";
import { cancelPendingReminders } from "./reminders.server";
import { adjustSeatsTaken, lockBookingAndSlot } from "./slot-lock.server";
import { assertTransition } from "./states";

/**
 * The refund job for a payment that arrived after its places were gone. Idempotent twice over:
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
 * booking reflects the amount refunded so far; a full refund frees its places and sends the
 * refund message with a calendar cancellation. `amountRefundedMinor` is the cumulative total.
 */
export async function recordRefund(
  db: Database,
  effects: BookingEffects,
  { paymentIntentId, amountRefundedMinor, now }: { paymentIntentId: string; amountRefundedMinor: number; now: Date },
): Promise<"recorded_full" | "recorded_partial" | "no_change" | "unknown_payment"> {
  return db.transaction(async (tx) => {
    const locked = await lockBookingAndSlot(tx, eq(bookings.paymentIntentId, paymentIntentId));
    if (!locked) return "unknown_payment";
    const { booking, lock } = locked;
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
    if (full && booking.holdsSeats) await adjustSeatsTaken(lock, -booking.seats, now);
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
