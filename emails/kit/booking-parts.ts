import { calendarLinks } from "../calendar";
import { kneeReading } from "../content/knee-reading";
import { formatMoney } from "../format/money";
import { formatDuration, formatLongDate, formatShortDate, formatTime, formatTimeRange, zoneLabel } from "../format/time";
import type { EmailContext } from "../types";
import { telUrl } from "./urls";
import { bulletList, buttonRow, details, heading, smallPrint, subheading, type DetailRow, type Inline, type Part } from "./parts";

/*
 * What several emails say about one booking, always in the studio's zone with the zone named.
 */

/** The customer's address as a mail link for the studio's emails; a booking made at the studio may have none. */
export function customerEmailLink(email: string | null): Inline {
  return email ? { href: `mailto:${email}`, label: email } : "none given (booked at the studio)";
}

/** A phone number as a link that dials it, kept on one line (no-break spaces) where it fits. */
export function phoneLink(phone: string): Inline {
  return { href: telUrl(phone), label: phone.replace(/ /g, "\u00a0") };
}

/** The customer's phone for the studio's emails: optional on the booking form. */
export function customerPhoneLink(phone: string | null): Inline {
  return phone ? phoneLink(phone) : "none given";
}

export function money(ctx: EmailContext, amountMinor: number): string {
  return formatMoney(amountMinor, ctx.booking.currency);
}

/** "Tuesday 1 December 2026, 18:30–20:00 GMT (UK time)" */
export function formatWhen(ctx: EmailContext): string {
  const { slot, studio } = ctx;
  return `${formatLongDate(slot.startsAt, studio.timeZone)}, ${formatTimeRange(
    slot.startsAt,
    slot.endsAt,
    studio.timeZone,
  )} ${zoneLabel(slot.startsAt, studio.timeZone)}`;
}

/** "Tue 1 Dec, 18:30" for subject lines. */
export function shortWhen(ctx: EmailContext): string {
  return `${formatShortDate(ctx.slot.startsAt, ctx.studio.timeZone)}, ${formatTime(
    ctx.slot.startsAt,
    ctx.studio.timeZone,
  )}`;
}

export function describeOffering(ctx: EmailContext): string {
  const kind = ctx.offering.kind === "workshop" ? "group workshop" : "one-to-one session";
  return `${ctx.offering.title} (${kind}, ${formatDuration(ctx.offering.durationMinutes)})`;
}

export function describeSeats(ctx: EmailContext): string {
  if (ctx.offering.kind === "private") return "Just you: a one-to-one session";
  return String(ctx.booking.seats);
}

/** The "Places" (workshop) or "Session" (one-to-one) row. */
export function seatsRow(ctx: EmailContext): DetailRow {
  return [ctx.offering.kind === "workshop" ? "Places" : "Session", [describeSeats(ctx)]];
}

/** What, when, where and with whom, then the email's own rows. */
export function sessionDetails(ctx: EmailContext, extra: DetailRow[] = []): Part {
  const rows: DetailRow[] = [
    ["What", [describeOffering(ctx)]],
    ["When", [formatWhen(ctx)]],
    ["Where", [ctx.offering.location]],
  ];
  if (ctx.slot.instructor) rows.push(["With", [{ name: ctx.slot.instructor }]]);
  return details([...rows, ...extra]);
}

/** The offering's advice on what to bring, under the email's own heading; nothing when it has none. */
export function whatToBring(ctx: EmailContext, headingText: string): Part[] {
  const items = ctx.offering.whatToBring;
  if (items.length === 0) return [];
  return [heading(headingText), bulletList(items.map((item) => [item]))];
}

/** How to reach the studio: the email address, and the phone number when the studio has one. */
export function studioContact(ctx: EmailContext): Inline[] {
  const email: Inline = { href: `mailto:${ctx.studio.email}`, label: ctx.studio.email };
  return ctx.studio.phone ? ["write to ", email, " or call ", phoneLink(ctx.studio.phone)] : ["write to ", email];
}

export function checklist(): Part {
  return bulletList(kneeReading.checklist.map((item) => [item]));
}

/**
 * Add to calendar: Google and Outlook as buttons (their links are far too long to show), and the
 * attached .ics for Apple Calendar and the rest.
 */
export function calendarPart(ctx: EmailContext, attachmentName: string): Part {
  const links = calendarLinks(ctx);
  const parts = [
    subheading("Add it to your calendar"),
    buttonRow([
      { href: links.google, label: "Google Calendar" },
      { href: links.outlook, label: "Outlook" },
    ]),
    smallPrint(`Apple Calendar or another app? Open the attached ${attachmentName}.`),
  ];
  return { html: parts.map((part) => part.html).join(""), text: parts.map((part) => part.text).join("\n") };
}
