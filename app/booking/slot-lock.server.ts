import { eq, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { bookings, offerings, slots, type Booking, type Offering, type Slot } from "../../db/schema";

declare const slotLocked: unique symbol;

/**
 * Proof that a transaction holds one slot's row lock. Only `lockSlot` and `lockBookingAndSlot`
 * make one, and every function that changes a slot's places takes one, so "must run under the
 * slot lock" is checked by the compiler instead of a comment. It carries its transaction: the
 * change can only happen where the lock is held.
 */
export type SlotLock = { readonly tx: Database; readonly slotId: string; readonly [slotLocked]: true };

export type LockedSlot = { lock: SlotLock; slot: Slot; offering: Offering };
export type LockedBooking = LockedSlot & { booking: Booking };

/**
 * Locks a slot's row (`FOR UPDATE`) for the rest of the transaction, and reads it with its offering.
 *
 * The statements that run while a slot is locked are prepared (`.prepare(name)`), which is what
 * makes each one a single round trip: drizzle sends any other query as an unnamed statement,
 * which postgres.js describes before binding it (two round trips, and nothing else can be sent
 * alongside). Prepared, it is parsed once per connection and can be pipelined.
 */
export async function lockSlot(tx: Database, slotId: string): Promise<LockedSlot | undefined> {
  const [row] = await tx
    .select({ slot: slots, offering: offerings })
    .from(slots)
    .innerJoin(offerings, eq(offerings.id, slots.offeringId))
    .where(eq(slots.id, slotId))
    .for("update", { of: slots })
    .prepare("lock_slot")
    .execute();
  if (!row) return undefined;
  return { lock: { tx, slotId } as SlotLock, ...row };
}

/**
 * Locks a booking and its slot for a change, always in the same order as a new hold (slot
 * first, then the booking row) so concurrent changes queue up instead of deadlocking.
 *
 * The slot is read before anything is locked, and a booking can move to another date
 * (moveBooking) while we wait for that slot: the locked booking then names a slot we don't hold,
 * and a change to its places would land on the wrong date. So the booking's slot is locked again
 * until they agree; once the booking row is ours it can't move, so this goes round at most twice.
 */
export async function lockBookingAndSlot(tx: Database, where: SQL): Promise<LockedBooking | undefined> {
  for (let attempt = 1; ; attempt += 1) {
    const [found] = await tx.select({ slotId: bookings.slotId }).from(bookings).where(where).limit(1);
    if (!found) return undefined;
    const locked = await lockSlot(tx, found.slotId);
    const [booking] = await tx.select().from(bookings).where(where).limit(1).for("update");
    if (!locked || !booking) return undefined;
    if (booking.slotId === locked.slot.id) return { ...locked, booking };
    if (attempt === 3) throw new Error(`Booking ${booking.id} kept changing date while it was being locked`);
  }
}

/** Moves the locked slot's seats_taken counter; the CHECK constraint refuses anything past capacity. */
export async function adjustSeatsTaken(lock: SlotLock, delta: number, now: Date): Promise<void> {
  if (delta === 0) return;
  await lock.tx
    .update(slots)
    .set({ seatsTaken: sql`${slots.seatsTaken} + ${delta}`, updatedAt: now })
    .where(eq(slots.id, lock.slotId));
}
