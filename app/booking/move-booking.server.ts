import { and, asc, eq, gt, ne, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { bookings, slots, type Booking, type Slot } from "../../db/schema";
import { nextEmailSequence, queueEmail } from "../mail/outbox.server";
import { refuse, RefusedChange, settle, type Outcome, type ScheduleActor } from "../schedule/outcome";
import { formatShortDate, formatTime } from "../../emails/format/time";
import { recordAudit } from "../staff/audit.server";
import type { BookingEffects } from "./effects.server";
import { releaseExpiredHoldsOnSlot } from "./holds.server";
import { rescheduleReminder } from "./reminders.server";
import { placesLeft } from "./rules";
import { adjustSeatsTaken, lockSlot, type LockedSlot } from "./slot-lock.server";

/*
 * Moving one confirmed booking to another date of the same offering: the one domain function
 * staff use on the phone and customers will use themselves (self-service adds its own actor). One transaction locks both dates'
 * rows in a fixed order (by id, so two moves in opposite directions queue instead of
 * deadlocking), then the booking; it takes the places on the new date and gives them back on the
 * old one. The payment and its price carry over; the customer gets the calendar update (same UID,
 * SEQUENCE + 1) and the reminder follows the new time.
 */

export type MoveBookingResult = { booking: Booking; from: Slot; to: Slot };

/** A date of the same offering with room, offered instead of one that is full. */
export type DateWithRoom = { id: string; startsAt: Date; endsAt: Date; placesLeft: number };

export async function moveBooking(
  db: Database,
  effects: BookingEffects,
  { actor, bookingId, toSlotId, now }: { actor: ScheduleActor; bookingId: string; toSlotId: string; now: Date },
): Promise<Outcome<MoveBookingResult>> {
  const outcome = await settle(() =>
    db.transaction(async (tx) => {
      const [current] = await tx.select({ slotId: bookings.slotId }).from(bookings).where(eq(bookings.id, bookingId));
      if (!current) throw new RefusedChange(refuse("That booking doesn't exist.", null, 404));
      if (current.slotId === toSlotId) throw new RefusedChange(refuse("The booking is already on that date.", "slotId", 409));

      const [first, second] = [current.slotId, toSlotId].sort();
      const lockedFirst = await lockSlot(tx, first!);
      const lockedSecond = await lockSlot(tx, second!);
      const from = lockedFirst?.slot.id === current.slotId ? lockedFirst : lockedSecond;
      const to = lockedFirst?.slot.id === toSlotId ? lockedFirst : lockedSecond;
      if (!to) throw new RefusedChange(refuse("That date doesn't exist.", "slotId", 404));
      const [booking] = await tx.select().from(bookings).where(eq(bookings.id, bookingId)).for("update");
      // The booking moved while we waited for the locks: the caller tries again from what it is now.
      if (!booking || !from || booking.slotId !== from.slot.id) {
        throw new RefusedChange(refuse("The booking changed while this was being done. Please look again.", null, 409));
      }
      refuseMoveProblem(booking, from, to, now);

      await releaseExpiredHoldsOnSlot(to.lock, now);
      const [fresh] = await tx.select({ seatsTaken: slots.seatsTaken }).from(slots).where(eq(slots.id, to.slot.id));
      const left = placesLeft({ capacity: to.slot.capacity, seatsTaken: fresh!.seatsTaken });
      if (booking.seats > left) {
        const nearest = await nearestDatesWithRoom(tx, { offeringId: to.slot.offeringId, around: to.slot.startsAt, seats: booking.seats, exceptSlotIds: [from.slot.id, to.slot.id], now });
        throw new RefusedChange(refuse(fullMessage(left, booking.seats, nearest, effects.timeZone), "slotId", 409));
      }

      await adjustSeatsTaken(to.lock, booking.seats, now);
      if (booking.holdsSeats) await adjustSeatsTaken(from.lock, -booking.seats, now);
      const [moved] = await tx
        .update(bookings)
        .set({
          slotId: to.slot.id,
          holdsSeats: true,
          attendance: null,
          attendanceMarkedAt: null,
          calendarSequence: sql`${bookings.calendarSequence} + 1`,
          updatedAt: now,
        })
        .where(eq(bookings.id, booking.id))
        .returning();
      await queueEmail(tx, effects, {
        bookingId: booking.id,
        kind: "booking_moved",
        sequence: await nextEmailSequence(tx, booking.id, "booking_moved"),
        to: booking.customerEmail,
        sendAfter: now,
        payload: { previousStartsAt: from.slot.startsAt.toISOString(), previousEndsAt: from.slot.endsAt.toISOString(), moved: "booking" },
      });
      await rescheduleReminder(tx, effects, { booking, startsAt: to.slot.startsAt, now });
      await recordAudit(tx, {
        actor,
        action: "booking.moved",
        recordType: "booking",
        recordId: booking.id,
        changes: {
          before: { slotId: from.slot.id, startsAt: from.slot.startsAt.toISOString() },
          after: { slotId: to.slot.id, startsAt: to.slot.startsAt.toISOString() },
        },
        now,
      });
      return { booking: moved!, from: from.slot, to: to.slot };
    }),
  );
  return outcome;
}

/** What makes a move impossible, whatever the places say. */
function refuseMoveProblem(booking: Booking, from: LockedSlot, to: LockedSlot, now: Date): void {
  if (booking.status !== "confirmed") throw new RefusedChange(refuse("Only a confirmed booking can be moved.", null, 409));
  if (to.slot.offeringId !== from.slot.offeringId) {
    throw new RefusedChange(refuse("A booking can only move to another date of the same offering.", "slotId", 400));
  }
  if (to.slot.status !== "scheduled") throw new RefusedChange(refuse("That date is cancelled.", "slotId", 409));
  if (to.slot.startsAt <= now) throw new RefusedChange(refuse("That date has already started.", "slotId", 409));
}

/** Dates of the offering with room for `seats`, nearest to `around` first (before or after). */
export async function nearestDatesWithRoom(
  db: Database,
  { offeringId, around, seats, exceptSlotIds, now, limit = 3 }: { offeringId: string; around: Date; seats: number; exceptSlotIds: string[]; now: Date; limit?: number },
): Promise<DateWithRoom[]> {
  const rows = await db
    .select()
    .from(slots)
    .where(
      and(
        eq(slots.offeringId, offeringId),
        eq(slots.status, "scheduled"),
        gt(slots.startsAt, now),
        sql`${slots.capacity} - ${slots.seatsTaken} >= ${seats}`,
        ...exceptSlotIds.map((id) => ne(slots.id, id)),
      ),
    )
    .orderBy(asc(sql`abs(extract(epoch from ${slots.startsAt} - ${around.toISOString()}::timestamptz))`), asc(slots.startsAt))
    .limit(limit);
  return rows.map((slot) => ({ id: slot.id, startsAt: slot.startsAt, endsAt: slot.endsAt, placesLeft: placesLeft(slot) }));
}

function fullMessage(left: number, seats: number, nearest: DateWithRoom[], timeZone: string): string {
  const room = left === 0 ? "That date is full" : `That date has ${left} ${left === 1 ? "place" : "places"} left, not ${seats}`;
  if (nearest.length === 0) return `${room}, and no other date of this offering has room.`;
  const when = (d: Date) => `${formatShortDate(d, timeZone)}, ${formatTime(d, timeZone)}`;
  return `${room}. Nearest with room: ${nearest.map((d) => `${when(d.startsAt)} (${d.placesLeft} left)`).join(", ")}.`;
}
