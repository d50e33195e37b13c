import { and, eq, gte, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { DateTime } from "luxon";
import type { Database } from "../../db/client";
import type { PainDuration, PainLocation } from "../../db/intake";
import { bookings, offerings, slots, type Booking, type Offering } from "../../db/schema";
import { pipelinedTransaction, reusableStatement, value } from "../../db/statements";
import { isUuid } from "../utils/ids";
import { liveHolds, ranOutHolds } from "./holds.server";
import { earliestBookableStart, isBookingOpen, placesForBooking, placesLeft } from "./rules";
import { lockSlot } from "./slot-lock.server";
import { REFERENCE_TRIES, writeGuardedBooking, type BookingToWrite, type WriteGuard } from "./take-places.server";

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
 * Holds places on a slot for a customer. The slot's row lock is what every booking on a busy
 * date queues for, so the work is ordered to hold it as briefly as possible:
 *
 * 1. One read, without a lock or a transaction, answers what takes nothing: an unknown or closed
 *    date, or a date full even once its ran-out holds are released (a place freed since is as if
 *    the request had come a moment earlier), unless one of its places is this email's own hold.
 * 2. Then one transaction, sent with its COMMIT in one go (pipelinedTransaction): the hold-limit
 *    advisory locks, the slot's row lock, and one statement that releases the date's ran-out
 *    holds, counts the limits (under the advisory locks), checks the rules and the room, and
 *    writes the booking and moves seats_taken only if all of them allow it. The server runs them
 *    one after the other as sent, so each sees everything committed by whoever held a lock before
 *    us, and the slot's lock is held only while the server writes and commits: never across a
 *    trip to the app and back.
 * 3. The answer is worked out from what the statement found, by the same rules (answerFor); a
 *    disagreement between the two (a bug) is thrown as an error.
 *
 * Holds are limited so nobody can hoard a class: one email holds at most `holdsPerEmail` live
 * holds on one day, and one client network at most `heldPlacesPerNetwork` places that day.
 * Those counts span slots, so they are read under transaction-scoped advisory locks on (email,
 * day) and (network, day). The email's lock also guards "this email's live hold on this slot":
 * only holdSeat makes a live hold, always under that lock (staff bookings start confirmed, and
 * only confirmed bookings move).
 *
 * Why the locks can't deadlock: every transaction that takes these advisory locks is a holdSeat,
 * and it takes them in one order (email, then network) before any row lock; the slot's lock
 * comes next, then booking rows (ran-out holds), as everywhere else. Staff bookings, moves,
 * releases and payments take slot (then booking) row locks and never an advisory lock, so nobody
 * waits for an advisory lock while holding a row lock.
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

  // The date is read without a lock: if staff move it to another day before it is locked, the
  // limits were counted for the wrong day, so the hold writes nothing and starts again. The price
  // is the one read here, when the hold began.
  for (let attempt = 1; attempt <= 3; attempt++) {
    const [seen] = await readSlotBeforeHold(db, { slotId: input.slotId, now });
    if (!seen || !seen.active) return { status: "not_found" };
    if (!isBookingOpen(seen, now, rules.closesMinutesBefore)) return { status: "closed" };
    // An offering's kind, which decides the places, is set once, when it is created.
    const seats = placesForBooking(seen.kind, input.seats);
    const seatsLeft = placesLeft({ capacity: seen.capacity, seatsTaken: seen.seatsTaken - seen.ranOutSeats });
    if (seats > seatsLeft) {
      // Full, unless one of the places is this email's own live hold.
      const [own] = await readLiveHoldOnSlot(db, { slotId: input.slotId, email, now });
      return own ? liveHoldAnswer(db, own.id, input) : { status: "full", seatsLeft };
    }

    const answer = await holdInOneTrip(db, input, { email, seats, seen, day: studioDay(seen.startsAt, rules.timeZone) });
    if (answer === "read_again") continue;
    return "liveHoldId" in answer ? liveHoldAnswer(db, answer.liveHoldId, input) : answer;
  }
  throw new Error(`Slot ${input.slotId} kept changing while a place was being held`);
}

