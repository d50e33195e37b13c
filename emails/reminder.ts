import { kneeReading, sectionIdForLocation } from "./content/knee-reading";
import { formatTime } from "./format/time";
import { checklist, formatWhen, seatsRow, sessionDetails, studioContact, whatToBring } from "./kit/booking-parts";
import { firstName } from "./kit/escape";
import { renderDocument } from "./kit/layout";
import { button, heading, paragraph, title, type Part } from "./kit/parts";
import { readingUrl } from "./kit/reading";
import { bookingUrl } from "./kit/urls";
import type { EmailContext, RenderedEmail } from "./types";

/** The day before: the essentials, the checklist and a way to say they can't come. */
export function renderReminder(ctx: EmailContext): RenderedEmail {
  const { booking, offering } = ctx;
  const parts: Part[] = [
    title("See you tomorrow, ", { name: firstName(booking.customerName) }),
    paragraph(`Just a friendly nudge: ${offering.title} is tomorrow at ${formatTime(ctx.slot.startsAt, ctx.studio.timeZone)}. Here are the essentials.`),
    sessionDetails(ctx, [seatsRow(ctx), ["Reference", [booking.reference]]]),
    button(bookingUrl(ctx), "View your booking"),
    heading("A quick checklist before you come"),
    checklist(),
    ...whatToBring(ctx, "Bring with you"),
    paragraph(
      "If you'd like a refresher, the pre-session reading is here: ",
      { href: readingUrl(ctx, sectionIdForLocation(booking.painLocation)), label: kneeReading.title },
      ".",
    ),
    paragraph("Running late or can't make it? Reply to this email, or ", ...studioContact(ctx), "."),
  ];
  return renderDocument({
    ctx,
    audience: "customer",
    subject: `See you tomorrow: ${offering.title} at ${formatTime(ctx.slot.startsAt, ctx.studio.timeZone)}`,
    preheader: `${formatWhen(ctx)} at ${offering.location}.`,
    parts,
  });
}
