import { and, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Database } from "../../db/client";
import { emailMessages } from "../../db/schema";
import type { BookingDetails } from "./booking-details.server";

/**
 * When the reminder goes out: whole days before are counted on the studio's calendar (so a
 * 24-hour reminder for an 18:00 session goes at 18:00 the day before, even across a clock
 * change), the remaining hours in real time.
 */
export function reminderTimeFor(startsAt: Date, hoursBefore: number, timeZone: string): Date {
  const days = Math.floor(hoursBefore / 24);
  return DateTime.fromJSDate(startsAt, { zone: timeZone })
    .minus({ days })
    .minus({ hours: hoursBefore - days * 24 })
    .toJSDate();
}

/** A reminder for a booking that no longer happens is never sent. */
export async function cancelPendingReminders(tx: Database, bookingId: string, now: Date): Promise<void> {
  await tx
    .update(emailMessages)
    .set({ status: "cancelled", updatedAt: now })
    .where(
      and(eq(emailMessages.bookingId, bookingId), eq(emailMessages.kind, "reminder"), eq(emailMessages.status, "pending")),
    );
}

/** A reminder goes out only for a booking that still stands, for a session still to come. */
export function reminderStillWanted({ booking, slot }: Pick<BookingDetails, "booking" | "slot">, now: Date): boolean {
  return booking.status === "confirmed" && slot.status === "scheduled" && slot.startsAt > now;
}