type StudioDay = { key: string; start: Date; end: Date };

/**
 * The studio's calendar day (in its zone) a slot starting at `startsAt` belongs to. Working it
 * out in a zone takes luxon longer than a hold's statements take to send, and a busy date asks
 * for its day again and again, so recent answers are remembered (a pure function: nothing here
 * can be out of date).
 */
function studioDay(startsAt: Date, timeZone: string): StudioDay {
  const key = `${timeZone} ${startsAt.getTime()}`;
  let day = recentDays.get(key);
  if (!day) {
    const start = DateTime.fromJSDate(startsAt, { zone: timeZone }).startOf("day");
    day = { key: start.toISODate()!, start: start.toJSDate(), end: start.plus({ days: 1 }).toJSDate() };
    if (recentDays.size >= 1000) recentDays.clear();
    recentDays.set(key, day);
  }
  return day;
}
const recentDays = new Map<string, StudioDay>();

/** This email's live hold on the slot: given back to the browser holding it, to nobody else. */
async function liveHoldAnswer(db: Database, bookingId: string, input: HoldSeatInput): Promise<HoldSeatResult> {
  const [booking] = await db.select().from(bookings).where(eq(bookings.id, bookingId));
  if (!booking) throw new Error(`holdSeat: the live hold ${bookingId} just read is gone`);
  return { status: input.holdBookingId === booking.id ? "resumed" : "already_held", booking };
}

/**
 * The slot and its offering as they are now, without a lock, with the places its ran-out holds
 * still count: only the columns holdSeat needs.
 */
const readSlotBeforeHold = reusableStatement("hold_seat_read_slot", (db) => {
  const now = value("now", bookings.holdExpiresAt);
  const ranOut = alias(bookings, "ran_out");
  const ranOutSeats = db
    .select({ seats: sql<number>`coalesce(sum(${ranOut.seats}), 0)::int` })
    .from(ranOut)
    .where(and(eq(ranOut.slotId, slots.id), ranOutHolds(now, ranOut)));
  return db
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
    })
    .from(slots)
    .innerJoin(offerings, eq(offerings.id, slots.offeringId))
    .where(eq(slots.id, value("slotId", slots.id)));
});

/** This email's live hold on the slot, if any. */
const readLiveHoldOnSlot = reusableStatement("hold_seat_live_hold_on_slot", (db) =>
  db
    .select({ id: bookings.id })
    .from(bookings)
    .where(
      and(
        eq(bookings.customerEmail, value("email", bookings.customerEmail)),
        eq(bookings.slotId, value("slotId", bookings.slotId)),
        liveHolds(value("now", bookings.holdExpiresAt)),
      ),
    )
    .limit(1),
);

type SlotSeen = NonNullable<Awaited<ReturnType<typeof readSlotBeforeHold>>[number]>;

/** The transaction's advisory locks on (email, day), then (network, day) when the network is known. */
const lockKey = (name: string) => sql`pg_advisory_xact_lock(hashtextextended(${sql.placeholder(name)}, 0))`;
/**
 * How the rest of the hold's transaction is planned (settings for this transaction only).
 *
 * Key lookups only: every statement after these looks rows up by key (the date, its offering, the
 * catalog version, the email's and network's holds). On a small studio's tables a scan looks
 * cheapest, and is, until a rush: each hold rewrites the date's row and the catalog version's,
 * faster than vacuum can clear the old copies, and a scan reads every copy (holds per second fell
 * by a third over 20 s in the bench).
 *
 * Generic plans: the statement that writes the hold is planned when it is bound, which is after
 * the date's lock is granted. Planned afresh for each hold (PostgreSQL keeps doing that when a
 * custom plan looks cheaper), the planning was work done while every other hold waited; its
 * generic plan is made once per connection. 440 → 700 holds a second (README "Performance").
 */
