import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { Database } from "../../db/client";
import { stripeEvents } from "../../db/schema";
import type { BookingEffects } from "../booking/effects.server";
import { fulfilCheckoutSession, type FulfilOutcome } from "../booking/fulfil-checkout.server";
import { releaseHold } from "../booking/holds.server";
import { reconcileStripeRefunds, type RefundEventOutcome } from "../booking/refund-reconciliation.server";
import type { PaymentGateway, ProviderRefund } from "../payments/gateway.server";
import { checkoutSessionFromStripe } from "../payments/stripe-gateway.server";
import { isUuid } from "../utils/ids";
import { log } from "../utils/log.server";

/** What one Stripe event did, as stored in stripe_events.outcome and answered to Stripe. */
export type StripeEventOutcome =
  | FulfilOutcome
  | RefundEventOutcome
  | "awaiting_payment"
  | "released"
  | "no_change"
  | "ignored"
  | "replay";

export type EventOutcome = { outcome: StripeEventOutcome; bookingId: string | null; replay: boolean };

/** Refund events: each one is a cue to read the payment's refunds from Stripe and reconcile. */
const REFUND_EVENTS = new Set(["charge.refunded", "charge.refund.updated", "refund.created", "refund.updated", "refund.failed"]);

function paymentIntentOf(event: Stripe.Event): string | null {
  if (!REFUND_EVENTS.has(event.type)) return null;
  const object = event.data.object as { payment_intent?: string | { id: string } | null };
  const intent = object.payment_intent;
  return typeof intent === "string" ? intent : (intent?.id ?? null);
}

/**
 * Handles one verified Stripe event exactly once. The event id is recorded in the same
 * transaction as its effects: a replay (even concurrent: the second insert waits on the first)
 * finds the id and does nothing, and a crash part-way leaves neither, so Stripe's retry redoes it.
 * A refund event first reads the payment's refunds from Stripe (outside the transaction): the
 * list, not the event, is the truth, so events arriving out of order can't mislead us.
 */
export async function processStripeEvent(
  db: Database,
  payments: PaymentGateway,
  effects: BookingEffects,
  event: Stripe.Event,
  { now }: { now: Date },
): Promise<EventOutcome> {
  const [seen] = await db.select({ id: stripeEvents.id }).from(stripeEvents).where(eq(stripeEvents.id, event.id));
  if (seen) return { outcome: "replay", bookingId: null, replay: true };
  const paymentIntentId = paymentIntentOf(event);
  const providerRefunds = paymentIntentId ? await payments.listRefunds(paymentIntentId) : [];
  return db.transaction(async (tx) => {
    const [fresh] = await tx
      .insert(stripeEvents)
      .values({ id: event.id, type: event.type, outcome: "processing", receivedAt: now })
      .onConflictDoNothing({ target: stripeEvents.id })
      .returning({ id: stripeEvents.id });
    if (!fresh) return { outcome: "replay", bookingId: null, replay: true };

    const { outcome, bookingId } = await handle(tx, effects, event, { now, paymentIntentId, providerRefunds });
    await tx
      .update(stripeEvents)
      .set({ outcome, bookingId })
      .where(eq(stripeEvents.id, event.id));
    return { outcome, bookingId, replay: false };
  });
}

async function handle(
  tx: Database,
  effects: BookingEffects,
  event: Stripe.Event,
  {
    now,
    paymentIntentId,
    providerRefunds,
  }: { now: Date; paymentIntentId: string | null; providerRefunds: ProviderRefund[] },
): Promise<{ outcome: StripeEventOutcome; bookingId: string | null }> {
  if (REFUND_EVENTS.has(event.type)) {
    if (!paymentIntentId) return { outcome: "not_ours", bookingId: null };
    const outcome = await reconcileStripeRefunds(tx, effects, { eventId: event.id, paymentIntentId, providerRefunds, now });
    return { outcome, bookingId: null };
  }
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const session = checkoutSessionFromStripe(event.data.object);
      if (!isUuid(session.bookingId)) return { outcome: "not_ours", bookingId: null };
      if (session.paymentStatus !== "paid") return { outcome: "awaiting_payment", bookingId: session.bookingId };
      return { outcome: await fulfilCheckoutSession(tx, effects, session, { now }), bookingId: session.bookingId };
    }
    case "checkout.session.expired":
    case "checkout.session.async_payment_failed": {
      const session = checkoutSessionFromStripe(event.data.object);
      if (!isUuid(session.bookingId)) return { outcome: "not_ours", bookingId: null };
      const reason = event.type === "checkout.session.expired" ? "checkout expired" : "payment failed";
      const released = await releaseHold(tx, { bookingId: session.bookingId, now, reason });
      return { outcome: released ? "released" : "no_change", bookingId: session.bookingId };
    }
    default:
      log.info(`Stripe event ${event.id} (${event.type}) is not one we act on; acknowledged.`);
      return { outcome: "ignored", bookingId: null };
  }
}
