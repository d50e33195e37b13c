import { eq, getTableColumns, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { bookings, slots, type Booking, type NewBooking } from "../../db/schema";
import { reusableStatement, value } from "../../db/statements";
import { expireRanOutHolds, placesIn } from "./holds.server";
import { newBookingReference } from "./reference.server";
import { lockSlot, type LockedSlot } from "./slot-lock.server";

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
export async function takePlaces({ lock }: Pick<LockedSlot, "lock">, wanted: PlacesWanted, tries = REFERENCE_TRIES): Promise<TakePlacesResult> {
  for (let attempt = 0; attempt < tries; attempt++) {
    const result = await writeBooking(lock.tx, lock.slotId, wanted);
    if (result !== "reference_taken") return result;
  }
  throw new Error("Could not find a free booking reference");
}

/** Fresh references drawn before a hold gives up (a clash is rare, not impossible: see reference.server). */
const REFERENCE_TRIES = 8;

/**
 * lockSlot then takePlaces, sent together in one round trip: the server runs a transaction's
 * statements in the order they were sent, so the second runs under the lock the first takes (and
 * its snapshot, taken when it starts, sees everything committed before the lock was ours). The
 * caller checks its rules on the locked slot afterwards, and rolls the transaction back if one
 * refuses: the places may be taken already. Used where every round trip under a busy date's lock
 * counts (holdSeat).
 */
export async function lockSlotAndTakePlaces(
  tx: Database,
  slotId: string,
  wanted: PlacesWanted,
): Promise<{ locked: LockedSlot; taken: TakePlacesResult } | undefined> {
  const [locked, first] = await Promise.all([lockSlot(tx, slotId), writeBooking(tx, slotId, wanted)]);
  if (!locked) return undefined;
  return { locked, taken: first === "reference_taken" ? await takePlaces(locked, wanted, REFERENCE_TRIES - 1) : first };
}

/** One run of the statement; "reference_taken" when the reference drawn was someone's already (nothing else changes). */
async function writeBooking(
  tx: Database,
  slotId: string,
  { seats, booking, now }: PlacesWanted,
): Promise<TakePlacesResult | "reference_taken"> {
  const given = { ...booking, slotId, seats, holdsSeats: true, createdAt: now, updatedAt: now };
  const columns = ["reference", ...Object.keys(given).filter((column) => given[column as keyof typeof given] !== undefined)];
  const [row] = await writeBookingStatement(columns)(tx, { ...given, reference: newBookingReference(), now });
  if (row?.taken) return { status: "taken", booking: row.taken };
  const seatsLeft = Math.max(0, row?.room.placesLeft ?? 0);
  return seats > seatsLeft ? { status: "full", seatsLeft } : "reference_taken";
}

const writeBookingStatements = new Map<string, ReturnType<typeof buildWriteBookingStatement>>();

/** The statement writing a booking with these columns given (the others take their defaults). */
function writeBookingStatement(columns: string[]) {
  const key = columns.join(",");
  let statement = writeBookingStatements.get(key);
  if (!statement) {
    statement = buildWriteBookingStatement(`take_places_${writeBookingStatements.size + 1}`, columns);
    writeBookingStatements.set(key, statement);
  }
  return statement;
}

/**
 * One statement, under the slot's lock: the slot's ran-out holds expired (`released`), the
 * places left counted with theirs (`room`), the booking written if it fits and its reference is
 * free (`taken`), and seats_taken moved by the places taken less the places released
 * (`counted`). Data-modifying CTEs all run, on one snapshot, which sees the slot as locked; they
 * read each other only through what they return, and each row is changed once. Answers the
 * places left and the booking written, if any.
 */
function buildWriteBookingStatement(name: string, columns: string[]) {
  const all = getTableColumns(bookings);
  const given = columns.map((key) => ({ key, column: all[key as keyof typeof all] }));
  return reusableStatement(name, (tx) => {
    const slotId = value("slotId", slots.id);
    const now = value("now", slots.updatedAt);
    const released = expireRanOutHolds(tx, slotId, now);
    const room = tx.$with("room").as(
      tx
        .select({ placesLeft: sql<number>`${slots.capacity} - ${slots.seatsTaken} + ${placesIn(released)}`.as("places_left") })
        .from(slots)
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
      from ${room} where ${room.placesLeft} >= ${value("seats", bookings.seats)}
      on conflict (${sql.identifier(bookings.reference.name)}) do nothing
      returning *`);
    const counted = tx.$with("counted").as(
      tx
        .update(slots)
        .set({ seatsTaken: sql`${slots.seatsTaken} + ${placesIn(taken)} - ${placesIn(released)}`, updatedAt: now })
        .where(eq(slots.id, slotId)),
    );
    return tx.with(released, room, taken, counted).select().from(room).leftJoin(taken, sql`true`);
  });
}
