import type { Booking, OfferingKind, Slot } from "../../db/schema";

/*
 * The booking rules that pages, queries and transactions all ask about, each written once.
 * Pure functions of their inputs and `now`: no database, no clock.
 */

const MINUTE = 60_000;

/** A hold keeps its places until it runs out; after that the next booking or the sweep releases it. */
export function isHoldLive(booking: Pick<Booking, "status" | "holdsSeats" | "holdExpiresAt">, now: Date): boolean {
  return (
    booking.status === "pending_payment" &&
    booking.holdsSeats &&
    booking.holdExpiresAt !== null &&
    booking.holdExpiresAt.getTime() > now.getTime()
  );
}

/** Online booking for a slot closes `closesMinutesBefore` before it starts (BOOKING_CLOSES_MINUTES_BEFORE). */
export function bookingClosesAt(startsAt: Date, closesMinutesBefore: number): Date {
  return new Date(startsAt.getTime() - closesMinutesBefore * MINUTE);
}

/** The same rule seen from the catalog: a slot is still bookable now if it starts after this. */
export function earliestBookableStart(now: Date, closesMinutesBefore: number): Date {
  return new Date(now.getTime() + closesMinutesBefore * MINUTE);
}

/** A slot takes bookings while it is scheduled and its booking hasn't closed. */
export function isBookingOpen(
  slot: Pick<Slot, "status" | "startsAt">,
  now: Date,
  closesMinutesBefore: number,
): boolean {
  return slot.status === "scheduled" && bookingClosesAt(slot.startsAt, closesMinutesBefore).getTime() > now.getTime();
}

/** Places a slot can still offer (never below zero). */
export function placesLeft(slot: Pick<Slot, "capacity" | "seatsTaken">): number {
  return Math.max(0, slot.capacity - slot.seatsTaken);
}

/** Places one booking takes: a one-to-one session is always one; a workshop booking what was asked. */
export function placesForBooking(kind: OfferingKind, requested: number): number {
  return kind === "private" ? 1 : requested;
}

/** The most places the booking form offers: what is left, up to BOOKING_MAX_SEATS, and at least one. */
export function maxPlacesPerBooking(kind: OfferingKind, left: number, maxSeats: number): number {
  return kind === "private" ? 1 : Math.max(1, Math.min(maxSeats, left));
}

/**
 * The customer's email on a booking made on the website, where the form requires it (the
 * database's bookings_email_check too); only a booking staff made on the roster may have none.
 */
export function websiteCustomerEmail(booking: Pick<Booking, "customerEmail" | "reference">): string {
  if (booking.customerEmail === null) throw new Error(`Booking ${booking.reference} has no email, but it was made on the website`);
  return booking.customerEmail;
}
