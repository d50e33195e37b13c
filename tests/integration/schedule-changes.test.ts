import { eq } from "drizzle-orm";
import ical, { type VEvent } from "node-ical";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { reminderTimeFor } from "../../app/booking/reminders.server";
import { startWorker, type Worker } from "../../app/inbound/worker.server";
import { loader as bookingPageLoader } from "../../app/routes/bookings.$token";
import { cancelDate } from "../../app/schedule/cancel-date.server";
import { editDate } from "../../app/schedule/dates.server";
import { editDateSchema } from "../../app/schedule/forms";
import type { ScheduleActor } from "../../app/schedule/outcome";
import { localParts } from "../../app/schedule/series-dates";
import { createStaffUser } from "../../app/staff/accounts.server";
import { COMMAND_LINE } from "../../app/staff/audit.server";
import { auditEvents, bookings, slots } from "../../db/schema";
import { routeArgs } from "../helpers/app";
import { DAY, useBookingApp } from "../helpers/booking-app";
import { startSmtpServer } from "../helpers/smtp";

const TZ = "Europe/London";
const POLL = { timeout: 20_000, interval: 200 };

function eventOf(ics: string): VEvent {
  const events = Object.values(ical.sync.parseICS(ics)).filter((item): item is VEvent => item?.type === "VEVENT");
  expect(events).toHaveLength(1);
  return events[0]!;
}

/**
 * Moving and cancelling a date that people have paid for: the customers hear about it (through
 * the worker and a real SMTP server), their calendars follow, and the money goes back exactly once.
 */
