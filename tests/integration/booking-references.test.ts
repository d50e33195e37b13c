import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { holdSeat } from "../../app/booking/hold-seat.server";
import { websiteHold } from "../helpers/booking";
import { parseEnv } from "../../app/utils/env.server";
import { bookings, slots } from "../../db/schema";
import { useTestDatabase } from "../helpers/db";
import { createBooking, createOffering, createSlot } from "../helpers/fixtures";

/**
 * References handed out before the real generator's. A reference has 4 characters from 31 (about
 * 920,000 of them), so with thousands of bookings a clash is a matter of time: these force one.
 */
const nextReferences = vi.hoisted(() => [] as string[]);
vi.mock("../../app/booking/reference.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../app/booking/reference.server")>();
  return { ...real, newBookingReference: () => nextReferences.shift() ?? real.newBookingReference() };
});

const DAY = 24 * 3_600_000;

/** A new booking's reference clashing with one already taken: retried, within a limit, and never half-written. */
describe("booking references", () => {
  const testDatabase = useTestDatabase();
  const db = () => testDatabase().db;
  const rules = parseEnv({}, "demo").booking;
  const hold = (slotId: string, email: string) => websiteHold(slotId, email, rules, { painLocation: "front" });
  /** A date with one booking on it, whose reference the next holds will be offered. */
  async function slotWithBookingReferenced(taken: string) {
    const offering = await createOffering(db());
    const slot = await createSlot(db(), offering, new Date(Date.now() + 5 * DAY));
    await createBooking(db(), slot, { reference: taken });
    return slot;
  }
  const seatsTaken = async (slotId: string) => (await db().select().from(slots).where(eq(slots.id, slotId)))[0]!.seatsTaken;

  it("a reference already taken is tried again with a fresh one, up to the eighth try; the hold takes its place once", async () => {
    const slot = await slotWithBookingReferenced("PFM-TKN7");
    nextReferences.push(...Array<string>(7).fill("PFM-TKN7"));
    const result = await holdSeat(db(), hold(slot.id, "seven.clashes@example.com"));
    expect(result).toMatchObject({ status: "held", booking: { seats: 1, status: "pending_payment" } });
    expect((result as { booking: { reference: string } }).booking.reference).not.toBe("PFM-TKN7");
    expect(nextReferences).toEqual([]);
    expect(await seatsTaken(slot.id)).toBe(2);
  });

  it("eight clashes in a row refuse the hold with an error: no booking is written and no place taken", async () => {
    const slot = await slotWithBookingReferenced("PFM-TKN8");
    nextReferences.push(...Array<string>(8).fill("PFM-TKN8"));
    await expect(holdSeat(db(), hold(slot.id, "eight.clashes@example.com"))).rejects.toThrow("Could not find a free booking reference");
    nextReferences.length = 0;
    expect(await db().select().from(bookings).where(eq(bookings.customerEmail, "eight.clashes@example.com"))).toEqual([]);
    expect(await seatsTaken(slot.id)).toBe(1);
  });
});
