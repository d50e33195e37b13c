import { buildBookingIcs } from "./calendar";
import { formatSlotWhen } from "./format/time";
import { calendarPart, formatWhen, seatsRow, sessionDetails, shortWhen } from "./kit/booking-parts";
import { firstName } from "./kit/escape";
import { renderDocument } from "./kit/layout";
import { button, paragraph, title } from "./kit/parts";
import { bookingUrl } from "./kit/urls";
import type { EmailContext, RenderedEmail } from "./types";

export type BookingMovedOptions = {
  /** Where the session was before the studio moved it. */
  previous: { startsAt: Date; endsAt: Date };
  /** The whole date moved (the studio's schedule), or only this booking, to another date (at the customer's request). */
  moved: "date" | "booking";
  /** DTSTAMP of the attached update; defaults to the current time. */
  now?: Date;
};

/**
 * The studio moved the date: the new time first, the old one for reference, and a calendar update
 * with the same UID and a higher SEQUENCE, so the customer's calendar moves the event it already has.
 */
export function renderBookingMoved(ctx: EmailContext, options: BookingMovedOptions): RenderedEmail {
  const { booking, offering, studio } = ctx;
  const before = formatSlotWhen(options.previous.startsAt, options.previous.endsAt, studio.timeZone);
  return renderDocument({
    ctx,
    audience: "customer",
    subject: `New time: ${offering.title} is now ${shortWhen(ctx)}`,
    preheader: `${offering.title} has moved to ${formatWhen(ctx)}. Your booking stands.`,
    parts: [
      title("Your session has a new time"),
      paragraph(
        "Hi ",
        { name: firstName(booking.customerName) },
        options.moved === "date"
          ? `, we've had to move ${offering.title}. It is now on ${formatWhen(ctx)} (it was ${before}). Your booking stands: there's nothing you need to do.`
          : `, as agreed, your booking for ${offering.title} has moved to ${formatWhen(ctx)} (it was ${before}). Your payment carries over: there's nothing you need to do.`,
      ),
      sessionDetails(ctx, [seatsRow(ctx), ["Reference", [booking.reference]]]),
      calendarPart(ctx, "booking.ics"),
      paragraph(
        "If the new time doesn't suit you, reply to this email or write to ",
        { href: `mailto:${studio.email}`, label: studio.email },
        " and we'll find another date or refund you in full.",
      ),
      button(bookingUrl(ctx), "View your booking"),
    ],
    attachments: [
      {
        filename: "booking.ics",
        content: buildBookingIcs(ctx, "REQUEST", { now: options.now }),
        contentType: "text/calendar; charset=utf-8; method=REQUEST",
      },
    ],
  });
}
