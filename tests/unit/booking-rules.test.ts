import { describe, expect, it } from "vitest";
import {
  bookingClosesAt,
  earliestBookableStart,
  isBookingOpen,
  isHoldLive,
  maxPlacesPerBooking,
  placesForBooking,
  placesLeft,
  websiteCustomerEmail,
} from "../../app/booking/rules";

/*
 * The seat rules every page, query and transaction asks (app/booking/rules.ts), at their edges.
 * Written for the mutants Stryker found surviving (README, "Mutation testing"): each assertion
 * here fails if its rule's comparison, arithmetic or branch changes.
 */

const NOW = new Date("2026-12-01T12:00:00Z");
const MINUTE = 60_000;
const at = (minutesFromNow: number) => new Date(NOW.getTime() + minutesFromNow * MINUTE);

describe("a hold keeps its places", () => {
  const hold = { status: "pending_payment" as const, holdsSeats: true, holdExpiresAt: at(1) };

  it("while it is pending, holds places and hasn't run out", () => {
    expect(isHoldLive(hold, NOW)).toBe(true);
  });

  it("not at the very moment it runs out, nor after", () => {
    expect(isHoldLive({ ...hold, holdExpiresAt: NOW }, NOW)).toBe(false);
    expect(isHoldLive({ ...hold, holdExpiresAt: at(-1) }, NOW)).toBe(false);
  });

  it("not once its places were released, nor without an expiry, nor in any other state", () => {
    expect(isHoldLive({ ...hold, holdsSeats: false }, NOW)).toBe(false);
    expect(isHoldLive({ ...hold, holdExpiresAt: null }, NOW)).toBe(false);
    for (const status of ["confirmed", "expired", "cancelled"] as const) expect(isHoldLive({ ...hold, status }, NOW)).toBe(false);
  });
});

describe("online booking closes before the start", () => {
  it("closes the given minutes before the start, and a slot is bookable only if it starts after now plus them", () => {
    expect(bookingClosesAt(at(120), 60)).toEqual(at(60));
    expect(earliestBookableStart(NOW, 60)).toEqual(at(60));
  });

  it("is open until the closing moment, not at it, and never for a cancelled date", () => {
    const slot = { status: "scheduled" as const, startsAt: at(61) };
    expect(isBookingOpen(slot, NOW, 60)).toBe(true);
    expect(isBookingOpen({ ...slot, startsAt: at(60) }, NOW, 60)).toBe(false);
    expect(isBookingOpen({ ...slot, startsAt: at(59) }, NOW, 60)).toBe(false);
    expect(isBookingOpen({ ...slot, status: "cancelled" }, NOW, 60)).toBe(false);
  });
});

describe("places", () => {
  it("left never goes below zero", () => {
    expect(placesLeft({ capacity: 10, seatsTaken: 7 })).toBe(3);
    expect(placesLeft({ capacity: 10, seatsTaken: 12 })).toBe(0);
  });

  it("a one-to-one takes one place whatever was asked; a workshop what was asked", () => {
    expect(placesForBooking("private", 3)).toBe(1);
    expect(placesForBooking("workshop", 3)).toBe(3);
  });

  it("the form offers what is left up to the maximum, at least one, and one for a one-to-one", () => {
    expect(maxPlacesPerBooking("workshop", 10, 4)).toBe(4);
    expect(maxPlacesPerBooking("workshop", 2, 4)).toBe(2);
    expect(maxPlacesPerBooking("workshop", 0, 4)).toBe(1);
    expect(maxPlacesPerBooking("private", 10, 4)).toBe(1);
  });
});

describe("a website booking's email", () => {
  it("is the booking's, and its absence (only possible for a booking made at the studio) is a bug said aloud", () => {
    expect(websiteCustomerEmail({ customerEmail: "ann@example.com", reference: "PFM-7K3Q" })).toBe("ann@example.com");
    expect(() => websiteCustomerEmail({ customerEmail: null, reference: "PFM-7K3Q" })).toThrow(/PFM-7K3Q has no email/);
  });
});
