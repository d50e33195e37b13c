import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { imageRenditions, images, instructors, offerings, sitePhotos, slots, type NewBooking } from "../../db/schema";
import { constraintOf, useTestDatabase } from "../helpers/db";
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

  /** The database refuses the change, and says which of its rules did: not just any error. */
  const rejects = async (work: () => Promise<unknown>, constraint: string) => {
    const error = await work().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error, `expected ${constraint} to refuse it`).toBeDefined();
    expect(constraintOf(error)).toBe(constraint);
  };

  it("rejects offerings with bad values", async () => {
    const { db } = testDatabase();
    await rejects(() => createOffering(db, { defaultCapacity: 0 }), "offerings_capacity_check");
    await rejects(() => createOffering(db, { priceMinor: -1 }), "offerings_price_check");
    await rejects(() => createOffering(db, { durationMinutes: 0 }), "offerings_duration_check");
    await rejects(() => createOffering(db, { kind: "retreat" as never }), "offerings_kind_check");
    await rejects(() => createOffering(db, { currency: "pounds" }), "offerings_currency_check");
    await rejects(() => createOffering(db, { slug: "Not A Slug" }), "offerings_slug_format_check");
    await rejects(() => createOffering(db, { kind: "private", defaultCapacity: 2 }), "offerings_private_is_one_to_one_check");
    await rejects(() => createOffering(db, { slug: "constraints-workshop" }), "offerings_slug_key");
  });

  it("rejects photos without alt text, malformed image keys and renditions, and removing an image the hero still shows", async () => {
    const { db } = testDatabase();
    const [image] = await db.insert(images).values({ key: "0123456789abcdef", width: 800, height: 600, sourceFormat: "jpeg" }).returning();
    await rejects(() => db.insert(images).values({ key: "0123456789abcdef", width: 800, height: 600, sourceFormat: "png" }), "images_key_key");
    await rejects(() => db.insert(images).values({ key: "NOT-A-HASH", width: 800, height: 600, sourceFormat: "png" }), "images_key_format_check");
    await rejects(() => db.insert(images).values({ key: "0123456789abcdee", width: 0, height: 600, sourceFormat: "png" }), "images_size_check");
    const rendition = { imageId: image!.id, format: "webp" as const, width: 480, height: 360, bytes: Buffer.from([1, 2, 3]) };
    await db.insert(imageRenditions).values(rendition);
    await rejects(() => db.insert(imageRenditions).values(rendition), "image_renditions_pkey");
    await rejects(() => db.insert(imageRenditions).values({ ...rendition, format: "gif" as never }), "image_renditions_format_check");
    await rejects(() => db.insert(imageRenditions).values({ ...rendition, width: 960, height: 0 }), "image_renditions_size_check");
    const [stored] = await db.select().from(imageRenditions).where(sql`${imageRenditions.imageId} = ${image!.id}`);
    expect(Buffer.from(stored!.bytes)).toEqual(Buffer.from([1, 2, 3]));

    await rejects(() => db.update(offerings).set({ photoImageId: image!.id, photoAlt: " " }).where(sql`${offerings.id} = ${offering.id}`), "offerings_photo_alt_check");
    await rejects(() => db.update(offerings).set({ photoImageId: image!.id }).where(sql`${offerings.id} = ${offering.id}`), "offerings_photo_alt_check");
    const [coach] = await db.insert(instructors).values({ name: "Constraint Coach" }).returning();
    await rejects(() => db.update(instructors).set({ photoImageId: image!.id, photoAlt: "" }).where(sql`${instructors.id} = ${coach!.id}`), "instructors_photo_alt_check");
    await rejects(() => db.insert(sitePhotos).values({ place: "footer" as never, imageId: image!.id, alt: "A photo." }), "site_photos_place_check");
    await rejects(() => db.insert(sitePhotos).values({ place: "home_hero", imageId: image!.id, alt: " " }), "site_photos_alt_check");
    await db.insert(sitePhotos).values({ place: "home_hero", imageId: image!.id, alt: "The studio." });
    await rejects(() => db.delete(images).where(sql`${images.id} = ${image!.id}`), "site_photos_image_id_images_id_fk");
    await db.delete(sitePhotos);
  });

  it("rejects slots with bad values", async () => {
    const { db } = testDatabase();
    await rejects(() => createSlot(db, offering, "2027-01-06T18:00:00Z", { capacity: 0 }), "slots_capacity_check");
    await rejects(
      () => createSlot(db, offering, "2027-01-07T18:00:00Z", { endsAt: new Date("2027-01-07T17:00:00Z") }),
      "slots_time_order_check",
    );
    await rejects(() => createSlot(db, offering, "2027-01-08T18:00:00Z", { status: "maybe" as never }), "slots_status_check");
    await rejects(
      () => createSlot(db, offering, "2027-01-09T18:00:00Z", { capacity: 5, seatsTaken: 6 }),
      "slots_seats_taken_check",
    );
    await rejects(() => createSlot(db, offering, "2027-01-05T18:00:00Z"), "slots_offering_starts_at_key");
    await rejects(
      () =>
        db.insert(slots).values({
          offeringId: "00000000-0000-0000-0000-000000000000",
          startsAt: new Date("2027-01-10T18:00:00Z"),
          endsAt: new Date("2027-01-10T19:00:00Z"),
          capacity: 5,
        }),
      "slots_offering_id_offerings_id_fk",
    );
  });

  it("refuses to take more seats than the slot has", async () => {
    const { db } = testDatabase();
    await rejects(() => db.update(slots).set({ seatsTaken: sql`${slots.capacity} + 1` }), "slots_seats_taken_check");
  });

  it("rejects bookings with bad values", async () => {
    const { db } = testDatabase();
    const pending = { status: "pending_payment", holdsSeats: false, amountPaidMinor: null, confirmedAt: null } as const;
    const book = (overrides: Partial<NewBooking> = {}) => createBooking(db, slot, { ...pending, ...overrides });
    await book({ reference: "PFM-TEST" });
    await rejects(() => book({ seats: 0 }), "bookings_seats_check");
    await rejects(() => book({ status: "lost" as never }), "bookings_status_check");
    await rejects(() => book({ amountTotalMinor: -5 }), "bookings_amount_check");
    await rejects(() => book({ painLocation: "elbow" as never }), "bookings_pain_location_check");
    await rejects(() => book({ painDuration: "forever" as never }), "bookings_pain_duration_check");
    await rejects(() => book({ status: "expired", holdsSeats: true }), "bookings_holds_seats_status_check");
    await rejects(() => book({ status: "cancelled" }), "bookings_cancelled_has_who_check");
    await rejects(() => book({ paymentProblem: "too_late" as never }), "bookings_payment_problem_check");
    await rejects(() => book({ reference: "PFM-TEST" }), "bookings_reference_key");
  });
});
