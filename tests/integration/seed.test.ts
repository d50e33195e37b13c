import { and, count, eq, gt } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { topUpDemoPhotos } from "../../app/images/demo-photos.server";
import { processPhoto } from "../../app/images/pipeline.server";
import { saveImage } from "../../app/images/store.server";
import { demoInstructors, demoOfferings } from "../../db/demo-data";
import { imageRenditions, images, instructors, offerings, sitePhotos, slots } from "../../db/schema";
import { topUpDemoData } from "../../db/seed";
import { useTestDatabase } from "../helpers/db";
import { createBooking } from "../helpers/fixtures";

const options = (now: Date) => ({ now, timeZone: "Europe/London", currency: "GBP", location: "Demo studio" });

describe("demo data top-up", () => {
  const testDatabase = useTestDatabase();

  it("creates at least three workshops and two one-on-one types with six weeks of slots", async () => {
    const { db } = testDatabase();
    const now = new Date("2026-11-24T12:00:00Z");
    const { slotsAdded } = await topUpDemoData(db, options(now));
    expect(slotsAdded).toBeGreaterThan(0);

    const kinds = await db.select({ kind: offerings.kind, n: count() }).from(offerings).groupBy(offerings.kind);
    expect(Object.fromEntries(kinds.map((row) => [row.kind, row.n]))).toMatchObject({
      workshop: expect.any(Number),
      private: expect.any(Number),
    });
    expect(kinds.find((row) => row.kind === "workshop")!.n).toBeGreaterThanOrEqual(3);
    expect(kinds.find((row) => row.kind === "private")!.n).toBeGreaterThanOrEqual(2);

    const all = await db.select({ startsAt: slots.startsAt }).from(slots);
    const latest = Math.max(...all.map((slot) => slot.startsAt.getTime()));
    const sixWeeks = 42 * 24 * 3600_000;
    expect(latest).toBeGreaterThan(now.getTime() + sixWeeks - 7 * 24 * 3600_000);
    expect(latest).toBeLessThanOrEqual(now.getTime() + sixWeeks + 24 * 3600_000);
    expect(all.every((slot) => slot.startsAt > now)).toBe(true);
  });

  it("is idempotent, tops up as time passes, and never touches a booked slot", async () => {
    const { db } = testDatabase();
    const now = new Date("2026-11-24T12:00:00Z");
    expect((await topUpDemoData(db, options(now))).slotsAdded).toBe(0);

    const [reset] = await db
      .select()
      .from(offerings)
      .where(eq(offerings.slug, demoOfferings[1]!.slug));
    const [firstSlot] = await db
      .select()
      .from(slots)
      .where(and(eq(slots.offeringId, reset!.id), gt(slots.startsAt, now)))
      .orderBy(slots.startsAt)
      .limit(1);
    await createBooking(db, firstSlot!, { seats: 2 });
    await db.update(slots).set({ notes: "two booked" }).where(eq(slots.id, firstSlot!.id));
    await db.update(offerings).set({ title: "Renamed by staff" }).where(eq(offerings.id, reset!.id));

    const weekLater = new Date(now.getTime() + 7 * 24 * 3600_000);
    expect((await topUpDemoData(db, options(weekLater))).slotsAdded).toBeGreaterThan(0);

    const [after] = await db.select().from(slots).where(eq(slots.id, firstSlot!.id));
    expect(after).toMatchObject({ seatsTaken: 2, notes: "two booked", capacity: firstSlot!.capacity });
    const [offeringAfter] = await db.select().from(offerings).where(eq(offerings.id, reset!.id));
    expect(offeringAfter!.title).toBe("Renamed by staff");
  });
});

describe("demo pictures", () => {
  const testDatabase = useTestDatabase();

  it("gives every demo offering, instructor and the hero a drawing stored like an upload, once, never over a staff photo", async () => {
    const { db } = testDatabase();
    const now = new Date("2026-11-24T12:00:00Z");
    await topUpDemoData(db, options(now));
    const [kept] = await db.select().from(instructors).where(eq(instructors.name, demoInstructors[0]!.name));
    // A photo staff set before the top-up stays.
    const staffPhoto = await processPhoto(await sharp({ create: { width: 800, height: 800, channels: 3, background: "#abc" } }).png().toBuffer());
    if (!staffPhoto.ok) throw new Error(staffPhoto.message);
    const staffImageId = await saveImage(db, staffPhoto.image, now);
    await db.update(instructors).set({ photoImageId: staffImageId, photoAlt: "Staff's own." }).where(eq(instructors.id, kept!.id));

    const { photosAdded } = await topUpDemoPhotos(db, { now });
    expect(photosAdded).toBe(demoOfferings.length + demoInstructors.length - 1 + 1);
    for (const offering of await db.select().from(offerings)) {
      expect(offering.photoImageId, offering.slug).not.toBeNull();
      expect(offering.photoAlt).toMatch(/^Drawing: /);
    }
    const [stillKept] = await db.select().from(instructors).where(eq(instructors.id, kept!.id));
    expect(stillKept).toMatchObject({ photoImageId: staffImageId, photoAlt: "Staff's own." });
    const [hero] = await db.select().from(sitePhotos);
    expect(hero).toMatchObject({ place: "home_hero", alt: expect.stringMatching(/^Drawing of the studio/) });
    const [heroImage] = await db.select().from(images).where(eq(images.id, hero!.imageId));
    expect(heroImage).toMatchObject({ width: 1600, height: 1200, sourceFormat: "svg" });
    const widths = await db.select({ format: imageRenditions.format, width: imageRenditions.width }).from(imageRenditions).where(eq(imageRenditions.imageId, hero!.imageId));
    expect(widths.map(({ format, width }) => `${format}-${width}`).sort()).toEqual(["jpeg-1600", "jpeg-480", "jpeg-960", "webp-1600", "webp-480", "webp-960"]);

    expect((await topUpDemoPhotos(db, { now })).photosAdded).toBe(0);
  });
});
