import { and, eq, lt } from "drizzle-orm";
import type { Database } from "../../db/client";
import { bookings } from "../../db/schema";
import { adjustSeatsTaken, lockBookingAndSlot, lockSlot, type SlotLock } from "./slot-lock.server";
import { assertTransition } from "./states";

/** Holds whose time ran out but whose places are still counted: the SQL form of `!isHoldLive`. */
const ranOut = (now: Date) =>
  and(eq(bookings.status, "pending_payment"), eq(bookings.holdsSeats, true), lt(bookings.holdExpiresAt, now));

/** Releases the locked slot's holds whose time ran out. Returns the places released. */
export async function releaseExpiredHoldsOnSlot(lock: SlotLock, now: Date): Promise<number> {
  const released = await lock.tx
    .update(bookings)
    .set({ status: "expired", holdsSeats: false, statusReason: "hold ran out before payment", updatedAt: now })
    .where(and(eq(bookings.slotId, lock.slotId), ranOut(now)))
    .returning({ seats: bookings.seats });
  const seats = released.reduce((sum, row) => sum + row.seats, 0);
  await adjustSeatsTaken(lock, -seats, now);
  return seats;
}

/**
 * Gives a pending booking's places back (payment failed, cancelled, expired). Idempotent: a
 * booking that is no longer pending is left as it is. Returns true when places were released.
 */
export async function releaseHold(
  db: Database,
  { bookingId, now, reason }: { bookingId: string; now: Date; reason: string },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const locked = await lockBookingAndSlot(tx, eq(bookings.id, bookingId));
    if (!locked || locked.booking.status !== "pending_payment") return false;
    const { booking, lock } = locked;
    assertTransition(booking.status, "expired");
    await tx
      .update(bookings)
      .set({ status: "expired", holdsSeats: false, statusReason: reason, updatedAt: now })
      .where(eq(bookings.id, booking.id));
    if (booking.holdsSeats) await adjustSeatsTaken(lock, -booking.seats, now);
    return booking.holdsSeats;
  });
}

/**
 * The periodic sweep: releases every hold whose time ran out, slot by slot (each under its
 * slot lock), so the catalog's places-left stays true between bookings. Returns places released.
 */
export async function releaseAllExpiredHolds(db: Database, now: Date): Promise<number> {
  const due = await db.selectDistinct({ slotId: bookings.slotId }).from(bookings).where(ranOut(now));
  let released = 0;
  for (const { slotId } of due) {
    released += await db.transaction(async (tx) => {
      const locked = await lockSlot(tx, slotId);
      return locked ? releaseExpiredHoldsOnSlot(locked.lock, now) : 0;
    });
  }
  return released;
}
