import { eq, sql } from "drizzle-orm";
import ical, { type VEvent } from "node-ical";
import { beforeAll, describe, expect, it } from "vitest";
import { moveBooking } from "../../app/booking/move-booking.server";
import { sendRefund } from "../../app/booking/refunds.server";
import { reminderTimeFor } from "../../app/booking/reminders.server";
import { resendConfirmation } from "../../app/booking/resend-confirmation.server";
import { sendEmailMessage } from "../../app/booking/send-booking-email.server";
import { previewStaffRefund, refundByStaff } from "../../app/booking/staff-refund.server";
import { bookAtStudio } from "../../app/booking/studio-booking.server";
import { QUEUES } from "../../app/jobs/queue.server";
import { loader as bookingPageLoader } from "../../app/routes/bookings.$token";
import { cancelDate } from "../../app/schedule/cancel-date.server";
import type { ScheduleActor } from "../../app/schedule/outcome";
import { createStaffUser } from "../../app/staff/accounts.server";
import { COMMAND_LINE } from "../../app/staff/audit.server";
import { formatShortDate } from "../../emails/format/time";
import { auditEvents, bookings, devMailboxMessages, emailMessages, refunds, slots, type Booking } from "../../db/schema";
import { routeArgs } from "../helpers/app";
import { DAY, useBookingApp } from "../helpers/booking-app";
import { constraintOf, needsRealPostgres, rowsOf } from "../helpers/db";
import { createBooking, createOffering, createSlot } from "../helpers/fixtures";

/** A time `ms` from now, on a whole minute (a calendar's DTSTART has no milliseconds). */
const fromNow = (ms: number) => new Date(Math.floor((Date.now() + ms) / 60_000) * 60_000);

function eventOf(ics: string): VEvent {
  const events = Object.values(ical.sync.parseICS(ics)).filter((item): item is VEvent => item?.type === "VEVENT");
  expect(events).toHaveLength(1);
  return events[0]!;
}

/**
 * What staff do to one booking from the bookings desk: give money back (part, or with a
 * cancellation), move it to another date, send its confirmation again. Owners only for money; the
 * database caps refunds whatever the code does; money paid at the studio never reaches Stripe.
 */
