import { eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { bookings, slots, type Booking, type NewBooking, type Slot } from "../../db/schema";
import { expireRanOutHolds, placesIn, releaseExpiredHoldsOnSlot } from "./holds.server";
import { newBookingReference } from "./reference.server";
import { placesLeft } from "./rules";
import { adjustSeatsTaken, type SlotLock } from "./slot-lock.server";

/** What the caller decides about the new booking; the reference, slot, places and times are taken here. */
export type BookingToWrite = Omit<NewBooking, "id" | "reference" | "slotId" | "seats" | "holdsSeats" | "createdAt" | "updatedAt">;

export type TakePlacesResult = { status: "taken"; booking: Booking } | { status: "full"; seatsLeft: number };

type Request = { slotId: string; seats: number; booking: BookingToWrite; now: Date };

const write = Symbol("write");

/**
 * A booking about to take places, with the statement that writes it already built. Building a
 * drizzle statement this size takes longer than running it, so a caller builds it before it
 * locks the slot, and the bookings queued on the date don't wait for that too. Only takePlaces,
 * under the lock, can run it.
 */
export type PlacesRequest = Readonly<Omit<Request, "booking">> & {
  readonly [write]: (lock: SlotLock) => Promise<Booking | undefined>;
};

export function placesRequest(tx: Database, request: Request): PlacesRequest {
  let statement = writeBookingStatement(tx, request);
  return {
    slotId: request.slotId,
    seats: request.seats,
    now: request.now,
    [write]: async (lock) => {
      if (lock.slotId !== request.slotId) throw new Error("A places request ran under another slot's lock");
      const [booking] = await statement.execute();
      // Its reference was taken: the next attempt draws another.
      if (!booking) statement = writeBookingStatement(lock.tx, request);
      return booking;
    },
  };
}

/**
 * The one step that takes places on a date, shared by the website's hold (holdSeat) and a
 * booking staff make at the studio (bookAtStudio), so capacity holds whoever books. Under the
 * slot's row lock (`locked` proves the caller holds it): release the holds that ran out, check
 * the places left, write the booking with a fresh reference, and move the slot's seats_taken in
 * the same transaction. The slot's CHECK constraint refuses an oversell whatever happens here.
 * Each caller's own rules (the website's close time and hold limits, staff's end of the date)
 * are checked before this, under the same lock.
 *
 * The lock is what every other booking on the date waits for, so it is held for as few round
 * trips as possible: the locked row's seats_taken is current (nobody else can move it now), so
 * when the places fit without counting ran-out holds, one statement releases those, writes the
 * booking and moves the counter. Only a date that looks full releases its ran-out holds first
 * and looks again.
 */
export async function takePlaces(
  { lock, slot }: { lock: SlotLock; slot: Pick<Slot, "capacity" | "seatsTaken"> },
  request: PlacesRequest,
): Promise<TakePlacesResult> {
  const { seats, now } = request;
  if (seats > placesLeft(slot)) {
    const released = await releaseExpiredHoldsOnSlot(lock, now);
    const seatsLeft = placesLeft({ capacity: slot.capacity, seatsTaken: slot.seatsTaken - released });
    if (seats > seatsLeft) return { status: "full", seatsLeft };
  }
  for (let attempt = 0; attempt < 8; attempt++) {
    const booking = await request[write](lock);
    if (booking) return { status: "taken", booking };
    // Its reference was taken (one in tens of thousands): nothing was written, but the places
    // were counted. Give them back, and try the next reference.
    await adjustSeatsTaken(lock, -seats, now);
  }
  throw new Error("Could not find a free booking reference");
}

/**
 * One statement: the slot's ran-out holds expired, the booking written with a fresh reference
 * (nothing if the reference is taken), and seats_taken moved by the places taken less the places
 * released. Data-modifying CTEs all run, on one snapshot; the counter reads the released holds
 * only through what their CTE returns, and each row is changed once.
 */
function writeBookingStatement(tx: Database, { slotId, seats, booking, now }: Request) {
  const released = expireRanOutHolds(tx, slotId, now);
  const counted = tx.$with("counted").as(
    tx
      .update(slots)
      .set({ seatsTaken: sql`${slots.seatsTaken} + ${seats} - ${placesIn(released)}`, updatedAt: now })
      .where(eq(slots.id, slotId)),
  );
  return tx
    .with(released, counted)
    .insert(bookings)
    .values({ ...booking, reference: newBookingReference(), slotId, seats, holdsSeats: true, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: bookings.reference })
    .returning()
    .prepare("take_places");
}
