import type { AppContext } from "../context.server";
import { getBookingByToken } from "./booking-details.server";
import { cancelCheckout, startCheckout, syncPendingBooking } from "./checkout.server";
import { customerRefundStatus, refundsOf } from "./refunds.server";
import { log } from "../utils/log.server";

/**
 * A booking's page: its true state, with what happened to the money. While it is still pending,
 * the page asks the payment provider itself (and fulfils a paid session) so the customer isn't
 * left waiting on the webhook.
 */
export async function loadBookingStatus(context: AppContext, { token, now }: { token: string; now: Date }) {
  const found = await loadBookingAsPaid(context, { token, now });
  if (!found) return null;
  const refunds = await refundsOf(context.database.db, found.booking.id);
  return { ...found, refunds, money: customerRefundStatus(refunds, found.booking.amountPaidMinor ?? 0) };
}

async function loadBookingAsPaid(context: AppContext, { token, now }: { token: string; now: Date }) {
  const { database, payments, effects } = context;
  const found = await getBookingByToken(database.db, effects.links, token);
  if (!found) return null;
  const { booking } = found;
  if (booking.status !== "pending_payment" || !booking.checkoutSessionId) return found;
  try {
    const outcome = await syncPendingBooking(database.db, payments, effects, { booking, now });
    if (outcome !== "no_change") return getBookingByToken(database.db, effects.links, token);
  } catch (error) {
    // The provider being slow must not break the page: it shows "processing" and retries.
    log.error(`Could not check payment for booking ${booking.reference}`, { err: error });
  }
  return found;
}

/** "Continue to payment" from the booking page: the live hold's checkout, or a fresh one. */
export async function continueToPayment(context: AppContext, { token, now }: { token: string; now: Date }) {
  const found = await getBookingByToken(context.database.db, context.effects.links, token);
  if (!found) return null;
  return startCheckout(context.database.db, context.payments, {
    bookingId: found.booking.id,
    now,
    baseUrl: context.env.publicBaseUrl,
    timeZone: context.env.studio.timeZone,
    links: context.effects.links,
  });
}

/** The checkout's cancel link. */
export async function cancelFromCheckout(context: AppContext, { token, now }: { token: string; now: Date }) {
  const found = await getBookingByToken(context.database.db, context.effects.links, token);
  if (!found) return null;
  return cancelCheckout(context.database.db, context.payments, context.effects, { booking: found.booking, now });
}
