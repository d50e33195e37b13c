import { and, eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { bookings, offerings, slots, type Booking, type NewBooking } from "../../db/schema";
import { reusableStatement, value } from "../../db/statements";
import { expireRanOutHolds, placesIn } from "./holds.server";
import { newBookingReference } from "./reference.server";
import type { LockedSlot } from "./slot-lock.server";

/** What the caller decides about the new booking; the reference, slot, places and times are taken here. */
export type BookingToWrite = Omit<NewBooking, "id" | "reference" | "slotId" | "seats" | "holdsSeats" | "createdAt" | "updatedAt">;

export type TakePlacesResult = { status: "taken"; booking: Booking } | { status: "full"; seatsLeft: number };

type PlacesWanted = { seats: number; booking: BookingToWrite; now: Date };

/**
 * The one step that takes places on a date, shared by the website's hold (holdSeat) and a
 * booking staff make at the studio (bookAtStudio), so capacity holds whoever books. Under the
 * slot's row lock (`locked` proves the caller holds it), in one statement: release the holds
 * that ran out, check the places left, write the booking with a fresh reference, and move the
 * slot's seats_taken. The slot's CHECK constraint refuses an oversell whatever happens here.
 * Each caller's own rules (the website's close time and hold limits, staff's end of the date)
 * are checked under the same lock. Whatever it answers, the transaction may commit.
 */
export async function takePlaces({ lock }: Pick<LockedSlot, "lock">, wanted: PlacesWanted): Promise<TakePlacesResult> {
  for (let attempt = 0; attempt < REFERENCE_TRIES; attempt++) {
    const result = await writeBooking(lock.tx, lock.slotId, wanted);
    if (result !== "reference_taken") return result;
  }
  throw new Error("Could not find a free booking reference");
}

/** Fresh references drawn before a hold gives up (a clash is rare, not impossible: see reference.server). */
export const REFERENCE_TRIES = 8;

/**
 * Conditions a caller's booking must also meet, checked in the statement that writes it (under
 * the slot's lock, on the same snapshot), and the facts they were decided on: for a transaction
 * that commits without a trip back to the app in between (holdSeat, db/statements.ts
 * pipelinedTransaction). `allowed` and the facts may read the slot (`slots`) and its offering
 * (`offerings`), and the run's values by name.
 */
export type WriteGuard<TFacts extends Record<string, unknown>> = {
  /** Names the guard's statements (prepared once each). */
  name: string;
  build: (tx: Database) => { facts: { [K in keyof TFacts]: SQL.Aliased<TFacts[K]> }; allowed: SQL };
};

/** What a guarded write found: the guard's facts, the places left, and the booking if one was written. */
export type GuardedWrite<TFacts> = { facts: TFacts; placesLeft: number; allowed: boolean; taken: Booking | null } | undefined;

/**
 * The booking written if there is room and `guard` allows it, else nothing but the ran-out holds
 * released: right to commit whatever it finds. For a caller holding the slot's lock already (an
 * earlier statement of its transaction took it). Undefined when the slot doesn't exist.
 */
export async function writeGuardedBooking<TFacts extends Record<string, unknown>>(
  tx: Database,
  slotId: string,
  wanted: PlacesWanted,
  guard: WriteGuard<TFacts>,
  values: Record<string, unknown>,
): Promise<GuardedWrite<TFacts>> {
  const row = await runWriteBooking(tx, slotId, wanted, guard as WriteGuard<Record<string, unknown>>, values);
  if (!row) return undefined;
  const { placesLeft, allowed, ...facts } = row.room as { placesLeft: number; allowed: boolean } & TFacts;
  return { facts: facts as unknown as TFacts, placesLeft, allowed, taken: row.taken };
}

/** One run of the statement; "reference_taken" when the reference drawn was someone's already (nothing else changes). */
async function writeBooking(tx: Database, slotId: string, wanted: PlacesWanted): Promise<TakePlacesResult | "reference_taken"> {
  const row = await runWriteBooking(tx, slotId, wanted, null, {});
  if (row?.taken) return { status: "taken", booking: row.taken };
  const seatsLeft = Math.max(0, row?.room.placesLeft ?? 0);
  return wanted.seats > seatsLeft ? { status: "full", seatsLeft } : "reference_taken";
}

/** The write statement for the columns this booking gives, run with a fresh reference. */
async function runWriteBooking(
  tx: Database,
  slotId: string,
  { seats, booking, now }: PlacesWanted,
  guard: WriteGuard<Record<string, unknown>> | null,
  values: Record<string, unknown>,
) {
  const given = { ...booking, slotId, seats, holdsSeats: true, createdAt: now, updatedAt: now };
  const columns = ["reference", ...Object.keys(given).filter((column) => given[column as keyof typeof given] !== undefined)];
  const [row] = await writeBookingStatement(columns, guard)(tx, { ...values, ...given, reference: newBookingReference(), now });
  return row;
}

const writeBookingStatements = new Map<string, ReturnType<typeof buildWriteBookingStatement>>();

/** The statement writing a booking with these columns given (the others take their defaults), under `guard` if one is given. */
function writeBookingStatement(columns: string[], guard: WriteGuard<Record<string, unknown>> | null) {
  const key = `${guard?.name ?? ""}:${columns.join(",")}`;
  let statement = writeBookingStatements.get(key);
  if (!statement) {
    statement = buildWriteBookingStatement(`take_places_${writeBookingStatements.size + 1}`, columns, guard);
    writeBookingStatements.set(key, statement);
  }
  return statement;
}

/**
 * One statement, under the slot's lock: the slot's ran-out holds expired (`released`), the
 * places left counted with theirs (`room`, with a guard's facts and verdict), the booking written
 * if it fits, the guard allows it and its reference is free (`taken`), and seats_taken moved by
 * the places taken less the places released (`counted`; the slot's row is left alone when neither
 * moved). Data-modifying CTEs all run, on one snapshot, which sees the slot as locked; they read
 * each other only through what they return, and each row is changed once. Answers the places
 * left (and the guard's facts) and the booking written, if any.
 */
function buildWriteBookingStatement(name: string, columns: string[], guard: WriteGuard<Record<string, unknown>> | null) {
  const all = getTableColumns(bookings);
  const given = columns.map((key) => ({ key, column: all[key as keyof typeof all] }));
  return reusableStatement(name, (tx) => {
    const slotId = value("slotId", slots.id);
    const now = value("now", slots.updatedAt);
    const released = expireRanOutHolds(tx, slotId, now);
    const checks = guard?.build(tx);
    const placesLeft = sql<number>`${slots.capacity} - ${slots.seatsTaken} + ${placesIn(released)}`.as("places_left");
    const allowed = sql<boolean>`${checks ? checks.allowed : sql`true`}`.as("allowed");
    const room = tx.$with("room").as(
      tx
        .select({ placesLeft, allowed, ...checks?.facts })
        .from(slots)
        .innerJoin(offerings, eq(offerings.id, slots.offeringId))
        .where(eq(slots.id, slotId)),
    );
    // An insert of only the columns given (the others take their defaults), if there is room.
    const taken = tx.$with("taken", all).as(sql`
      insert into ${bookings} (${sql.join(
        given.map(({ column }) => sql.identifier(column.name)),
        sql`, `,
      )})
      select ${sql.join(
        given.map(({ key, column }) => sql`${value(key, column)}::${sql.raw(column.getSQLType())}`),
        sql`, `,
      )}
      from ${room} where ${room.placesLeft} >= ${value("seats", bookings.seats)} and ${room.allowed}
      on conflict (${sql.identifier(bookings.reference.name)}) do nothing
      returning *`);
    const counted = tx.$with("counted").as(
      tx
        .update(slots)
        .set({ seatsTaken: sql`${slots.seatsTaken} + ${placesIn(taken)} - ${placesIn(released)}`, updatedAt: now })
        .where(and(eq(slots.id, slotId), sql`(exists (select from ${taken}) or exists (select from ${released}))`)),
    );
    return tx.with(released, room, taken, counted).select().from(room).leftJoin(taken, sql`true`);
  });
}
