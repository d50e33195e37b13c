import type { Database } from "../../db/client";
import { offerings, slots, type NewOffering, type NewSlot } from "../../db/schema";

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
