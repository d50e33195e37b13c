import { bookings, type Booking, type NewBooking } from "../../db/schema";
import { releaseExpiredHoldsOnSlot } from "./holds.server";
import { newBookingReference } from "./reference.server";
import { placesLeft } from "./rules";
import { adjustSeatsTaken, type LockedSlot } from "./slot-lock.server";

/** What the caller decides about the new booking; the reference, slot, places and times are taken here. */
export type BookingToWrite = Omit<NewBooking, "id" | "reference" | "slotId" | "seats" | "holdsSeats" | "createdAt" | "updatedAt">;

export type TakePlacesResult = { status: "taken"; booking: Booking } | { status: "full"; seatsLeft: number };

/**
 * The one step that takes places on a date, shared by the website's hold (holdSeat) and a
 * booking staff make at the studio (bookAtStudio), so capacity holds whoever books. Under the
 * slot's row lock (`locked` proves the caller holds it): release the holds that ran out, check
 * the places left, write the booking with a fresh reference, and move the slot's seats_taken in
 * the same transaction. The slot's CHECK constraint refuses an oversell whatever happens here.
 * Each caller's own rules (the website's close time and hold limits, staff's end of the date)
 * are checked before this, under the same lock.
 */
export async function takePlaces(
  { lock, slot }: LockedSlot,
  { seats, booking: values, now }: { seats: number; booking: BookingToWrite; now: Date },
): Promise<TakePlacesResult> {
  const released = await releaseExpiredHoldsOnSlot(lock, now);
  const seatsLeft = placesLeft({ capacity: slot.capacity, seatsTaken: slot.seatsTaken - released });
  if (seats > seatsLeft) return { status: "full", seatsLeft };

  let booking: Booking | undefined;
  for (let attempt = 0; attempt < 8 && !booking; attempt++) {
    [booking] = await lock.tx
      .insert(bookings)
      .values({
        ...values,
        reference: newBookingReference(),
        slotId: slot.id,
        seats,
        holdsSeats: true,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: bookings.reference })
      .returning();
  }
  if (!booking) throw new Error("Could not find a free booking reference");
  await adjustSeatsTaken(lock, seats, now);
  return { status: "taken", booking };
}
