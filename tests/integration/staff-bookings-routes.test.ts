import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { action as bookingAction, loader as bookingLoader } from "../../app/routes/staff.bookings.$bookingId";
import { loader as searchLoader } from "../../app/routes/staff.bookings._index";
import { auditEvents, bookings, emailMessages, refunds, slots } from "../../db/schema";
import { routeArgs } from "../helpers/app";
import { outcomeOf } from "../helpers/booking";
import { staffCookies } from "../helpers/staff";
import { useBookingApp } from "../helpers/booking-app";
import { createBooking, createOffering, createSlot } from "../helpers/fixtures";

const DAY = 24 * 3_600_000;

/**
 * The console's bookings pages as HTTP sees them: the search reads its filters (a bad one is
 * named with 400), a booking's page shows its file (never the intake), and its forms answer bad
 * input with 400 and refusals with their status, changing nothing; a change redirects.
 * (The rules are the domain's tests; the browser test drives the pages.)
 */
describe("the console's bookings pages", () => {
  const { db, app } = useBookingApp();
  const cookies = { staff: "", owner: "" };

  beforeAll(async () => {
    Object.assign(cookies, await staffCookies(db(), app(), "desk"));
  });

  async function call(handler: (args: never) => Promise<unknown>, path: string, params: Record<string, string>, as: "staff" | "owner", body?: URLSearchParams) {
    const request = new Request(`http://localhost${path}`, {
      method: body ? "POST" : "GET",
      headers: { Cookie: cookies[as], ...(body ? { "Content-Type": "application/x-www-form-urlencoded" } : {}) },
      body,
    });
    try {
      return await outcomeOf(await handler(routeArgs(request, params)));
    } catch (thrown) {
      if (thrown instanceof Response) return outcomeOf(thrown);
      throw thrown;
    }
  }
  const counts = async () => ({
    audit: (await db().select({ n: count() }).from(auditEvents))[0]!.n,
    refunds: (await db().select({ n: count() }).from(refunds))[0]!.n,
    emails: (await db().select({ n: count() }).from(emailMessages))[0]!.n,
  });
  const errorsOf = (body: unknown) => (body as { result: { error: Record<string, string[]> } }).result.error;

  async function bookedDate() {
    const offering = await createOffering(db());
    const slot = await createSlot(db(), offering, new Date(Date.now() + 10 * DAY));
    const later = await createSlot(db(), offering, new Date(Date.now() + 17 * DAY));
    const booking = await createBooking(db(), slot, { customerName: "Zofia Quill", customerEmail: "zofia.quill@example.com" });
    await db().update(slots).set({ seatsTaken: 1 }).where(eq(slots.id, slot.id));
    return { offering, slot, later, booking };
  }

  it("search finds by any part of name, email or reference, case aside; a filter it can't read is named with 400", async () => {
    const { booking, offering } = await bookedDate();
    for (const q of ["zofia", "QUILL@EXAMPLE", booking.reference.toLowerCase()]) {
      const found = await call(searchLoader, `/staff/bookings?q=${encodeURIComponent(q)}`, {}, "staff");
      expect(found.status).toBe(200);
      const rows = (found.body as { result: { rows: { reference: string }[] } }).result.rows;
      expect(rows.map((row) => row.reference)).toEqual([booking.reference]);
    }
    const byOffering = await call(searchLoader, `/staff/bookings?offering=${offering.id}&status=confirmed`, {}, "staff");
    expect((byOffering.body as { result: { total: number } }).result.total).toBe(1);
    // "%" is a letter here, not "anything".
    const wildcard = await call(searchLoader, "/staff/bookings?q=%25", {}, "staff");
    expect((wildcard.body as { result: { total: number } }).result.total).toBe(0);

    const bad = await call(searchLoader, "/staff/bookings?from=yesterday&status=lost", {}, "staff");
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: Record<string, string> }).errors).toMatchObject({
      from: "Use a date like 2026-12-01.",
      status: "Choose a state from the list.",
    });
  });

  it("a booking's page shows its facts and history but never the intake; an unknown booking is 404", async () => {
    const { booking } = await bookedDate();
    const page = await call(bookingLoader, `/staff/bookings/${booking.id}`, { bookingId: booking.id }, "staff");
    expect(page.status).toBe(200);
    const text = JSON.stringify(page.body);
    expect(text).toContain(booking.reference);
    expect(text).toContain("Zofia Quill");
    expect(text).not.toMatch(/stairs|tendon|6-weeks/);
    expect((page.body as { isOwner: boolean }).isOwner).toBe(false);

    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await call(bookingLoader, `/staff/bookings/${unknown}`, { bookingId: unknown }, "staff")).status).toBe(404);
    expect((await call(bookingLoader, "/staff/bookings/nope", { bookingId: "nope" }, "staff")).status).toBe(404);
  });

  it("answers bad input with 400 beside the field and a refused change with its status, changing nothing", async () => {
    const { booking, later } = await bookedDate();
    const path = `/staff/bookings/${booking.id}`;
    const params = { bookingId: booking.id };
    const before = await counts();

    const badAmount = await call(bookingAction, path, params, "owner", new URLSearchParams({ intent: "preview-refund", amount: "ten" }));
    expect(badAmount.status).toBe(400);
    expect(errorsOf(badAmount.body).amount).toEqual(["Enter the amount in pounds, like 12 or 12.50."]);

    const tooMuch = await call(bookingAction, path, params, "owner", new URLSearchParams({ intent: "refund", amount: "25.01" }));
    expect(tooMuch.status).toBe(400);
    expect(errorsOf(tooMuch.body).amount).toEqual(["At most £25 can still be refunded."]);

    const staffRefund = await call(bookingAction, path, params, "staff", new URLSearchParams({ intent: "refund", amount: "5", cancel: "on" }));
    expect(staffRefund.status).toBe(403);

    const noDate = await call(bookingAction, path, params, "staff", new URLSearchParams({ intent: "move" }));
    expect(noDate.status).toBe(400);
    expect(errorsOf(noDate.body).slotId).toEqual(["Choose the date to move to."]);

    const unknownIntent = await call(bookingAction, path, params, "staff", new URLSearchParams({ intent: "delete" }));
    expect(unknownIntent.status).toBe(400);

    expect(await counts()).toEqual(before);
    const [unchanged] = await db().select().from(bookings).where(eq(bookings.id, booking.id));
    expect(unchanged).toMatchObject({ status: "confirmed", slotId: booking.slotId, calendarSequence: 0 });

    // The preview changes nothing either, and says what would happen.
    const preview = await call(bookingAction, path, params, "owner", new URLSearchParams({ intent: "preview-refund", amount: "12", cancel: "on" }));
    expect(preview.status).toBe(200);
    expect((preview.body as { preview: { sentence: string } }).preview.sentence).toMatch(
      /^Refund £12 of £25 to the card (ending \d{4}|it was paid with), cancel the booking and release its places\.$/,
    );
    expect(await counts()).toEqual(before);

    // Then changes, each redirecting to the booking with what happened.
    const moved = await call(bookingAction, path, params, "staff", new URLSearchParams({ intent: "move", slotId: later.id }));
    expect(moved.status).toBe(303);
    expect(moved.location).toBe(`${path}?done=moved`);
    const resent = await call(bookingAction, path, params, "staff", new URLSearchParams({ intent: "resend" }));
    expect(resent.location).toBe(`${path}?done=resent`);
    const refunded = await call(bookingAction, path, params, "owner", new URLSearchParams({ intent: "refund", amount: "12", cancel: "on" }));
    expect(refunded.location).toBe(`${path}?done=cancelled`);
    const [after] = await db().select().from(bookings).where(eq(bookings.id, booking.id));
    expect(after).toMatchObject({ status: "cancelled", cancelledBy: "staff", slotId: later.id });
  });
});
