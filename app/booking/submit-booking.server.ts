import type { AppContext } from "../context.server";
import { hitRateLimit } from "../utils/rate-limit.server";
import type { BookingFormValues } from "./booking-form";
import { bookingPath, startCheckout } from "./checkout.server";
import { holdSeat } from "./hold-seat.server";

export type SubmitBookingResult =
  | { status: "redirect"; url: string; accessToken: string }
  | { status: "rate_limited"; retryAfterSeconds: number }
  | { status: "full"; seatsLeft: number }
  | { status: "closed" }
  | { status: "not_found" }
  | { status: "provider_error" }
  | { status: "hold_gone"; bookingUrl: string };

/** The rate limit alone, so a honeypot or invalid submission also counts against it. */
export async function checkBookingRateLimit(context: AppContext, { clientIp, now }: { clientIp: string; now: Date }) {
  const { max, windowSeconds } = context.env.booking.rateLimit;
  return hitRateLimit(context.database.db, { key: `booking:${clientIp}`, max, windowSeconds, now });
}

/**
 * A customer submits the booking form: hold the seats (one transaction, see holdSeat), then
 * send them to payment. A repeat submission resumes the live hold and its checkout.
 */
export async function submitBooking(
  context: AppContext,
  { slotId, values, now }: { slotId: string; values: BookingFormValues; now: Date },
): Promise<SubmitBookingResult> {
  const { env, database, payments } = context;
  const held = await holdSeat(database.db, {
    slotId,
    seats: values.seats,
    customer: { name: values.name, email: values.email, phone: values.phone },
    intake: { painLocation: values.painLocation, painDuration: values.painDuration ?? null, notes: values.notes },
    now,
    rules: env.booking,
  });
  if (held.status !== "held" && held.status !== "resumed") return held;
  const checkout = await startCheckout(database.db, payments, {
    bookingId: held.booking.id,
    now,
    baseUrl: env.publicBaseUrl,
    timeZone: env.studio.timeZone,
  });
  if (checkout.status === "provider_error") return checkout;
  if (checkout.status === "hold_gone") return { status: "hold_gone", bookingUrl: bookingPath(held.booking) };
  return { status: "redirect", url: checkout.url, accessToken: held.booking.accessToken };
}
