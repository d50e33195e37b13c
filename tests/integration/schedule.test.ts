import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { loadOfferingPage } from "../../app/catalog/offering-page.server";
import { listUpcomingWorkshopSlots } from "../../app/catalog/catalog.server";
import { createDate, editDate, skipDate } from "../../app/schedule/dates.server";
import { editDateSchema, offeringSchema, seriesSchema, type OfferingInput, type SeriesInput } from "../../app/schedule/forms";
import { createInstructor } from "../../app/schedule/instructors.server";
import { createOffering, setOfferingArchived, slugFromTitle, updateOffering } from "../../app/schedule/offerings.server";
import type { ScheduleActor } from "../../app/schedule/outcome";
import { createSeries, previewSeries } from "../../app/schedule/series.server";
import { createStaffUser } from "../../app/staff/accounts.server";
import { COMMAND_LINE } from "../../app/staff/audit.server";
import { auditEvents, offerings, slots, slotSeries } from "../../db/schema";
import { submitBookingForm, validBooking } from "../helpers/booking";
import { DAY, useBookingApp } from "../helpers/booking-app";
import { constraintOf } from "../helpers/db";
import { createBooking, createInstructor as insertInstructor, createOffering as insertOffering, createSlot } from "../helpers/fixtures";

const TZ = "Europe/London";
let counter = 0;

