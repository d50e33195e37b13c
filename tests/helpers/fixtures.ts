import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import {
  bookings,
  instructors,
  offerings,
  slots,
  type NewBooking,
  type NewOffering,
  type NewSlot,
  type Slot,
} from "../../db/schema";

let counter = 0;
const nextId = () => `${Date.now().toString(36)}-${(counter++).toString(36)}`;

export async function createOffering(db: Database, overrides: Partial<NewOffering> = {}) {
  const kind = overrides.kind ?? "workshop";
  const [row] = await db
    .insert(offerings)
    .values({
      kind,
      slug: `test-offering-${nextId()}`,
      title: "Test Mobility Workshop",
      summary: "A test workshop.",
      description: "A workshop made by a test.",
      durationMinutes: 60,
      priceMinor: 2500,
      currency: "GBP",
      defaultCapacity: kind === "private" ? 1 : 10,
      location: "Test Studio, 1 Test Street",
      ...overrides,
    })
    .returning();
  return row!;
}

export async function createInstructor(db: Database, name = `Coach ${nextId()}`) {
  const [row] = await db.insert(instructors).values({ name, bio: "A coach made by a test." }).returning();
  return row!;
}

export async function createSlot(
  db: Database,
  offering: { id: string; durationMinutes: number; defaultCapacity: number },
  startsAt: Date | string,
  overrides: Partial<NewSlot> = {},
) {
  const start = new Date(startsAt);
  const [row] = await db
    .insert(slots)
    .values({
      offeringId: offering.id,
      startsAt: start,
      endsAt: new Date(start.getTime() + offering.durationMinutes * 60_000),
      capacity: offering.defaultCapacity,
      ...overrides,
    })
    .returning();
  return row!;
}

/**
 * A booking written straight to the database: by default one place, confirmed and paid, with
 * an intake the form could have produced. A booking that holds places moves its slot's
 * seats_taken in the same transaction, as the booking code does.
 */
export async function createBooking(db: Database, slot: Pick<Slot, "id">, overrides: Partial<NewBooking> = {}) {
  const seats = overrides.seats ?? 1;
  const unitPriceMinor = overrides.unitPriceMinor ?? 2500;
  const values: NewBooking = {
    reference: `PFM-${randomBytes(3).toString("hex").toUpperCase()}`,
    slotId: slot.id,
    seats,
    customerName: "Ann Runner",
    customerEmail: `ann.${randomBytes(3).toString("hex")}@example.com`,
    status: "confirmed",
    unitPriceMinor,
    amountTotalMinor: unitPriceMinor * seats,
    amountPaidMinor: unitPriceMinor * seats,
    paidCurrency: "GBP",
    paidAt: new Date(),
    paymentIntentId: `pi_fixture_${randomBytes(8).toString("hex")}`,
    currency: "GBP",
    holdsSeats: true,
    confirmedAt: new Date(),
    painLocation: "tendon",
    painDuration: "6-weeks-to-6-months",
    instructorNotes: "Worse on stairs.",
    ...overrides,
  };
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(bookings).values(values).returning();
    if (row!.holdsSeats) {
      await tx.update(slots).set({ seatsTaken: sql`${slots.seatsTaken} + ${row!.seats}` }).where(eq(slots.id, slot.id));
    }
    return row!;
  });
}
