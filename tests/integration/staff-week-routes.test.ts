import { and, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { loader as homeLoader } from "../../app/routes/staff._index";
import { action as rosterAction, loader as rosterLoader } from "../../app/routes/staff.roster.$slotId";
import { loader as exportLoader } from "../../app/routes/staff.roster.$slotId.export";
import { createStaffUser } from "../../app/staff/accounts.server";
import { COMMAND_LINE } from "../../app/staff/audit.server";
import { startStaffSession } from "../../app/staff/sessions.server";
import { auditEvents, bookings } from "../../db/schema";
import { routeArgs } from "../helpers/app";
import { outcomeOf } from "../helpers/booking";
import { useBookingApp } from "../helpers/booking-app";
import { createBooking, createOffering, createSlot } from "../helpers/fixtures";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZONE = "Europe/London";
const NOTES = "Clicks on the stairs.\nWorse after hill repeats.";

/**
 * The week, a date's roster, its attendance form and its CSV export, as HTTP sees them: what the
 * loaders answer for odd addresses, the attendance form's 400, 404 and 409, a mark stored with
 * its audit event, and the export's headers and bytes (a BOM, no intake).
 */
describe("the week and the roster over HTTP", () => {
  const { db, app } = useBookingApp();
  let cookie = "";
  let staffUserId = "";

  beforeAll(async () => {
    const user = await createStaffUser(db(), {
      email: "week.staff@painfreeme.example",
      name: "Wren Desk",
      role: "staff",
      password: "correct horse battery staple",
      actor: COMMAND_LINE,
      now: new Date(),
    });
    staffUserId = user.id;
    const sessionId = await startStaffSession(db(), { staffUserId: user.id, now: new Date() });
    cookie = (await app().staffAuth.cookie.serialize(sessionId)).split(";")[0]!;
  });

  type RouteFn = (args: never) => Promise<unknown>;
  async function call(fn: RouteFn, path: string, params: Record<string, string>, body?: URLSearchParams) {
    const request = new Request(`http://localhost${path}`, {
      method: body ? "POST" : "GET",
      headers: { Cookie: cookie, ...(body ? { "Content-Type": "application/x-www-form-urlencoded" } : {}) },
      body,
    });
    try {
      return await outcomeOf(await fn(routeArgs(request, params)));
    } catch (thrown) {
      if (thrown instanceof Response) return outcomeOf(thrown);
      throw thrown;
    }
  }
  const mark = (slotId: string, fields: Record<string, string>) => call(rosterAction, `/staff/roster/${slotId}`, { slotId }, new URLSearchParams(fields));
  const errorsOf = (body: unknown) => (body as { result: { error: Record<string, string[]> } }).result.error;
  const auditFor = (recordId: string) => db().select().from(auditEvents).where(eq(auditEvents.recordId, recordId));

  async function dateWithAnn(startsAt: Date) {
    const offering = await createOffering(db(), { title: "Stride Clinic", durationMinutes: 60 });
    const slot = await createSlot(db(), offering, startsAt);
    const booking = await createBooking(db(), slot, { customerName: "Ann Runner", painLocation: "front", instructorNotes: NOTES });
    return { offering, slot, booking };
  }

  it("the home shows the week of ?week= (any day of it), and this week when the day is malformed, without any intake", async () => {
    // A Wednesday in a week of its own, far ahead, with one booked date on its Thursday.
    const { slot } = await dateWithAnn(DateTime.fromISO("2031-03-06T18:30", { zone: ZONE }).toJSDate());
    type Home = { week: { monday: string; heading: string; isThisWeek: boolean; previous: string; next: string; days: { iso: string; dates: { href: string; words: string; tone: string }[] }[] } };
    const asked = await call(homeLoader, "/staff?week=2031-03-05", {});
    expect(asked.status).toBe(200);
    const week = (asked.body as Home).week;
    expect(week).toMatchObject({ monday: "2031-03-03", heading: "3–9 March 2031", isThisWeek: false, previous: "/staff?week=2031-02-24", next: "/staff?week=2031-03-10" });
    expect(week.days.map((day) => day.iso)).toEqual(["2031-03-03", "2031-03-04", "2031-03-05", "2031-03-06", "2031-03-07", "2031-03-08", "2031-03-09"]);
    expect(week.days[3]!.dates).toEqual([expect.objectContaining({ href: `/staff/roster/${slot.id}`, words: "Places left", tone: "open" })]);
    const text = JSON.stringify(asked.body);
    expect(text).not.toContain("Clicks on the stairs");
    expect(text).not.toContain("kneecap");

    const thisMonday = DateTime.now().setZone(ZONE).startOf("week").toISODate();
    for (const odd of ["2031-02-31", "next-week", "2031-3-5", "<script>"]) {
      const answer = await call(homeLoader, `/staff?week=${encodeURIComponent(odd)}`, {});
      expect(answer.status).toBe(200);
      expect((answer.body as Home).week).toMatchObject({ monday: thisMonday, isThisWeek: true });
    }
  });

  it("a roster that doesn't exist, or an address that can't name one, is 404 (the page and the export)", async () => {
    for (const slotId of ["6f1c1f5e-8a47-4c43-9d53-1b1d2cbb2f0a", "not-a-date", "1"]) {
      expect((await call(rosterLoader, `/staff/roster/${slotId}`, { slotId })).status).toBe(404);
      expect((await call(exportLoader, `/staff/roster/${slotId}/export`, { slotId })).status).toBe(404);
      expect((await mark(slotId, { bookingId: "6f1c1f5e-8a47-4c43-9d53-1b1d2cbb2f0a", attendance: "attended" })).status).toBe(404);
    }
  });

  it("the roster shows each attendee's intake in words, with the notes' line breaks kept", async () => {
    const { slot, booking } = await dateWithAnn(new Date(Date.now() + 5 * DAY));
    const page = await call(rosterLoader, `/staff/roster/${slot.id}`, { slotId: slot.id });
    expect(page.status).toBe(200);
    const body = page.body as { attendees: { anchor: string; intake: Record<string, string | null> }[]; date: { started: boolean } };
    expect(body.date.started).toBe(false);
    expect(body.attendees).toHaveLength(1);
    expect(body.attendees[0]!.anchor).toBe(`booking-${booking.reference}`);
    expect(body.attendees[0]!.intake).toMatchObject({
      erased: null,
      location: "Front of the knee, around or behind the kneecap",
      duration: "Six weeks to six months",
      notes: NOTES,
    });
  });

  it("answers a bad attendance form with 400 and a mark before the start with 409, changing nothing", async () => {
    const { slot, booking } = await dateWithAnn(new Date(Date.now() + 2 * DAY));
    const bad = await mark(slot.id, { bookingId: "someone", attendance: "maybe" });
    expect(bad.status).toBe(400);
    expect(errorsOf(bad.body)).toMatchObject({ bookingId: ["That booking isn't on this roster."], attendance: ["Please choose Attended, No-show or Clear."] });
    const missing = await mark(slot.id, { bookingId: booking.id });
    expect(missing.status).toBe(400);

    const early = await mark(slot.id, { bookingId: booking.id, attendance: "attended" });
    expect(early.status).toBe(409);
    expect(errorsOf(early.body)[""]).toEqual(["Attendance can be marked once the session has started."]);
    expect(early.body).toMatchObject({ bookingId: booking.id });

    const [after] = await db().select().from(bookings).where(eq(bookings.id, booking.id));
    expect(after).toMatchObject({ attendance: null, attendanceMarkedAt: null });
    expect(await auditFor(booking.id)).toEqual([]);
  });

  it("once the session has started, marks a booking attended (stored, audited without the intake), then clears it; another date's booking is 404", async () => {
    const { slot, booking } = await dateWithAnn(new Date(Date.now() - 2 * HOUR));
    const other = await dateWithAnn(new Date(Date.now() - 3 * HOUR));

    const marked = await mark(slot.id, { bookingId: booking.id, attendance: "attended" });
    expect(marked.status).toBe(200);
    expect(marked.body).toMatchObject({ bookingId: booking.id, result: { status: "success" } });
    const [stored] = await db().select().from(bookings).where(eq(bookings.id, booking.id));
    expect(stored!.attendance).toBe("attended");
    expect(stored!.attendanceMarkedAt).toBeInstanceOf(Date);
    const events = await auditFor(booking.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "booking.attendance_marked",
      staffUserId,
      changes: { before: { attendance: null }, after: { reference: booking.reference, attendance: "attended" } },
    });
    expect(JSON.stringify(events[0]!.changes)).not.toMatch(/stairs|front|Ann/);

    const page = await call(rosterLoader, `/staff/roster/${slot.id}`, { slotId: slot.id });
    expect(page.body).toMatchObject({ date: { started: true, over: true }, marks: { unmarked: 0, attended: 1, noShow: 0 } });

    const cleared = await mark(slot.id, { bookingId: booking.id, attendance: "clear" });
    expect(cleared.status).toBe(200);
    expect((await db().select().from(bookings).where(eq(bookings.id, booking.id)))[0]).toMatchObject({ attendance: null, attendanceMarkedAt: null });

    const elsewhere = await mark(slot.id, { bookingId: other.booking.id, attendance: "no_show" });
    expect(elsewhere.status).toBe(404);
    expect((await db().select().from(bookings).where(eq(bookings.id, other.booking.id)))[0]!.attendance).toBeNull();
  });

  it("exports the roster as a UTF-8 CSV with a BOM, as an attachment never cached, with the mark and without the intake; the export is audited without personal data", async () => {
    const { slot, booking } = await dateWithAnn(new Date(Date.now() - 5 * HOUR));
    await createBooking(db(), slot, { customerName: "=Zoë Ångström", customerEmail: "zoe@example.com", seats: 2 });
    expect((await mark(slot.id, { bookingId: booking.id, attendance: "attended" })).status).toBe(200);

    const request = new Request(`http://localhost/staff/roster/${slot.id}/export`, { headers: { Cookie: cookie } });
    const response = (await exportLoader(routeArgs(request, { slotId: slot.id }))) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const day = DateTime.fromJSDate(slot.startsAt, { zone: ZONE }).toISODate();
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="roster-${day}-stride-clinic.csv"`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes).slice(1);
    const lines = text.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("Reference,Name,Email,Phone,Places,Status,Paid,Paid by,Refunded,Attendance,Session,Booked at");
    expect(lines).toHaveLength(3);
    expect(lines.find((line) => line.startsWith(booking.reference))).toContain(",Ann Runner,");
    expect(lines.find((line) => line.startsWith(booking.reference))).toContain(",Attended,");
    expect(text).toContain("'=Zoë Ångström");
    expect(text).not.toMatch(/stairs|hill repeats|kneecap|Six weeks/);

    const [event] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "roster.exported"), eq(auditEvents.recordId, slot.id)));
    expect(event).toMatchObject({ recordType: "slot", staffUserId, changes: { after: { rows: 2 } } });
    expect(JSON.stringify(event!.changes)).not.toMatch(/Ann|Zo|@/);
  });
});
