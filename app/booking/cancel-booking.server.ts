import { eq, sql } from "drizzle-orm";
import { bookings, type Booking, type CancelledBy } from "../../db/schema";
import { cancelPendingReminders } from "./reminders.server";
import { adjustSeatsTaken, type LockedBooking } from "./slot-lock.server";
import { assertTransition } from "./states";

/**
 * Cancels a confirmed booking under its slot lock: its places go back, its calendar event moves
 * on a sequence (so the cancellation replaces it), and its reminder is dropped. What to tell the
 * customer depends on why, so the caller queues that email.
 */
export async function cancelConfirmedBooking(
  locked: LockedBooking,
  { by, reason, now }: { by: CancelledBy; reason: string; now: Date },
): Promise<Booking> {
  const { booking, lock } = locked;
  assertTransition(booking.status, "cancelled");
  const [cancelled] = await lock.tx
    .update(bookings)
    .set({
      status: "cancelled",
      cancelledBy: by,
      cancelledAt: now,
      statusReason: reason,
      holdsSeats: false,
      calendarSequence: sql`${bookings.calendarSequence} + 1`,
      updatedAt: now,
    })
    .where(eq(bookings.id, booking.id))
    .returning();
  if (booking.holdsSeats) await adjustSeatsTaken(lock, -booking.seats, now);
  await cancelPendingReminders(lock.tx, booking.id, now);
  return cancelled!;
}
