import { and, eq, gt, gte, lt, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Database } from "../../db/client";
import type { PainDuration, PainLocation } from "../../db/intake";
import { bookings, slots, type Booking } from "../../db/schema";
import { isUuid } from "../utils/ids";
import { isBookingOpen, placesForBooking } from "./rules";
import { lockSlot } from "./slot-lock.server";
import { takePlaces } from "./take-places.server";

export type BookingRules = {
  maxSeats: number;
  closesMinutesBefore: number;
  checkoutMinutes: number;
  holdGraceMinutes: number;
  /** Live holds one email may have on one day (BOOKING_HOLDS_PER_EMAIL). */
  holdsPerEmail: number;
  /** Places held at once from one client network on one day (BOOKING_HELD_PLACES_PER_NETWORK). */
  heldPlacesPerNetwork: number;
  /** The studio's zone, where a "day" is counted. */
  timeZone: string;
};

export type HoldSeatInput = {
  slotId: string;
  seats: number;
  customer: { name: string; email: string; phone: string | null };
  intake: { painLocation: PainLocation; painDuration: PainDuration | null; notes: string | null };
  /** The booking this browser's hold cookie names, if any: only that browser may resume its hold. */
  holdBookingId: string | null;
  /** The client's network (clientNetworkOf), counted against the places it holds; null when unknown. */
  clientNetwork: string | null;
  now: Date;
  rules: BookingRules;
};

export type HoldSeatResult =
  | { status: "held"; booking: Booking }
  | { status: "resumed"; booking: Booking }
  | { status: "already_held"; booking: Booking }
  | { status: "full"; seatsLeft: number }
  | { status: "hold_limit"; limit: "email" | "network" }
  | { status: "closed" }
  | { status: "not_found" };

const MINUTE = 60_000;

/**
 * Holds places on a slot for a customer, in one transaction: lock the slot row, check the
 * website's rules (open for booking, no live hold already, the hold limits), then take the places
 * through takePlaces, the step staff bookings share: expired holds released, room re-checked, a
 * pending booking with its hold written and the slot's seats_taken moved, all under the lock.
 *
 * The same email asking again for the same slot while its hold is live takes no more places:
 * the browser whose hold cookie names that hold gets it back ("resumed"); anyone else gets
 * nothing of it ("already_held": the owner of the email is sent the link instead), because
 * knowing an email and a date must not open someone's booking.
 *
 * Holds are limited so nobody can hoard a class: one email holds at most `holdsPerEmail` live
 * holds on one day, and one client network at most `heldPlacesPerNetwork` places that day. Those
 * counts span slots, so they are taken under transaction-scoped advisory locks on (email, day) and
 * (network, day), after the slot lock (always in that order, so they can't deadlock).
 */
export async function holdSeat(db: Database, input: HoldSeatInput): Promise<HoldSeatResult> {
  const { now, rules } = input;
  if (!isUuid(input.slotId)) return { status: "not_found" };
  const email = input.customer.email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    const locked = await lockSlot(tx, input.slotId);
    if (!locked || !locked.offering.active) return { status: "not_found" } as const;
    const { lock, slot, offering } = locked;
    if (!isBookingOpen(slot, now, rules.closesMinutesBefore)) return { status: "closed" } as const;

    // Only a live hold is resumed; one that ran out is released by takePlaces below.
    const [live] = await tx
      .select()
      .from(bookings)
      .where(
        and(
          eq(bookings.slotId, slot.id),
          eq(bookings.customerEmail, email),
          eq(bookings.status, "pending_payment"),
          eq(bookings.holdsSeats, true),
          gt(bookings.holdExpiresAt, now),
        ),
      )
      .limit(1);
    if (live) {
      const sameBrowser = input.holdBookingId === live.id;
      return { status: sameBrowser ? "resumed" : "already_held", booking: live } as const;
    }

    const seats = placesForBooking(offering.kind, input.seats);
    const limit = await holdLimitReached(tx, { email, network: input.clientNetwork, seats, startsAt: slot.startsAt, now, rules });
    if (limit) return { status: "hold_limit", limit } as const;

    const checkoutExpiresAt = new Date(now.getTime() + rules.checkoutMinutes * MINUTE);
    const holdExpiresAt = new Date(checkoutExpiresAt.getTime() + rules.holdGraceMinutes * MINUTE);
    const taken = await takePlaces(locked, {
      seats,
      now,
      booking: {
        customerName: input.customer.name,
        customerEmail: email,
        customerPhone: input.customer.phone,
        status: "pending_payment",
        unitPriceMinor: offering.priceMinor,
        amountTotalMinor: offering.priceMinor * seats,
        currency: offering.currency,
        holdExpiresAt,
        checkoutExpiresAt,
        painLocation: input.intake.painLocation,
        painDuration: input.intake.painDuration,
        instructorNotes: input.intake.notes,
        clientNetwork: input.clientNetwork,
        consentedAt: now,
      },
    });
    return taken.status === "taken" ? ({ status: "held", booking: taken.booking } as const) : taken;
  });
}

/** Which hold limit a new hold would break, if any (see holdSeat). Runs inside its transaction. */
async function holdLimitReached(
  tx: Database,
  {
    email,
    network,
    seats,
    startsAt,
    now,
    rules,
  }: { email: string; network: string | null; seats: number; startsAt: Date; now: Date; rules: BookingRules },
): Promise<"email" | "network" | null> {
  const day = DateTime.fromJSDate(startsAt, { zone: rules.timeZone }).startOf("day");
  const dayKey = day.toISODate();
  const sameDayLiveHolds = and(
    eq(bookings.status, "pending_payment"),
    eq(bookings.holdsSeats, true),
    gt(bookings.holdExpiresAt, now),
    gte(slots.startsAt, day.toJSDate()),
    lt(slots.startsAt, day.plus({ days: 1 }).toJSDate()),
  );
  const lock = (key: string) => tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);

  await lock(`hold-email:${email}:${dayKey}`);
  const [byEmail] = await tx
    .select({ holds: sql<number>`count(*)::int` })
    .from(bookings)
    .innerJoin(slots, eq(slots.id, bookings.slotId))
    .where(and(sameDayLiveHolds, eq(bookings.customerEmail, email)));
  if ((byEmail?.holds ?? 0) >= rules.holdsPerEmail) return "email";

  if (network === null) return null;
  await lock(`hold-network:${network}:${dayKey}`);
  const [byNetwork] = await tx
    .select({ places: sql<number>`coalesce(sum(${bookings.seats}), 0)::int` })
    .from(bookings)
    .innerJoin(slots, eq(slots.id, bookings.slotId))
    .where(and(sameDayLiveHolds, eq(bookings.clientNetwork, network)));
  return (byNetwork?.places ?? 0) + seats > rules.heldPlacesPerNetwork ? "network" : null;
}
