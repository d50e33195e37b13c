import type { AppContext } from "../context.server";
import { getBookableSlot, otherOpenSlots } from "./bookable-slot.server";
import { eq } from "drizzle-orm";
import { bookings } from "../../db/schema";
import { findBookingDetails } from "./booking-details.server";
import { nearestFreeTimes } from "../catalog/free-times.server";
import { earliestBookableStart, isHoldLive, maxPlacesPerBooking } from "./rules";

/**
 * What the booking form shows for a slot: the slot, how many places the form may offer, this
 * browser's live hold on it (so coming back offers "continue to payment" instead of a second
 * booking), and other dates when it is full or closed (for a one-to-one, the nearest free times).
 * Null for an unknown slot.
 */
export async function loadBookingFormPage(
  context: AppContext,
  { slotId, holdToken, now }: { slotId: string; holdToken: string | null; now: Date },
) {
  const { database, env, effects } = context;
  const { closesMinutesBefore } = env.booking;
  const slot = await getBookableSlot(database.db, { slotId, now, closesMinutesBefore });
  if (!slot) return null;

  const heldId = holdToken ? effects.links.bookingIdFrom(holdToken) : null;
  const held = heldId ? await findBookingDetails(database.db, eq(bookings.id, heldId)) : null;
  const liveHold =
    held && held.slot.id === slot.slotId && isHoldLive(held.booking, now)
      ? { url: effects.links.pathFor(held.booking.id), seats: held.booking.seats, until: held.booking.checkoutExpiresAt!.toISOString() }
      : null;

  // Where to go instead when this one can't be booked: a workshop's next dates with room; for a
  // one-to-one someone else just took, the free times of that session type nearest to it.
  const bookable = slot.seatsLeft > 0 && slot.isOpen;
  const others =
    bookable || slot.kind === "private"
      ? []
      : await otherOpenSlots(database.db, { offeringId: slot.offeringId, exceptSlotId: slot.slotId, now, closesMinutesBefore });
  const nearestTimes =
    bookable || slot.kind !== "private"
      ? []
      : await nearestFreeTimes(database.db, { slotId: slot.slotId, startsAfter: earliestBookableStart(now, closesMinutesBefore) });
  return { slot, liveHold, others, nearestTimes, maxSeats: maxPlacesPerBooking(slot.kind, slot.seatsLeft, env.booking.maxSeats) };
}
