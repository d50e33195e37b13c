import type { AppContext } from "../context.server";
import { UserError } from "../utils/errors.server";
import type { FormFields } from "../utils/forms.server";
import { hitRateLimit } from "../utils/rate-limit.server";
import { getBookableSlot, otherOpenSlots, type OtherSlot } from "./bookable-slot.server";
import { bookingFormSchema, fieldErrorsFrom, type BookingFieldErrors } from "./booking-form";
import { startCheckout } from "./checkout.server";
import { clientNetworkOf } from "./client-network";
import { emailFinishPaymentLink } from "./finish-payment-link.server";
import { holdSeat, type HoldSeatInput } from "./hold-seat.server";
import { websiteCustomerEmail } from "./rules";
import { plural } from "../../emails/format/words";

/** What the booking form's POST comes to: go on (to payment, or to the booking), or show the form again. */
export type SubmitBookingResult =
  | { kind: "redirect"; url: string; holdToken: string | null }
  | ShowForm
  | { kind: "full"; status: 409; others: OtherSlot[]; headers?: undefined }
  | { kind: "check_email"; status: 200; email: string; headers?: undefined };

type ShowForm = {
  kind: "invalid";
  status: number;
  errors: BookingFieldErrors;
  values: Record<string, string>;
  headers?: Record<string, string>;
};

/**
 * Echo back what a person typed, so the form comes back as they left it. Every field's limit is
 * far below this cap (a value over its limit comes back whole, beside its message); the cap only
 * keeps a hostile body from being reflected in full.
 */
const ECHO_CAP = 4000;
const echoOf = (fields: Record<string, string>) =>
  Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, value.slice(0, ECHO_CAP)]));

const invalid = (status: number, errors: BookingFieldErrors, values: Record<string, string> = {}): ShowForm => ({
  kind: "invalid",
  status,
  errors,
  values,
});

/**
 * A customer submits the booking form: validate it, count the attempt (per client address, every
 * app process together), hold the places (one transaction, see holdSeat), then send them to
 * payment. Only what could take places counts against the rate limit, with honeypot hits: a
 * person correcting typos is never slowed down. A repeat submission from the browser holding the
 * place resumes its hold and checkout; from anywhere else it is answered "check your email" and
 * the link goes to the address. Every expected failure comes back as the form with a message; an
 * unknown slot is a 404.
 */
export async function submitBooking(
  context: AppContext,
  {
    slotId,
    form,
    holdToken,
    clientIp,
    now,
  }: { slotId: string; form: FormFields; holdToken: string | null; clientIp: string; now: Date },
): Promise<SubmitBookingResult> {
  const { env, database } = context;
  if (!form.ok) return invalid(form.error.status, { form: form.error.message });
  const echo = echoOf(form.fields);
  if (form.fields.website) {
    const limited = await countBookingAttempt(context, { clientIp, now, echo: {} });
    return limited ?? invalid(400, { form: "We couldn't accept this form. If you're a person, please try again." });
  }
  const parsed = bookingFormSchema({ maxSeats: env.booking.maxSeats }).safeParse(form.fields);
  if (!parsed.success) return invalid(400, fieldErrorsFrom(parsed.error), echo);
  const values = parsed.data;
  const limited = await countBookingAttempt(context, { clientIp, now, echo });
  if (limited) return limited;

  const hold: HoldSeatInput = {
    slotId,
    seats: values.seats,
    customer: { name: values.name, email: values.email, phone: values.phone },
    intake: { painLocation: values.painLocation, painDuration: values.painDuration ?? null, notes: values.notes },
    holdBookingId: holdToken ? context.effects.links.bookingIdFrom(holdToken) : null,
    clientNetwork: clientNetworkOf(clientIp),
    now,
    rules: env.booking,
  };
  let held = await holdSeat(database.db, hold);
  // A hold whose checkout could not start in time was released: one fresh hold, then give up.
  for (let attempt = 0; ; attempt++) {
    const next = await continueHold(context, { slotId, held, echo, now });
    if (next !== "stale") return next;
    if (attempt > 0) {
      return invalid(409, { form: "Your place couldn't be held long enough to pay. Please start again." }, echo);
    }
    held = await holdSeat(database.db, { ...hold, holdBookingId: null });
  }
}

