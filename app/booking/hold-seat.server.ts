import { and, eq, lt, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { bookings, offerings, slots, type Booking } from "../../db/schema";
import type { PainDuration, PainLocation } from "../../db/intake";
import { isUuid } from "../utils/ids";
import { assertTransition } from "./states";
import { newAccessToken, newBookingReference } from "./reference.server";

export type BookingRules = {
  maxSeats: number;
  closesMinutesBefore: number;
  checkoutMinutes: number;
  holdGraceMinutes: number;
};

export type HoldSeatInput = {
  slotId: string;
  seats: number;
  customer: { name: string; email: string; phone: string | null };
  intake: { painLocation: PainLocation; painDuration: PainDuration | null; notes: string | null };
  now: Date;
  rules: BookingRules;
};

export type HoldSeatResult =
  | { status: "held"; booking: Booking }
  | { status: "resumed"; booking: Booking }
  | { status: "full"; seatsLeft: number }
  | { status: "closed" }
  | { status: "not_found" };

const MINUTE = 60_000;

/**
 * Releases the holds on one slot whose time ran out. Must run inside a transaction that holds
 * the slot's row lock. Returns the seats released.
 */
export async function releaseExpiredHoldsOnSlot(tx: Database, slotId: string, now: Date): Promise<number> {
  const released = await tx
    .update(bookings)
    .set({ status: "expired", holdsSeats: false, statusReason: "hold ran out before payment", updatedAt: now })
    .where(
      and(
        eq(bookings.slotId, slotId),
        eq(bookings.status, "pending_payment"),
        eq(bookings.holdsSeats, true),
        lt(bookings.holdExpiresAt, now),
      ),
    )
    .returning({ seats: bookings.seats });
  const seats = released.reduce((sum, row) => sum + row.seats, 0);
  await adjustSeatsTaken(tx, slotId, -seats, now);
  return seats;
}

/**
 * Holds seats on a slot for a customer, in one transaction: lock the slot row, release its
 * expired holds, re-check that it is open and has room, and write a pending booking with its
 * hold. The slot's seats_taken counter moves in the same transaction and its CHECK constraint
 * refuses an oversell whatever happens here.
 *
 * The same email asking again for the same slot while its hold is live gets that hold back
 * ("resumed") instead of taking more seats.
 */
export async function holdSeat(db: Database, input: HoldSeatInput): Promise<HoldSeatResult> {
  const { now, rules } = input;
  if (!isUuid(input.slotId)) return { status: "not_found" };
  const email = input.customer.email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    const [slot] = await tx
      .select({
        id: slots.id,
        status: slots.status,
        startsAt: slots.startsAt,
        capacity: slots.capacity,
        seatsTaken: slots.seatsTaken,
        kind: offerings.kind,
        active: offerings.active,
        priceMinor: offerings.priceMinor,
        currency: offerings.currency,
      })
      .from(slots)
      .innerJoin(offerings, eq(offerings.id, slots.offeringId))
      .where(eq(slots.id, input.slotId))
      .for("update", { of: slots });
    if (!slot || !slot.active) return { status: "not_found" } as const;
    if (slot.status !== "scheduled" || slot.startsAt.getTime() - rules.closesMinutesBefore * MINUTE <= now.getTime()) {
      return { status: "closed" } as const;
    }

    const released = await releaseExpiredHoldsOnSlot(tx, slot.id, now);
    const seatsTaken = slot.seatsTaken - released;

    const [live] = await tx
      .select()
      .from(bookings)
      .where(
        and(
          eq(bookings.slotId, slot.id),
          eq(bookings.customerEmail, email),
          eq(bookings.status, "pending_payment"),
          eq(bookings.holdsSeats, true),
        ),
      )
      .limit(1);
    if (live) return { status: "resumed", booking: live } as const;

    const seats = slot.kind === "private" ? 1 : input.seats;
    const seatsLeft = slot.capacity - seatsTaken;
    if (seats > seatsLeft) return { status: "full", seatsLeft: Math.max(0, seatsLeft) } as const;

    const checkoutExpiresAt = new Date(now.getTime() + rules.checkoutMinutes * MINUTE);
    const holdExpiresAt = new Date(checkoutExpiresAt.getTime() + rules.holdGraceMinutes * MINUTE);
    let booking: Booking | undefined;
    for (let attempt = 0; attempt < 8 && !booking; attempt++) {
      [booking] = await tx
        .insert(bookings)
        .values({
          reference: newBookingReference(),
          accessToken: newAccessToken(),
          slotId: slot.id,
          seats,
          customerName: input.customer.name,
          customerEmail: email,
          customerPhone: input.customer.phone,
          status: "pending_payment",
          unitPriceMinor: slot.priceMinor,
          amountTotalMinor: slot.priceMinor * seats,
          currency: slot.currency,
          holdsSeats: true,
          holdExpiresAt,
          checkoutExpiresAt,
          painLocation: input.intake.painLocation,
          painDuration: input.intake.painDuration,
          instructorNotes: input.intake.notes,
          consentedAt: now,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing({ target: bookings.reference })
        .returning();
    }
    if (!booking) throw new Error("Could not find a free booking reference");
    await adjustSeatsTaken(tx, slot.id, seats, now);
    return { status: "held", booking } as const;
  });
}

/**
 * Locks a booking and its slot for a change, always in the same order as holdSeat (slot
 * first, then booking rows) so concurrent changes queue up instead of deadlocking.
 */
export async function lockBookingAndSlot(tx: Database, where: SQL): Promise<Booking | undefined> {
  const [found] = await tx.select({ slotId: bookings.slotId }).from(bookings).where(where).limit(1);
  if (!found) return undefined;
  await tx.select({ id: slots.id }).from(slots).where(eq(slots.id, found.slotId)).for("update");
  const [booking] = await tx.select().from(bookings).where(where).limit(1).for("update");
  return booking;
}

/** Moves a slot's seats_taken counter; the CHECK constraint refuses anything past capacity. */
export async function adjustSeatsTaken(tx: Database, slotId: string, delta: number, now: Date): Promise<void> {
  if (delta === 0) return;
  await tx
    .update(slots)
    .set({ seatsTaken: sql`${slots.seatsTaken} + ${delta}`, updatedAt: now })
    .where(eq(slots.id, slotId));
}

/**
 * Gives a pending booking's seats back (payment failed, cancelled, expired). Idempotent: a
 * booking that is no longer pending is left as it is. Returns true when seats were released.
 */
export async function releaseHold(
  db: Database,
  { bookingId, now, reason }: { bookingId: string; now: Date; reason: string },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const booking = await lockBookingAndSlot(tx, eq(bookings.id, bookingId));
    if (!booking || booking.status !== "pending_payment") return false;
    assertTransition(booking.status, "expired");
    await tx
      .update(bookings)
      .set({ status: "expired", holdsSeats: false, statusReason: reason, updatedAt: now })
      .where(eq(bookings.id, booking.id));
    if (booking.holdsSeats) await adjustSeatsTaken(tx, booking.slotId, -booking.seats, now);
    return booking.holdsSeats;
  });
}

/**
 * The periodic sweep: releases every hold whose time ran out, slot by slot (each under its
 * slot lock), so the catalog's places-left stays true between bookings. Returns seats released.
 */
export async function releaseAllExpiredHolds(db: Database, now: Date): Promise<number> {
  const due = await db
    .selectDistinct({ slotId: bookings.slotId })
    .from(bookings)
    .where(and(eq(bookings.status, "pending_payment"), eq(bookings.holdsSeats, true), lt(bookings.holdExpiresAt, now)));
  let released = 0;
  for (const { slotId } of due) {
    released += await db.transaction(async (tx) => {
      await tx.select({ id: slots.id }).from(slots).where(eq(slots.id, slotId)).for("update");
      return releaseExpiredHoldsOnSlot(tx, slotId, now);
    });
  }
  return released;
}
