import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { holdSeat } from "../../app/booking/hold-seat.server";
import { sendEmailMessage } from "../../app/booking/send-booking-email.server";
import { bookAtStudio, type StudioBookingInput } from "../../app/booking/studio-booking.server";
import { createLocalMailer } from "../../app/mail/create-mailer.server";
import type { ScheduleActor } from "../../app/schedule/outcome";
import { createStaffUser } from "../../app/staff/accounts.server";
import { COMMAND_LINE } from "../../app/staff/audit.server";
import { auditEvents, bookings, devMailboxMessages, emailMessages, slots } from "../../db/schema";
import { DAY, useBookingApp } from "../helpers/booking-app";
import { needsRealPostgres } from "../helpers/db";
import { createOffering, createSlot } from "../helpers/fixtures";

const MINUTE = 60_000;

/**
 * Bookings staff make on a date's roster (a walk-in or a phone call), through the same
 * seat-taking step as the website: only capacity applies of the website's rules, until the date
 * ends; paid at the studio or (owners) complimentary; emails only with an address; knee notes
 * only with the customer's agreement.
 */
describe("booking at the studio", () => {
  const { db, app, workshopSlot, privateSlot, slotState, emailsFor } = useBookingApp();
  const actors = {} as Record<"staff" | "owner", ScheduleActor>;

  beforeAll(async () => {
    for (const role of ["staff", "owner"] as const) {
      const user = await createStaffUser(db(), {
        email: `desk.${role}@painfreeme.example`,
        name: `Desk ${role}`,
        role,
        password: "correct horse battery staple",
        actor: COMMAND_LINE,
        now: new Date(),
      });
      actors[role] = { id: user.id, name: user.name, role };
    }
  });

  const book = (slotId: string, overrides: Partial<StudioBookingInput> = {}) =>
    bookAtStudio(db(), app().effects, {
      actor: actors.staff,
      slotId,
      seats: 1,
      customer: { name: "Wally Walkin", email: null, phone: null },
      payment: { method: "studio", amountMinor: 2800 },
      sendConfirmation: true,
      intake: null,
      now: new Date(),
      ...overrides,
    });
  const bookingsOn = async (slotId: string) => (await db().select({ n: count() }).from(bookings).where(eq(bookings.slotId, slotId)))[0]!.n;
  const auditRows = () => db().select().from(auditEvents).where(eq(auditEvents.action, "booking.made_at_studio"));

  it.skipIf(needsRealPostgres("the race needs truly concurrent connections"))(
    "manual bookings can't oversell under concurrency: 10 website holds and 10 studio bookings race for 5 places, exactly 5 are taken",
    async () => {
      const slot = await workshopSlot(5);
      const now = new Date();
      const website = Array.from({ length: 10 }, (_, index) =>
        holdSeat(db(), {
          slotId: slot.id,
          seats: 1,
          customer: { name: `Web Racer ${index}`, email: `web.racer${index}@example.com`, phone: null },
          intake: { painLocation: "unsure", painDuration: null, notes: null },
          holdBookingId: null,
          clientNetwork: null,
          now,
          rules: app().env.booking,
        }),
      );
      const studio = Array.from({ length: 10 }, (_, index) =>
        book(slot.id, { customer: { name: `Desk Racer ${index}`, email: null, phone: null }, now }),
      );
      const [web, desk] = await Promise.all([Promise.all(website), Promise.all(studio)]);

      const held = web.filter((result) => result.status === "held").length;
      const booked = desk.filter((result) => result.ok).length;
      expect(held + booked).toBe(5);
      expect(web.filter((result) => result.status === "full")).toHaveLength(10 - held);
      const refused = desk.filter((result) => !result.ok);
      expect(refused).toHaveLength(10 - booked);
      for (const refusal of refused) expect(refusal).toMatchObject({ status: 409, formErrors: ["This date is full: no places are left."] });
      expect(await slotState(slot.id)).toEqual({ seatsTaken: 5, seatsHeld: 5, bookings: 5 });
    },
  );

  it("books after the website has closed and until the date ends, but not after it ended, nor a cancelled date", async () => {
    const offering = await createOffering(db(), { durationMinutes: 60, priceMinor: 2800 });
    const now = new Date();
    // Starts in 30 minutes: the website closed 90 minutes ago (BOOKING_CLOSES_MINUTES_BEFORE is 120).
    const soon = await createSlot(db(), offering, new Date(now.getTime() + 30 * MINUTE));
    const website = await holdSeat(db(), {
      slotId: soon.id,
      seats: 1,
      customer: { name: "Late Web", email: "late.web@example.com", phone: null },
      intake: { painLocation: "unsure", painDuration: null, notes: null },
      holdBookingId: null,
      clientNetwork: null,
      now,
      rules: app().env.booking,
    });
    expect(website).toEqual({ status: "closed" });
    expect((await book(soon.id, { now })).ok).toBe(true);

    // Started 59 minutes ago, ends in a minute: still bookable at the desk.
    const underway = await createSlot(db(), offering, new Date(now.getTime() - 59 * MINUTE));
    expect((await book(underway.id, { now })).ok).toBe(true);

    const ended = await createSlot(db(), offering, new Date(now.getTime() - 60 * MINUTE));
    expect(await book(ended.id, { now })).toMatchObject({ ok: false, status: 409, formErrors: ["This date has ended, so it takes no more bookings."] });
    const cancelled = await createSlot(db(), offering, new Date(now.getTime() + 2 * DAY), { status: "cancelled" });
    expect(await book(cancelled.id, { now })).toMatchObject({ ok: false, status: 409, formErrors: ["This date was cancelled, so it takes no bookings."] });
    expect(await bookingsOn(ended.id)).toBe(0);
    expect(await bookingsOn(cancelled.id)).toBe(0);
  });

  it("ignores the website's per-booking maximum, says how many places are left when too many are asked for, and books one place for a one-to-one", async () => {
    const slot = await workshopSlot(10);
    expect(app().env.booking.maxSeats).toBeLessThan(6);
    const six = await book(slot.id, { seats: 6, payment: { method: "studio", amountMinor: 6 * 2800 } });
    expect(six).toMatchObject({ ok: true, value: { seats: 6 } });
    expect(await book(slot.id, { seats: 5 })).toMatchObject({ ok: false, status: 409, fieldErrors: { seats: ["Only 4 places are left on this date."] } });
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 6 });

    const session = await privateSlot();
    expect(await book(session.id, { seats: 3 })).toMatchObject({ ok: true, value: { seats: 1 } });
  });

  it("starts confirmed, paid at the studio with the amount taken, made by the staff member, holding its places, with an audit event that carries no intake", async () => {
    const slot = await workshopSlot(10);
    const now = new Date();
    const outcome = await book(slot.id, {
      seats: 2,
      now,
      customer: { name: "Pat Phone", email: " Pat.Phone@Example.com ", phone: "07700 900123" },
      payment: { method: "studio", amountMinor: 5000 },
      intake: { painLocation: "front", painDuration: "2-6-weeks", notes: "Sore on the stairs after long runs.", consented: true },
    });
    if (!outcome.ok) throw new Error(`refused: ${JSON.stringify(outcome)}`);
    const [stored] = await db().select().from(bookings).where(eq(bookings.id, outcome.value.id));
    expect(stored).toMatchObject({
      status: "confirmed",
      source: "studio",
      bookedByStaffId: actors.staff.id,
      seats: 2,
      customerEmail: "pat.phone@example.com",
      customerPhone: "07700 900123",
      paymentMethod: "studio",
      unitPriceMinor: 2800,
      amountTotalMinor: 5000,
      amountPaidMinor: 5000,
      paidCurrency: "GBP",
      paidAt: now,
      confirmedAt: now,
      holdsSeats: true,
      holdExpiresAt: null,
      checkoutSessionId: null,
      painLocation: "front",
      painDuration: "2-6-weeks",
      instructorNotes: "Sore on the stairs after long runs.",
      consentedAt: now,
    });
    expect(stored!.reference).toMatch(/^PFM-[2-9A-HJ-NP-Z]{4}$/);
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 2, seatsHeld: 2 });

    const [event] = (await auditRows()).filter((row) => row.recordId === stored!.id);
    expect(event).toMatchObject({
      staffUserId: actors.staff.id,
      recordType: "booking",
      changes: { after: { reference: stored!.reference, places: 2, payment: "studio", amountPaidMinor: 5000, email: true, confirmationSent: true } },
    });
    expect(JSON.stringify(event!.changes)).not.toMatch(/stairs|front|2-6|Pat|@/i);
  });

  it("gives a complimentary place only for an owner: staff get 403 and nothing is written", async () => {
    const slot = await workshopSlot(10);
    const before = (await auditRows()).length;
    const refused = await book(slot.id, { payment: { method: "complimentary" } });
    expect(refused).toMatchObject({ ok: false, status: 403, fieldErrors: { payment: ["Only the studio's owner can give a complimentary place."] } });
    expect(await slotState(slot.id)).toEqual({ seatsTaken: 0, seatsHeld: 0, bookings: 0 });
    expect((await auditRows()).length).toBe(before);

    const given = await book(slot.id, { actor: actors.owner, payment: { method: "complimentary" } });
    if (!given.ok) throw new Error(`refused: ${JSON.stringify(given)}`);
    expect(given.value).toMatchObject({ status: "confirmed", paymentMethod: "complimentary", amountPaidMinor: 0, amountTotalMinor: 0, unitPriceMinor: 2800, bookedByStaffId: actors.owner.id });
  });

  it("refuses an amount below zero with 400", async () => {
    const slot = await workshopSlot(10);
    expect(await book(slot.id, { payment: { method: "studio", amountMinor: -100 } })).toMatchObject({ ok: false, status: 400, fieldErrors: { amount: [expect.any(String)] } });
    expect(await bookingsOn(slot.id)).toBe(0);
  });

  it("refuses knee answers without the customer's agreement with 400, writing nothing; without answers, no consent is recorded", async () => {
    const slot = await workshopSlot(10);
    const before = (await auditRows()).length;
    const refused = await book(slot.id, { intake: { painLocation: "outer", painDuration: null, notes: "IT band", consented: false } });
    expect(refused).toMatchObject({ ok: false, status: 400, fieldErrors: { consent: [expect.stringContaining("agreed")] } });
    expect(await bookingsOn(slot.id)).toBe(0);
    expect((await auditRows()).length).toBe(before);

    const none = await book(slot.id);
    if (!none.ok) throw new Error("refused");
    expect(none.value).toMatchObject({ painLocation: null, painDuration: null, instructorNotes: null, consentedAt: null, intakeErasedAt: null });
  });

  it("without an email sends nothing at all: no email_messages rows", async () => {
    const slot = await workshopSlot(10, 5 * DAY);
    const outcome = await book(slot.id, { customer: { name: "No Mail", email: null, phone: "07700 900456" } });
    if (!outcome.ok) throw new Error("refused");
    expect(await emailsFor(outcome.value.id)).toEqual([]);
  });

  it("with an email and the box unticked sends no confirmation (the reminder is still scheduled)", async () => {
    const slot = await workshopSlot(10, 5 * DAY);
    const outcome = await book(slot.id, { customer: { name: "Quiet Please", email: "quiet@example.com", phone: null }, sendConfirmation: false });
    if (!outcome.ok) throw new Error("refused");
    const rows = await emailsFor(outcome.value.id);
    expect(rows.map((row) => row.kind)).toEqual(["reminder"]);
    expect(rows[0]!.sendAfter.getTime()).toBe(slot.startsAt.getTime() - 24 * 3_600_000);
  });

  it("with an email and the box ticked queues one confirmation, whose email renders and sends with its calendar invite", async () => {
    const slot = await workshopSlot(10, 5 * DAY);
    const outcome = await book(slot.id, {
      seats: 2,
      customer: { name: "Mail Me", email: "mail.me@example.com", phone: null },
      payment: { method: "studio", amountMinor: 5600 },
    });
    if (!outcome.ok) throw new Error("refused");
    const confirmations = await emailsFor(outcome.value.id, "booking_confirmed");
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]).toMatchObject({ toAddress: "mail.me@example.com", status: "pending" });
    // The studio's new-booking notice is for bookings made online; staff made this one.
    expect(await emailsFor(outcome.value.id, "staff_new_booking")).toEqual([]);

    const mailer = createLocalMailer(db());
    const sent = await sendEmailMessage(db(), mailer, {
      emailMessageId: confirmations[0]!.id,
      now: new Date(),
      env: app().env,
      links: app().effects.links,
    });
    expect(sent).toBe("sent");
    const [mail] = await db().select().from(devMailboxMessages).where(eq(devMailboxMessages.messageId, confirmations[0]!.messageId));
    expect(mail).toMatchObject({ to: "mail.me@example.com", subject: expect.stringMatching(/^You're booked: Hips & Ankles/) });
    expect(mail!.text).toContain(outcome.value.reference);
    expect(mail!.text).toContain("£56");
    expect(mail!.attachments).toEqual([expect.objectContaining({ filename: "booking.ics" })]);
    expect((await db().select().from(emailMessages).where(eq(emailMessages.id, confirmations[0]!.id)))[0]!.status).toBe("sent");
  });

  it("an unknown date is 404", async () => {
    expect(await book("9b2f7c1e-0000-4000-8000-000000000000")).toMatchObject({ ok: false, status: 404 });
    expect(await book("not-an-id")).toMatchObject({ ok: false, status: 404 });
    expect((await db().select({ n: count() }).from(slots).where(eq(slots.id, "9b2f7c1e-0000-4000-8000-000000000000")))[0]!.n).toBe(0);
  });
});