describe("moving and cancelling a booked date", () => {
  const smtp = startSmtpServer();
  let smtpPort = 0;
  beforeAll(async () => {
    smtpPort = await smtp.listen();
  });
  // After-hooks run last-registered first: this one, registered before the app's, runs after the
  // app has closed its mail connections (the server would otherwise wait for them).
  afterAll(() => smtp.close());
  const world = useBookingApp({ extraSettings: () => ({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}` }) });
  const { db, app, fake, bookingFor, emailsFor, refundsFor, slotState, bookAndCheckout, completedEvent, deliver } = world;
  let owner: ScheduleActor;
  let coach: ScheduleActor;
  let worker: Worker | undefined;

  beforeAll(async () => {
    const make = async (role: "owner" | "staff") => {
      const user = await createStaffUser(db(), {
        email: `changes.${role}@painfreeme.example`,
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
  afterAll(async () => {
    await worker?.stop();
  });

  const mailTo = (address: string) => smtp.received.filter((mail) => mail.envelopeTo.includes(address));
  const runWorker = async () => {
    worker ??= await startWorker(app());
  };

  async function paidBooking(slotId: string, fields: Record<string, string> = {}) {
    const { booking, sessionId } = await bookAndCheckout(slotId, fields);
    expect((await deliver(completedEvent(sessionId))).body).toMatchObject({ outcome: "confirmed" });
    return bookingFor(booking.customerEmail!);
  }

  it("moving a date tells each paying customer the new time with the same calendar event at a higher SEQUENCE, and moves the reminder", async () => {
    const slot = await world.workshopSlot(10, 6 * DAY);
    const booking = await paidBooking(slot.id, { seats: "2" });
    const holder = await bookAndCheckout(slot.id); // still paying: not emailed
    await runWorker();
    const confirmation = await vi.waitFor(() => {
      const [mail] = mailTo(booking.customerEmail!);
      expect(mail).toBeDefined();
      return mail!;
    }, POLL);
    const original = eventOf(confirmation.parsed.attachments.find((a) => a.filename === "booking.ics")!.content.toString());

    // Places only: nobody is told anything.
    const same = localParts(slot.startsAt, TZ);
    expect(
      await editDate(db(), app().effects, { actor: coach, slotId: slot.id, input: editDateSchema.parse({ time: same.time, capacity: 12 }), now: new Date() }),
    ).toMatchObject({ ok: true, value: { changed: [{ moved: false, customersTold: 0 }] } });
    expect(await emailsFor(booking.id, "booking_moved")).toEqual([]);

    const next = localParts(new Date(slot.startsAt.getTime() + DAY), TZ);
    const moved = await editDate(db(), app().effects, {
      actor: coach,
      slotId: slot.id,
      input: editDateSchema.parse({ date: next.date, time: "19:00", capacity: 12 }),
      now: new Date(),
    });
    expect(moved).toMatchObject({ ok: true, value: { changed: [{ moved: true, customersTold: 1 }] } });
    const [newSlot] = await db().select().from(slots).where(eq(slots.id, slot.id));
    expect(localParts(newSlot!.startsAt, TZ)).toEqual({ date: next.date, time: "19:00" });
    expect(newSlot!.endsAt.getTime() - newSlot!.startsAt.getTime()).toBe(slot.endsAt.getTime() - slot.startsAt.getTime());

    expect(await bookingFor(booking.customerEmail!)).toMatchObject({ calendarSequence: 1, status: "confirmed" });
    expect(await bookingFor(holder.booking.customerEmail!)).toMatchObject({ calendarSequence: 0, status: "pending_payment" });
    expect(await emailsFor(holder.booking.id, "booking_moved")).toEqual([]);
    const reminders = (await emailsFor(booking.id, "reminder")).sort((a, b) => a.sequence - b.sequence);
    expect(reminders.map((row) => [row.sequence, row.status])).toEqual([
      [0, "cancelled"],
      [1, "pending"],
    ]);
    expect(reminders[1]!.sendAfter.toISOString()).toBe(reminderTimeFor(newSlot!.startsAt, app().env.mail.reminderHoursBefore, TZ).toISOString());

    const update = await vi.waitFor(() => {
      const mail = mailTo(booking.customerEmail!).find((m) => m.parsed.subject?.startsWith("New time"));
      expect(mail).toBeDefined();
      return mail!;
    }, POLL);
    expect(update.parsed.text).toContain("19:00");
    const ics = update.parsed.attachments.find((a) => a.filename === "booking.ics")!.content.toString();
    expect(ics).toContain("METHOD:REQUEST");
    const event = eventOf(ics);
    expect(event.uid).toBe(original.uid);
    expect(Number(event.sequence)).toBe(1);
    expect(new Date(event.start).toISOString()).toBe(newSlot!.startsAt.toISOString());
  });

  it("cancelling a date with 3 paid bookings, twice at the same moment, refunds each exactly once, emails each once, and frees every place", async () => {
    const slot = await world.workshopSlot(10, 8 * DAY);
    const paid = [await paidBooking(slot.id, { seats: "2" }), await paidBooking(slot.id), await paidBooking(slot.id)];
    const holding = await bookAndCheckout(slot.id); // paying when the date is cancelled: their payment gets in first
    const abandoned = await bookAndCheckout(slot.id); // never pays
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 6 });

    const message = "Our coach is unwell. We're so sorry.";
    expect(await cancelDate(db(), app().effects, { actor: coach, slotId: slot.id, message, now: new Date() })).toMatchObject({ ok: false, status: 403 });
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 6 });

    const results = await Promise.all([
      cancelDate(db(), app().effects, { actor: owner, slotId: slot.id, message, now: new Date() }),
      cancelDate(db(), app().effects, { actor: owner, slotId: slot.id, message, now: new Date() }),
    ]);
    const outcomes = results.map((result) => (result.ok ? result.value : null));
    expect(outcomes.filter((value) => value?.alreadyCancelled === false)).toEqual([
      expect.objectContaining({ cancelled: 3, refundsRequested: 3, holdsReleased: 2 }),
    ]);
    expect(outcomes.filter((value) => value?.alreadyCancelled === true)).toHaveLength(1);
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 0, seatsHeld: 0 });
    const [cancelledSlot] = await db().select().from(slots).where(eq(slots.id, slot.id));
    expect(cancelledSlot).toMatchObject({ status: "cancelled" });
    const audit = await db().select().from(auditEvents).where(eq(auditEvents.recordId, slot.id));
    expect(audit.map((row) => row.action)).toEqual(["date.cancelled"]);

    // The holder's payment lands before their Checkout Session can be expired.
    fake().completeSession(holding.sessionId);
    await runWorker();

    for (const booking of paid) {
      const refunds = await vi.waitFor(async () => {
        const rows = await refundsFor(booking.id);
        expect(rows.map((row) => row.status)).toEqual(["succeeded"]);
        return rows;
      }, POLL);
      expect(refunds[0]).toMatchObject({ reason: "date_cancelled", requestedBy: "staff", amountMinor: booking.amountPaidMinor });
      expect(await bookingFor(booking.customerEmail!)).toMatchObject({ status: "cancelled", cancelledBy: "studio", holdsSeats: false, calendarSequence: 1 });
      expect((await emailsFor(booking.id, "reminder")).map((row) => row.status)).toEqual(["cancelled"]);
      const mail = await vi.waitFor(() => {
        const found = mailTo(booking.customerEmail!).filter((m) => m.parsed.subject?.startsWith("Cancelled by the studio"));
        expect(found).toHaveLength(1);
        return found[0]!;
      }, POLL);
      expect(mail.parsed.text).toContain(message);
      expect(mail.parsed.attachments.find((a) => a.filename === "cancellation.ics")!.content.toString()).toContain("METHOD:CANCEL");
    }
    const providerRefunds = [...fake().refunds.values()].filter((refund) => paid.some((b) => b.paymentIntentId === refund.payment_intent));
    expect(providerRefunds).toHaveLength(3);

    // The abandoned checkout can't be paid any more; the one paid just in time is refused and refunded in full.
    await vi.waitFor(() => expect(fake().sessionObject(abandoned.sessionId).status).toBe("expired"), POLL);
    const late = await vi.waitFor(async () => {
      const row = await bookingFor(holding.booking.customerEmail!);
      expect(row).toMatchObject({ status: "expired", paymentProblem: "places_gone" });
      return row;
    }, POLL);
    await vi.waitFor(async () => expect((await refundsFor(late.id)).map((row) => row.status)).toEqual(["succeeded"]), POLL);
    expect(await bookingFor(abandoned.booking.customerEmail!)).toMatchObject({ status: "expired", holdsSeats: false });

    // The customer's page says it: cancelled by the studio, refunded.
    const token = world.tokenOf(paid[0]!);
    const page = (await bookingPageLoader(routeArgs(new Request(`http://localhost/bookings/${token}`), { token }))) as {
      status: string;
      dateCancelled: boolean;
      money: { refundedMinor: number };
    };
    expect(page).toMatchObject({ status: "cancelled", dateCancelled: true });
    expect(page.money.refundedMinor).toBe(paid[0]!.amountPaidMinor);

    // Once more, later: nothing changes.
    expect(await cancelDate(db(), app().effects, { actor: owner, slotId: slot.id, message, now: new Date() })).toMatchObject({
      ok: true,
      value: { alreadyCancelled: true, cancelled: 0 },
    });
    const all = await db().select().from(bookings).where(eq(bookings.slotId, slot.id));
    const refundRows = (await Promise.all(all.map((b) => refundsFor(b.id)))).flat();
    expect(refundRows).toHaveLength(4);
  });
});