const keyLookupsOnly = sql`set_config('enable_seqscan', 'off', true) || set_config('plan_cache_mode', 'force_generic_plan', true)`;
const takeHoldLimitLocks = {
  email: reusableStatement("hold_seat_lock_email", (db) =>
    db.select({ keyLookups: keyLookupsOnly, email: lockKey("email") }).from(sql`(values (1)) as hold_limits`),
  ),
  emailAndNetwork: reusableStatement("hold_seat_lock_email_network", (db) =>
    db.select({ keyLookups: keyLookupsOnly, email: lockKey("email"), network: lockKey("network") }).from(sql`(values (1)) as hold_limits`),
  ),
};

/**
 * What the hold limits count, that day (slots starting within [dayStart, dayEnd)), and the rules
 * the slot must meet, decided in the statement that writes the hold (see takePlaces' WriteGuard):
 * this email's live holds, and which of them is on this slot if one is; the places this network
 * holds (0 when the network isn't known), each looked up by its own index (a busy date holds many
 * live holds, an email or a network only a few); the offering still offered; the date scheduled,
 * still open (starting after `openAfter`, earliestBookableStart) and still on the day the limits
 * were counted for. holdInOneTrip checks the same rules in JS on what comes back.
 */
type HoldFacts = { emailHolds: number; emailHoldHere: string | null; networkPlaces: number };
const holdGuard: WriteGuard<HoldFacts> = {
  name: "hold",
  build(tx) {
    const now = value("now", bookings.holdExpiresAt);
    const dayStart = value("dayStart", slots.startsAt);
    const dayEnd = value("dayEnd", slots.startsAt);
    const email = value("email", bookings.customerEmail);
    const network = value("network", bookings.clientNetwork);
    const held = alias(bookings, "held");
    const heldSlot = alias(slots, "held_slot");
    const sameDayLiveHolds = and(liveHolds(now, held), gte(heldSlot.startsAt, dayStart), lt(heldSlot.startsAt, dayEnd));
    const emailHolds = tx
      .select({ count: sql<number>`count(*)::int` })
      .from(held)
      .innerJoin(heldSlot, eq(heldSlot.id, held.slotId))
      .where(and(sameDayLiveHolds, eq(held.customerEmail, email)));
    const emailHoldHere = tx
      .select({ id: held.id })
      .from(held)
      .where(and(liveHolds(now, held), eq(held.customerEmail, email), eq(held.slotId, slots.id)))
      .limit(1);
    const networkPlaces = tx
      .select({ places: sql<number>`coalesce(sum(${held.seats}), 0)::int` })
      .from(held)
      .innerJoin(heldSlot, eq(heldSlot.id, held.slotId))
      .where(and(sameDayLiveHolds, eq(held.clientNetwork, network)));
    const facts = {
      emailHolds: sql<number>`(${emailHolds})`.as("email_holds"),
      emailHoldHere: sql<string | null>`(${emailHoldHere})`.as("email_hold_here"),
      networkPlaces: sql<number>`(${networkPlaces})`.as("network_places"),
    };
    const allowed = sql`(${emailHoldHere}) is null
      and (${emailHolds}) < ${value("holdsPerEmail", bookings.seats)}
      and (${network}::text is null or (${networkPlaces}) + ${value("seats", bookings.seats)} <= ${value("heldPlacesPerNetwork", bookings.seats)})
      and ${offerings.active}
      and ${slots.status} = 'scheduled' and ${slots.startsAt} > ${value("openAfter", slots.startsAt)}
      and ${slots.startsAt} >= ${dayStart} and ${slots.startsAt} < ${dayEnd}`;
    return { facts, allowed };
  },
};

/** What one transaction answers: a result, this email's live hold to hand back, or "read the date again". */
type TripAnswer = HoldSeatResult | { liveHoldId: string } | "read_again";

