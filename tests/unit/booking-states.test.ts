import { describe, expect, it } from "vitest";
import { assertTransition, BOOKING_TRANSITIONS, canTransition } from "../../app/booking/states";
import { BOOKING_STATUSES } from "../../db/schema";

describe("the booking state machine", () => {
  it("covers every status the database allows, and only the booking's life (money is in refunds)", () => {
    expect(Object.keys(BOOKING_TRANSITIONS).sort()).toEqual([...BOOKING_STATUSES].sort());
    expect([...BOOKING_STATUSES].sort()).toEqual(["cancelled", "confirmed", "expired", "pending_payment"]);
  });

  it("allows the paths the README draws, including late payments", () => {
    expect(canTransition("pending_payment", "confirmed")).toBe(true);
    expect(canTransition("pending_payment", "expired")).toBe(true);
    expect(canTransition("expired", "confirmed")).toBe(true);
    expect(canTransition("confirmed", "cancelled")).toBe(true);
  });

  it("refuses changes that would lose money or resurrect a finished booking", () => {
    expect(() => assertTransition("cancelled", "confirmed")).toThrow(/cancelled → confirmed is not allowed/);
    expect(() => assertTransition("confirmed", "expired")).toThrow();
    expect(() => assertTransition("confirmed", "pending_payment")).toThrow();
    expect(() => assertTransition("expired", "expired")).toThrow();
    expect(() => assertTransition("expired", "cancelled")).toThrow();
    expect(() => assertTransition("pending_payment", "cancelled")).toThrow();
  });
});
