import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { slots } from "../../db/schema";
import {
  getOfferingWithUpcomingSlots,
  listPrivateOfferings,
  listUpcomingWorkshopSlots,
} from "../../app/catalog/catalog.server";
import { formatTimeRange, zoneAbbreviation } from "../../emails/format/time";
import { useTestDatabase } from "../helpers/db";
import { createBooking, createOffering, createSlot } from "../helpers/fixtures";

const NOW = new Date("2026-11-24T12:00:00Z");
const LONDON = "Europe/London";

describe("public catalog", () => {
  const testDatabase = useTestDatabase();

  it("offers only future, scheduled slots, with seats left counted from the slot", async () => {
    const { db } = testDatabase();
    const workshop = await createOffering(db, { slug: "catalog-workshop", defaultCapacity: 10 });
    await createSlot(db, workshop, "2026-11-20T18:00:00Z"); // past
    await createSlot(db, workshop, "2026-11-24T11:00:00Z"); // started an hour ago
    await createSlot(db, workshop, "2026-11-26T18:00:00Z", { status: "cancelled" });
    const open = await createSlot(db, workshop, "2026-11-27T18:00:00Z");
    await createBooking(db, open, { seats: 3 });
    const full = await createSlot(db, workshop, "2026-11-28T09:30:00Z");
    await createBooking(db, full, { seats: 10 });

    const page = await getOfferingWithUpcomingSlots(db, { slug: "catalog-workshop", startsAfter: NOW });
    expect(page?.slots.map((slot) => [slot.id, slot.seatsLeft])).toEqual([
      [open.id, 7],
      [full.id, 0],
    ]);

    const upcoming = await listUpcomingWorkshopSlots(db, { startsAfter: NOW, limit: 10 });
    expect(upcoming.filter((row) => row.offering.id === workshop.id).map((row) => row.slot.id)).toEqual([
      open.id,
      full.id,
    ]);
  });

  it("hides inactive offerings and answers null for unknown slugs", async () => {
    const { db } = testDatabase();
    const hidden = await createOffering(db, { slug: "retired-workshop", active: false });
    await createSlot(db, hidden, "2026-12-01T18:00:00Z");
    expect(await getOfferingWithUpcomingSlots(db, { slug: "retired-workshop", startsAfter: NOW })).toBeNull();
    expect(await getOfferingWithUpcomingSlots(db, { slug: "no-such-thing", startsAfter: NOW })).toBeNull();
    const upcoming = await listUpcomingWorkshopSlots(db, { startsAfter: NOW, limit: 50 });
    expect(upcoming.some((row) => row.offering.id === hidden.id)).toBe(false);
  });

  it("lists one-on-one sessions with their next free time, skipping booked ones", async () => {
    const { db } = testDatabase();
    const gait = await createOffering(db, { kind: "private", slug: "catalog-gait", title: "Gait check" });
    await createBooking(db, await createSlot(db, gait, "2026-11-25T10:00:00Z"));
    await createSlot(db, gait, "2026-11-25T14:00:00Z");
    await createSlot(db, gait, "2026-11-27T14:00:00Z");
    const unscheduled = await createOffering(db, { kind: "private", slug: "catalog-nothing", title: "Nothing yet" });

    const list = await listPrivateOfferings(db, { startsAfter: NOW });
    const gaitRow = list.find((row) => row.id === gait.id);
    expect(gaitRow?.nextFreeStartsAt).toBe("2026-11-25T14:00:00.000Z");
    expect(gaitRow?.freeSlotCount).toBe(2);
    const empty = list.find((row) => row.id === unscheduled.id);
    expect(empty).toMatchObject({ nextFreeStartsAt: null, freeSlotCount: 0 });
  });

  it("stores UTC and shows an 18:00 London slot as 18:00 in March (BST) and November (GMT)", async () => {
    const { db } = testDatabase();
    const evening = await createOffering(db, { slug: "dst-evening", durationMinutes: 60 });
    await createSlot(db, evening, "2027-03-30T17:00:00Z");
    await createSlot(db, evening, "2027-11-02T18:00:00Z");
    const page = await getOfferingWithUpcomingSlots(db, { slug: "dst-evening", startsAfter: NOW });
    const shown = page!.slots.map(
      (slot) => `${formatTimeRange(slot.startsAt, slot.endsAt, LONDON)} ${zoneAbbreviation(slot.startsAt, LONDON)}`,
    );
    expect(shown).toEqual(["18:00–19:00 BST", "18:00–19:00 GMT"]);

    const [stored] = await db.select({ startsAt: slots.startsAt }).from(slots).where(eq(slots.offeringId, evening.id));
    expect(stored!.startsAt.toISOString()).toBe("2027-03-30T17:00:00.000Z");
  });
});