/** The studio's schedule as staff change it: offerings, instructors, dates and weekly series. */
describe("the schedule", () => {
  const world = useBookingApp();
  const { db, app } = world;
  let owner: ScheduleActor;
  let coach: ScheduleActor;

  beforeAll(async () => {
    const make = async (role: "owner" | "staff") => {
      const user = await createStaffUser(db(), {
        email: `schedule.${role}@painfreeme.example`,
        name: role === "owner" ? "Olive Owner" : "Sam Coach",
        role,
        password: "lantern hamstring river morning",
        actor: COMMAND_LINE,
        now: new Date(),
      });
      return { id: user.id, name: user.name, role: user.role };
    };
    owner = await make("owner");
    coach = await make("staff");
  });

  const offeringForm = (overrides: Record<string, string> = {}): OfferingInput =>
    offeringSchema.parse({
      kind: "workshop",
      title: `Hill Running Knees ${++counter}`,
      summary: "Strong knees for the hills.",
      description: "Ninety minutes on the hills.",
      whatToBring: "Running shoes\n\nWater\n",
      durationMinutes: 90,
      price: "28.50",
      defaultCapacity: 8,
      location: "The studio",
      ...overrides,
    });

  const seriesForm = (offeringId: string, overrides: Partial<Record<keyof SeriesInput, unknown>> = {}): SeriesInput =>
    seriesSchema.parse({ offeringId, weekdays: [2], startTime: "18:00", capacity: 8, skipDates: "", ...overrides });

  const auditOf = async (recordId: string) =>
    (await db().select().from(auditEvents).where(eq(auditEvents.recordId, recordId))).map((row) => row.action);

  describe("offerings", () => {
    it("an owner creates one: the slug comes from the title, the price from pounds, what to bring one line each, audited", async () => {
      const input = offeringForm({ title: "Knee Reset: Hills & Trails!" });
      const created = await createOffering(db(), { actor: owner, input, currency: "GBP", now: new Date() });
      expect(created.ok).toBe(true);
      if (!created.ok) return;
      expect(created.value).toMatchObject({ slug: "knee-reset-hills-and-trails", priceMinor: 2850, whatToBring: ["Running shoes", "Water"] });
      expect(await auditOf(created.value.id)).toEqual(["offering.created"]);
      expect(slugFromTitle("Café Knees — Level 2")).toBe("cafe-knees-level-2");
    });

    it("staff may edit an offering but not its price, and can't add one (it sets a price)", async () => {
      const created = await createOffering(db(), { actor: owner, input: offeringForm(), currency: "GBP", now: new Date() });
      if (!created.ok) throw new Error("setup");
      const id = created.value.id;
      const refused = await updateOffering(db(), { actor: coach, id, input: offeringForm({ title: "New title", price: "30" }), now: new Date() });
      expect(refused).toMatchObject({ ok: false, status: 403, fieldErrors: { price: [expect.stringContaining("owner")] } });
      expect((await db().select().from(offerings).where(eq(offerings.id, id)))[0]).toMatchObject({ priceMinor: 2850, title: created.value.title });
      const { price: _price, ...withoutPrice } = offeringForm({ title: "New title" });
      expect(await updateOffering(db(), { actor: coach, id, input: withoutPrice, now: new Date() })).toMatchObject({
        ok: true,
        value: { title: "New title", priceMinor: 2850 },
      });
      expect(await createOffering(db(), { actor: coach, input: offeringForm(), currency: "GBP", now: new Date() })).toMatchObject({ ok: false, status: 403 });
      expect(await auditOf(id)).toEqual(["offering.created", "offering.updated"]);
    });

    it("a new slug keeps the old one redirecting (301), nobody else may take the old one, and the offering may take it back", async () => {
      const created = await createOffering(db(), { actor: owner, input: offeringForm({ slug: "stride-clinic" }), currency: "GBP", now: new Date() });
      if (!created.ok) throw new Error("setup");
      await createSlot(db(), created.value, new Date(Date.now() + 5 * DAY));
      const renamed = await updateOffering(db(), { actor: owner, id: created.value.id, input: offeringForm({ slug: "stride-lab" }), now: new Date() });
      expect(renamed).toMatchObject({ ok: true, value: { slug: "stride-lab" } });

      const answer = await loadOfferingPage(app(), { slug: "stride-clinic", kind: "workshop", now: new Date() }).catch((thrown: unknown) => thrown);
      expect(answer).toBeInstanceOf(Response);
      expect((answer as Response).status).toBe(301);
      expect((answer as Response).headers.get("Location")).toBe("/workshops/stride-lab");
      const page = await loadOfferingPage(app(), { slug: "stride-lab", kind: "workshop", now: new Date() });
      expect(page.slots).toHaveLength(1);

      const other = await createOffering(db(), { actor: owner, input: offeringForm(), currency: "GBP", now: new Date() });
      if (!other.ok) throw new Error("setup");
      expect(await updateOffering(db(), { actor: owner, id: other.value.id, input: offeringForm({ slug: "stride-clinic" }), now: new Date() })).toMatchObject({
        ok: false,
        status: 409,
        fieldErrors: { slug: [expect.stringContaining("still leads there")] },
      });
      expect(await updateOffering(db(), { actor: owner, id: other.value.id, input: offeringForm({ slug: "stride-lab" }), now: new Date() })).toMatchObject({
        ok: false,
        fieldErrors: { slug: [expect.stringContaining("already used by")] },
      });
      expect(await updateOffering(db(), { actor: owner, id: created.value.id, input: offeringForm({ slug: "stride-clinic" }), now: new Date() })).toMatchObject({
        ok: true,
      });
      const back = await loadOfferingPage(app(), { slug: "stride-lab", kind: "workshop", now: new Date() }).catch((thrown: unknown) => thrown);
      expect((back as Response).headers.get("Location")).toBe("/workshops/stride-clinic");
    });

    it("archiving takes it out of the catalog and stops new bookings; its bookings and their links stand", async () => {
      const slot = await world.workshopSlot(10, 6 * DAY);
      const { booking, sessionId } = await world.bookAndCheckout(slot.id);
      await world.deliver(world.completedEvent(sessionId));
      const catalog = async () => (await listUpcomingWorkshopSlots(db(), { startsAfter: new Date(), limit: 500 })).map((row) => row.slot.id);
      expect(await catalog()).toContain(slot.id);

      expect(await setOfferingArchived(db(), { actor: coach, id: slot.offeringId, archived: true, now: new Date() })).toMatchObject({ ok: true });
      expect(await catalog()).not.toContain(slot.id);
      const refusedBooking = await submitBookingForm(slot.id, validBooking({ email: "late.comer@example.com" }), { clientIp: world.nextIp() });
      expect(refusedBooking.status).toBe(404);
      expect(await world.slotState(slot.id)).toMatchObject({ bookings: 1, seatsTaken: 1 });
      expect(await world.bookingFor(booking.customerEmail!)).toMatchObject({ status: "confirmed", holdsSeats: true });
      const { loader } = await import("../../app/routes/bookings.$token");
      const { routeArgs } = await import("../helpers/app");
      const token = world.tokenOf(booking);
      const page = (await loader(routeArgs(new Request(`http://localhost/bookings/${token}`), { token }))) as { status: string };
      expect(page.status).toBe("confirmed");
      expect(await auditOf(slot.offeringId)).toEqual(["offering.archived"]);
    });
  });

  describe("weekly series", () => {
    it("keeps 18:00 on the studio's clock across both clock changes of 2027", async () => {
      const offering = await insertOffering(db(), { durationMinutes: 60 });
      const input = seriesForm(offering.id, { firstDate: "2027-03-16", lastDate: "2027-11-09" });
      const created = await createSeries(db(), { actor: owner, input, timeZone: TZ, now: new Date() });
      expect(created.ok).toBe(true);
      const rows = await db().select().from(slots).where(eq(slots.offeringId, offering.id)).orderBy(slots.startsAt);
      expect(rows).toHaveLength(35);
      const utc = (date: string) => rows.find((row) => row.startsAt.toISOString().startsWith(date))?.startsAt.toISOString();
      expect(utc("2027-03-23")).toBe("2027-03-23T18:00:00.000Z"); // GMT
      expect(utc("2027-03-30")).toBe("2027-03-30T17:00:00.000Z"); // BST after 28 March
      expect(utc("2027-10-26")).toBe("2027-10-26T17:00:00.000Z"); // still BST
      expect(utc("2027-11-02")).toBe("2027-11-02T18:00:00.000Z"); // GMT after 31 October
      expect(rows.every((row) => row.seriesId === rows[0]!.seriesId && row.endsAt.getTime() - row.startsAt.getTime() === 3_600_000)).toBe(true);
      const [rule] = await db().select().from(slotSeries).where(eq(slotSeries.id, rows[0]!.seriesId!));
      expect(rule).toMatchObject({ weekdays: [2], startTime: "18:00", firstDate: "2027-03-16", lastDate: "2027-11-09" });
      expect(await auditOf(rule!.id)).toEqual(["series.created"]);
    });

    it("leaves out a time the clocks skip, naming it; an ambiguous autumn time takes its first occurrence", async () => {
      const offering = await insertOffering(db(), { durationMinutes: 45 });
      const input = seriesForm(offering.id, { weekdays: [7], startTime: "01:30", firstDate: "2027-03-21", lastDate: "2027-04-04", skipDates: "2027-04-04" });
      const preview = await previewSeries(db(), { input, timeZone: TZ, now: new Date() });
      if (!preview.ok) throw new Error("preview refused");
      expect(preview.value.dates.map((date) => date.startsAt.toISOString())).toEqual(["2027-03-21T01:30:00.000Z"]);
      expect(preview.value.leftOut.map((item) => item.words)).toEqual([
        "not created: 28 March, 01:30 doesn't exist that day (the clocks go forward)",
        "skipped: 4 April is on your list of dates to skip",
      ]);
      const autumn = await previewSeries(db(), {
        input: seriesForm(offering.id, { weekdays: [7], startTime: "01:30", firstDate: "2027-10-31", lastDate: "2027-10-31" }),
        timeZone: TZ,
        now: new Date(),
      });
      if (!autumn.ok) throw new Error("preview refused");
      expect(autumn.value.dates.map((date) => date.startsAt.toISOString())).toEqual(["2027-10-31T00:30:00.000Z"]);
    });

    it("names a clash in the preview and refuses to save until it is skipped", async () => {
      const coachRow = await insertInstructor(db());
      const busy = await insertOffering(db(), { title: "Ankle Clinic", durationMinutes: 60 });
      await createSlot(db(), busy, "2027-05-11T17:30:00.000Z", { instructorId: coachRow.id }); // 18:30 BST, Tuesday
      const offering = await insertOffering(db(), { durationMinutes: 60 });
      const input = seriesForm(offering.id, { firstDate: "2027-05-04", lastDate: "2027-05-18", instructorId: coachRow.id });
      const preview = await previewSeries(db(), { input, timeZone: TZ, now: new Date() });
      if (!preview.ok) throw new Error("preview refused");
      expect(preview.value.dates.map((date) => date.clash)).toEqual([
        null,
        `${coachRow.name} is already teaching Ankle Clinic on Tue 11 May, 18:30–19:30 BST.`,
        null,
      ]);
      const refused = await createSeries(db(), { actor: owner, input, timeZone: TZ, now: new Date() });
      expect(refused).toMatchObject({ ok: false, status: 409, formErrors: [expect.stringContaining("11 May")] });
      expect(await db().select().from(slots).where(eq(slots.offeringId, offering.id))).toEqual([]);
      const skipping = await createSeries(db(), { actor: owner, input: { ...input, skipDates: ["2027-05-11"] }, timeZone: TZ, now: new Date() });
      expect(skipping.ok).toBe(true);
      expect(await db().select().from(slots).where(eq(slots.offeringId, offering.id))).toHaveLength(2);
    });

    it("edits this date only, or this and later dates (the rule splits; earlier dates keep theirs)", async () => {
      const offering = await insertOffering(db(), { durationMinutes: 60 });
      const created = await createSeries(db(), { actor: owner, input: seriesForm(offering.id, { firstDate: "2027-01-05", lastDate: "2027-01-26" }), timeZone: TZ, now: new Date() });
      if (!created.ok) throw new Error("setup");
      const dates = async () => db().select().from(slots).where(eq(slots.offeringId, offering.id)).orderBy(slots.startsAt);
      const [first, second, third] = await dates();

      const onlyThis = await editDate(db(), app().effects, {
        actor: coach,
        slotId: second!.id,
        input: editDateSchema.parse({ time: "18:30", capacity: 6, scope: "this" }),
        now: new Date(),
      });
      expect(onlyThis.ok).toBe(true);
      const later = await editDate(db(), app().effects, {
        actor: coach,
        slotId: third!.id,
        input: editDateSchema.parse({ time: "19:15", capacity: 12, scope: "later" }),
        now: new Date(),
      });
      expect(later).toMatchObject({ ok: true });
      const after = await dates();
      expect(after.map((slot) => [slot.startsAt.toISOString(), slot.capacity])).toEqual([
        ["2027-01-05T18:00:00.000Z", 8],
        ["2027-01-12T18:30:00.000Z", 6],
        ["2027-01-19T19:15:00.000Z", 12],
        ["2027-01-26T19:15:00.000Z", 12],
      ]);
      expect(after[0]!.id).toBe(first!.id);
      const [oldRule] = await db().select().from(slotSeries).where(eq(slotSeries.id, created.value.seriesId));
      expect(oldRule).toMatchObject({ startTime: "18:00", lastDate: "2027-01-18" });
      const [newRule] = await db().select().from(slotSeries).where(eq(slotSeries.id, after[2]!.seriesId!));
      expect(newRule).toMatchObject({ startTime: "19:15", capacity: 12, firstDate: "2027-01-19", lastDate: "2027-01-26" });
      expect(after[3]!.seriesId).toBe(newRule!.id);
      expect(await auditOf(second!.id)).toEqual(["date.updated"]);
      expect(await auditOf(newRule!.id)).toEqual(["series.updated"]);
    });

    it("skips a date nobody booked, and refuses to skip one with bookings", async () => {
      const offering = await insertOffering(db(), { durationMinutes: 60 });
      const created = await createSeries(db(), { actor: owner, input: seriesForm(offering.id, { firstDate: "2027-02-02", lastDate: "2027-02-09" }), timeZone: TZ, now: new Date() });
      if (!created.ok) throw new Error("setup");
      const [first, second] = await db().select().from(slots).where(eq(slots.offeringId, offering.id)).orderBy(slots.startsAt);
      await createBooking(db(), first!, { holdsSeats: true });
      expect(await skipDate(db(), { actor: coach, slotId: first!.id, timeZone: TZ, now: new Date() })).toMatchObject({
        ok: false,
        status: 409,
        formErrors: [expect.stringContaining("has bookings")],
      });
      expect(await skipDate(db(), { actor: coach, slotId: second!.id, timeZone: TZ, now: new Date() })).toMatchObject({ ok: true, value: { status: "cancelled" } });
      const [rule] = await db().select().from(slotSeries).where(eq(slotSeries.id, created.value.seriesId));
      expect(rule!.skipDates).toEqual(["2027-02-09"]);
      expect(await auditOf(second!.id)).toEqual(["date.skipped"]);
    });
  });

  describe("one date", () => {
    it("never drops below the places taken, and says how many", async () => {
      const offering = await insertOffering(db(), { defaultCapacity: 10 });
      const slot = await createSlot(db(), offering, new Date(Date.now() + 7 * DAY));
      await createBooking(db(), slot, { seats: 3, holdsSeats: true });
      const refused = await editDate(db(), app().effects, {
        actor: coach,
        slotId: slot.id,
        input: editDateSchema.parse({ time: timeOf(slot.startsAt), capacity: 2 }),
        now: new Date(),
      });
      expect(refused).toMatchObject({ ok: false, status: 400, fieldErrors: { capacity: [expect.stringContaining("3 places are already taken")] } });
      expect((await db().select().from(slots).where(eq(slots.id, slot.id)))[0]!.capacity).toBe(10);
      expect(await auditOf(slot.id)).toEqual([]);
      expect(await editDate(db(), app().effects, { actor: coach, slotId: slot.id, input: editDateSchema.parse({ time: timeOf(slot.startsAt), capacity: 3 }), now: new Date() })).toMatchObject({ ok: true });
    });

    it("keeps an instructor in one place: the database itself refuses an overlap, and the form names the clash", async () => {
      const instructor = await insertInstructor(db(), `Dana Clash ${++counter}`);
      const offering = await insertOffering(db(), { title: "Glute Lab", durationMinutes: 60 });
      const other = await insertOffering(db(), { durationMinutes: 60 });
      const taken = await createSlot(db(), offering, "2027-06-08T17:00:00.000Z", { instructorId: instructor.id });

      // Straight to the database, past every check of ours.
      const raw = await createSlot(db(), other, "2027-06-08T17:30:00.000Z", { instructorId: instructor.id }).catch((error: unknown) => error);
      expect(constraintOf(raw)).toBe("slots_instructor_no_overlap");
      // Back to back is fine, and so is overlapping a cancelled date.
      await createSlot(db(), other, "2027-06-08T18:00:00.000Z", { instructorId: instructor.id });
      await db().update(slots).set({ status: "cancelled" }).where(eq(slots.id, taken.id));
      await createSlot(db(), other, "2027-06-08T16:30:00.000Z", { instructorId: instructor.id });

      const refused = await createDate(db(), app().effects, {
        actor: coach,
        input: { offeringId: other.id, date: "2027-06-15", time: "18:00", capacity: 10, instructorId: instructor.id },
        now: new Date(),
      });
      expect(refused).toMatchObject({ ok: true }); // nothing at that time yet
      const clash = await createDate(db(), app().effects, {
        actor: coach,
        input: { offeringId: offering.id, date: "2027-06-15", time: "18:30", capacity: 10, instructorId: instructor.id },
        now: new Date(),
      });
      expect(clash).toMatchObject({
        ok: false,
        status: 409,
        fieldErrors: { instructorId: [`${instructor.name} is already teaching ${other.title} on Tue 15 Jun, 18:00–19:00 BST.`] },
      });
      expect(await db().select().from(slots).where(and(eq(slots.offeringId, offering.id), eq(slots.startsAt, new Date("2027-06-15T17:30:00Z"))))).toEqual([]);
    });

    it("refuses a time the clocks skip, a time already passed, and an archived offering, in words", async () => {
      const offering = await insertOffering(db());
      const attempt = (input: Partial<{ date: string; time: string }>, offeringId = offering.id) =>
        createDate(db(), app().effects, { actor: coach, input: { offeringId, date: "2027-03-28", time: "01:30", capacity: 5, ...input }, now: new Date() });
      expect(await attempt({})).toMatchObject({ ok: false, fieldErrors: { time: ["01:30 doesn't exist on 28 March: the clocks go forward that night. Please choose another time."] } });
      expect(await attempt({ date: "2026-01-06", time: "18:00" })).toMatchObject({ ok: false, fieldErrors: { date: ["That time has already passed."] } });
      const archived = await insertOffering(db(), { active: false });
      expect(await attempt({ time: "18:00" }, archived.id)).toMatchObject({ ok: false, status: 409, fieldErrors: { offeringId: [expect.stringContaining("archived")] } });
    });
  });

  it("instructors are unique by name, without regard to case", async () => {
    const name = `Priya Stride ${++counter}`;
    expect(await createInstructor(db(), { actor: owner, input: { name, bio: "Physio", email: "Priya@Example.com" }, now: new Date() })).toMatchObject({
      ok: true,
      value: { email: "priya@example.com" },
    });
    expect(await createInstructor(db(), { actor: owner, input: { name: name.toUpperCase() }, now: new Date() })).toMatchObject({
      ok: false,
      status: 409,
      fieldErrors: { name: [expect.stringContaining("already an instructor")] },
    });
  });
});

function timeOf(at: Date): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: TZ, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}
