import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { bookings, type Booking, type PaymentProblem, type Slot } from "../../db/schema";
import { queueEmail } from "../mail/outbox.server";
import type { CheckoutSession } from "../payments/gateway.server";
import { isUuid } from "../utils/ids";
import type { BookingEffects } from "./effects.server";
import { queueCustomerConfirmation } from "./confirmation-emails.server";
import { followUpRefundNotices } from "./refund-reconciliation.server";
import { requestRefund } from "./refunds.server";
import { placesLeft } from "./rules";
import { adjustSeatsTaken, lockBookingAndSlot, type LockedBooking } from "./slot-lock.server";
import { assertTransition } from "./states";
import { log } from "../utils/log.server";

export type FulfilOutcome =
  | "confirmed"
  | "confirmed_late"
  | "already_fulfilled"
  | "payment_refused"
  | "not_paid"
  | "not_ours";

/** What the payment provider says was paid, as the booking records it. */
type Payment = Pick<Booking, "paymentIntentId" | "amountPaidMinor" | "paidCurrency" | "paidAt" | "paymentMethod">;

/**
 * Why a paid session can't confirm its booking, or null when it can: it must be the session we
 * created for this booking, in its currency and for exactly its total, before the session
 * starts, and (for a payment that arrives after the hold ended) with the places still free.
 */
export function paymentProblem(
  booking: Pick<Booking, "checkoutSessionId" | "currency" | "amountTotalMinor" | "holdsSeats" | "seats">,
  slot: Pick<Slot, "startsAt" | "status" | "capacity" | "seatsTaken">,
  session: Pick<CheckoutSession, "id" | "currency" | "amountTotalMinor">,
  now: Date,
): PaymentProblem | null {
  if (booking.checkoutSessionId !== null && booking.checkoutSessionId !== session.id) return "payment_mismatch";
  if (session.currency !== booking.currency || session.amountTotalMinor !== booking.amountTotalMinor) return "payment_mismatch";
  if (now.getTime() >= slot.startsAt.getTime()) return "paid_after_start";
  if (!booking.holdsSeats && (slot.status !== "scheduled" || placesLeft(slot) < booking.seats)) return "places_gone";
  return null;
}

const PROBLEM_WORDS: Record<PaymentProblem, string> = {
  payment_mismatch: "payment did not match the booking: refunded in full",
  paid_after_start: "paid after the session had started: refunded in full",
  places_gone: "paid after its places were taken: refunded in full",
};

/**
 * A paid session that can't confirm its booking: nothing is confirmed, the hold (if any) is
 * released, the payment is recorded with the problem, all of it is refunded through a refund
 * row, and the customer (for a late payment) and the studio (for anything suspicious) are told.
 */
async function refusePayment(
  effects: BookingEffects,
  locked: LockedBooking,
  { payment, problem, now }: { payment: Payment; problem: PaymentProblem; now: Date },
): Promise<void> {
  const { booking, lock } = locked;
  const tx = lock.tx;
  if (booking.status !== "expired") assertTransition(booking.status, "expired");
  const [refused] = await tx
    .update(bookings)
    .set({
      ...payment,
      status: "expired",
      holdsSeats: false,
      paymentProblem: problem,
      statusReason: PROBLEM_WORDS[problem],
      updatedAt: now,
    })
    .where(eq(bookings.id, booking.id))
    .returning();
  if (booking.holdsSeats) await adjustSeatsTaken(lock, -booking.seats, now);
  const refund =
    refused!.paymentIntentId && (refused!.amountPaidMinor ?? 0) > 0
      ? await requestRefund(tx, effects, {
          booking: refused!,
          amountMinor: refused!.amountPaidMinor!,
          reason: problem,
          requestedBy: "system",
          now,
        })
      : null;
  const payload = { problem, refundId: refund?.id ?? null };
  if (problem !== "payment_mismatch") {
    await queueEmail(tx, effects, {
      bookingId: booking.id,
      kind: "late_payment_refunded",
      to: booking.customerEmail,
      sendAfter: now,
      payload,
    });
  }
  if (problem !== "places_gone") {
    await queueEmail(tx, effects, {
      bookingId: booking.id,
      kind: "staff_payment_problem",
      to: effects.studioEmail,
      sendAfter: now,
      payload,
    });
  }
}

/**
 * The one idempotent fulfilment, run by the webhook, the success page and the test checkout
 * alike. A paid session is checked against its booking first (paymentProblem); a good one
 * confirms the booking exactly once, queueing the confirmation in the same transaction. A
 * payment that arrives after the hold was released is confirmed if the places are still free;
 * any payment that can't confirm is recorded and refunded in full (refusePayment).
 */
export async function fulfilCheckoutSession(
  db: Database,
  effects: BookingEffects,
  session: CheckoutSession,
  { now }: { now: Date },
): Promise<FulfilOutcome> {
  if (!isUuid(session.bookingId)) return "not_ours";
  if (session.paymentStatus !== "paid") return "not_paid";
  const bookingId = session.bookingId;
  return db.transaction(async (tx) => {
    const locked = await lockBookingAndSlot(tx, eq(bookings.id, bookingId));
    if (!locked) return "not_ours";
    const { booking, slot, lock } = locked;
    if (booking.paidAt !== null) {
      if (booking.paymentIntentId !== session.paymentIntentId) {
        // One session per booking makes this impossible; if it ever happens, a person must look.
        log.error(`Booking ${booking.reference} got a second payment (${session.paymentIntentId}); refund it in Stripe.`);
      }
      return "already_fulfilled";
    }
    if (booking.status !== "pending_payment" && booking.status !== "expired") return "already_fulfilled";

    const payment: Payment = {
      paymentIntentId: session.paymentIntentId,
      amountPaidMinor: session.amountTotalMinor ?? 0,
      paymentMethod: "card",
      paidCurrency: session.currency,
      paidAt: now,
    };
    const problem = paymentProblem(booking, slot, session, now);
    if (problem) {
      await refusePayment(effects, locked, { payment, problem, now });
      if (session.paymentIntentId) await followUpRefundNotices(tx, effects, { paymentIntentId: session.paymentIntentId, now });
      return "payment_refused";
    }

    const late = !booking.holdsSeats;
    if (late) await adjustSeatsTaken(lock, booking.seats, now);
    assertTransition(booking.status, "confirmed");
    const [confirmed] = await tx
      .update(bookings)
      .set({
        ...payment,
        checkoutSessionId: booking.checkoutSessionId ?? session.id,
        status: "confirmed",
        holdsSeats: true,
        holdExpiresAt: null,
        confirmedAt: now,
        statusReason: late ? "paid after its hold ran out; places were still free" : null,
        updatedAt: now,
      })
      .where(eq(bookings.id, booking.id))
      .returning();
    await queueCustomerConfirmation(tx, effects, { booking: confirmed!, startsAt: slot.startsAt, now });
    // The studio hears of every booking made online (one staff make at the studio is already known).
    await queueEmail(tx, effects, { bookingId: booking.id, kind: "staff_new_booking", to: effects.studioEmail, sendAfter: now });
    if (session.paymentIntentId) await followUpRefundNotices(tx, effects, { paymentIntentId: session.paymentIntentId, now });
    return late ? "confirmed_late" : "confirmed";
  });
}