describe("staff changes to a booking: refunds, moves and resent confirmations", () => {
  const world = useBookingApp();
  const { db, app, fake, deliver, bookingFor, emailsFor, refundsFor, slotState, bookAndCheckout, completedEvent } = world;
  const actors = {} as Record<"owner" | "secondOwner" | "staff", ScheduleActor>;

  beforeAll(async () => {
    const make = async (key: keyof typeof actors, role: "owner" | "staff") => {
      const user = await createStaffUser(db(), {
        email: `desk.${key.toLowerCase()}@painfreeme.example`,
        name: `Desk ${key}`,
        role,
        password: "lantern hamstring river morning",
        actor: COMMAND_LINE,
        now: new Date(),
      });
      actors[key] = { id: user.id, name: user.name, role: user.role };
    };
    await make("owner", "owner");
    await make("secondOwner", "owner");
    await make("staff", "staff");
  });

  const timeZone = () => app().env.studio.timeZone;

  /** An offering at £18 with one date `startsInMs` ahead. */
  async function eighteenPoundDate(capacity = 10, startsInMs = 5 * DAY) {
    const offering = await createOffering(db(), { defaultCapacity: capacity, priceMinor: 1_800, title: "Knee Reset" });
    const slot = await createSlot(db(), offering, fromNow(startsInMs));
    return { offering, slot };
  }

  /** A confirmed booking of one place paid £18 by card (Checkout on the fake Stripe, then its webhook). */
  async function cardBooking(slotId?: string) {
    const slot = slotId ? { id: slotId } : (await eighteenPoundDate()).slot;
    const { booking, sessionId } = await bookAndCheckout(slot.id);
    expect((await deliver(completedEvent(sessionId))).body).toMatchObject({ outcome: "confirmed" });
    const paid = await bookingFor(booking.customerEmail!);
    expect(paid).toMatchObject({ status: "confirmed", paymentMethod: "card", amountPaidMinor: 1_800 });
    return paid;
  }

  /** A booking made on the roster and paid at the studio's desk. */
  async function studioBooking(slotId: string, amountMinor = 2_800) {
    const outcome = await bookAtStudio(db(), app().effects, {
      actor: actors.staff,
      slotId,
      seats: 1,
      customer: { name: "Wendy Walkin", email: `wendy.${Math.random().toString(36).slice(2, 8)}@example.com`, phone: null },
      payment: { method: "studio", amountMinor },
      sendConfirmation: true,
      intake: null,
      now: new Date(),
    });
    if (!outcome.ok) throw new Error(`bookAtStudio refused: ${JSON.stringify(outcome)}`);
    return outcome.value;
  }

  const refund = (actor: ScheduleActor, bookingId: string, amountMinor: number, cancel: boolean) =>
    refundByStaff(db(), app().effects, { actor, bookingId, amountMinor, cancel, now: new Date() });
  const preview = (actor: ScheduleActor, bookingId: string, amountMinor: number, cancel: boolean) =>
    previewStaffRefund(db(), app().payments, { actor, bookingId, amountMinor, cancel });
  const move = (bookingId: string, toSlotId: string, actor: ScheduleActor = actors.staff) =>
    moveBooking(db(), app().effects, { actor, bookingId, toSlotId, now: new Date() });

  const bookingById = async (id: string) => (await db().select().from(bookings).where(eq(bookings.id, id)))[0]!;
  const auditOf = async (bookingId: string) =>
    (await db().select().from(auditEvents).where(eq(auditEvents.recordId, bookingId))).map((row) => row.action).sort();
  const committedTotal = async (bookingId: string) =>
    (await refundsFor(bookingId)).filter((row) => row.status !== "failed").reduce((sum, row) => sum + row.amountMinor, 0);

  /** The refund-send jobs queued for a booking's refunds, by refund id. */
  async function queuedRefundJobs(bookingId: string): Promise<string[]> {
    const ids = (await refundsFor(bookingId)).map((row) => row.id);
    if (ids.length === 0) return [];
    const rows = await rowsOf<{ refund_id: string }>(
      db().execute(sql`select data->>'refundId' as refund_id from pgboss.job where name = ${QUEUES.sendRefund}`),
    );
    return rows.map((row) => row.refund_id).filter((id) => ids.includes(id));
  }

  /** Runs the queued refund-send jobs of a booking as the worker does (its handler's body). */
  async function runRefundJobs(bookingId: string): Promise<void> {
    for (const refundId of await queuedRefundJobs(bookingId)) {
      await sendRefund(db(), app().payments, app().effects, { refundId, now: new Date(), isLastAttempt: false });
    }
  }

  /** What reached Stripe's refund endpoint for one payment. */
  const stripeRefundsFor = (paymentIntentId: string) =>
    fake()
      .requests.filter((request) => request.method === "POST" && request.path === "/v1/refunds" && request.body.payment_intent === paymentIntentId)
      .map((request) => ({
        amount: Number(request.body.amount),
        idempotencyKey: request.idempotencyKey,
        refundId: (request.body.metadata as Record<string, string> | undefined)?.refund_id,
      }));

  /** Renders and "sends" one outbox row through the demo mailbox, and returns what arrived. */
  async function sendAndRead(emailMessageId: string) {
    expect(await sendEmailMessage(db(), app().mailer, { emailMessageId, now: new Date(), env: app().env, links: app().effects.links })).toBe(
      "sent",
    );
    const [row] = await db().select().from(emailMessages).where(eq(emailMessages.id, emailMessageId));
    const [mail] = await db().select().from(devMailboxMessages).where(eq(devMailboxMessages.messageId, row!.messageId));
    return mail!;
  }
  const icsOf = (mail: { attachments: { filename: string; content: string }[] }, filename: string) => {
    const attachment = mail.attachments.find((a) => a.filename === filename);
    expect(attachment, `attachment ${filename}`).toBeDefined();
    return attachment!.content;
  };

  async function pageOf(booking: Pick<Booking, "id">) {
    const token = world.tokenOf(booking);
    return (await bookingPageLoader(routeArgs(new Request(`http://localhost/bookings/${token}`), { token }))) as {
      reference: string;
      status: string;
      startsAt: string;
      money: { refundedMinor: number; onItsWayMinor: number; troubleMinor: number };
    };
  }

  it("a part refund then the rest with a cancellation add up to what was paid, free the places, tell the customer, and a third is refused", async () => {
    const { slot } = await eighteenPoundDate();
    const booking = await cardBooking(slot.id);
    const pi = booking.paymentIntentId!;
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 1 });

    const partial = await refund(actors.owner, booking.id, 500, false);
    if (!partial.ok) throw new Error(`refused: ${JSON.stringify(partial)}`);
    expect(partial.value.refund).toMatchObject({ amountMinor: 500, method: "card", status: "pending", reason: "staff_refund", requestedBy: "staff" });
    expect(await bookingById(booking.id)).toMatchObject({ status: "confirmed", holdsSeats: true, calendarSequence: 0 });
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 1, seatsHeld: 1 });
    expect(await queuedRefundJobs(booking.id)).toEqual([partial.value.refund!.id]);
    const [refundedMail] = await emailsFor(booking.id, "booking_refunded");
    expect((await sendAndRead(refundedMail!.id)).text).toContain("We've refunded £5 of the £18 you paid.");

    // While that refund is on its way, no other is taken.
    expect(await refund(actors.owner, booking.id, 1_300, true)).toMatchObject({ ok: false, status: 409 });
    expect(await preview(actors.owner, booking.id, 1_300, true)).toMatchObject({ ok: false, status: 409 });

    await runRefundJobs(booking.id);
    expect(await refundsFor(booking.id)).toEqual([expect.objectContaining({ amountMinor: 500, status: "succeeded", providerRefundId: expect.stringMatching(/^re_/) })]);

    // More than is left, or nothing without a cancellation, is refused beside the amount.
    expect(await refund(actors.owner, booking.id, 1_301, true)).toMatchObject({ ok: false, status: 400, fieldErrors: { amount: [expect.stringContaining("At most £13")] } });
    expect(await refund(actors.owner, booking.id, 0, false)).toMatchObject({ ok: false, status: 400, fieldErrors: { amount: [expect.any(String)] } });
    expect(await preview(actors.owner, booking.id, 1_300, true)).toEqual({
      ok: true,
      value: expect.objectContaining({ paidMinor: 1_800, refundedMinor: 500, remainingMinor: 1_300, method: "card", card: { brand: "visa", last4: "4242" } }),
    });

    const rest = await refund(actors.owner, booking.id, 1_300, true);
    expect(rest).toMatchObject({ ok: true, value: { cancelled: true, refund: { amountMinor: 1_300, method: "card", status: "pending" } } });
    expect(await bookingById(booking.id)).toMatchObject({ status: "cancelled", cancelledBy: "staff", holdsSeats: false, calendarSequence: 1 });
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 0, seatsHeld: 0 });
    expect((await emailsFor(booking.id, "reminder")).map((row) => row.status)).toEqual(["cancelled"]);
    const [cancelMail] = await emailsFor(booking.id, "booking_cancelled");
    const cancellation = await sendAndRead(cancelMail!.id);
    expect(cancellation.subject).toContain("£13 refunded");
    const cancelEvent = icsOf(cancellation, "cancellation.ics");
    expect(cancelEvent).toContain("METHOD:CANCEL");
    expect(Number(eventOf(cancelEvent).sequence)).toBe(1);

    await runRefundJobs(booking.id);
    const rows = await refundsFor(booking.id);
    expect(rows.map((row) => [row.amountMinor, row.status])).toEqual([
      [500, "succeeded"],
      [1_300, "succeeded"],
    ]);
    // Stripe was asked for exactly these two refunds, each with its row's idempotency key.
    expect(stripeRefundsFor(pi)).toEqual(rows.map((row) => ({ amount: row.amountMinor, idempotencyKey: row.idempotencyKey, refundId: row.id })));
    expect(new Set(rows.map((row) => row.idempotencyKey)).size).toBe(2);
    expect((await pageOf(booking)).money).toEqual({ refundedMinor: 1_800, onItsWayMinor: 0, troubleMinor: 0 });

    // A third refund: nothing is left, and the booking is no longer confirmed.
    expect(await refund(actors.owner, booking.id, 100, false)).toMatchObject({ ok: false, status: 409 });
    expect(await refund(actors.owner, booking.id, 0, true)).toMatchObject({ ok: false, status: 409 });
    expect(await committedTotal(booking.id)).toBe(1_800);
    expect(await auditOf(booking.id)).toEqual(["booking.cancelled", "booking.refunded"]);
  });

  it.skipIf(needsRealPostgres("the race needs truly concurrent connections"))(
    "two owners refunding one booking at the same moment on separate connections: exactly one refund is taken, never more than was paid",
    async () => {
      const { slot } = await eighteenPoundDate(20);
      for (let round = 0; round < 5; round += 1) {
        const booking = await cardBooking(slot.id);
        // Each asks for £12 of £18: either alone is fine, both together would be too much.
        const results = await Promise.allSettled([
          refund(actors.owner, booking.id, 1_200, round % 2 === 0),
          refund(actors.secondOwner, booking.id, 1_200, false),
        ]);
        const outcomes = results.map((result) => {
          if (result.status === "rejected") throw result.reason;
          return result.value;
        });
        expect(outcomes.filter((outcome) => outcome.ok), `round ${round}`).toHaveLength(1);
        const refused = outcomes.find((outcome) => !outcome.ok)!;
        expect(refused).toMatchObject({ ok: false, status: 409 });
        const rows = await refundsFor(booking.id);
        expect(rows).toHaveLength(1);
        expect(await committedTotal(booking.id)).toBe(1_200);
        expect((await auditOf(booking.id)).filter((action) => action.startsWith("booking.refunded") || action === "booking.cancelled")).toHaveLength(1);

        await runRefundJobs(booking.id);
        expect(stripeRefundsFor(booking.paymentIntentId!)).toEqual([{ amount: 1_200, idempotencyKey: rows[0]!.idempotencyKey, refundId: rows[0]!.id }]);
      }
    },
  );

  it("the database refuses a refunds row past what was paid, whatever wrote it (refunds_total_within_paid)", async () => {
    const booking = await cardBooking();
    const taken = await refund(actors.owner, booking.id, 500, false);
    expect(taken.ok).toBe(true);
    const straight = (amountMinor: number, key: string) =>
      db().insert(refunds).values({
        bookingId: booking.id,
        amountMinor,
        currency: "GBP",
        reason: "staff_refund",
        requestedBy: "staff",
        idempotencyKey: key,
      });
    await expect(straight(1_301, "straight-sql-over")).rejects.toSatisfy((error) => constraintOf(error) === "refunds_total_within_paid");
    // Raising the pending row's amount past what was paid is refused too.
    await expect(db().update(refunds).set({ amountMinor: 1_801 }).where(eq(refunds.bookingId, booking.id))).rejects.toSatisfy(
      (error) => constraintOf(error) === "refunds_total_within_paid",
    );
    // A studio-paid booking is capped the same way.
    const { slot } = await eighteenPoundDate();
    const atDesk = await studioBooking(slot.id, 1_000);
    await expect(
      db().insert(refunds).values({
        bookingId: atDesk.id,
        amountMinor: 1_001,
        currency: "GBP",
        reason: "staff_refund",
        requestedBy: "staff",
        method: "studio",
        status: "succeeded",
        idempotencyKey: "straight-sql-studio",
      }),
    ).rejects.toSatisfy((error) => constraintOf(error) === "refunds_total_within_paid");
    expect(await committedTotal(booking.id)).toBe(500);
    expect(await committedTotal(atDesk.id)).toBe(0);
  });

  it("a move to a full date is refused with 409, changes nothing, and names the nearest dates with room; another offering's date is refused", async () => {
    const offering = await createOffering(db(), { defaultCapacity: 2, priceMinor: 1_800, title: "Ankle Lab" });
    const start = Date.now() + 5 * DAY;
    const from = await createSlot(db(), offering, new Date(start));
    const full = await createSlot(db(), offering, new Date(start + 2 * DAY));
    const nearestWithRoom = await createSlot(db(), offering, new Date(start + 3 * DAY));
    const fartherWithRoom = await createSlot(db(), offering, new Date(start + 9 * DAY));
    await createBooking(db(), full, { seats: 2, unitPriceMinor: 900 });
    const booking = await cardBooking(from.id);
    const emailsBefore = (await emailsFor(booking.id)).map((row) => [row.kind, row.sequence, row.status]);

    const refused = await move(booking.id, full.id);
    expect(refused).toMatchObject({ ok: false, status: 409, fieldErrors: { slotId: [expect.stringMatching(/^That date is full\. Nearest with room: /)] } });
    const message = !refused.ok ? refused.fieldErrors.slotId![0]! : "";
    const nearest = message.indexOf(formatShortDate(nearestWithRoom.startsAt, timeZone()));
    const farther = message.indexOf(formatShortDate(fartherWithRoom.startsAt, timeZone()));
    expect(nearest).toBeGreaterThan(0);
    expect(farther).toBeGreaterThan(nearest);
    expect(message).not.toContain(formatShortDate(full.startsAt, timeZone()));

    expect(await bookingById(booking.id)).toEqual(booking);
    expect(await slotState(from.id)).toMatchObject({ seatsTaken: 1 });
    expect(await slotState(full.id)).toMatchObject({ seatsTaken: 2 });
    expect((await emailsFor(booking.id)).map((row) => [row.kind, row.sequence, row.status])).toEqual(emailsBefore);
    expect(await auditOf(booking.id)).toEqual([]);

    const elsewhere = await createSlot(db(), await createOffering(db(), { priceMinor: 1_800 }), new Date(start + 3 * DAY));
    expect(await move(booking.id, elsewhere.id)).toMatchObject({ ok: false, status: 400, fieldErrors: { slotId: [expect.stringContaining("same offering")] } });
    expect(await bookingById(booking.id)).toEqual(booking);
  });

  it("a move keeps the payment and price, moves the places and the reminder, and sends the calendar update with the same UID at SEQUENCE + 1", async () => {
    const offering = await createOffering(db(), { defaultCapacity: 4, priceMinor: 1_800, title: "Hip Hinge" });
    const from = await createSlot(db(), offering, fromNow(5 * DAY));
    const to = await createSlot(db(), offering, fromNow(8 * DAY + 90 * 60_000));
    const booking = await cardBooking(from.id);
    const [confirmationRow] = await emailsFor(booking.id, "booking_confirmed");
    const original = eventOf(icsOf(await sendAndRead(confirmationRow!.id), "booking.ics"));
    expect(Number(original.sequence)).toBe(0);
    const stripeCalls = fake().requests.length;

    const moved = await move(booking.id, to.id);
    expect(moved).toMatchObject({ ok: true, value: { from: { id: from.id }, to: { id: to.id } } });
    const after = await bookingById(booking.id);
    expect(after).toMatchObject({
      slotId: to.id,
      status: "confirmed",
      holdsSeats: true,
      calendarSequence: booking.calendarSequence + 1,
      // The payment and its price carry over.
      amountPaidMinor: booking.amountPaidMinor,
      amountTotalMinor: booking.amountTotalMinor,
      unitPriceMinor: booking.unitPriceMinor,
      paymentIntentId: booking.paymentIntentId,
      paymentMethod: booking.paymentMethod,
      paidCurrency: booking.paidCurrency,
      paidAt: booking.paidAt,
      checkoutSessionId: booking.checkoutSessionId,
    });
    expect(await slotState(from.id)).toMatchObject({ seatsTaken: 0, seatsHeld: 0 });
    expect(await slotState(to.id)).toMatchObject({ seatsTaken: 1, seatsHeld: 1 });
    expect(fake().requests.length).toBe(stripeCalls);
    expect(await refundsFor(booking.id)).toEqual([]);

    const reminders = (await emailsFor(booking.id, "reminder")).sort((a, b) => a.sequence - b.sequence);
    expect(reminders.map((row) => [row.sequence, row.status])).toEqual([
      [0, "cancelled"],
      [1, "pending"],
    ]);
    expect(reminders[1]!.sendAfter.toISOString()).toBe(reminderTimeFor(to.startsAt, app().env.mail.reminderHoursBefore, timeZone()).toISOString());
    expect(reminders[1]!.sendAfter.getTime()).toBeLessThan(to.startsAt.getTime());

    const [movedRow] = await emailsFor(booking.id, "booking_moved");
    const mail = await sendAndRead(movedRow!.id);
    expect(mail.subject).toMatch(/^New time: Hip Hinge/);
    const ics = icsOf(mail, "booking.ics");
    expect(ics).toContain("METHOD:REQUEST");
    const event = eventOf(ics);
    expect(event.uid).toBe(original.uid);
    expect(Number(event.sequence)).toBe(Number(original.sequence) + 1);
    expect(new Date(event.start).toISOString()).toBe(to.startsAt.toISOString());
    expect((await pageOf(booking)).startsAt).toBe(to.startsAt.toISOString());
    expect(await auditOf(booking.id)).toEqual(["booking.moved"]);
  });

  it.skipIf(needsRealPostgres("the race needs truly concurrent connections"))(
    "a cancellation that waited for a move of the same booking releases the places on the date the booking is on now",
    async () => {
      const offering = await createOffering(db(), { defaultCapacity: 10, priceMinor: 1_800, title: "Stairs Clinic" });
      const from = await createSlot(db(), offering, fromNow(5 * DAY));
      const to = await createSlot(db(), offering, fromNow(6 * DAY));
      const booking = await cardBooking(from.id);
      await cardBooking(from.id); // someone else on the old date, whose place must stay taken

      // Someone holds the old date's row (a hold being taken, say) while staff move and cancel.
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const blocker = db().transaction(async (tx) => {
        await tx.select({ id: slots.id }).from(slots).where(eq(slots.id, from.id)).for("update");
        locked();
        await released;
      });
      await isLocked;
      const waiting = async (n: number) => {
        for (let i = 0; i < 200; i += 1) {
          const [row] = await rowsOf<{ n: number }>(
            db().execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`),
          );
          if (row!.n >= n) return;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        throw new Error(`never saw ${n} transactions waiting for a lock`);
      };
      // The move queues for the old date first, the owner's cancellation behind it.
      const moving = move(booking.id, to.id);
      await waiting(1);
      const cancelling = refund(actors.owner, booking.id, 1_800, true);
      await waiting(2);
      release();
      await blocker;
      const [moved, cancelled] = await Promise.all([moving, cancelling]);

      expect(moved).toMatchObject({ ok: true });
      expect(cancelled).toMatchObject({ ok: true, value: { cancelled: true } });
      expect(await bookingById(booking.id)).toMatchObject({ status: "cancelled", slotId: to.id, holdsSeats: false });
      expect(await slotState(from.id)).toMatchObject({ seatsTaken: 1, seatsHeld: 1 });
      expect(await slotState(to.id)).toMatchObject({ seatsTaken: 0, seatsHeld: 0 });
    },
  );

  it("a studio-paid booking refunded or cancelled by staff, or on a cancelled date, is paid back at the studio: no call reaches Stripe", async () => {
    const { slot } = await eighteenPoundDate();
    const booking = await studioBooking(slot.id, 2_800);
    const stripeCalls = fake().requests.length;

    expect(await preview(actors.owner, booking.id, 1_000, false)).toEqual({
      ok: true,
      value: expect.objectContaining({ method: "studio", card: null, paidMinor: 2_800, remainingMinor: 2_800 }),
    });
    const part = await refund(actors.owner, booking.id, 1_000, false);
    expect(part).toMatchObject({ ok: true, value: { cancelled: false, refund: { amountMinor: 1_000, method: "studio", status: "succeeded", settledAt: expect.any(Date) } } });
    expect(await bookingById(booking.id)).toMatchObject({ status: "confirmed", holdsSeats: true });
    const [partMail] = await emailsFor(booking.id, "booking_refunded");
    expect((await sendAndRead(partMail!.id)).text).toContain("You paid at the studio, so it is paid back to you there.");

    // No job is queued to send it, and even the job's body would leave Stripe alone.
    expect(await queuedRefundJobs(booking.id)).toEqual([]);
    expect(await sendRefund(db(), app().payments, app().effects, { refundId: part.ok ? part.value.refund!.id : "", now: new Date(), isLastAttempt: false })).toBe(
      "skipped",
    );

    const cancelled = await refund(actors.owner, booking.id, 1_800, true);
    expect(cancelled).toMatchObject({ ok: true, value: { cancelled: true, refund: { amountMinor: 1_800, method: "studio", status: "succeeded" } } });
    expect(await bookingById(booking.id)).toMatchObject({ status: "cancelled", cancelledBy: "staff", holdsSeats: false });
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 0 });
    const [cancelMail] = await emailsFor(booking.id, "booking_cancelled");
    expect(icsOf(await sendAndRead(cancelMail!.id), "cancellation.ics")).toContain("METHOD:CANCEL");
    expect(await committedTotal(booking.id)).toBe(2_800);
    expect(await queuedRefundJobs(booking.id)).toEqual([]);

    // A whole date cancelled with a studio-paid booking on it.
    const { slot: date } = await eighteenPoundDate();
    const onDate = await studioBooking(date.id, 1_800);
    expect(await cancelDate(db(), app().effects, { actor: actors.owner, slotId: date.id, message: null, now: new Date() })).toMatchObject({
      ok: true,
      value: { cancelled: 1, refundsRequested: 1 },
    });
    expect(await refundsFor(onDate.id)).toEqual([
      expect.objectContaining({ amountMinor: 1_800, method: "studio", status: "succeeded", reason: "date_cancelled", providerRefundId: null }),
    ]);
    expect(await bookingById(onDate.id)).toMatchObject({ status: "cancelled", cancelledBy: "studio", holdsSeats: false });
    expect(await queuedRefundJobs(onDate.id)).toEqual([]);
    const [dateMail] = await emailsFor(onDate.id, "date_cancelled");
    expect((await sendAndRead(dateMail!.id)).text).toContain("You paid at the studio, so it is paid back to you there.");

    expect(fake().requests.slice(stripeCalls)).toEqual([]);
  });

  it("staff (not owners) get 403 for a refund or a cancellation, and nothing is written", async () => {
    const { slot } = await eighteenPoundDate();
    const booking = await cardBooking(slot.id);
    const emailsBefore = await emailsFor(booking.id);
    const stripeCalls = fake().requests.length;

    expect(await preview(actors.staff, booking.id, 500, false)).toMatchObject({ ok: false, status: 403 });
    expect(await refund(actors.staff, booking.id, 500, false)).toMatchObject({ ok: false, status: 403, formErrors: [expect.stringContaining("owner")] });
    expect(await refund(actors.staff, booking.id, 1_800, true)).toMatchObject({ ok: false, status: 403 });
    expect(await refund(actors.staff, booking.id, 0, true)).toMatchObject({ ok: false, status: 403 });

    expect(await bookingById(booking.id)).toEqual(booking);
    expect(await refundsFor(booking.id)).toEqual([]);
    expect(await emailsFor(booking.id)).toEqual(emailsBefore);
    expect(await auditOf(booking.id)).toEqual([]);
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 1 });
    expect(fake().requests.length).toBe(stripeCalls);
  });

  it("a resent confirmation is a new outbox row whose invite updates the same calendar event (same UID and SEQUENCE) and whose link opens the booking", async () => {
    const booking = await cardBooking();
    const [first] = await emailsFor(booking.id, "booking_confirmed");
    const firstMail = await sendAndRead(first!.id);
    const firstEvent = eventOf(icsOf(firstMail, "booking.ics"));

    const resent = await resendConfirmation(db(), app().effects, { actor: actors.staff, bookingId: booking.id, now: new Date() });
    if (!resent.ok) throw new Error(`refused: ${JSON.stringify(resent)}`);
    expect(resent.value.to).toBe(booking.customerEmail);
    const rows = (await emailsFor(booking.id, "booking_confirmed")).sort((a, b) => a.sequence - b.sequence);
    expect(rows.map((row) => row.id)).toEqual([first!.id, resent.value.emailMessageId]);
    expect(rows[1]!.sequence).toBeGreaterThan(rows[0]!.sequence);
    expect(rows[1]).toMatchObject({ status: "pending", toAddress: booking.customerEmail });
    expect(rows[1]!.messageId).not.toBe(rows[0]!.messageId);

    const again = await sendAndRead(resent.value.emailMessageId);
    expect(again.subject).toBe(firstMail.subject);
    const event = eventOf(icsOf(again, "booking.ics"));
    expect(event.uid).toBe(firstEvent.uid);
    expect(Number(event.sequence)).toBe(Number(firstEvent.sequence));

    const link = again.text.match(/https:\/\/book\.painfreeme\.example\/bookings\/([A-Za-z0-9_-]+)/);
    expect(link, "the email carries the booking's link").not.toBeNull();
    expect(link![1]).toBe(world.tokenOf(booking));
    const token = link![1]!;
    const page = (await bookingPageLoader(routeArgs(new Request(`http://localhost/bookings/${token}`), { token }))) as { reference: string; status: string };
    expect(page).toMatchObject({ reference: booking.reference, status: "confirmed" });
    expect(await auditOf(booking.id)).toEqual(["booking.confirmation_resent"]);
  });
});