/**
 * Steps 2 and 3 of holdSeat: one transaction, sent in one go with its COMMIT (pipelinedTransaction),
 * so the slot's lock is held only while the server writes the hold and commits. The statement
 * writing the hold checks the rules itself and writes nothing if one refuses; the answer is then
 * worked out here, by the same rules, from what it found. A reference someone has already is
 * drawn again in a new transaction (REFERENCE_TRIES in all).
 */
async function holdInOneTrip(
  db: Database,
  input: HoldSeatInput,
  { email, seats, seen, day }: { email: string; seats: number; seen: SlotSeen; day: StudioDay },
): Promise<TripAnswer> {
  const { now, rules } = input;
  const network = input.clientNetwork;
  const keys = { email: `hold-email:${email}:${day.key}`, network: `hold-network:${network}:${day.key}` };
  const booking = newHold(input, { email, seats, price: seen });
  const values = {
    email,
    network,
    dayStart: day.start,
    dayEnd: day.end,
    holdsPerEmail: rules.holdsPerEmail,
    heldPlacesPerNetwork: rules.heldPlacesPerNetwork,
    openAfter: earliestBookableStart(now, rules.closesMinutesBefore),
  };
  for (let attempt = 0; attempt < REFERENCE_TRIES; attempt++) {
    const [, locked, written] = await pipelinedTransaction(db, (tx) => [
      network === null ? takeHoldLimitLocks.email(tx, keys) : takeHoldLimitLocks.emailAndNetwork(tx, keys),
      lockSlot(tx, input.slotId),
      writeGuardedBooking(tx, input.slotId, { seats, now, booking }, holdGuard, values),
    ]);
    const answer = answerFor({ locked, written, input, seats, day });
    if (answer !== "reference_taken") return answer;
  }
  throw new Error("Could not find a free booking reference");
}

/** The answer to what the hold's transaction found, by the rules holdGuard checked in its SQL. */
function answerFor({
  locked,
  written,
  input,
  seats,
  day,
}: {
  locked: Awaited<ReturnType<typeof lockSlot>>;
  written: Awaited<ReturnType<typeof writeGuardedBooking<HoldFacts>>>;
  input: HoldSeatInput;
  seats: number;
  day: StudioDay;
}): TripAnswer | "reference_taken" {
  const { now, rules } = input;
  const refusal = ((): TripAnswer | null => {
    if (!locked || !written) return { status: "not_found" };
    const { emailHolds, emailHoldHere, networkPlaces } = written.facts;
    if (emailHoldHere) return { liveHoldId: emailHoldHere };
    if (emailHolds >= rules.holdsPerEmail) return { status: "hold_limit", limit: "email" };
    if (input.clientNetwork !== null && networkPlaces + seats > rules.heldPlacesPerNetwork) return { status: "hold_limit", limit: "network" };
    if (!locked.offering.active) return { status: "not_found" };
    if (!isBookingOpen(locked.slot, now, rules.closesMinutesBefore)) return { status: "closed" };
    if (locked.slot.startsAt < day.start || locked.slot.startsAt >= day.end) return "read_again";
    return null;
  })();
  const taken = written?.taken ?? null;
  if (refusal !== null || !written?.allowed) {
    // The statement and these rules must agree: a hold written here would be committed already.
    if (taken || (refusal === null) !== Boolean(written?.allowed)) {
      throw new Error(`holdSeat: the hold statement and the rules disagree about slot ${input.slotId}`);
    }
    return refusal!;
  }
  if (taken) return { status: "held", booking: taken };
  return seats > written.placesLeft ? { status: "full", seatsLeft: Math.max(0, written.placesLeft) } : "reference_taken";
}

/** The pending booking a website hold writes. */
function newHold(
  input: HoldSeatInput,
  { email, seats, price }: { email: string; seats: number; price: Pick<Offering, "priceMinor" | "currency"> },
): BookingToWrite {
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
