import { buildBookingIcs, calendarLinks } from "../../emails/calendar";
import type { AppContext } from "../context.server";
import { buildEmailContext, type BookingForEmail } from "./booking-emails.server";
import { getBookingByToken } from "./booking-details.server";
import { refundsOf } from "./refunds.server";

/**
 * "Add to calendar" on a booking's page: the same event (UID, SEQUENCE, description) as the
 * invite in the confirmation email, so a calendar that gets both keeps one entry, and a later
 * cancellation or move sent by email updates it. Only a confirmed booking has one: a booking that
 * is pending, expired or cancelled offers nothing to put in a calendar.
 */
export type BookingCalendarLinks = { google: string; outlook: string };

export type BookingCalendarFile =
  | { status: "ok"; filename: string; ics: string }
  | { status: "not_found" }
  | { status: "not_confirmed" };

/** Google and Outlook links for a confirmed booking; null for any other. */
export function calendarLinksFor(found: BookingForEmail, context: Pick<AppContext, "env" | "effects">): BookingCalendarLinks | null {
  if (found.booking.status !== "confirmed") return null;
  return calendarLinks(buildEmailContext(found, context.env, context.effects.links));
}

/** The .ics a confirmed booking's page offers for download (METHOD:PUBLISH: a file, not an invitation to answer). */
export async function bookingCalendarFile(
  context: Pick<AppContext, "env" | "effects" | "database">,
  { token, now }: { token: string; now: Date },
): Promise<BookingCalendarFile> {
  const found = await getBookingByToken(context.database.db, context.effects.links, token);
  if (!found) return { status: "not_found" };
  if (found.booking.status !== "confirmed") return { status: "not_confirmed" };
  const refunds = await refundsOf(context.database.db, found.booking.id);
  const ctx = buildEmailContext({ ...found, refunds }, context.env, context.effects.links);
  return {
    status: "ok",
    filename: `booking-${found.booking.reference}.ics`,
    ics: buildBookingIcs(ctx, "PUBLISH", { now }),
  };
}
