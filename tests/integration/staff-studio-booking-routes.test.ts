import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { loader as homeLoader } from "../../app/routes/staff._index";
import { loader as rosterLoader } from "../../app/routes/staff.roster.$slotId";
import { action as addAction, loader as addLoader } from "../../app/routes/staff.roster.$slotId_.new";
import { loader as exportLoader } from "../../app/routes/staff.roster.$slotId.export";
import { auditEvents, bookings, emailMessages } from "../../db/schema";
import { routeArgs } from "../helpers/app";
import { outcomeOf } from "../helpers/booking";
import { DAY, useBookingApp } from "../helpers/booking-app";
import { staffCookies } from "../helpers/staff";
import { createOffering, createSlot } from "../helpers/fixtures";

/**
 * "Add a booking" on a date's roster as HTTP sees it: bad input answers 400 beside its fields and
 * writes nothing, a refusal answers with its own status, a success goes back to the roster on the
 * new booking, which then reads "paid at the studio" or "complimentary" (and "No email").
 */
describe("adding a booking from the roster over HTTP", () => {
  const { db, app, workshopSlot } = useBookingApp();
  const cookies = { staff: "", owner: "", none: "" };

  beforeAll(async () => {
    Object.assign(cookies, await staffCookies(db(), app(), "add"));
  });

  type RouteFn = (args: never) => Promise<unknown>;
  async function call(fn: RouteFn, path: string, slotId: string, as: keyof typeof cookies, fields?: Record<string, string>) {
    const request = new Request(`http://localhost${path}`, {
      method: fields ? "POST" : "GET",
      headers: { ...(cookies[as] ? { Cookie: cookies[as] } : {}), ...(fields ? { "Content-Type": "application/x-www-form-urlencoded" } : {}) },
      body: fields ? new URLSearchParams(fields) : undefined,
    });
    try {
      return await outcomeOf(await fn(routeArgs(request, { slotId })));
    } catch (thrown) {
      if (thrown instanceof Response) return outcomeOf(thrown);
      throw thrown;
    }
  }
  const add = (slotId: string, fields: Record<string, string>, as: keyof typeof cookies = "staff") =>
    call(addAction, `/staff/roster/${slotId}/new`, slotId, as, fields);
  const errorsOf = (body: unknown) => (body as { result: { error: Record<string, string[]> } }).result.error;
  const written = async (slotId: string) => ({
    bookings: (await db().select({ n: count() }).from(bookings).where(eq(bookings.slotId, slotId)))[0]!.n,
    audit: (await db().select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, "booking.made_at_studio")))[0]!.n,
    emails: (await db().select({ n: count() }).from(emailMessages))[0]!.n,
  });

  it("answers bad input with 400 beside each field and writes nothing", async () => {
    const slot = await workshopSlot(4);
    const before = await written(slot.id);
    const bad = await add(slot.id, { name: "", email: "not an email", seats: "9", payment: "studio", amount: "lots", sendConfirmation: "on" });
    expect(bad.status).toBe(400);
    expect(errorsOf(bad.body)).toMatchObject({
      name: ["Please enter the customer's name."],
      email: ["That doesn't look like an email address. Please check it, or leave it empty."],
      seats: ["Only 4 places are left."],
      amount: ["Please enter the amount paid, like 28 or 28.50."],
    });
    const noAmount = await add(slot.id, { name: "Ann Desk", seats: "1", payment: "studio" });
    expect(noAmount.status).toBe(400);
    expect(errorsOf(noAmount.body).amount).toEqual(["Please enter the amount paid, like 28 or 28.50 (0 if nothing)."]);

    // Knee answers without the agreement ticked: the server is the rule (the page works without JavaScript).
    const noConsent = await add(slot.id, { name: "Ann Desk", seats: "1", payment: "studio", amount: "28", painLocation: "front", notes: "Clicks" });
    expect(noConsent.status).toBe(400);
    expect(errorsOf(noConsent.body).consent).toEqual([
      "Please tick that the customer agreed to the studio keeping their knee notes, or leave the knee questions empty.",
    ]);
    const noLocation = await add(slot.id, { name: "Ann Desk", seats: "1", payment: "studio", amount: "28", consent: "on", notes: "Clicks" });
    expect(noLocation.status).toBe(400);
    expect(errorsOf(noLocation.body).painLocation).toEqual(["Please choose where the knee hurts (or 'not sure')."]);
    expect(await written(slot.id)).toEqual(before);
  });

  it("needs a staff sign-in: a page goes to sign-in, a post answers 401, and nothing is written", async () => {
    const slot = await workshopSlot(4);
    const before = await written(slot.id);
    const page = await call(addLoader, `/staff/roster/${slot.id}/new`, slot.id, "none");
    expect(page.status).toBe(302);
    expect(page.location).toBe(`/staff/sign-in?next=${encodeURIComponent(`/staff/roster/${slot.id}/new`)}`);
    const post = await add(slot.id, { name: "Ann Desk", seats: "1", payment: "studio", amount: "28" }, "none");
    expect(post.status).toBe(401);
    expect(await written(slot.id)).toEqual(before);
  });

  it("answers an unknown date with 404, page and post alike", async () => {
    const unknown = "5d0c2b7e-1111-4222-8333-444455556666";
    expect((await call(addLoader, `/staff/roster/${unknown}/new`, unknown, "staff")).status).toBe(404);
    expect((await add(unknown, { name: "Ann Desk", seats: "1", payment: "studio", amount: "28" })).status).toBe(404);
    expect((await add("nonsense", { name: "Ann Desk", seats: "1", payment: "studio", amount: "28" })).status).toBe(404);
  });

  it("refuses a complimentary place from staff with 403 beside the payment; an owner may give one", async () => {
    const slot = await workshopSlot(4);
    const before = await written(slot.id);
    const fields = { name: "Free Friend", seats: "1", payment: "complimentary" };
    const refused = await add(slot.id, fields);
    expect(refused.status).toBe(403);
    expect(errorsOf(refused.body).payment).toEqual(["Only the studio's owner can give a complimentary place."]);
    expect(await written(slot.id)).toEqual(before);

    const given = await add(slot.id, fields, "owner");
    expect(given.status).toBe(303);
    const [booking] = await db().select().from(bookings).where(eq(bookings.slotId, slot.id));
    expect(booking).toMatchObject({ paymentMethod: "complimentary", amountPaidMinor: 0, status: "confirmed" });
    const roster = await call(rosterLoader, `/staff/roster/${slot.id}`, slot.id, "owner");
    const person = (roster.body as { attendees: { reference: string; payment: { words: string }[] }[] }).attendees[0]!;
    expect(person.payment.map((line) => line.words)).toEqual(["Complimentary"]);
  });

  it("books a walk-in and goes back to the roster on the booking, which reads 'paid at the studio', 'No email' and has no knee notes; the CSV says how it was paid", async () => {
    const slot = await workshopSlot(6);
    const page = await call(addLoader, `/staff/roster/${slot.id}/new`, slot.id, "staff");
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ date: { placesLeft: 6, closed: null }, price: { minor: 2800, each: "£28", symbol: "£" }, isOwner: false });

    const done = await add(slot.id, { name: "Wendy Walkin", seats: "2", payment: "studio", amount: "£50.50", sendConfirmation: "on" });
    expect(done.status).toBe(303);
    const [booking] = await db().select().from(bookings).where(eq(bookings.slotId, slot.id));
    expect(booking).toMatchObject({ source: "studio", seats: 2, amountPaidMinor: 5050, paymentMethod: "studio", customerEmail: null, consentedAt: null });
    expect(done.location).toBe(`/staff/roster/${slot.id}?added=${booking!.reference}#booking-${booking!.reference}`);
    expect(await db().select().from(emailMessages).where(eq(emailMessages.bookingId, booking!.id))).toEqual([]);

    const roster = await call(rosterLoader, done.location!, slot.id, "staff");
    type Roster = {
      notice: string | null;
      date: { addPath: string | null };
      attendees: { reference: string; email: string | null; madeAtStudio: boolean; payment: { words: string }[]; intake: { kind: string; words?: string } }[];
    };
    const body = roster.body as Roster;
    expect(body.notice).toBe(`Booked Wendy Walkin (${booking!.reference}), 2 places, paid at the studio. No email, so nothing will be sent.`);
    expect(body.date.addPath).toBe(`/staff/roster/${slot.id}/new`);
    expect(body.attendees[0]).toMatchObject({
      reference: booking!.reference,
      email: null,
      madeAtStudio: true,
      payment: [{ words: "£50.50 paid at the studio" }],
      intake: { kind: "missing", words: "No knee notes: booked at the studio without them." },
    });

    const csv = await call(exportLoader, `/staff/roster/${slot.id}/export`, slot.id, "staff");
    expect(csv.status).toBe(200);
    const text = String(csv.body);
    expect(text).toContain("Paid,Paid by,Refunded");
    expect(text).toContain(`${booking!.reference},Wendy Walkin,,,2,Confirmed,£50.50,At the studio,`);
  });

  it("keeps knee answers given with the agreement, and sends the confirmation to an email when ticked", async () => {
    const slot = await workshopSlot(6, 4 * DAY);
    const done = await add(slot.id, {
      name: "Phoebe Phone",
      email: "phoebe@example.com",
      phone: "07700 900777",
      seats: "1",
      payment: "studio",
      amount: "28",
      sendConfirmation: "on",
      consent: "on",
      painLocation: "outer",
      painDuration: "over-6-months",
      notes: "Tight IT band.",
    });
    expect(done.status).toBe(303);
    const [booking] = await db().select().from(bookings).where(eq(bookings.slotId, slot.id));
    expect(booking).toMatchObject({ painLocation: "outer", painDuration: "over-6-months", instructorNotes: "Tight IT band.", customerEmail: "phoebe@example.com" });
    expect(booking!.consentedAt).not.toBeNull();
    const kinds = (await db().select().from(emailMessages).where(eq(emailMessages.bookingId, booking!.id))).map((row) => row.kind).sort();
    expect(kinds).toEqual(["booking_confirmed", "reminder"]);
  });

  it("the dashboard says what was paid at the studio and how many places were complimentary (the bookings above)", async () => {
    const home = await call(homeLoader, "/staff", "", "owner");
    const { dashboard } = home.body as {
      dashboard: { bookings: { complimentaryWeek: number; complimentaryMonth: number }; revenue: { atStudio: { week: string; month: string } | null } };
    };
    // £50.50 from the walk-in and £28 from the phone booking; one complimentary place.
    expect(dashboard.revenue.atStudio).toEqual({ week: "£78.50", month: expect.any(String) });
    expect(dashboard.bookings.complimentaryWeek).toBe(1);
    expect(JSON.stringify(home.body)).not.toMatch(/IT band|kneecap/);
  });

  it("offers no 'Add a booking' for a cancelled or ended date, and its page says why", async () => {
    const offering = await createOffering(db(), { durationMinutes: 60 });
    const cancelled = await createSlot(db(), offering, new Date(Date.now() + 3 * DAY), { status: "cancelled" });
    const ended = await createSlot(db(), offering, new Date(Date.now() - 2 * DAY));
    for (const [slot, words] of [
      [cancelled, "This date was cancelled, so it takes no bookings."],
      [ended, "This date has ended, so it takes no more bookings."],
    ] as const) {
      const roster = await call(rosterLoader, `/staff/roster/${slot.id}`, slot.id, "staff");
      expect((roster.body as { date: { addPath: string | null } }).date.addPath).toBeNull();
      const page = await call(addLoader, `/staff/roster/${slot.id}/new`, slot.id, "staff");
      expect(page.body).toMatchObject({ date: { closed: words } });
      const post = await add(slot.id, { name: "Too Late", seats: "1", payment: "studio", amount: "28" });
      expect(post.status).toBe(409);
      expect(errorsOf(post.body)[""]).toEqual([words]);
    }
  });
});
