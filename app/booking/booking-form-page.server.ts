import type { AppContext } from "../context.server";
import { getBookableSlot, otherOpenSlots } from "./bookable-slot.server";
import { eq } from "drizzle-orm";
import { bookings } from "../../db/schema";
import { findBookingDetails } from "./booking-details.server";
import { isHoldLive, maxPlacesPerBooking } from "./rules";

/**
 * What the booking form shows for a slot: the slot, how many places the form may offer, this
 * browser's live hold on it (so coming back offers "continue to payment" instead of a second
 * booking), and other dates when it is full or closed. Null for an unknown slot.
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

  const others =
    slot.seatsLeft === 0 || !slot.isOpen
      ? await otherOpenSlots(database.db, { offeringId: slot.offeringId, exceptSlotId: slot.slotId, now, closesMinutesBefore })
      : [];
  return { slot, liveHold, others, maxSeats: maxPlacesPerBooking(slot.kind, slot.seatsLeft, env.booking.maxSeats) };
}
