import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { action as dateAction } from "../../app/routes/staff.schedule.$slotId";
import { action as seriesAction } from "../../app/routes/staff.schedule.series.new";
import { action as offeringAction } from "../../app/routes/staff.offerings.$offeringId";
import { action as instructorsAction } from "../../app/routes/staff.instructors._index";
import { auditEvents, bookings, offerings, slots } from "../../db/schema";
import { routeArgs } from "../helpers/app";
import { outcomeOf } from "../helpers/booking";
import { staffCookies } from "../helpers/staff";
import { useBookingApp } from "../helpers/booking-app";
import { createBooking, createOffering, createSlot } from "../helpers/fixtures";

const DAY = 24 * 3_600_000;

/**
 * The console's schedule forms as HTTP sees them: bad input answers 400 beside its field and
 * changes nothing, a refusal answers with its own status, a success redirects with what happened.
 * (The rules themselves are the schedule domain's tests; the browser tests drive the pages.)
 */
describe("the schedule's console forms", () => {
  const { db, app } = useBookingApp();
  const cookies = { staff: "", owner: "" };

  beforeAll(async () => {
    Object.assign(cookies, await staffCookies(db(), app(), "forms"));
  });

  type Action = (args: never) => Promise<unknown>;
  async function post(
    action: Action,
    path: string,
    params: Record<string, string>,
    as: "staff" | "owner",
    body: URLSearchParams | FormData
  ) {
    const request = new Request(`http://localhost${path}`, {
      method: "POST",
      headers: { Cookie: cookies[as], ...(body instanceof URLSearchParams ? { "Content-Type": "application/x-www-form-urlencoded" } : {}) },
      body,
    });
    try {
      return await outcomeOf(await action(routeArgs(request, params)));
    } catch (thrown) {
      if (thrown instanceof Response) return outcomeOf(thrown);
      throw thrown;
    }
  }
  const auditCount = async () => (await db().select({ n: count() }).from(auditEvents))[0]!.n;
  const form = (fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) body.append(name, item);
    return body;
  };
  const errorsOf = (body: unknown) => (body as { result: { error: Record<string, string[]> } }).result.error;

  it("answers bad input with 400 beside the field, and a form carrying a file with 400, changing nothing", async () => {
    const offering = await createOffering(db());
    const slot = await createSlot(db(), offering, new Date(Date.now() + 10 * DAY));
    const before = await auditCount();
    const path = `/staff/schedule/${slot.id}`;
    const bad = await post(dateAction, path, { slotId: slot.id }, "staff", form({ intent: "edit", time: "18:00", capacity: "lots" }));
    expect(bad.status).toBe(400);
    expect(errorsOf(bad.body).capacity).toEqual(["Please enter the number of places as a whole number."]);

    const withFile = new FormData();
    withFile.append("intent", "edit");
    withFile.append("capacity", new Blob(["12"]), "places.txt");
    const file = await post(dateAction, path, { slotId: slot.id }, "staff", withFile);
    expect(file.status).toBe(400);
    expect(file.body).toBe("Files can't be attached to this form.");

    const unknown = await post(dateAction, path, { slotId: slot.id }, "staff", form({ intent: "anything" }));
    expect(unknown.status).toBe(400);
    const [after] = await db().select().from(slots).where(eq(slots.id, slot.id));
    expect(after!.capacity).toBe(slot.capacity);
    expect(await auditCount()).toBe(before);
  });

  it("lets only the owner cancel a date: staff get 403; the owner must confirm; a second cancel changes nothing", async () => {
    const offering = await createOffering(db());
    const slot = await createSlot(db(), offering, new Date(Date.now() + 12 * DAY));
    const booking = await createBooking(db(), slot);
    const path = `/staff/schedule/${slot.id}`;
    const cancel = (as: "staff" | "owner", fields: Record<string, string>) =>
      post(dateAction, path, { slotId: slot.id }, as, form({ intent: "cancel", ...fields }));
    const before = await auditCount();

    expect((await cancel("staff", { confirm: "yes" })).status).toBe(403);
    const unconfirmed = await cancel("owner", { message: "Sorry!" });
    expect(unconfirmed.status).toBe(400);
    expect(errorsOf(unconfirmed.body).confirm).toEqual(["Please tick the box to confirm: this can't be undone."]);
    expect((await db().select().from(slots).where(eq(slots.id, slot.id)))[0]!.status).toBe("scheduled");
    expect(await auditCount()).toBe(before);

    const done = await cancel("owner", { confirm: "yes", message: "Our coach is unwell." });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`${path}?cancelled&bookings=1&holds=0`);
    expect((await db().select().from(bookings).where(eq(bookings.id, booking.id)))[0]!).toMatchObject({
      status: "cancelled",
      cancelledBy: "studio",
    });
    const again = await cancel("owner", { confirm: "yes" });
    expect(again.location).toBe(`${path}?already-cancelled`);
    expect(await auditCount()).toBe(before + 1);
  });

  it("lets staff edit an offering but not its price (403), keeping the price when they leave it out", async () => {
    const offering = await createOffering(db(), { priceMinor: 2500 });
    const path = `/staff/offerings/${offering.id}`;
    const fields = {
      intent: "save",
      kind: "workshop",
      title: "Knee Strength, renamed",
      slug: offering.slug,
      summary: offering.summary,
      description: offering.description,
      whatToBring: "Water\nA towel",
      durationMinutes: "60",
      defaultCapacity: "10",
      location: offering.location,
    };
    const priced = await post(offeringAction, path, { offeringId: offering.id }, "staff", form({ ...fields, price: "99" }));
    expect(priced.status).toBe(403);
    expect(errorsOf(priced.body).price).toEqual(["Only the studio's owner can change the price."]);

    const saved = await post(offeringAction, path, { offeringId: offering.id }, "staff", form(fields));
    expect(saved).toMatchObject({ status: 303, location: `${path}?saved` });
    const [after] = await db().select().from(offerings).where(eq(offerings.id, offering.id));
    expect(after).toMatchObject({ title: "Knee Strength, renamed", priceMinor: 2500, whatToBring: ["Water", "A towel"] });

    const archived = await post(offeringAction, path, { offeringId: offering.id }, "staff", form({ intent: "archive" }));
    expect(archived).toMatchObject({ status: 303, location: `${path}?archived` });
    expect((await db().select().from(offerings).where(eq(offerings.id, offering.id)))[0]!.active).toBe(false);
  });

  it("previews a weekly series (200, every date), then creates it and goes to the schedule to show them", async () => {
    const offering = await createOffering(db(), { title: "Series Workshop" });
    const fields = {
      offeringId: offering.id,
      weekdays: ["2", "4"],
      startTime: "18:00",
      firstDate: "2031-03-03",
      lastDate: "2031-03-16",
      capacity: "8",
      skipDates: "2031-03-06",
    };
    const path = "/staff/schedule/series/new";
    const preview = await post(seriesAction, path, {}, "staff", form({ ...fields, intent: "preview" }));
    expect(preview.status).toBe(200);
    const shown = (preview.body as { preview: { dates: { day: string; time: string }[]; leftOut: { words: string }[]; fingerprint: string } }).preview;
    expect(shown.dates.map((date) => `${date.day} ${date.time}`)).toEqual([
      "Tuesday 4 March 2031 18:00–19:00 GMT",
      "Tuesday 11 March 2031 18:00–19:00 GMT",
      "Thursday 13 March 2031 18:00–19:00 GMT",
    ]);
    expect(shown.leftOut.map((left) => left.words)).toEqual(["Skipped: 6 March is on your list of dates to skip"]);
    expect(await db().select().from(slots).where(eq(slots.offeringId, offering.id))).toHaveLength(0);

    // Creating asks for the preview: without it, or after the form changed, nothing is made.
    const unpreviewed = await post(seriesAction, path, {}, "staff", form({ ...fields, intent: "create" }));
    expect(unpreviewed.status).toBe(400);
    const changed = await post(seriesAction, path, {}, "staff", form({ ...fields, lastDate: "2031-03-23", intent: "create", previewed: shown.fingerprint }));
    expect(changed.status).toBe(409);
    expect(await db().select().from(slots).where(eq(slots.offeringId, offering.id))).toHaveLength(0);

    const created = await post(seriesAction, path, {}, "staff", form({ ...fields, intent: "create", previewed: shown.fingerprint }));
    expect(created.status).toBe(303);
    expect(created.location).toBe(`/staff/schedule?created=3&from=2031-03-04&offering=${offering.id}`);
    expect(await db().select().from(slots).where(eq(slots.offeringId, offering.id))).toHaveLength(3);
  });

  it("answers a refusal with its own status beside its field: an instructor's name taken is 409", async () => {
    const first = await post(instructorsAction, "/staff/instructors", {}, "staff", form({ name: "Sam Okafor" }));
    expect(first.status).toBe(303);
    const twin = await post(instructorsAction, "/staff/instructors", {}, "staff", form({ name: "sam okafor" }));
    expect(twin.status).toBe(409);
    expect(errorsOf(twin.body).name).toEqual(["There's already an instructor called sam okafor."]);
  });
});
