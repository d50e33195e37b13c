import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { bookings, stripeRefundNotices } from "../../db/schema";
import { enqueueInTransaction, QUEUES, retryOptions } from "../jobs/queue.server";
import { nextEmailSequence, queueEmail } from "../mail/outbox.server";
import type { PaymentGateway, ProviderRefund } from "../payments/gateway.server";
import { cancelConfirmedBooking } from "./cancel-booking.server";
import type { BookingEffects } from "./effects.server";
import { reconcileRefundRows, refundsOf, refundTotals } from "./refunds.server";
import { lockBookingAndSlot } from "./slot-lock.server";

export type RefundEventOutcome = "reconciled" | "no_change" | "deferred";

/**
 * Stripe's word on a payment's refunds (its full list, fetched when a refund event arrives).
 * Refunds made in its dashboard are recorded; a confirmed booking refunded in full is cancelled
 * (places released, the customer sent the cancellation with its calendar update), a partial
 * refund leaves it confirmed and tells the customer this refund's amount. A payment we haven't
 * recorded yet (its refund event overtook its payment) is kept as a notice and reconciled once
 * fulfilment records the payment.
 */
export async function reconcileStripeRefunds(
  tx: Database,
  effects: BookingEffects,
  {
    eventId,
    paymentIntentId,
    providerRefunds,
    now,
  }: { eventId: string; paymentIntentId: string; providerRefunds: ProviderRefund[]; now: Date },
): Promise<RefundEventOutcome> {
  const locked = await lockBookingAndSlot(tx, eq(bookings.paymentIntentId, paymentIntentId));
  if (!locked) {
    const amountRefundedMinor = providerRefunds.reduce((sum, refund) => sum + (refund.status === "failed" ? 0 : refund.amountMinor), 0);
    await tx
      .insert(stripeRefundNotices)
      .values({ eventId, paymentIntentId, amountRefundedMinor, receivedAt: now })
      .onConflictDoNothing({ target: stripeRefundNotices.eventId });
    return "deferred";
  }
  const { booking } = locked;
  const { recorded, changed } = await reconcileRefundRows(tx, effects, { booking, providerRefunds, now });
  if (recorded.length > 0 && booking.status === "confirmed") {
    const { committed } = refundTotals(await refundsOf(tx, booking.id));
    const refundedNow = recorded.reduce((sum, row) => sum + row.amountMinor, 0);
    if (committed >= (booking.amountPaidMinor ?? 0)) {
      await cancelConfirmedBooking(locked, { by: "studio", reason: "refunded in full in Stripe", now });
      await queueEmail(tx, effects, {
        bookingId: booking.id,
        kind: "booking_cancelled",
        to: booking.customerEmail,
        sendAfter: now,
        payload: { refundedMinor: refundedNow },
      });
    } else {
      for (const refund of recorded) {
        await queueEmail(tx, effects, {
          bookingId: booking.id,
          kind: "booking_refunded",
          sequence: await nextEmailSequence(tx, booking.id, "booking_refunded"),
          to: booking.customerEmail,
          sendAfter: now,
          payload: { refundId: refund.id, refundedMinor: refund.amountMinor },
        });
      }
    }
  }
  return changed > 0 ? "reconciled" : "no_change";
}

/**
 * Called when fulfilment records a payment: refund events that arrived before it are not lost.
 * Their reconciliation (which asks the provider for the list) runs as a job, after this commits.
 */
export async function followUpRefundNotices(
  tx: Database,
  effects: BookingEffects,
  { paymentIntentId, now }: { paymentIntentId: string; now: Date },
): Promise<boolean> {
  const notices = await tx
    .update(stripeRefundNotices)
    .set({ appliedAt: now })
    .where(and(eq(stripeRefundNotices.paymentIntentId, paymentIntentId), isNull(stripeRefundNotices.appliedAt)))
    .returning({ eventId: stripeRefundNotices.eventId });
  if (notices.length === 0) return false;
  await enqueueInTransaction(effects.jobs, tx, QUEUES.reconcileRefunds, { paymentIntentId }, retryOptions(effects.retry.refund));
  return true;
}

/** The job behind a deferred refund event: fetch the provider's list, then reconcile. */
export async function reconcileRefundsFromProvider(
  db: Database,
  payments: PaymentGateway,
  effects: BookingEffects,
  { paymentIntentId, now }: { paymentIntentId: string; now: Date },
): Promise<RefundEventOutcome> {
  const providerRefunds = await payments.listRefunds(paymentIntentId);
  return db.transaction((tx) =>
    reconcileStripeRefunds(tx, effects, { eventId: `reconcile-${paymentIntentId}`, paymentIntentId, providerRefunds, now }),
  );
}
