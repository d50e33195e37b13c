import { buildBookingIcs } from "./calendar";
import {
  calendarPart,
  checklist,
  formatWhen,
  money,
  seatsRow,
  sessionDetails,
  shortWhen,
  studioContact,
  whatToBring,
} from "./kit/booking-parts";
import { firstName } from "./kit/escape";
import { renderDocument } from "./kit/layout";
import { button, callout, heading, paragraph, subheading, title, type Part } from "./kit/parts";
import { readingParts } from "./kit/reading";
import { bookingUrl } from "./kit/urls";
import type { EmailContext, RenderedEmail } from "./types";

export type BookingConfirmedOptions = {
  /** True when the booking was made less than 24 h ahead, so no reminder email will follow. */
  includeReminderChecklist: boolean;
  /** DTSTAMP of the attached .ics; defaults to the current time. */
  now?: Date;
};

export function renderBookingConfirmed(ctx: EmailContext, options: BookingConfirmedOptions): RenderedEmail {
  const { booking, offering } = ctx;
  const ics = buildBookingIcs(ctx, "REQUEST", { now: options.now });
  const subject = `You're booked: ${offering.title}, ${shortWhen(ctx)}`;
  const parts: Part[] = [
    title("You're booked"),
    paragraph(
      "Hi ",
      { name: firstName(booking.customerName) },
      `, your ${
        offering.kind === "workshop" ? (booking.seats === 1 ? "place is" : "places are") : "session is"
      } confirmed. We're looking forward to meeting you.`,
    ),
    sessionDetails(ctx, [seatsRow(ctx), ["Paid", [money(ctx, booking.amountPaidMinor)]], ["Reference", [booking.reference]]]),
    button(bookingUrl(ctx), "View your booking"),
    calendarPart(ctx, "booking.ics"),
  ];
  if (options.includeReminderChecklist) {
    parts.push(
      callout([
        subheading("Your session is soon: a quick checklist"),
        paragraph("As you booked close to the session, here's the short list we'd normally send the day before:"),
        checklist(),
      ]),
    );
  }
  parts.push(
    ...whatToBring(ctx, "What to bring and wear"),
    heading("Need to change something?"),
    paragraph(
      "Reply to this email, ",
      ...studioContact(ctx),
      `, and give your reference ${booking.reference}. `,
      { href: bookingUrl(ctx), label: "Your booking page" },
      " always shows where things stand.",
    ),
    // The long read last: everything practical comes before it.
    ...readingParts(ctx),
  );
  return renderDocument({
    ctx,
    audience: "customer",
    subject,
    preheader: `${formatWhen(ctx)} at ${offering.location}. Everything you need, plus a short read before you come.`,
    parts,
    attachments: [{ filename: "booking.ics", content: ics, contentType: "text/calendar; charset=utf-8; method=REQUEST" }],
  });
}
