import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { bookings, type Booking } from "../../db/schema";
import { formatSlotWhen } from "../../emails/format/time";
import { CheckoutExpiryTooSoonError, PaymentProviderError, type PaymentGateway } from "../payments/gateway.server";
import { findBookingDetails } from "./booking-details.server";
import type { BookingLinks } from "./booking-links.server";
import type { BookingEffects } from "./effects.server";
import { fulfilCheckoutSession, type FulfilOutcome } from "./fulfil-checkout.server";
import { releaseHold } from "./holds.server";
import { isHoldLive, websiteCustomerEmail } from "./rules";
import { log } from "../utils/log.server";

export type StartCheckoutResult =
  | { status: "redirect"; url: string }
  | { status: "hold_gone"; booking: Booking }
  | { status: "stale" }
  | { status: "provider_error" };

/**
 * Stripe refuses a Checkout Session that expires less than 30 minutes after it is created; half a
 * minute more leaves room for the request itself.
 */
const MIN_CHECKOUT_MS = 30.5 * 60_000;


/**
 * Sends a held booking to payment. A booking that already has a checkout session goes back to
 * it (double submit, or Back from the checkout); otherwise one session is created with an
 * idempotency key derived from the booking and the expiry stored when the seats were held.
 * If the payment provider fails, the hold is released so the places aren't stuck. A hold whose
 * stored expiry is already too close for a new session (a crash or a retry between the hold and
 * the session) is released too, and answers "stale": the customer starts again, never a 500.
 */
export async function startCheckout(
  db: Database,
  payments: PaymentGateway,
  {
    bookingId,
    now,
    baseUrl,
    timeZone,
    links,
  }: { bookingId: string; now: Date; baseUrl: string; timeZone: string; links: BookingLinks },
): Promise<StartCheckoutResult> {
  const found = await findBookingDetails(db, eq(bookings.id, bookingId));
  if (!found) throw new Error(`startCheckout: no booking ${bookingId}`);
  const { booking, slot, offering } = found;
  if (!isHoldLive(booking, now)) return { status: "hold_gone", booking };

  if (booking.checkoutSessionId && booking.checkoutUrl) {
    return { status: "redirect", url: booking.checkoutUrl };
  }
  const expiresAt = booking.checkoutExpiresAt!;
  if (expiresAt.getTime() - now.getTime() < MIN_CHECKOUT_MS) return releaseStaleHold(db, booking, now);
  const returnUrl = `${baseUrl}${links.pathFor(booking.id)}`;
  try {
    const session = await payments.createCheckoutSession({
      bookingId: booking.id,
      reference: booking.reference,
      lineItem: {
        name: offering.title,
        description: `${formatSlotWhen(slot.startsAt, slot.endsAt, timeZone)} · booking ${booking.reference}`,
        unitAmountMinor: booking.unitPriceMinor,
        currency: booking.currency,
        quantity: booking.seats,
      },
      customerEmail: websiteCustomerEmail(booking),
      successUrl: `${returnUrl}?paid=1`,
      cancelUrl: `${returnUrl}/cancel`,
      expiresAt,
      idempotencyKey: `checkout-${booking.id}`,
    });
    if (!session.url) throw new PaymentProviderError("The checkout session has no payment page");
    await db
      .update(bookings)
      .set({ checkoutSessionId: session.id, checkoutUrl: session.url, updatedAt: now })
      .where(eq(bookings.id, booking.id));
    return { status: "redirect", url: session.url };
  } catch (error) {
    if (error instanceof CheckoutExpiryTooSoonError) return releaseStaleHold(db, booking, now);
    if (!(error instanceof PaymentProviderError)) throw error;
    log.error(`Payment provider failed for booking ${booking.reference}`, { err: error });
    await releaseHold(db, { bookingId: booking.id, now, reason: "the payment service could not be reached" });
    return { status: "provider_error" };
  }
}

async function releaseStaleHold(db: Database, booking: Booking, now: Date): Promise<StartCheckoutResult> {
  await releaseHold(db, { bookingId: booking.id, now, reason: "the payment page could not be opened in time" });
  return { status: "stale" };
}

/**
 * The checkout's cancel link: expire the session first (so it can't be paid afterwards), then
 * check it once more — a payment that slipped in just before is fulfilled, not thrown away —
 * and otherwise release the hold.
 */
export async function cancelCheckout(
  db: Database,
  payments: PaymentGateway,
  effects: BookingEffects,
  { booking, now }: { booking: Booking; now: Date },
): Promise<"released" | FulfilOutcome | "no_change"> {
  if (booking.status !== "pending_payment") return "no_change";
  if (booking.checkoutSessionId) {
    await payments.expireCheckoutSession(booking.checkoutSessionId);
    const session = await payments.retrieveCheckoutSession(booking.checkoutSessionId);
    if (session.paymentStatus === "paid") return fulfilCheckoutSession(db, effects, session, { now });
  }
  return (await releaseHold(db, { bookingId: booking.id, now, reason: "cancelled at checkout" })) ? "released" : "no_change";
}

/**
 * The job after the studio ended a hold (its date was cancelled): the customer's Checkout Session
 * is expired so it can't be paid any more. A payment that got in first is fulfilled, which
 * refuses it (the places are gone) and refunds it in full.
 */
export async function expireEndedCheckout(
  db: Database,
  payments: PaymentGateway,
  effects: BookingEffects,
  { checkoutSessionId, now }: { checkoutSessionId: string; now: Date },
): Promise<"expired" | FulfilOutcome> {
  await payments.expireCheckoutSession(checkoutSessionId);
  const session = await payments.retrieveCheckoutSession(checkoutSessionId);
  return session.paymentStatus === "paid" ? fulfilCheckoutSession(db, effects, session, { now }) : "expired";
}

/**
 * The success page's own check: while a booking is still pending, ask the payment provider
 * and fulfil if it was paid, so the customer sees the truth even before the webhook arrives.
 */
export async function syncPendingBooking(
  db: Database,
  payments: PaymentGateway,
  effects: BookingEffects,
  { booking, now }: { booking: Booking; now: Date },
): Promise<FulfilOutcome | "no_change"> {
  if (booking.status !== "pending_payment" || !booking.checkoutSessionId) return "no_change";
  const session = await payments.retrieveCheckoutSession(booking.checkoutSessionId);
  if (session.paymentStatus !== "paid") return "no_change";
  return fulfilCheckoutSession(db, effects, session, { now });
}