/**
 * One attempt against the booking rate limit of this client address: the form to show again
 * when it is over the limit (what was typed kept), else null.
 */
async function countBookingAttempt(
  { env, database }: AppContext,
  { clientIp, now, echo }: { clientIp: string; now: Date; echo: Record<string, string> },
): Promise<ShowForm | null> {
  const { max, windowSeconds } = env.booking.rateLimit;
  const limit = await hitRateLimit(database.db, { key: `booking:${clientIp}`, max, windowSeconds, now });
  if (limit.allowed) return null;
  const minutes = Math.max(1, Math.ceil(limit.retryAfterSeconds / 60));
  return {
    ...invalid(
      429,
      { form: `That's a lot of booking attempts from here. Please try again in ${plural(minutes, "minute")}.` },
      echo,
    ),
    headers: { "Retry-After": String(limit.retryAfterSeconds) },
  };
}

/** After holdSeat: on to payment, or the answer the form shows ("stale": the hold must start again). */
async function continueHold(
  context: AppContext,
  {
    slotId,
    held,
    echo,
    now,
  }: { slotId: string; held: Awaited<ReturnType<typeof holdSeat>>; echo: Record<string, string>; now: Date },
): Promise<SubmitBookingResult | "stale"> {
  const { env, database, payments, effects } = context;
  switch (held.status) {
    case "not_found":
      throw new UserError("Not found", 404);
    case "closed":
      return invalid(409, { form: "Booking for this session has closed. Please choose another date." }, echo);
    case "hold_limit":
      return held.limit === "email"
        ? invalid(
            409,
            {
              form: "You already have a place held for another session that day. Please finish paying for it (the link is in your email and on its page), or release it, before booking another.",
            },
            echo,
          )
        : invalid(
            429,
            {
              form: "Lots of places are being held from your connection for that day. Please finish paying for those first, or try again once their holds have ended.",
            },
            echo,
          );
    case "already_held":
      await emailFinishPaymentLink(database.db, effects, { booking: held.booking, now });
      return { kind: "check_email", status: 200, email: websiteCustomerEmail(held.booking) };
    case "full": {
      // The page's loaders run after this and list where to go instead of a date with no place
      // left; only someone asking for more places than are left needs the other dates from here.
      if (held.seatsLeft === 0) return { kind: "full", status: 409, others: [] };
      const slot = await getBookableSlot(database.db, { slotId, now, closesMinutesBefore: env.booking.closesMinutesBefore });
      const others = slot
        ? await otherOpenSlots(database.db, {
            offeringId: slot.offeringId,
            exceptSlotId: slot.slotId,
            now,
            closesMinutesBefore: env.booking.closesMinutesBefore,
          })
        : [];
      return { kind: "full", status: 409, others };
    }
    case "held":
    case "resumed":
      break;
  }
  const checkout = await startCheckout(database.db, payments, {
    bookingId: held.booking.id,
    now,
    baseUrl: env.publicBaseUrl,
    timeZone: env.studio.timeZone,
    links: effects.links,
  });
  switch (checkout.status) {
    case "redirect":
      return { kind: "redirect", url: checkout.url, holdToken: effects.links.tokenFor(held.booking.id) };
    case "hold_gone":
      return { kind: "redirect", url: effects.links.pathFor(held.booking.id), holdToken: null };
    case "stale":
      return "stale";
    case "provider_error":
      return invalid(
        503,
        {
          form: "We couldn't reach our card payment service just now. Nothing was charged and your place was released. Please try again in a minute.",
        },
        echo,
      );
  }
}
