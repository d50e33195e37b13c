import { eq } from "drizzle-orm";
import { bookings } from "../../db/schema";
import { findBookingDetails } from "../booking/booking-details.server";
import { fulfilCheckoutSession } from "../booking/fulfil-checkout.server";
import type { AppContext } from "../context.server";

/** The demo test checkout's session, or null (unknown id, or real payments configured). */
export async function getTestCheckout(context: AppContext, sessionId: string) {
  const gateway = context.simulatedPayments;
  if (!gateway || !/^sim_cs_[0-9a-f]{24}$/.test(sessionId)) return null;
  const row = await gateway.findRow(sessionId);
  if (!row) return null;
  const session = gateway.sessionFromRow(row);
  const details = await findBookingDetails(context.database.db, eq(bookings.id, row.bookingId));
  if (!details) return null;
  return {
    id: row.id,
    title: row.title,
    quantity: row.quantity,
    startsAt: details.slot.startsAt.toISOString(),
    endsAt: details.slot.endsAt.toISOString(),
    amountTotalMinor: row.amountTotalMinor,
    currency: row.currency,
    customerEmail: row.customerEmail,
    expiresAt: row.expiresAt.toISOString(),
    status: session.status,
    successUrl: row.successUrl,
    cancelUrl: row.cancelUrl,
  };
}

/** The test checkout's Pay button: the payment succeeds, then the same fulfil as Stripe's webhook. */
export async function completeTestPayment(context: AppContext, { sessionId, now }: { sessionId: string; now: Date }) {
  const gateway = context.simulatedPayments!;
  const session = await gateway.pay(sessionId);
  if (!session) return "not_found" as const;
  return fulfilCheckoutSession(context.database.db, context.effects, session, { now });
}
