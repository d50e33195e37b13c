import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { markAttendance } from "../../app/roster/attendance.server";
import { rosterCsv, rosterFileName } from "../../app/roster/roster-csv.server";
import { loadRoster } from "../../app/roster/roster.server";
import type { ScheduleActor } from "../../app/schedule/outcome";
import { createStaffUser } from "../../app/staff/accounts.server";
import { COMMAND_LINE } from "../../app/staff/audit.server";
import { loadDashboard } from "../../app/week/dashboard.server";
import { weekContaining } from "../../app/week/periods";
import { listDatesIn } from "../../app/week/week.server";
import { auditEvents, emailMessages, refunds } from "../../db/schema";
import { useTestDatabase } from "../helpers/db";
import { createBooking, createOffering, createSlot } from "../helpers/fixtures";

const TZ = "Europe/London";
/** Sunday 28 March 2027, 21:00 BST: the last evening of the week whose Sunday the clocks went forward. */
const NOW = new Date("2027-03-28T20:00:00Z");
const HOUR = 3_600_000;

/** The week, the dashboard's figures and a date's roster, against a known set of bookings. */
describe("the studio's week", () => {
  const testDatabase = useTestDatabase();
  const db = () => testDatabase().db;

  describe("dashboard figures match their definitions across a week with a clock change", () => {
    beforeAll(async () => {
      const offering = await createOffering(db(), { title: "Knee Reset", durationMinutes: 60, defaultCapacity: 10 });
      const later = await createSlot(db(), offering, "2027-06-01T17:00:00Z");
      const paid = (amount: number, at: string, overrides: Parameters<typeof createBooking>[2] = {}) =>
        createBooking(db(), later, {
          unitPriceMinor: amount,
          amountPaidMinor: amount,
          paidAt: new Date(at),
          confirmedAt: new Date(at),
          ...overrides,
        });
      // Payments: in the week (Monday 00:30 GMT, Sunday 23:59 BST), before it, after it, last month, another currency.
      const a = await paid(2800, "2027-03-22T00:30:00Z");
      const b = await paid(5000, "2027-03-21T23:30:00Z");
      const c = await paid(1500, "2027-03-28T22:59:00Z");
      await paid(700, "2027-03-28T23:00:00Z");
      await paid(9900, "2027-02-28T23:59:00Z");
      await paid(4000, "2027-03-24T12:00:00Z", { currency: "EUR", paidCurrency: "EUR" });
      // Made by staff at the studio: paid at the desk (part of the revenue) and complimentary (nothing paid).
      await paid(1200, "2027-03-23T10:00:00Z", { source: "studio", paymentMethod: "studio", paymentIntentId: null });
      await paid(0, "2027-03-26T10:00:00Z", { source: "studio", paymentMethod: "complimentary", paymentIntentId: null, customerEmail: null });
      await paid(900, "2027-03-01T10:00:00Z", { source: "studio", paymentMethod: "studio", paymentIntentId: null });
      const refund = (bookingId: string, amountMinor: number, status: "succeeded" | "pending" | "failed", settledAt: string | null, createdAt = settledAt) =>
        db().insert(refunds).values({
          bookingId,
          amountMinor,
          currency: "GBP",
          reason: "requested_in_stripe",
          requestedBy: "stripe_dashboard",
          idempotencyKey: `test-${bookingId}-${amountMinor}-${status}`,
          status,
          settledAt: settledAt ? new Date(settledAt) : null,
          createdAt: new Date(createdAt ?? NOW.getTime() - 2 * HOUR),
          updatedAt: new Date(settledAt ?? NOW.getTime() - 2 * HOUR),
        });
      await refund(a.id, 1000, "succeeded", "2027-03-25T10:00:00Z"); // this week
      await refund(a.id, 300, "failed", "2027-03-25T11:00:00Z"); // never counted
      await refund(b.id, 5000, "succeeded", "2027-04-01T00:00:00Z"); // 1 April BST: next month
      await refund(c.id, 500, "pending", null); // on its way, over an hour: needs attention

      // Dates for occupancy and today.
      const ended1 = await createSlot(db(), offering, "2027-03-10T18:00:00Z");
      await createBooking(db(), ended1, { seats: 4 });
      await createBooking(db(), ended1, { seats: 2, status: "cancelled", cancelledBy: "customer", holdsSeats: false });
      const ended2 = await createSlot(db(), offering, "2027-03-27T09:00:00Z", { capacity: 6 });
      await createBooking(db(), ended2, { seats: 6 });
      const cancelled = await createSlot(db(), offering, "2027-03-20T09:00:00Z", { capacity: 8, status: "cancelled" });
      void cancelled;
      await createSlot(db(), offering, "2027-02-20T09:00:00Z"); // ended more than four weeks ago
      const today = await createSlot(db(), offering, "2027-03-28T09:00:00Z", { capacity: 5 });
      await createBooking(db(), today, { seats: 3 });

      // Things to look at.
      // Refused payments count as payments, and their refunds when they succeed: 1p still on its
      // way back (its refund not yet settled), 25.00 paid and refunded in the same week.
      const problem = await createBooking(db(), later, { status: "expired", holdsSeats: false, paymentProblem: "payment_mismatch", amountPaidMinor: 1, paidAt: new Date(NOW.getTime() - 24 * HOUR), confirmedAt: null });
      const lateOne = await createBooking(db(), later, { status: "expired", holdsSeats: false, paymentProblem: "places_gone", paidAt: new Date(NOW.getTime() - 48 * HOUR), confirmedAt: null });
      await refund(lateOne.id, 2500, "succeeded", new Date(NOW.getTime() - 47 * HOUR).toISOString());
      await db().insert(emailMessages).values({
        bookingId: problem.id,
        kind: "booking_confirmed",
        toAddress: "x@example.com",
        sendAfter: NOW,
        status: "failed",
        messageId: "<failed@test>",
        updatedAt: new Date(NOW.getTime() - 3 * HOUR),
      });
    });

    it("counts revenue on the day paid and refunds on the day they succeeded, in the studio's zone and currency", async () => {
      const dashboard = await loadDashboard(db(), { now: NOW, timeZone: TZ, currency: "GBP" });
      // The week runs from Monday 22 March 00:00 GMT to Monday 29 March 00:00 BST (167 hours):
      // A 2800 + C 1500 - A's refund 1000, 1200 paid at the studio, and the refused payments 1 + 2500 - 2500.
      expect(dashboard.revenue).toEqual({ currency: "GBP", weekMinor: 4_501, monthMinor: 11_101, atStudioWeekMinor: 1_200, atStudioMonthMinor: 2_100 });
      // March runs to 1 April 00:00 BST: 2800 + 5000 + 1500 + 700 + 1200 + 900 - 1000 + 1 (B's refund lands in April).
      // Confirmed in the week: A, C, the EUR booking and the two made at the studio; in March also B, D and the 1 March one.
      expect(dashboard.bookings).toEqual({ week: 5, month: 8, complimentaryWeek: 1, complimentaryMonth: 1 });
    });

    it("occupancy is confirmed places over capacity of dates that ended in the last four weeks and weren't cancelled; today counts who is expected", async () => {
      const dashboard = await loadDashboard(db(), { now: NOW, timeZone: TZ, currency: "GBP" });
      expect(dashboard.occupancy).toEqual({ taken: 4 + 6 + 3, capacity: 10 + 6 + 5, dates: 3, ratio: 13 / 21 });
      expect(dashboard.today).toEqual({ dates: 1, expected: 3 });
    });

    it("lists what needs attention, newest first, without health data", async () => {
      const { attention } = await loadDashboard(db(), { now: NOW, timeZone: TZ, currency: "GBP" });
      // By when each happened: the stuck refund was asked 2 h ago, the email failed 3 h ago, the
      // payments came 1 and 2 days ago, the refund failed on 25 March.
      expect(attention.map((item) => item.kind)).toEqual(["refund_stuck", "email_failed", "payment_mismatch", "late_payment_refunded", "refund_failed"]);
      expect(attention.every((item) => item.bookingReference.startsWith("PFM-") && item.offeringTitle === "Knee Reset")).toBe(true);
      const text = JSON.stringify(attention);
      expect(text).not.toContain("Worse on stairs");
      expect(text).not.toContain("tendon");
    });

    it("the week shows every date starting in it, cancelled ones too, with places taken and people expected", async () => {
      const week = weekContaining("2027-03-24", NOW, TZ);
      const dates = await listDatesIn(db(), week);
      expect(dates.map((date) => [date.startsAt.toISOString(), date.status, date.placesTaken, date.expected, date.unmarked])).toEqual([
        ["2027-03-27T09:00:00.000Z", "scheduled", 6, 6, 1],
        ["2027-03-28T09:00:00.000Z", "scheduled", 3, 3, 1],
      ]);
      const before = await listDatesIn(db(), weekContaining("2027-03-20", NOW, TZ));
      expect(before.map((date) => date.status)).toEqual(["cancelled"]);
    });
  });

  describe("a date's roster", () => {
    let owner: ScheduleActor;
    beforeAll(async () => {
      const user = await createStaffUser(db(), {
        email: "roster.owner@painfreeme.example",
        name: "Olive Owner",
        role: "owner",
        password: "lantern hamstring river morning",
        actor: COMMAND_LINE,
        now: new Date(),
      });
      owner = { id: user.id, name: user.name, role: user.role };
    });

    async function dateWithPeople(startsAt: Date) {
      const offering = await createOffering(db(), { title: "Stride Clinic: Hills", durationMinutes: 60 });
      const slot = await createSlot(db(), offering, startsAt);
      const formula = await createBooking(db(), slot, { customerName: '=HYPERLINK("http://evil.example","Click")', customerEmail: "formula@example.com", customerPhone: "+44 7700 900123" });
      const accented = await createBooking(db(), slot, { customerName: "Zoë Ångström-Łukasiewicz", customerEmail: "zoe@example.com", seats: 2, instructorNotes: "Sharp pain under the kneecap on descents." });
      const paying = await createBooking(db(), slot, { status: "pending_payment", amountPaidMinor: null, paidAt: null, paidCurrency: null, confirmedAt: null, customerName: "Pat Paying" });
      const gone = await createBooking(db(), slot, { status: "cancelled", cancelledBy: "customer", holdsSeats: false, customerName: "Cal Cancelled" });
      const refused = await createBooking(db(), slot, { status: "expired", holdsSeats: false, paymentProblem: "places_gone", customerName: "Lee Late", confirmedAt: null });
      await createBooking(db(), slot, { status: "expired", holdsSeats: false, paidAt: null, amountPaidMinor: null, confirmedAt: null, customerName: "Ex Pired" });
      return { slot, formula, accented, paying, gone, refused };
    }

    it("lists who is coming with payment and intake, people still paying, and cancellations", async () => {
      const { slot, accented } = await dateWithPeople(new Date(Date.now() + 3 * 24 * HOUR));
      const roster = (await loadRoster(db(), slot.id))!;
      expect(roster.attendees.map((entry) => entry.name)).toEqual(['=HYPERLINK("http://evil.example","Click")', "Zoë Ångström-Łukasiewicz"]);
      expect(roster.beingPaidFor).toEqual({ bookings: 1, places: 1 });
      expect(roster.cancelled.map((entry) => entry.name)).toEqual(["Cal Cancelled"]);
      // A refused payment is listed (needs attention links to it); a hold that simply ran out is not.
      expect(roster.refusedPayments.map((entry) => [entry.name, entry.paymentProblem])).toEqual([["Lee Late", "places_gone"]]);
      const zoe = roster.attendees.find((entry) => entry.bookingId === accented.id)!;
      expect(zoe).toMatchObject({ seats: 2, paid: { amountMinor: 5000, currency: "GBP" }, intake: { painLocation: "tendon", notes: "Sharp pain under the kneecap on descents." } });
      expect(await loadRoster(db(), "00000000-0000-4000-8000-000000000000")).toBeNull();
    });

    it("marks attendance once the session has started, audited without the intake; refuses before, and for a booking that isn't confirmed", async () => {
      const future = await dateWithPeople(new Date(Date.now() + 3 * 24 * HOUR));
      const early = await markAttendance(db(), { actor: owner, slotId: future.slot.id, bookingId: future.formula.id, attendance: "attended", now: new Date() });
      expect(early).toMatchObject({ ok: false, status: 409, formErrors: ["Attendance can be marked once the session has started."] });

      const { slot, formula, accented, paying } = await dateWithPeople(new Date(Date.now() - 2 * HOUR));
      const mark = (bookingId: string, attendance: "attended" | "no_show" | null) =>
        markAttendance(db(), { actor: owner, slotId: slot.id, bookingId, attendance, now: new Date() });
      expect(await mark(formula.id, "attended")).toMatchObject({ ok: true, value: { attendance: "attended" } });
      expect(await mark(accented.id, "no_show")).toMatchObject({ ok: true });
      expect(await mark(accented.id, "no_show")).toMatchObject({ ok: true }); // the same mark again: no new event
      expect(await mark(paying.id, "attended")).toMatchObject({ ok: false, status: 409 });
      expect(await mark(future.formula.id, "attended")).toMatchObject({ ok: false, status: 404 }); // not on this roster

      const roster = (await loadRoster(db(), slot.id))!;
      expect(roster.attendees.map((entry) => entry.attendance)).toEqual(["attended", "no_show"]);
      const events = await db().select().from(auditEvents).where(eq(auditEvents.action, "booking.attendance_marked"));
      expect(events.map((event) => [event.recordId, event.changes.after?.attendance])).toEqual([
        [formula.id, "attended"],
        [accented.id, "no_show"],
      ]);
      expect(JSON.stringify(events)).not.toMatch(/kneecap|tendon|Zoë/);

      expect(await mark(formula.id, null)).toMatchObject({ ok: true, value: { attendance: null } });
      expect((await loadRoster(db(), slot.id))!.attendees[0]).toMatchObject({ attendance: null, attendanceMarkedAt: null });
    });

    it("exports CSV with a BOM, formulas escaped, Unicode names kept, times in the studio's zone, and no intake", async () => {
      const { slot } = await dateWithPeople(new Date("2027-07-06T17:00:00Z"));
      const roster = (await loadRoster(db(), slot.id))!;
      const csv = rosterCsv(roster, { timeZone: TZ, currency: "GBP" });
      expect(csv.startsWith("\ufeffReference,Name,Email,Phone,Places,Status,Paid,Paid by,Refunded,Attendance,Session,Booked at\r\n")).toBe(true);
      expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
      expect(csv).toContain("'+44 7700 900123");
      expect(csv).toContain("Zoë Ångström-Łukasiewicz");
      expect(csv).toContain("Stride Clinic: Hills, 2027-07-06 18:00 BST");
      expect(csv).toContain("Cancelled");
      expect(csv).not.toContain("Pat Paying");
      expect(csv).not.toMatch(/kneecap|tendon|Worse on stairs|6 weeks/i);
      expect(Buffer.from(csv, "utf8").includes(Buffer.from("Zoë", "utf8"))).toBe(true);
      expect(rosterFileName(roster, TZ)).toBe("roster-2027-07-06-stride-clinic-hills.csv");
    });
  });
});
