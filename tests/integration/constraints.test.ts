import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { slots, type NewBooking } from "../../db/schema";
import { useTestDatabase } from "../helpers/db";
import { createBooking, createOffering, createSlot } from "../helpers/fixtures";

/** The database itself refuses bad rows, whatever the code does. */
describe("database constraints", () => {
  const testDatabase = useTestDatabase();
  let offering: Awaited<ReturnType<typeof createOffering>>;
  let slot: Awaited<ReturnType<typeof createSlot>>;

  beforeAll(async () => {
    offering = await createOffering(testDatabase().db, { slug: "constraints-workshop" });
    slot = await createSlot(testDatabase().db, offering, "2027-01-05T18:00:00Z");
  });

  const rejects = (work: () => Promise<unknown>) => expect(work()).rejects.toThrow();

  it("rejects offerings with bad values", async () => {
    const { db } = testDatabase();
    await rejects(() => createOffering(db, { defaultCapacity: 0 }));
    await rejects(() => createOffering(db, { priceMinor: -1 }));
    await rejects(() => createOffering(db, { durationMinutes: 0 }));
    await rejects(() => createOffering(db, { kind: "retreat" as never }));
    await rejects(() => createOffering(db, { currency: "pounds" }));
    await rejects(() => createOffering(db, { slug: "Not A Slug" }));
    await rejects(() => createOffering(db, { kind: "private", defaultCapacity: 2 }));
    await rejects(() => createOffering(db, { slug: "constraints-workshop" })); // duplicate slug
  });

  it("rejects slots with bad values", async () => {
    const { db } = testDatabase();
    await rejects(() => createSlot(db, offering, "2027-01-06T18:00:00Z", { capacity: 0 }));
    await rejects(() =>
      createSlot(db, offering, "2027-01-07T18:00:00Z", { endsAt: new Date("2027-01-07T17:00:00Z") }),
    );
    await rejects(() => createSlot(db, offering, "2027-01-08T18:00:00Z", { status: "maybe" as never }));
    await rejects(() => createSlot(db, offering, "2027-01-09T18:00:00Z", { capacity: 5, seatsTaken: 6 }));
    await rejects(() => createSlot(db, offering, "2027-01-05T18:00:00Z")); // same offering and start
    await rejects(() =>
      db.insert(slots).values({
        offeringId: "00000000-0000-0000-0000-000000000000",
        startsAt: new Date("2027-01-10T18:00:00Z"),
        endsAt: new Date("2027-01-10T19:00:00Z"),
        capacity: 5,
      }),
    );
  });

  it("refuses to take more seats than the slot has", async () => {
    const { db } = testDatabase();
    await rejects(() => db.update(slots).set({ seatsTaken: sql`${slots.capacity} + 1` }));
  });

  it("rejects bookings with bad values", async () => {
    const { db } = testDatabase();
    const pending = { status: "pending_payment", holdsSeats: false, amountPaidMinor: null, confirmedAt: null } as const;
    const book = (overrides: Partial<NewBooking> = {}) => createBooking(db, slot, { ...pending, ...overrides });
    await book({ reference: "PFM-TEST" });
    await rejects(() => book({ seats: 0 }));
    await rejects(() => book({ status: "lost" as never }));
    await rejects(() => book({ amountTotalMinor: -5 }));
    await rejects(() => book({ painLocation: "elbow" as never }));
    await rejects(() => book({ painDuration: "forever" as never }));
    await rejects(() => book({ status: "expired", holdsSeats: true }));
    await rejects(() => book({ reference: "PFM-TEST" })); // duplicate reference
  });
});
