import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { reconcileRefundsFromProvider } from "../../app/booking/refund-reconciliation.server";
import { reconcileRefundRows, reportStuckRefunds, requestRefund, sendRefund } from "../../app/booking/refunds.server";
import type { ProviderRefund } from "../../app/payments/gateway.server";
import { sendEmailMessage } from "../../app/booking/send-booking-email.server";
import { lockBookingAndSlot } from "../../app/booking/slot-lock.server";
import { loader as bookingPageLoader } from "../../app/routes/bookings.$token";
import { bookings, devMailboxMessages, refunds, stripeRefundNotices } from "../../db/schema";
import { routeArgs } from "../helpers/app";
import { deliverWebhook } from "../helpers/booking";
import { DAY, useBookingApp } from "../helpers/booking-app";
import { constraintOf, needsRealPostgres, rowsOf } from "../helpers/db";
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

    // Found by our id in its metadata: it takes the provider's id; still pending, so not settled.
    await reconcile([answer("pending", ours.id)], t1);
    expect(await row()).toMatchObject({ providerRefundId: "re_settle_1", status: "pending", settledAt: null, lastError: null });
    // Found by the provider's id alone (no metadata): succeeded, settled then, and no second row recorded.
    await reconcile([answer("succeeded", null)], t2);
    expect(await row()).toMatchObject({ status: "succeeded", settledAt: t2, lastError: null });
    expect(await refundsFor(booking.id)).toHaveLength(1);
    // The card issuer returns it: failed with the provider's reason, the studio told once however often it is said.
    await reconcile([answer("failed", null, "expired_or_canceled_card")], t2);
    await reconcile([answer("failed", null, "expired_or_canceled_card")], t2);
    expect(await row()).toMatchObject({ status: "failed", lastError: "expired_or_canceled_card" });
    expect(await emailsFor(booking.id, "staff_refund_problem")).toHaveLength(1);
    // Failed is final here: a later "succeeded" doesn't bring it back (a person looks instead).
    await reconcile([answer("succeeded", null)], t2);
    expect(await row()).toMatchObject({ status: "failed" });
    // A refund the provider failed that we never asked for moved no money: nothing is recorded.
    await reconcile([{ id: "re_dashboard_failed", status: "failed", amountMinor: 500, refundId: null, failureReason: "declined" }], t2);
    expect(await refundsFor(booking.id)).toHaveLength(1);
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
    expect(await refundsFor(booking.id)).toEqual([
      expect.objectContaining({ amountMinor: 2_800, status: "failed", reason: "payment_mismatch", providerRefundId: null, lastError: expect.stringContaining("covered") }),
      expect.objectContaining({ amountMinor: 2_800, status: "succeeded", requestedBy: "stripe_dashboard" }),
    ]);
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
