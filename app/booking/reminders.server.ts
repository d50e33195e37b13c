import { and, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Database } from "../../db/client";
import { emailMessages, type Booking } from "../../db/schema";
import { nextEmailSequence, queueEmail } from "../mail/outbox.server";
import type { BookingDetails } from "./booking-details.server";
import type { BookingEffects } from "./effects.server";

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

/**
 * The session moved: the reminder waiting for the old time is dropped and one for the new time
 * queued (unless the new time is too close for one). Runs in the caller's transaction.
 */
export async function rescheduleReminder(
  tx: Database,
  effects: BookingEffects,
  { booking, startsAt, now }: { booking: Pick<Booking, "id" | "customerEmail">; startsAt: Date; now: Date },
): Promise<Date | null> {
  await cancelPendingReminders(tx, booking.id, now);
  const remindAt = reminderTimeFor(startsAt, effects.reminderHoursBefore, effects.timeZone);
  if (remindAt <= now) return null;
  await queueEmail(tx, effects, {
    bookingId: booking.id,
    kind: "reminder",
    sequence: await nextEmailSequence(tx, booking.id, "reminder"),
    to: booking.customerEmail,
    sendAfter: remindAt,
  });
  return remindAt;
}
