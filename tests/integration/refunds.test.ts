import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { reconcileRefundsFromProvider } from "../../app/booking/refund-reconciliation.server";
import { reconcileRefundRows, reportStuckRefunds, requestRefund, sendRefund } from "../../app/booking/refunds.server";
import type { ProviderRefund } from "../../app/payments/gateway.server";
import { sendEmailMessage } from "../../app/booking/send-booking-email.server";
import { lockBookingAndSlot } from "../../app/booking/slot-lock.server";
import { loader as bookingPageLoader } from "../../app/routes/bookings.$token";
import { revenueIn } from "../../app/week/dashboard.server";
import { bookings, devMailboxMessages, refunds, stripeRefundNotices, type Booking } from "../../db/schema";
import { routeArgs } from "../helpers/app";
import { deliverWebhook } from "../helpers/booking";
import { DAY, useBookingApp } from "../helpers/booking-app";
import { constraintOf, needsRealPostgres, rowsOf } from "../helpers/db";
import { captureLogs } from "../helpers/logs";
import { sql } from "drizzle-orm";

/** Refunds as records: Stripe's word reconciles them, the database caps them, the worker retries them. */
describe("refunds", () => {
  const world = useBookingApp();
  const { db, app, fake, signed, workshopSlot, privateSlot, slotState, bookingFor, emailsFor, refundsFor, bookAndCheckout, completedEvent } =
    world;
  const deliver = (body: string) => deliverWebhook(body, signed(body));

  /** A confirmed booking of `seats` places at £28, paid through the webhook. */
  async function paidBooking(seats = 2, startsInMs = 5 * DAY) {
    const slot = await workshopSlot(10, startsInMs);
    const { booking, sessionId } = await bookAndCheckout(slot.id, { seats: String(seats) });
    expect((await deliver(completedEvent(sessionId))).body).toMatchObject({ outcome: "confirmed" });
    return { slot, booking: await bookingFor(booking.customerEmail!) };
  }

  /** Renders and "sends" one outbox row through the demo mailbox, and returns what arrived. */
  async function sendAndRead(emailMessageId: string) {
    expect(await sendEmailMessage(db(), app().mailer, { emailMessageId, now: new Date(), env: app().env, links: app().effects.links })).toBe("sent");
    const [row] = await db().select().from(devMailboxMessages).orderBy(sql`${devMailboxMessages.createdAt} desc`).limit(1);
    return row!;
  }

  /** Asks for a refund of ours as the code does: under the booking's lock, a pending row and the job that sends it. */
  const askRefund = (booking: Booking, amountMinor: number, now = new Date()) =>
    db().transaction(async (tx) => {
      await lockBookingAndSlot(tx, eq(bookings.id, booking.id));
      return requestRefund(tx, app().effects, { booking, amountMinor, reason: "staff_refund", requestedBy: "staff", now });
    });
  /** Brings a booking's rows in line with a refund list as the provider gives it (newest first), under the booking's lock. */
  const reconcileWith = (booking: Booking, providerRefunds: ProviderRefund[], now = new Date()) =>
    db().transaction(async (tx) => {
      await lockBookingAndSlot(tx, eq(bookings.id, booking.id));
      return reconcileRefundRows(tx, app().effects, { booking, providerRefunds, now });
    });
  const refundRow = async (id: string) => (await db().select().from(refunds).where(eq(refunds.id, id)))[0]!;
  const reportsOf = async (bookingId: string) =>
    (await emailsFor(bookingId, "staff_refund_problem")).map((email) => (JSON.parse(email.payload) as { refundId: string }).refundId);

  async function pageOf(token: string) {
    return (await bookingPageLoader(routeArgs(new Request(`http://localhost/bookings/${token}`), { token }))) as {
      status: string;
      money: { refundedMinor: number; onItsWayMinor: number; troubleMinor: number };
    };
  }

  it("a partial refund in Stripe's dashboard keeps the booking and its places; the rest cancels it, frees them and sends the cancellation", async () => {
    const { slot, booking } = await paidBooking(2);
    const paymentIntentId = booking.paymentIntentId!;

    fake().refundInDashboard(paymentIntentId, 1_000);
    const partial = fake().event("charge.refunded", fake().charge(paymentIntentId));
    expect((await deliver(partial)).body).toMatchObject({ outcome: "reconciled" });
    expect(await bookingFor(booking.customerEmail!)).toMatchObject({ status: "confirmed", holdsSeats: true });
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 2, seatsHeld: 2 });
    expect(await refundsFor(booking.id)).toEqual([
      expect.objectContaining({ amountMinor: 1_000, status: "succeeded", requestedBy: "stripe_dashboard", reason: "requested_in_stripe" }),
    ]);
    // The same word again (a replay, or the refund's own event) changes nothing.
    expect((await deliver(partial)).body).toMatchObject({ replay: true });
    const [first] = [...fake().refunds.values()].filter((r) => r.payment_intent === paymentIntentId);
    expect((await deliver(fake().event("refund.created", first))).body).toMatchObject({ outcome: "no_change" });
    expect(await refundsFor(booking.id)).toHaveLength(1);

    const [partialMail] = await emailsFor(booking.id, "booking_refunded");
    const partialSent = await sendAndRead(partialMail!.id);
    expect(partialSent.text).toContain("We've refunded £10 of the £56 you paid.");
    expect((await pageOf(world.tokenOf(booking))).money).toEqual({ refundedMinor: 1_000, onItsWayMinor: 0, troubleMinor: 0 });

    fake().refundInDashboard(paymentIntentId);
    expect((await deliver(fake().event("charge.refunded", fake().charge(paymentIntentId)))).body).toMatchObject({
      outcome: "reconciled",
    });
    expect(await bookingFor(booking.customerEmail!)).toMatchObject({
      status: "cancelled",
      cancelledBy: "studio",
      holdsSeats: false,
      calendarSequence: 1,
    });
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 0, seatsHeld: 0 });
    expect((await emailsFor(booking.id, "reminder"))[0]!.status).toBe("cancelled");
    const [cancelMail] = await emailsFor(booking.id, "booking_cancelled");
    const cancelSent = await sendAndRead(cancelMail!.id);
    // This refund's amount, not the total so far.
    expect(cancelSent.subject).toContain("£46 refunded");
    expect(cancelSent.attachments.map((attachment) => attachment.filename)).toEqual(["cancellation.ics"]);
    expect((await pageOf(world.tokenOf(booking))).money).toEqual({ refundedMinor: 5_600, onItsWayMinor: 0, troubleMinor: 0 });
  });

  it("the provider's word settles our rows: matched by its id before our metadata id, settled only when final, a failed refund never revived, reported once", async () => {
    const { booking } = await paidBooking(2);
    const locked = (work: (tx: Parameters<Parameters<ReturnType<typeof db>["transaction"]>[0]>[0]) => Promise<unknown>) =>
      db().transaction(async (tx) => {
        await lockBookingAndSlot(tx, eq(bookings.id, booking.id));
        return work(tx);
      });
    const reconcile = (providerRefunds: ProviderRefund[], now: Date) =>
      locked((tx) => reconcileRefundRows(tx, app().effects, { booking, providerRefunds, now }));
    const ours = (await locked((tx) =>
      requestRefund(tx, app().effects, { booking, amountMinor: 1_000, reason: "staff_refund", requestedBy: "staff", now: new Date() }),
    )) as { id: string };
    const answer = (status: ProviderRefund["status"], refundId: string | null, failureReason: string | null = null): ProviderRefund => ({
      id: "re_settle_1",
      status,
      amountMinor: 1_000,
      refundId,
      failureReason,
    });
    const row = async () => (await refundsFor(booking.id)).find((r) => r.id === ours.id)!;
    const t1 = new Date(Date.now() + 1_000);
    const t2 = new Date(Date.now() + 2_000);
    const logs = captureLogs();
    try {
      // Found by our id in its metadata: it takes the provider's id; still pending, so not settled.
      await reconcile([answer("pending", ours.id)], t1);
      expect(await row()).toMatchObject({ providerRefundId: "re_settle_1", status: "pending", settledAt: null, lastError: null });
      // Found by the provider's id alone (no metadata): succeeded, settled then, and no second row recorded.
      await reconcile([answer("succeeded", null)], t2);
      expect(await row()).toMatchObject({ status: "succeeded", settledAt: t2, lastError: null });
      expect(await refundsFor(booking.id)).toHaveLength(1);
      // Nothing went wrong, so nobody is told anything.
      expect(await row()).toMatchObject({ reportedAt: null });
      expect(await emailsFor(booking.id, "staff_refund_problem")).toHaveLength(0);
      // A refund never goes back to pending: the state machine refuses it before anything is written.
      await expect(reconcile([answer("pending", null)], t2)).rejects.toThrow("Refund state machine: succeeded → pending is not allowed");
      expect(await row()).toMatchObject({ status: "succeeded", settledAt: t2 });
      // The card issuer returns it: failed with the provider's reason, the studio told once however often it is said.
      await reconcile([answer("failed", null, "expired_or_canceled_card")], t2);
      await reconcile([answer("failed", null, "expired_or_canceled_card")], t2);
      expect(await row()).toMatchObject({ status: "failed", lastError: "expired_or_canceled_card" });
      expect(await emailsFor(booking.id, "staff_refund_problem")).toHaveLength(1);
      // Failed is final here: a later "succeeded" doesn't bring it back (a person looks instead).
      await reconcile([answer("succeeded", null)], t2);
      expect(await row()).toMatchObject({ status: "failed" });
    } finally {
      logs.restore();
    }
    // That one disagreement, and nothing else, is logged as an error for a person to look at.
    expect(logs.lines.filter((line) => line.level >= 50).map((line) => line.msg)).toEqual([
      `Refund ${ours.id} is failed here but succeeded at the payment provider (re_settle_1).`,
    ]);
    // A refund the provider failed that we never asked for moved no money: nothing is recorded.
    await reconcile([{ id: "re_dashboard_failed", status: "failed", amountMinor: 500, refundId: null, failureReason: "declined" }], t2);
    expect(await refundsFor(booking.id)).toHaveLength(1);
  });

  it("a refund made in Stripe's dashboard counts against revenue on the day it went through: at once when it's done, not while it's pending", async () => {
    const { booking } = await paidBooking(2);
    const day = new Date(Date.now() + 40 * DAY);
    day.setUTCHours(0, 0, 0, 0);
    const at = new Date(day.getTime() + 10 * 3_600_000);
    await reconcileWith(
      booking,
      [
        { id: "re_dashboard_pending", status: "pending", amountMinor: 500, refundId: null, failureReason: null },
        { id: "re_dashboard_done", status: "succeeded", amountMinor: 1_000, refundId: null, failureReason: null },
      ],
      at,
    );
    const rows = await refundsFor(booking.id);
    expect(rows.find((r) => r.providerRefundId === "re_dashboard_done")).toMatchObject({ status: "succeeded", settledAt: at });
    expect(rows.find((r) => r.providerRefundId === "re_dashboard_pending")).toMatchObject({ status: "pending", settledAt: null });
    expect(await revenueIn(db(), { start: day, end: new Date(day.getTime() + DAY) }, "GBP")).toBe(-1_000);
  });

  it("the refund job: a refusal before the last attempt is counted and retried, and nobody is told; the retry that gets through answers sent", async () => {
    const { booking } = await paidBooking(2);
    const refund = await askRefund(booking, 1_000);
    const send = (isLastAttempt: boolean) =>
      sendRefund(db(), app().payments, app().effects, { refundId: refund.id, now: new Date(), isLastAttempt });
    const logs = captureLogs();
    fake().failNext(1_000);
    try {
      await expect(send(false)).rejects.toThrow();
    } finally {
      fake().failNext(0);
      logs.restore();
    }
    expect(await refundRow(refund.id)).toMatchObject({
      status: "pending",
      attempts: 1,
      lastError: expect.stringMatching(/simulated outage/),
      settledAt: null,
      reportedAt: null,
    });
    expect(await reportsOf(booking.id)).toEqual([]);
    expect(logs.lines.filter((line) => line.msg.startsWith("Refund NOT made"))).toEqual([]);

    expect(await send(false)).toBe("sent");
    expect(await refundRow(refund.id)).toMatchObject({ status: "succeeded", attempts: 2, providerRefundId: expect.stringMatching(/^re_/), reportedAt: null });
    expect(await reportsOf(booking.id)).toEqual([]);
  });

  it("the sweep tells the studio about each refund of a booking that went wrong: one still pending after an hour, one failed that nobody was told about", async () => {
    const { booking } = await paidBooking(2);
    const now = new Date();
    const stuck = await askRefund(booking, 1_000, new Date(now.getTime() - 2 * 3_600_000));
    const failedUntold = await askRefund(booking, 1_000, now);
    // Marked failed outside the code that reports it (by hand in the database, say): the sweep is the net.
    await db().update(refunds).set({ status: "failed", lastError: "marked failed by hand", settledAt: now }).where(eq(refunds.id, failedUntold.id));
    await reportStuckRefunds(db(), app().effects, now);
    expect((await reportsOf(booking.id)).sort()).toEqual([stuck.id, failedUntold.id].sort());
    await reportStuckRefunds(db(), app().effects, now);
    expect(await reportsOf(booking.id)).toHaveLength(2);
  });

  it.skipIf(needsRealPostgres("the race needs truly concurrent connections"))(
    "two sweeps at once (two app processes) tell the studio about a stuck refund once",
    async () => {
      const { booking } = await paidBooking(2);
      const now = new Date();
      const stuck = await askRefund(booking, 1_000, new Date(now.getTime() - 2 * 3_600_000));
      // A third connection holds the row, so both sweeps have read it before either can claim it.
      let letGo = () => {};
      const held = new Promise<void>((resolve) => (letGo = resolve));
      const holder = db().transaction(async (tx) => {
        await tx.select({ id: refunds.id }).from(refunds).where(eq(refunds.id, stuck.id)).for("update");
        await held;
      });
      const sweeps = Promise.all([reportStuckRefunds(db(), app().effects, now), reportStuckRefunds(db(), app().effects, now)]);
      try {
        await vi.waitFor(
          async () => {
            const [waiting] = await rowsOf<{ n: number }>(
              db().execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`),
            );
            expect(waiting!.n).toBe(2);
          },
          { timeout: 10_000, interval: 20 },
        );
      } finally {
        letGo();
        await holder;
        await sweeps;
      }
      expect(await reportsOf(booking.id)).toEqual([stuck.id]);
    },
  );

  it("a dashboard refund closes only as many of our unsent refunds as it must, oldest first: never one already sent, never one already failed", async () => {
    const { booking } = await paidBooking(2); // £56 paid
    const minute = (n: number) => new Date(Date.now() + n * 60_000);
    const failedEarlier = await askRefund(booking, 1_000, minute(1));
    await db()
      .update(refunds)
      .set({ status: "failed", lastError: "refused at its last attempt", settledAt: minute(1), reportedAt: minute(1) })
      .where(eq(refunds.id, failedEarlier.id));
    const sent = await askRefund(booking, 1_000, minute(2));
    await reconcileWith(booking, [{ id: "re_sent_pending", status: "pending", amountMinor: 1_000, refundId: sent.id, failureReason: null }], minute(2));
    const unsentOlder = await askRefund(booking, 1_000, minute(3));
    const unsentNewer = await askRefund(booking, 1_000, minute(4));
    // £30 is on its way (one sent, two not yet); £36 refunded in the dashboard fits exactly once one unsent £10 is closed.
    await reconcileWith(booking, [{ id: "re_dashboard_36", status: "succeeded", amountMinor: 3_600, refundId: null, failureReason: null }], minute(5));
    expect(await refundRow(failedEarlier.id)).toMatchObject({ status: "failed", lastError: "refused at its last attempt" });
    expect(await refundRow(sent.id)).toMatchObject({ status: "pending", providerRefundId: "re_sent_pending" });
    expect(await refundRow(unsentOlder.id)).toMatchObject({ status: "failed", lastError: expect.stringMatching(/^not sent: a refund made in Stripe's dashboard/) });
    expect(await refundRow(unsentNewer.id)).toMatchObject({ status: "pending", providerRefundId: null });
    expect((await refundsFor(booking.id)).find((r) => r.providerRefundId === "re_dashboard_36")).toMatchObject({ status: "succeeded", amountMinor: 3_600 });
  });

  it("Stripe's list naming, after a dashboard refund, one of ours we took for unsent (its job died after Stripe made it): ours is settled first, the dashboard's closes the one really unsent", async () => {
    const { booking } = await paidBooking(2); // £56 paid
    const minute = (n: number) => new Date(Date.now() + n * 60_000);
    const madeButUnrecorded = await askRefund(booking, 2_800, minute(1));
    const reallyUnsent = await askRefund(booking, 2_800, minute(2));
    // Newest first, as Stripe lists them: the dashboard's refund comes before the one of ours it made.
    const logs = captureLogs();
    try {
      await reconcileWith(
        booking,
        [
          { id: "re_dashboard_28", status: "succeeded", amountMinor: 2_800, refundId: null, failureReason: null },
          { id: "re_made_28", status: "succeeded", amountMinor: 2_800, refundId: madeButUnrecorded.id, failureReason: null },
        ],
        minute(3),
      );
    } finally {
      logs.restore();
    }
    expect(await refundRow(madeButUnrecorded.id)).toMatchObject({ providerRefundId: "re_made_28", status: "succeeded" });
    expect(await refundRow(reallyUnsent.id)).toMatchObject({ status: "failed", providerRefundId: null, lastError: expect.stringMatching(/^not sent/) });
    expect((await refundsFor(booking.id)).find((r) => r.providerRefundId === "re_dashboard_28")).toMatchObject({ status: "succeeded", requestedBy: "stripe_dashboard" });
    expect(logs.lines.filter((line) => line.level >= 50)).toEqual([]);
  });

  it("a dashboard refund covering a refund of ours not yet sent closes ours instead of being refused", async () => {
    const { booking } = await paidBooking(2);
    const paid = booking.amountPaidMinor!;
    const ours = (await db().transaction(async (tx) => {
      await lockBookingAndSlot(tx, eq(bookings.id, booking.id));
      return requestRefund(tx, app().effects, { booking, amountMinor: paid, reason: "staff_refund", requestedBy: "staff", now: new Date() });
    })) as { id: string };
    const dashboard: ProviderRefund = { id: "re_dashboard_all", status: "succeeded", amountMinor: paid, refundId: null, failureReason: null };
    await db().transaction(async (tx) => {
      await lockBookingAndSlot(tx, eq(bookings.id, booking.id));
      await reconcileRefundRows(tx, app().effects, { booking, providerRefunds: [dashboard], now: new Date() });
    });
    const rows = await refundsFor(booking.id);
    expect(rows.find((r) => r.id === ours.id)).toMatchObject({ status: "failed", lastError: expect.stringMatching(/^not sent: a refund made in Stripe's dashboard/) });
    expect(rows.find((r) => r.id === ours.id)!.reportedAt).not.toBeNull();
    expect(rows.find((r) => r.providerRefundId === "re_dashboard_all")).toMatchObject({ status: "succeeded", amountMinor: paid, requestedBy: "stripe_dashboard" });
    // Its job finds nothing to send: Stripe is never asked twice for the same money.
    expect(await sendRefund(db(), app().payments, app().effects, { refundId: ours.id, now: new Date(), isLastAttempt: false })).toBe("skipped");
  });

  it("a refund Stripe later fails is marked failed and reported to the studio once; the page says we're on it", async () => {
    const slot = await privateSlot();
    const late = await bookAndCheckout(slot.id);
    await world.lateWithPlacesGone(slot.id, late.sessionId);
    const [refund] = await refundsFor(late.booking.id);
    fake().setRefundStatus("pending");
    try {
      await sendRefund(db(), app().payments, app().effects, { refundId: refund!.id, now: new Date(), isLastAttempt: false });
    } finally {
      fake().setRefundStatus("succeeded");
    }
    const sent = (await refundsFor(late.booking.id))[0]!;
    expect(sent).toMatchObject({ status: "pending", providerRefundId: expect.stringMatching(/^re_/) });
    expect((await pageOf(world.tokenOf(late.booking))).money).toEqual({ refundedMinor: 0, onItsWayMinor: 6_500, troubleMinor: 0 });

    const failed = fake().updateRefund(sent.providerRefundId!, "failed", "expired_or_canceled_card");
    const event = fake().event("charge.refund.updated", failed);
    expect((await deliver(event)).body).toMatchObject({ outcome: "reconciled" });
    expect((await refundsFor(late.booking.id))[0]).toMatchObject({ status: "failed", lastError: "expired_or_canceled_card" });
    expect(await emailsFor(late.booking.id, "staff_refund_problem")).toHaveLength(1);
    expect((await deliver(fake().event("refund.failed", failed))).body).toMatchObject({ outcome: "no_change" });
    expect(await emailsFor(late.booking.id, "staff_refund_problem")).toHaveLength(1);
    expect((await pageOf(world.tokenOf(late.booking))).money).toEqual({ refundedMinor: 0, onItsWayMinor: 0, troubleMinor: 6_500 });
    const report = await sendAndRead((await emailsFor(late.booking.id, "staff_refund_problem"))[0]!.id);
    expect(report.text).toContain("expired_or_canceled_card");
    expect(report.subject).toContain(late.booking.reference);
  });

  it("a charge.refunded that overtakes its payment is kept and applied once the payment is recorded", async () => {
    const slot = await workshopSlot();
    const { booking, sessionId } = await bookAndCheckout(slot.id);
    const paidSession = fake().completeSession(sessionId); // paid at Stripe, its webhook still on the way
    const paymentIntentId = paidSession.payment_intent as string;
    fake().refundInDashboard(paymentIntentId, 800);
    expect((await deliver(fake().event("charge.refunded", fake().charge(paymentIntentId)))).body).toMatchObject({
      outcome: "deferred",
    });
    expect(await db().select().from(stripeRefundNotices).where(eq(stripeRefundNotices.paymentIntentId, paymentIntentId))).toHaveLength(1);

    expect((await deliver(fake().event("checkout.session.completed", paidSession))).body).toMatchObject({ outcome: "confirmed" });
    const queued = await rowsOf<{ n: number }>(
      db().execute(sql`select count(*)::int as n from pgboss.job where name = 'refunds-reconcile' and data->>'paymentIntentId' = ${paymentIntentId}`),
    );
    expect(queued[0]!.n).toBe(1);
    // The queued job's body: Stripe's list, reconciled.
    expect(await reconcileRefundsFromProvider(db(), app().payments, app().effects, { paymentIntentId, now: new Date() })).toBe(
      "reconciled",
    );
    expect(await refundsFor(booking.id)).toEqual([expect.objectContaining({ amountMinor: 800, status: "succeeded" })]);
    expect(await bookingFor(booking.customerEmail!)).toMatchObject({ status: "confirmed", holdsSeats: true });
    expect(await emailsFor(booking.id, "booking_refunded")).toHaveLength(1);
  });

  it("a charge.refunded that overtakes a payment we refuse is applied too: our refund is closed by it, not sent twice", async () => {
    const slot = await workshopSlot();
    const { booking, sessionId } = await bookAndCheckout(slot.id);
    const paidSession = fake().completeSession(sessionId);
    const paymentIntentId = paidSession.payment_intent as string;
    fake().refundInDashboard(paymentIntentId); // the studio refunded it in full before our webhook came
    expect((await deliver(fake().event("charge.refunded", fake().charge(paymentIntentId)))).body).toMatchObject({
      outcome: "deferred",
    });

    // Paid in another currency: refused, and its full refund asked.
    const mismatched = fake().event("checkout.session.completed", { ...paidSession, currency: "usd" });
    expect((await deliver(mismatched)).body).toMatchObject({ outcome: "payment_refused" });
    const queued = await rowsOf<{ n: number }>(
      db().execute(sql`select count(*)::int as n from pgboss.job where name = 'refunds-reconcile' and data->>'paymentIntentId' = ${paymentIntentId}`),
    );
    expect(queued[0]!.n).toBe(1);
    const [notice] = await db().select().from(stripeRefundNotices).where(eq(stripeRefundNotices.paymentIntentId, paymentIntentId));
    expect(notice!.appliedAt).not.toBeNull();

    expect(await reconcileRefundsFromProvider(db(), app().payments, app().effects, { paymentIntentId, now: new Date() })).toBe(
      "reconciled",
    );
    // Both in the currency that was paid, so the dashboard's revenue in dollars nets to nothing.
    expect(await refundsFor(booking.id)).toEqual([
      expect.objectContaining({ amountMinor: 2_800, currency: "USD", status: "failed", reason: "payment_mismatch", providerRefundId: null, lastError: expect.stringContaining("covered") }),
      expect.objectContaining({ amountMinor: 2_800, currency: "USD", status: "succeeded", requestedBy: "stripe_dashboard" }),
    ]);
    const around = { start: new Date(Date.now() - 3_600_000), end: new Date(Date.now() + 3_600_000) };
    expect(await revenueIn(db(), around, "USD")).toBe(0);
    expect([...fake().refunds.values()].filter((r) => r.payment_intent === paymentIntentId)).toHaveLength(1);
    expect(await bookingFor(booking.customerEmail!)).toMatchObject({ status: "expired", holdsSeats: false });
  });

  it("the database refuses refunds that add up to more than was paid, naming its rule; a failed refund doesn't count", async () => {
    const { booking } = await paidBooking(2); // £56 paid
    const ask = (amountMinor: number) =>
      db().transaction(async (tx) => {
        const locked = await lockBookingAndSlot(tx, eq(bookings.id, booking.id));
        return requestRefund(tx, app().effects, { booking: locked!.booking, amountMinor, reason: "requested_in_stripe", requestedBy: "system", now: new Date() });
      });
    const first = await ask(4_000);
    await expect(ask(2_000)).rejects.toSatisfy((error) => constraintOf(error) === "refunds_total_within_paid");
    await db().update(refunds).set({ status: "failed" }).where(eq(refunds.id, first.id));
    await expect(ask(5_600)).resolves.toMatchObject({ amountMinor: 5_600, status: "pending" });
    // Straight SQL is refused too: the rule is the database's, not only the code's.
    await expect(
      db().insert(refunds).values({
        bookingId: booking.id,
        amountMinor: 1,
        currency: "GBP",
        reason: "requested_in_stripe",
        requestedBy: "stripe_dashboard",
        idempotencyKey: "straight-sql",
      }),
    ).rejects.toSatisfy((error) => constraintOf(error) === "refunds_total_within_paid");
  });

  it.skipIf(needsRealPostgres("the race needs truly concurrent connections"))(
    "refunds asked for at the same moment on separate connections never add up to more than was paid",
    async () => {
      const { booking } = await paidBooking(2); // £56 paid
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, () =>
          db().transaction((tx) =>
            requestRefund(tx, app().effects, { booking, amountMinor: 2_000, reason: "requested_in_stripe", requestedBy: "system", now: new Date() }),
          ),
        ),
      );
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(2);
      for (const result of results.filter((r) => r.status === "rejected")) {
        expect(constraintOf((result as PromiseRejectedResult).reason)).toBe("refunds_total_within_paid");
      }
      expect((await refundsFor(booking.id)).reduce((sum, row) => sum + row.amountMinor, 0)).toBe(4_000);
    },
  );

  it("a refund still pending after an hour, or failed, is reported to the studio once", async () => {
    const slot = await privateSlot();
    const late = await bookAndCheckout(slot.id);
    await world.lateWithPlacesGone(slot.id, late.sessionId);
    await reportStuckRefunds(db(), app().effects, new Date());
    expect(await emailsFor(late.booking.id, "staff_refund_problem")).toHaveLength(0);
    const inAnHour = new Date(Date.now() + 61 * 60_000);
    expect(await reportStuckRefunds(db(), app().effects, inAnHour)).toBeGreaterThanOrEqual(1);
    expect(await emailsFor(late.booking.id, "staff_refund_problem")).toHaveLength(1);
    expect(await reportStuckRefunds(db(), app().effects, inAnHour)).toBe(0);
    expect(await emailsFor(late.booking.id, "staff_refund_problem")).toHaveLength(1);
  });

});
