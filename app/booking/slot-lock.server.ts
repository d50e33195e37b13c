import { eq, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { reusableStatement, value } from "../../db/statements";
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

// Built once: every booking on a busy date runs it (see db/statements.ts).
const lockSlotRow = reusableStatement("lock_slot", (tx) =>
  tx
    .select({ slot: slots, offering: offerings })
    .from(slots)
    .innerJoin(offerings, eq(offerings.id, slots.offeringId))
    .where(eq(slots.id, value("slotId", slots.id)))
    .for("update", { of: slots }),
);

/**
 * Locks a slot's row (`FOR UPDATE`) for the rest of the transaction, and reads it with its
 * offering. The slot's row is read as it is once the lock is ours; its offering's, which isn't
 * locked, as it was when the statement began (before any wait for the lock).
 */
export async function lockSlot(tx: Database, slotId: string): Promise<LockedSlot | undefined> {
  const [row] = await lockSlotRow(tx, { slotId });
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
