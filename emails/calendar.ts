import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from "ical-generator";
import type { EmailContext } from "./types";

/**
 * REQUEST and CANCEL travel in emails (iTIP, RFC 5546); PUBLISH is the file the booking's page
 * offers for download: the same event, without an attendee, so no calendar asks anyone to reply.
 */
export type CalendarMethod = "REQUEST" | "CANCEL" | "PUBLISH";

const METHODS: Record<CalendarMethod, ICalCalendarMethod> = {
  REQUEST: ICalCalendarMethod.REQUEST,
  CANCEL: ICalCalendarMethod.CANCEL,
  PUBLISH: ICalCalendarMethod.PUBLISH,
};

/**
 * One UID per booking, for its whole life: a later CANCEL (with a higher SEQUENCE) then removes
 * the very event the confirmation put into the customer's calendar.
 */
export function bookingEventUid(ctx: EmailContext): string {
  return `booking-${ctx.booking.id}@${new URL(ctx.studio.baseUrl).hostname}`;
}

/**
 * A parameter value such as CN may not contain a double quote or a line break (RFC 5545 §3.1),
 * and not every client reads ical-generator's backslash escape, so such characters are replaced.
 */
function parameterSafe(name: string): string {
  return name.replace(/"/g, "'").replace(/[\r\n]+/g, " ");
}

/** Plain-text event description shared by the .ics and the add-to-calendar links. */
function eventDescription(ctx: EmailContext, method: CalendarMethod): string {
  const { booking, offering, slot, studio } = ctx;
  const lines: string[] = [];
  if (method === "CANCEL") {
    lines.push(`This booking has been cancelled: ${offering.title} at ${studio.name}.`);
  } else {
    lines.push(`${offering.title} at ${studio.name}.`);
    if (slot.instructor) lines.push(`With ${slot.instructor}.`);
    if (offering.kind === "workshop") {
      lines.push(`${booking.seats} ${booking.seats === 1 ? "place" : "places"} booked.`);
    }
    if (offering.whatToBring.length > 0) lines.push("", "What to bring:", ...offering.whatToBring.map((item) => `- ${item}`));
  }
  lines.push("", `Booking ${booking.reference}: ${booking.url}`);
  lines.push(`Questions? ${studio.email}`);
  return lines.join("\n");
}

/**
 * The booking as an iTIP message (RFC 5546): METHOD:REQUEST to add or update it in the
 * customer's calendar, METHOD:CANCEL (same UID, higher SEQUENCE) to take it out again; or the
 * same event as a plain file (METHOD:PUBLISH) for the booking page's download.
 * `now` is the DTSTAMP; pass it so the output is reproducible.
 */
export function buildBookingIcs(
  ctx: EmailContext,
  method: CalendarMethod,
  options: { now?: Date } = {},
): string {
  const { booking, offering, slot, studio } = ctx;
  const calendar = ical({
    prodId: { company: studio.name, product: "Bookings", language: "EN" },
    method: METHODS[method],
  });
  calendar.createEvent({
    id: bookingEventUid(ctx),
    sequence: booking.calendarSequence,
    stamp: options.now ?? new Date(),
    // No zone given: ical-generator writes DTSTART/DTEND as UTC instants ("…Z"), which every
    // client converts to its own zone correctly, DST included.
    start: slot.startsAt,
    end: slot.endsAt,
    summary: offering.title,
    location: offering.location,
    description: eventDescription(ctx, method),
    url: booking.url,
    organizer: { name: parameterSafe(studio.name), email: studio.email },
    // An invite only travels in an email, so a booking without an address has no attendee, and
    // neither has a published file (RFC 5546 §3.2.1).
    attendees: booking.customerEmail === null || method === "PUBLISH" ? [] : [
      {
        name: parameterSafe(booking.customerName),
        email: booking.customerEmail,
        rsvp: false,
        role: ICalAttendeeRole.REQ,
        status: method === "CANCEL" ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.ACCEPTED,
      },
    ],
    status: method === "CANCEL" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return calendar.toString();
}

/** "20261201T183000Z" */
function compactUtc(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
}

/** "2026-12-01T18:30:00Z" */
function isoUtc(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function query(params: [string, string][]): string {
  return params.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join("&");
}

/** Add-to-calendar links for people whose mail app does not offer the attached .ics. */
export function calendarLinks(ctx: EmailContext): { google: string; outlook: string } {
  const { offering, slot } = ctx;
  const details = eventDescription(ctx, "REQUEST");
  // The "/" between the two instants and in `path` are left as they are: both services expect
  // them literally, and the other characters there need no encoding.
  const google =
    "https://calendar.google.com/calendar/render?" +
    `action=TEMPLATE&${query([["text", offering.title]])}` +
    `&dates=${compactUtc(slot.startsAt)}/${compactUtc(slot.endsAt)}` +
    `&${query([
      ["details", details],
      ["location", offering.location],
    ])}`;
  const outlook =
    "https://outlook.live.com/calendar/0/deeplink/compose?" +
    query([
      ["subject", offering.title],
      ["startdt", isoUtc(slot.startsAt)],
      ["enddt", isoUtc(slot.endsAt)],
      ["body", details],
      ["location", offering.location],
    ]) +
    "&path=/calendar/action/compose&rru=addevent";
  return { google, outlook };
}
