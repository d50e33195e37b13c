import { count, eq } from "drizzle-orm";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { loader as imageLoader } from "../../app/routes/images.$file";
import { action as instructorPhotoAction } from "../../app/routes/staff.instructors.$instructorId_.photo";
import { action as offeringPhotoAction, loader as offeringPhotoLoader } from "../../app/routes/staff.offerings.$offeringId_.photo";
import { loadOfferingPage } from "../../app/catalog/offering-page.server";
import { getBookableSlot } from "../../app/booking/bookable-slot.server";
import { photoSrcSet } from "../../app/images/photo";
import { createStaffUser } from "../../app/staff/accounts.server";
import { COMMAND_LINE } from "../../app/staff/audit.server";
import { startStaffSession } from "../../app/staff/sessions.server";
import { auditEvents, imageRenditions, images, instructors, offerings } from "../../db/schema";
import { routeArgs } from "../helpers/app";
import { outcomeOf } from "../helpers/booking";
import { useBookingApp } from "../helpers/booking-app";
import { createInstructor, createOffering, createSlot } from "../helpers/fixtures";

const DAY = 24 * 3_600_000;
const MB = 1024 * 1024;

/** A photo made here, as a camera or an editor would: solid colour with a gradient band. */
function picture(width: number, height: number, { alpha = false } = {}) {
  const band = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect y="${height / 3}" width="${width}" height="${height / 3}" fill="#c8643c"/></svg>`,
  );
  return sharp({ create: { width, height, channels: alpha ? 4 : 3, background: alpha ? { r: 29, g: 84, b: 70, alpha: 0.6 } : "#1d5446" } }).composite([
    { input: band },
  ]);
}

/**
 * The console's photo upload as HTTP sees it: each accepted type comes out as WebP and JPEG
 * renditions with no metadata and never upscaled; a file that isn't an image, one too big in
 * pixels or in bytes, and a missing alt text are refused beside their field with nothing stored.
 */
describe("photos uploaded in the console", () => {
  const { db, app } = useBookingApp();
  let cookie = "";

  beforeAll(async () => {
    const user = await createStaffUser(db(), {
      email: "photos.staff@painfreeme.example",
      name: "Photo Staff",
      role: "staff",
      password: "correct horse battery staple",
      actor: COMMAND_LINE,
      now: new Date(),
    });
    const sessionId = await startStaffSession(db(), { staffUserId: user.id, now: new Date() });
    cookie = (await app().staffAuth.cookie.serialize(sessionId)).split(";")[0]!;
  });

  type Action = (args: never) => Promise<unknown>;
  async function upload(action: Action, path: string, params: Record<string, string>, fields: { photo?: Blob; fileName?: string; alt?: string; intent?: string }) {
    const body = new FormData();
    body.append("intent", fields.intent ?? "save");
    if (fields.photo) body.append("photo", fields.photo, fields.fileName ?? "photo.jpg");
    if (fields.alt !== undefined) body.append("alt", fields.alt);
    const request = new Request(`http://localhost${path}`, { method: "POST", headers: { Cookie: cookie }, body });
    try {
      return await outcomeOf(await action(routeArgs(request, params)));
    } catch (thrown) {
      if (thrown instanceof Response) return outcomeOf(thrown);
      throw thrown;
    }
  }
  const uploadForOffering = (offeringId: string, fields: Parameters<typeof upload>[3]) =>
    upload(offeringPhotoAction, `/staff/offerings/${offeringId}/photo`, { offeringId }, fields);
  const blob = (bytes: Buffer, type = "image/jpeg") => new Blob([new Uint8Array(bytes)], { type });
  const errorsOf = (body: unknown) => (body as { result: { error: Record<string, string[]> } }).result.error;
  const stored = async () => ({
    images: (await db().select({ n: count() }).from(images))[0]!.n,
    renditions: (await db().select({ n: count() }).from(imageRenditions))[0]!.n,
    audit: (await db().select({ n: count() }).from(auditEvents))[0]!.n,
  });
  async function renditionsOf(table: typeof offerings | typeof instructors, id: string) {
    const [row] = await db().select({ imageId: table.photoImageId, alt: table.photoAlt }).from(table).where(eq(table.id, id));
    const [image] = await db().select().from(images).where(eq(images.id, row!.imageId!));
    const renditions = await db().select().from(imageRenditions).where(eq(imageRenditions.imageId, image!.id));
    return { alt: row!.alt, image: image!, renditions: renditions.sort((a, b) => a.format.localeCompare(b.format) || a.width - b.width) };
  }
  async function expectNoMetadata(bytes: Buffer) {
    const metadata = await sharp(bytes).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(metadata.xmp).toBeUndefined();
    expect(metadata.iptc).toBeUndefined();
    expect(metadata.orientation).toBeUndefined();
    return metadata;
  }

  it("takes a JPEG with camera and GPS details: turned upright, resized to 480/960/1600 WebP and JPEG, every detail gone", async () => {
    const offering = await createOffering(db());
    // A portrait photo stored sideways, as phones do: 2400 × 1600 pixels with "rotate 90°" in its EXIF.
    const jpeg = await picture(2400, 1600)
      .jpeg({ quality: 90 })
      .withExif({
        IFD0: { Make: "Pixel", Model: "Phone 9", Copyright: "Someone" },
        IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 2/1", GPSLongitudeRef: "W", GPSLongitude: "0/1 7/1 5/1" },
      })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const original = await sharp(jpeg).metadata();
    expect(original.exif?.toString("latin1")).toContain("Pixel");
    expect(original.orientation).toBe(6);

    const answer = await uploadForOffering(offering.id, { photo: blob(jpeg), alt: "  A runner stretching on a mat.  " });
    expect(answer.status).toBe(303);
    expect(answer.location).toBe(`/staff/offerings/${offering.id}/photo?saved`);

    const { alt, image, renditions } = await renditionsOf(offerings, offering.id);
    expect(alt).toBe("A runner stretching on a mat.");
    expect(image).toMatchObject({ width: 1600, height: 2400, sourceFormat: "jpeg" });
    expect(image.key).toMatch(/^[0-9a-f]{16}$/);
    expect(renditions.map(({ format, width, height }) => [format, width, height])).toEqual([
      ["jpeg", 480, 720],
      ["jpeg", 960, 1440],
      ["jpeg", 1600, 2400],
      ["webp", 480, 720],
      ["webp", 960, 1440],
      ["webp", 1600, 2400],
    ]);
    for (const rendition of renditions) {
      const metadata = await expectNoMetadata(rendition.bytes);
      expect(metadata.format).toBe(rendition.format);
      expect([metadata.width, metadata.height]).toEqual([rendition.width, rendition.height]);
      expect(rendition.bytes.toString("latin1")).not.toContain("Pixel");
    }

    // Served at its content-hashed URL, cached for a year.
    const served = await imageLoader(routeArgs(new Request(`http://localhost/images/${image.key}-960.webp`), { file: `${image.key}-960.webp` }));
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("image/webp");
    expect(served.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(Buffer.from(await served.arrayBuffer()).equals(renditions.find((r) => r.format === "webp" && r.width === 960)!.bytes)).toBe(true);
    const missing = await imageLoader(routeArgs(new Request("http://localhost/images/x"), { file: `${image.key}-961.webp` }));
    expect(missing.status).toBe(404);

    // One audit event: what changed, never the bytes.
    const [event] = await db().select().from(auditEvents).where(eq(auditEvents.recordId, offering.id));
    expect(event).toMatchObject({ action: "offering.photo_set", recordType: "offering", staffName: "Photo Staff" });
    expect(event!.changes.after).toMatchObject({ photo: image.key, alt: "A runner stretching on a mat.", width: 1600, height: 2400, uploadedFormat: "jpeg" });
    expect(JSON.stringify(event!.changes).length).toBeLessThan(400);

    // The public page and its srcset name every rendition.
    const page = await loadOfferingPage(app(), { slug: offering.slug, kind: "workshop", now: new Date() });
    expect(page.offering.photo).toEqual({ key: image.key, width: 1600, height: 2400, alt: "A runner stretching on a mat." });
    expect(photoSrcSet(page.offering.photo!, "webp")).toBe(
      `/images/${image.key}-480.webp 480w, /images/${image.key}-960.webp 960w, /images/${image.key}-1600.webp 1600w`,
    );
  });

  it("takes a PNG with transparency and a WebP, never upscaling a small one", async () => {
    const offering = await createOffering(db());
    const png = await picture(700, 500, { alpha: true }).png().toBuffer();
    expect((await uploadForOffering(offering.id, { photo: blob(png, "image/png"), fileName: "studio.png", alt: "The studio." })).status).toBe(303);
    const fromPng = await renditionsOf(offerings, offering.id);
    expect(fromPng.image).toMatchObject({ width: 700, height: 500, sourceFormat: "png" });
    // 700 px wide: only the 480 rendition (no 960 or 1600 made from 700 pixels).
    expect(fromPng.renditions.map(({ format, width, height }) => [format, width, height])).toEqual([
      ["jpeg", 480, 343],
      ["webp", 480, 343],
    ]);
    for (const rendition of fromPng.renditions) await expectNoMetadata(rendition.bytes);

    const instructor = await createInstructor(db());
    const webp = await picture(1000, 1000).webp().withExif({ IFD0: { Make: "Editor" } }).toBuffer();
    const answer = await upload(instructorPhotoAction, `/staff/instructors/${instructor.id}/photo`, { instructorId: instructor.id }, {
      photo: blob(webp, "image/webp"),
      fileName: "coach.webp",
      alt: "The coach, smiling.",
    });
    expect(answer.status).toBe(303);
    const fromWebp = await renditionsOf(instructors, instructor.id);
    expect(fromWebp.image).toMatchObject({ width: 1000, height: 1000, sourceFormat: "webp" });
    expect(fromWebp.renditions.map(({ format, width }) => [format, width])).toEqual([
      ["jpeg", 480],
      ["jpeg", 960],
      ["webp", 480],
      ["webp", 960],
    ]);
    for (const rendition of fromWebp.renditions) await expectNoMetadata(rendition.bytes);

    // A tiny one is kept at its own width, not blown up.
    const tiny = await picture(300, 200).png().toBuffer();
    expect((await uploadForOffering(offering.id, { photo: blob(tiny, "image/png"), alt: "Small." })).status).toBe(303);
    expect((await renditionsOf(offerings, offering.id)).renditions.map(({ format, width }) => [format, width])).toEqual([
      ["jpeg", 300],
      ["webp", 300],
    ]);

    // The coach shows with photo and bio beside the dates they teach, and in the booking summary.
    const taught = await createOffering(db(), { defaultInstructorId: instructor.id });
    const slot = await createSlot(db(), taught, new Date(Date.now() + 5 * DAY), { instructorId: instructor.id });
    const page = await loadOfferingPage(app(), { slug: taught.slug, kind: "workshop", now: new Date() });
    expect(page.instructors).toEqual([{ id: instructor.id, name: instructor.name, bio: "A coach made by a test.", photo: expect.objectContaining({ alt: "The coach, smiling." }) }]);
    const bookable = await getBookableSlot(db(), { slotId: slot.id, now: new Date(), closesMinutesBefore: 120 });
    expect(bookable!.coach).toEqual({
      name: instructor.name,
      bio: "A coach made by a test.",
      photo: { key: fromWebp.image.key, width: 1000, height: 1000, alt: "The coach, smiling." },
    });
  });

  it("refuses a text file named photo.jpg, a 60-megapixel image and an 11 MB file, beside the field, storing nothing", async () => {
    const offering = await createOffering(db());
    const before = await stored();

    const text = await uploadForOffering(offering.id, {
      photo: blob(Buffer.from("Dear studio, this is a letter and not a photo at all.\n".repeat(20))),
      fileName: "photo.jpg",
      alt: "A photo.",
    });
    expect(text.status).toBe(400);
    expect(errorsOf(text.body).photo).toEqual(["That file isn't a JPEG, PNG or WebP photo we can read. Please choose another."]);

    // 10,000 × 6,000: small as a file (one colour), far too many pixels to decode.
    const huge = await sharp({ create: { width: 10_000, height: 6_000, channels: 3, background: "#f6d2ae" } }).jpeg({ quality: 50 }).toBuffer();
    expect(huge.length).toBeLessThan(10 * MB);
    const pixels = await uploadForOffering(offering.id, { photo: blob(huge), alt: "A photo." });
    expect(pixels.status).toBe(413);
    expect(errorsOf(pixels.body).photo).toEqual([
      "That photo is 10000 × 6000 pixels (60 megapixels); photos can be up to 40 megapixels. Please choose a smaller one.",
    ]);

    const eleven = await uploadForOffering(offering.id, { photo: blob(Buffer.alloc(11 * MB, 0xff)), alt: "A photo." });
    expect(eleven.status).toBe(413);
    expect(errorsOf(eleven.body).photo).toEqual(["That file is over 10 MB; photos can be up to 10 MB. Please choose a smaller one."]);

    // A truncated JPEG (the first half of a real one) is not a photo we can read either.
    const real = await picture(1200, 800).jpeg().toBuffer();
    const truncated = await uploadForOffering(offering.id, { photo: blob(real.subarray(0, real.length / 2)), alt: "Half." });
    expect(truncated.status).toBe(400);

    expect(await stored()).toEqual(before);
    expect((await db().select().from(offerings).where(eq(offerings.id, offering.id)))[0]!.photoImageId).toBeNull();
  });

  it("needs alt text (400 beside the field, nothing stored); with a photo set, the alt text changes alone; removing is audited", async () => {
    const offering = await createOffering(db());
    const jpeg = await picture(1000, 700).jpeg().toBuffer();
    const before = await stored();
    for (const alt of [undefined, "", "   "]) {
      const answer = await uploadForOffering(offering.id, { photo: blob(jpeg), alt });
      expect(answer.status).toBe(400);
      expect(errorsOf(answer.body).alt).toEqual(["Please describe the photo for people who can't see it."]);
    }
    const long = await uploadForOffering(offering.id, { photo: blob(jpeg), alt: "x".repeat(251) });
    expect(long.status).toBe(400);
    expect(errorsOf(long.body).alt).toEqual(["Please keep the alt text under 250 characters."]);
    expect(await stored()).toEqual(before);

    // No photo yet and no file: the photo field says so.
    const nothing = await uploadForOffering(offering.id, { alt: "Something." });
    expect(nothing.status).toBe(400);
    expect(errorsOf(nothing.body).photo).toEqual(["Please choose a photo to upload."]);

    expect((await uploadForOffering(offering.id, { photo: blob(jpeg), alt: "First words." })).status).toBe(303);
    const described = await uploadForOffering(offering.id, { alt: "Better words." });
    expect(described.location).toBe(`/staff/offerings/${offering.id}/photo?described`);
    const { alt, image } = await renditionsOf(offerings, offering.id);
    expect(alt).toBe("Better words.");

    // The same file again is stored once (its key is its hash).
    const other = await createOffering(db());
    expect((await uploadForOffering(other.id, { photo: blob(jpeg), alt: "Same photo." })).status).toBe(303);
    expect((await renditionsOf(offerings, other.id)).image.id).toBe(image.id);

    const page = await outcomeOf(
      await offeringPhotoLoader(routeArgs(new Request(`http://localhost/staff/offerings/${offering.id}/photo`, { headers: { Cookie: cookie } }), { offeringId: offering.id })),
    );
    expect(page.body).toMatchObject({ photo: { key: image.key, alt: "Better words." } });

    const removed = await upload(offeringPhotoAction, `/staff/offerings/${offering.id}/photo`, { offeringId: offering.id }, { intent: "remove" });
    expect(removed.location).toBe(`/staff/offerings/${offering.id}/photo?removed`);
    expect((await db().select().from(offerings).where(eq(offerings.id, offering.id)))[0]).toMatchObject({ photoImageId: null, photoAlt: null });
    const actions = (await db().select().from(auditEvents).where(eq(auditEvents.recordId, offering.id))).map((event) => event.action).sort();
    expect(actions).toEqual(["offering.photo_removed", "offering.photo_set", "offering.photo_set"]);
  });

  it("refuses visitors (401) and unknown records (404) before reading a photo", async () => {
    const jpeg = await picture(600, 400).jpeg().toBuffer();
    const body = new FormData();
    body.append("alt", "A photo.");
    body.append("photo", blob(jpeg), "photo.jpg");
    const offering = await createOffering(db());
    const anonymous = new Request(`http://localhost/staff/offerings/${offering.id}/photo`, { method: "POST", body });
    await expect(offeringPhotoAction(routeArgs(anonymous, { offeringId: offering.id }))).rejects.toMatchObject({ status: 401 });
    const unknown = await uploadForOffering("0b7c6f1e-2f63-4a5e-9a37-1d2e3f4a5b6c", { photo: blob(jpeg), alt: "A photo." });
    expect(unknown.status).toBe(404);
  });
});
