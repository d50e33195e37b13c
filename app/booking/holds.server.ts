import { and, eq, gt, lt, sql, type SQL, type SQLWrapper, type Subquery } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Database } from "../../db/client";
import { bookings, slots } from "../../db/schema";
import { adjustSeatsTaken, lockBookingAndSlot, lockSlot, type SlotLock } from "./slot-lock.server";
import { assertTransition } from "./states";

/** bookings, or an alias of it. */
type Bookings = Record<"holdsSeats" | "status" | "holdExpiresAt", AnyPgColumn>;

/**
 * A pending booking whose places are counted: the predicate of the live-hold partial indexes
 * (bookings_live_holds_*), written out as they are. As parameters (`status = $1`) the planner
 * could not match them in a prepared statement's generic plan, and would scan every pending
 * booking of the slot or the day instead.
 */
const holdingPendingPlaces = (table: Bookings) => sql`${table.holdsSeats} and ${table.status} = 'pending_payment'`;

/**
 * Holds still keeping their places: the SQL form of `isHoldLive` (on `table`, an alias of
 * bookings if given; `now` may be a reusable statement's value).
 */
export const liveHolds = (now: Date | SQL, table: Bookings = bookings) =>
  and(holdingPendingPlaces(table), gt(table.holdExpiresAt, now))!;

/** Holds whose time ran out but whose places are still counted: the SQL form of `!isHoldLive`. */
export const ranOutHolds = (now: Date | SQL, table: Bookings = bookings) =>
  and(holdingPendingPlaces(table), lt(table.holdExpiresAt, now))!;

/**
 * A slot's holds that ran out, marked expired, as a data-modifying CTE returning their places
 * (`seats`), to run under the slot's lock: takePlaces runs it in the statement that writes a
 * booking, releaseExpiredHoldsOnSlot on its own.
 */
export function expireRanOutHolds(tx: Database, slotId: string | SQL, now: Date | SQL) {
  return tx.$with("released").as(
    tx
      .update(bookings)
      .set({ status: "expired", holdsSeats: false, statusReason: "hold ran out before payment", updatedAt: now })
      .where(and(eq(bookings.slotId, slotId), ranOutHolds(now)))
      .returning({ seats: bookings.seats }),
  );
}

/** The places of the rows a CTE returned (its `seats`), 0 for none. */
export const placesIn = (rows: Subquery & { seats: SQLWrapper }): SQL<number> =>
  sql<number>`(select coalesce(sum(${rows.seats}), 0)::int from ${rows})`;

/**
 * Releases the locked slot's holds whose time ran out, and gives their places back to the
 * slot's seats_taken, in one statement. Returns the places released.
 */
export async function releaseExpiredHoldsOnSlot(lock: SlotLock, now: Date): Promise<number> {
  const released = expireRanOutHolds(lock.tx, lock.slotId, now);
  const [row] = await lock.tx
    .with(released)
    .update(slots)
    .set({ seatsTaken: sql`${slots.seatsTaken} - ${placesIn(released)}`, updatedAt: now })
    .where(and(eq(slots.id, lock.slotId), sql`exists (select from ${released})`))
    .returning({ released: placesIn(released) })
    .prepare("release_expired_holds_on_slot")
    .execute();
  return row?.released ?? 0;
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
  const due = await db.selectDistinct({ slotId: bookings.slotId }).from(bookings).where(ranOutHolds(now));
  let released = 0;
  for (const { slotId } of due) {
    released += await db.transaction(async (tx) => {
      const locked = await lockSlot(tx, slotId);
      return locked ? releaseExpiredHoldsOnSlot(locked.lock, now) : 0;
    });
  }
  return released;
}
