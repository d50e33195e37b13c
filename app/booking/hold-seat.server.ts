import { and, eq, gte, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { DateTime } from "luxon";
import type { Database } from "../../db/client";
import type { PainDuration, PainLocation } from "../../db/intake";
import { bookings, offerings, slots, type Booking, type Offering } from "../../db/schema";
import { isUuid } from "../utils/ids";
import { liveHolds, ranOutHolds } from "./holds.server";
import { isBookingOpen, placesForBooking, placesLeft } from "./rules";
import { lockSlot } from "./slot-lock.server";
import { placesRequest, takePlaces, type BookingToWrite } from "./take-places.server";

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
 * Holds places on a slot for a customer. Every answer that takes nothing is given as early, and
 * with as few locks, as it can be; the slot's row lock, which every booking on the date queues
 * for, is held only for the step that takes the places.
 *
 * 1. One read, no lock: an unknown or closed date, this email's live hold on it, or a date full
 *    even counting the holds that ran out, are answered here (no transaction at all).
 * 2. In the transaction, the hold limits. Holds are limited so nobody can hoard a class: one
 *    email holds at most `holdsPerEmail` live holds on one day, and one client network at most
 *    `heldPlacesPerNetwork` places that day. Those counts span slots, so they are read under
 *    transaction-scoped advisory locks on (email, day) and (network, day). The same email lock
 *    guards "this email's live hold on this slot": only holdSeat makes a live hold, always
 *    holding it (staff bookings start confirmed, and only confirmed bookings move).
 * 3. Only then the slot's row lock (lockSlot), and takePlaces, the step staff bookings share:
 *    ran-out holds released, room re-checked, the booking written and seats_taken moved.
 *
 * Why the locks can't deadlock: every transaction that takes these advisory locks is a holdSeat,
 * and it takes them in one order (email, then network) before any row lock; the slot lock comes
 * last. Staff bookings, moves, releases and payments take slot (then booking) row locks and never
 * an advisory lock, so nobody ever waits for an advisory lock while holding a row lock.
 *
 * The same email asking again for the same slot while its hold is live takes no more places:
 * the browser whose hold cookie names that hold gets it back ("resumed"); anyone else gets
 * nothing of it ("already_held": the owner of the email is sent the link instead), because
 * knowing an email and a date must not open someone's booking.
 */
export async function holdSeat(db: Database, input: HoldSeatInput): Promise<HoldSeatResult> {
  const { now, rules } = input;
  if (!isUuid(input.slotId)) return { status: "not_found" };
  const email = input.customer.email.trim().toLowerCase();

  const seen = await readSlotBeforeHold(db, { slotId: input.slotId, email, now });
  if (!seen || !seen.active) return { status: "not_found" };
  if (!isBookingOpen(seen, now, rules.closesMinutesBefore)) return { status: "closed" };
  if (seen.liveHoldId) return liveHoldAnswer(db, seen.liveHoldId, input);
  // Full even once every ran-out hold is released: nothing to lock for. (A place freed since
  // this read is as if the request had come a moment earlier.) An offering's kind, which decides
  // the places, is set once, when it is created.
  const seats = placesForBooking(seen.kind, input.seats);
  const seatsLeft = placesLeft({ capacity: seen.capacity, seatsTaken: seen.seatsTaken - seen.ranOutSeats });
  if (seats > seatsLeft) return { status: "full", seatsLeft };

  // The day was read without a lock: if staff move the date to another day meanwhile, the limits
  // were counted (and locked) for the wrong day, so the transaction ends and starts again.
  let startsAt = seen.startsAt;
  for (let attempt = 1; ; attempt++) {
    const day = studioDay(startsAt, rules.timeZone);
    const held = await db.transaction((tx) => holdWithinLimits(tx, input, { email, seats, day, price: seen }));
    if (held.status !== "moved_day") return held;
    if (attempt === 3) throw new Error(`Slot ${input.slotId} kept moving to another day while a place was being held`);
    startsAt = held.startsAt;
  }
}

type StudioDay = { key: string; start: Date; end: Date };

/** The studio's calendar day (in its zone) a slot starting at `startsAt` belongs to. */
function studioDay(startsAt: Date, timeZone: string): StudioDay {
  const start = DateTime.fromJSDate(startsAt, { zone: timeZone }).startOf("day");
  return { key: start.toISODate()!, start: start.toJSDate(), end: start.plus({ days: 1 }).toJSDate() };
}

/** This email's live hold on the slot: given back to the browser holding it, to nobody else. */
async function liveHoldAnswer(db: Database, bookingId: string, input: HoldSeatInput): Promise<HoldSeatResult> {
  const [booking] = await db.select().from(bookings).where(eq(bookings.id, bookingId));
  if (!booking) throw new Error(`holdSeat: the live hold ${bookingId} just read is gone`);
  return { status: input.holdBookingId === booking.id ? "resumed" : "already_held", booking };
}

/**
 * The slot and its offering as they are now, without a lock, with this email's live hold on it
 * (if any) and the places its ran-out holds still count. Only the columns holdSeat needs: the
 * hold's own row is read when there is one.
 */
async function readSlotBeforeHold(db: Database, { slotId, email, now }: { slotId: string; email: string; now: Date }) {
  const ranOut = alias(bookings, "ran_out");
  const ranOutSeats = db
    .select({ seats: sql<number>`coalesce(sum(${ranOut.seats}), 0)::int` })
    .from(ranOut)
    .where(and(eq(ranOut.slotId, slots.id), ranOutHolds(now, ranOut)));
  const [row] = await db
    .select({
      startsAt: slots.startsAt,
      status: slots.status,
      capacity: slots.capacity,
      seatsTaken: slots.seatsTaken,
      kind: offerings.kind,
      active: offerings.active,
      priceMinor: offerings.priceMinor,
      currency: offerings.currency,
      ranOutSeats: sql<number>`(${ranOutSeats})`,
      liveHoldId: bookings.id,
    })
    .from(slots)
    .innerJoin(offerings, eq(offerings.id, slots.offeringId))
    .leftJoin(bookings, and(eq(bookings.slotId, slots.id), eq(bookings.customerEmail, email), liveHolds(now)))
    .where(eq(slots.id, slotId))
    .limit(1)
    .prepare("hold_seat_read_slot")
    .execute();
  return row;
}

type WithinLimits = HoldSeatResult | { status: "moved_day"; startsAt: Date };
type Price = Pick<Offering, "priceMinor" | "currency">;

/** Steps 2 and 3 of holdSeat, in its transaction. */
async function holdWithinLimits(
  tx: Database,
  input: HoldSeatInput,
  { email, seats, day, price }: { email: string; seats: number; day: StudioDay; price: Price },
): Promise<WithinLimits> {
  const { now, rules } = input;
  const network = input.clientNetwork;
  const sameDayLiveHolds = and(liveHolds(now), gte(slots.startsAt, day.start), lt(slots.startsAt, day.end));
  const lockKey = (key: string) => sql`pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
  const locks = [lockKey(`hold-email:${email}:${day.key}`), ...(network === null ? [] : [lockKey(`hold-network:${network}:${day.key}`)])];

  // Sent together, in one round trip: the server runs a transaction's statements one after the
  // other, and each read takes its snapshot when it starts, so both counts see every hold made
  // by whoever had these locks before us. (Only prepared statements are pipelined: see lockSlot.)
  const [, byEmail, byNetwork] = await Promise.all([
    tx
      .select({ locked: sql`${sql.join(locks, sql`, `)}` })
      .from(sql`(values (1)) as hold_limits`)
      .prepare(network === null ? "hold_seat_lock_email" : "hold_seat_lock_email_network")
      .execute(),
    tx
      .select({ id: bookings.id, slotId: bookings.slotId })
      .from(bookings)
      .innerJoin(slots, eq(slots.id, bookings.slotId))
      .where(and(sameDayLiveHolds, eq(bookings.customerEmail, email)))
      .prepare("hold_seat_email_holds")
      .execute(),
    network === null
      ? [{ places: 0 }]
      : tx
          .select({ places: sql<number>`coalesce(sum(${bookings.seats}), 0)::int` })
          .from(bookings)
          .innerJoin(slots, eq(slots.id, bookings.slotId))
          .where(and(sameDayLiveHolds, eq(bookings.clientNetwork, network)))
          .prepare("hold_seat_network_places")
          .execute(),
  ]);
  const onThisSlot = byEmail.find((hold) => hold.slotId === input.slotId);
  if (onThisSlot) return liveHoldAnswer(tx, onThisSlot.id, input);
  if (byEmail.length >= rules.holdsPerEmail) return { status: "hold_limit", limit: "email" };
  if ((byNetwork[0]?.places ?? 0) + seats > rules.heldPlacesPerNetwork) return { status: "hold_limit", limit: "network" };

  let request = placesRequest(tx, { slotId: input.slotId, seats, now, booking: newHold(input, { email, seats, price }) });
  const locked = await lockSlot(tx, input.slotId);
  if (!locked || !locked.offering.active) return { status: "not_found" };
  const { slot, offering } = locked;
  if (!isBookingOpen(slot, now, rules.closesMinutesBefore)) return { status: "closed" };
  if (slot.startsAt < day.start || slot.startsAt >= day.end) return { status: "moved_day", startsAt: slot.startsAt };
  // The price was read before the lock: if staff changed it since, the hold takes the new one.
  if (offering.priceMinor !== price.priceMinor || offering.currency !== price.currency) {
    request = placesRequest(tx, { slotId: input.slotId, seats, now, booking: newHold(input, { email, seats, price: offering }) });
  }
  const taken = await takePlaces(locked, request);
  return taken.status === "taken" ? { status: "held", booking: taken.booking } : taken;
}

/** The pending booking a website hold writes. */
function newHold(input: HoldSeatInput, { email, seats, price }: { email: string; seats: number; price: Price }): BookingToWrite {
  const { now, rules } = input;
  const checkoutExpiresAt = new Date(now.getTime() + rules.checkoutMinutes * MINUTE);
  const holdExpiresAt = new Date(checkoutExpiresAt.getTime() + rules.holdGraceMinutes * MINUTE);
  return {
    customerName: input.customer.name,
    customerEmail: email,
    customerPhone: input.customer.phone,
    status: "pending_payment",
    unitPriceMinor: price.priceMinor,
    amountTotalMinor: price.priceMinor * seats,
    currency: price.currency,
    holdExpiresAt,
    checkoutExpiresAt,
    painLocation: input.intake.painLocation,
    painDuration: input.intake.painDuration,
    instructorNotes: input.intake.notes,
    clientNetwork: input.clientNetwork,
    consentedAt: now,
  };
}
