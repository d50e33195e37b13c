import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { fulfilCheckoutSession } from "../../app/booking/fulfil-checkout.server";
import { releaseAllExpiredHolds } from "../../app/booking/holds.server";
import { sendRefund } from "../../app/booking/refunds.server";
import { checkoutSessionFromStripe } from "../../app/payments/stripe-gateway.server";
import { stripeEvents } from "../../db/schema";
import Stripe from "stripe";
import { deliverWebhook } from "../helpers/booking";
import { useBookingApp, WEBHOOK_SECRET } from "../helpers/booking-app";
import { rowsOf } from "../helpers/db";
import { signWebhook } from "../helpers/fake-stripe";
import { captureLogs } from "../helpers/logs";
import { createOffering, createSlot } from "../helpers/fixtures";

/** Payments arriving: the signed webhook, fulfilment and its checks, replays and races. */
describe("payments: webhooks and fulfilment", () => {
  const world = useBookingApp();
  const {
    db,
    app,
    fake,
    signed,
    workshopSlot,
    privateSlot,
    slotState,
    bookingFor,
    emailsFor,
    bookAndCheckout,
    completedEvent,
    refundsFor,
  } = world;

  it("a paid session's webhook, delivered 5 times (3 at once) and again after a restart, confirms once and queues one email", async () => {
    const slot = await workshopSlot();
    const { booking, sessionId } = await bookAndCheckout(slot.id, { seats: "2" });
    const body = completedEvent(sessionId);

    const first = await deliverWebhook(body, signed(body));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ outcome: "confirmed", replay: false });
    const concurrent = await Promise.all([1, 2, 3].map(() => deliverWebhook(body, signed(body))));
    const last = await deliverWebhook(body, signed(body));
    for (const delivery of [...concurrent, last]) {
      expect(delivery.status).toBe(200);
      expect(delivery.body).toMatchObject({ replay: true });
    }

    await world.restart();
    const afterRestart = await deliverWebhook(body, signed(body));
    expect(afterRestart.body).toMatchObject({ replay: true });

    const confirmed = await bookingFor(booking.customerEmail!);
    expect(confirmed).toMatchObject({ status: "confirmed", holdsSeats: true, amountPaidMinor: 5600 });
    expect(confirmed.paymentIntentId).toMatch(/^pi_/);
    expect(await emailsFor(booking.id, "booking_confirmed")).toHaveLength(1);
    expect(await emailsFor(booking.id, "staff_new_booking")).toHaveLength(1);
    const events = await db().select().from(stripeEvents).where(eq(stripeEvents.bookingId, booking.id));
    expect(events).toHaveLength(1);
    const confirmationId = (await emailsFor(booking.id, "booking_confirmed"))[0]!.id;
    const jobs = await rowsOf<{ n: number }>(
      db().execute(sql`select count(*)::int as n from pgboss.job where data->>'emailMessageId' = ${confirmationId}`),
    );
    expect(jobs[0]!.n).toBe(1);
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 2, seatsHeld: 2 });
  });

  it("a tampered body, a wrong secret, a stale or missing signature → 400 and nothing changes", async () => {
    const slot = await workshopSlot();
    const { booking, sessionId } = await bookAndCheckout(slot.id);
    const body = completedEvent(sessionId);
    const tampered = body.replace(/"amount_total":\s*2800/, '"amount_total":1');
    expect(tampered).not.toBe(body);
    expect((await deliverWebhook(tampered, signed(body))).status).toBe(400);
    expect((await deliverWebhook(body, signed(body, "whsec_wrong_secret"))).status).toBe(400);
    expect((await deliverWebhook(body, signWebhook(new Stripe("sk_test_signing_only"), body, WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 3600))).status).toBe(400);
    expect((await deliverWebhook(body, null)).status).toBe(400);
    expect((await deliverWebhook("not json", signed("not json"))).status).toBe(400);
    expect(await bookingFor(booking.customerEmail!)).toMatchObject({ status: "pending_payment" });
    expect(await emailsFor(booking.id)).toHaveLength(0);
  });

  it("events we don't act on and sessions that aren't ours are acknowledged with 200", async () => {
    const foreign = fake().event("checkout.session.completed", {
      id: "cs_test_someone_else",
      object: "checkout.session",
      status: "complete",
      payment_status: "paid",
      client_reference_id: null,
      metadata: {},
      amount_total: 100,
      currency: "gbp",
      payment_intent: "pi_other",
      expires_at: Math.floor(Date.now() / 1000) + 3600,
    });
    expect((await deliverWebhook(foreign, signed(foreign))).body).toMatchObject({ outcome: "not_ours" });
    const other = fake().event("customer.created", { id: "cus_1", object: "customer" });
    expect((await deliverWebhook(other, signed(other))).body).toMatchObject({ outcome: "ignored" });
  });

  it("late payment with the seats still free: confirmed", async () => {
    const slot = await workshopSlot(5);
    const { booking, sessionId } = await bookAndCheckout(slot.id, { seats: "2" });
    // The hold runs out and the sweep releases it.
    expect(await releaseAllExpiredHolds(db(), new Date(Date.now() + 2 * 3_600_000))).toBeGreaterThanOrEqual(2);
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 0 });
    const body = completedEvent(sessionId);
    expect((await deliverWebhook(body, signed(body))).body).toMatchObject({ outcome: "confirmed_late" });
    expect(await bookingFor(booking.customerEmail!)).toMatchObject({ status: "confirmed", holdsSeats: true });
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 2, seatsHeld: 2 });
    expect(await emailsFor(booking.id, "booking_confirmed")).toHaveLength(1);
  });

  it("stores the reminder's run time (18:00 the day before, across the clock change) and schedules its job then", async () => {
    const offering = await createOffering(db(), { defaultCapacity: 6, priceMinor: 2000 });
    const slot = await createSlot(db(), offering, new Date("2027-03-28T17:00:00Z")); // Sunday 18:00 BST
    const { booking, sessionId } = await bookAndCheckout(slot.id);
    const paid = completedEvent(sessionId);
    await deliverWebhook(paid, signed(paid));
    const [reminder] = await emailsFor(booking.id, "reminder");
    expect(reminder!.sendAfter.toISOString()).toBe("2027-03-27T18:00:00.000Z"); // Saturday 18:00 GMT
    const jobs = await rowsOf<{ start_after: Date }>(
      db().execute(sql`select start_after from pgboss.job where data->>'emailMessageId' = ${reminder!.id}`),
    );
    expect(new Date(jobs[0]!.start_after).toISOString()).toBe("2027-03-27T18:00:00.000Z");
  });

  it("a booking made less than a day ahead gets no separate reminder: the checklist goes in the confirmation", async () => {
    const slot = await workshopSlot(10, 5 * 3_600_000);
    const { booking, sessionId } = await bookAndCheckout(slot.id);
    const paid = completedEvent(sessionId);
    await deliverWebhook(paid, signed(paid));
    expect(await emailsFor(booking.id, "reminder")).toHaveLength(0);
    const [confirmation] = await emailsFor(booking.id, "booking_confirmed");
    expect(JSON.parse(confirmation!.payload)).toEqual({ includeReminderChecklist: true });
  });


  /** The session paid (once) on the fake, as Stripe would send it, with some fields changed (then signed for real). */
  function paidEvent(type: string, sessionId: string, changes: Record<string, unknown> = {}) {
    const current = fake().sessionObject(sessionId);
    const session = current.status === "open" ? fake().completeSession(sessionId) : current;
    return fake().event(type, { ...session, ...changes });
  }
  /** The session as it stands on the fake (not paid), as Stripe would send it. */
  const unpaidEvent = (type: string, sessionId: string) =>
    fake().event(type, { ...fake().sessionObject(sessionId), status: "complete", payment_status: "unpaid" });
  const deliver = (body: string) => deliverWebhook(body, signed(body));

  it("the first delivery of a paid event, raced four times at once alongside its async twin, confirms once", async () => {
    const slot = await workshopSlot();
    const { booking, sessionId } = await bookAndCheckout(slot.id, { seats: "2" });
    const completed = paidEvent("checkout.session.completed", sessionId);
    const twin = paidEvent("checkout.session.async_payment_succeeded", sessionId);
    const results = await Promise.all([completed, completed, completed, completed, twin].map(deliver));
    expect(results.map((result) => result.status)).toEqual([200, 200, 200, 200, 200]);
    const outcomes = results.map((result) => (result.body as { outcome: string }).outcome);
    expect(outcomes.filter((outcome) => outcome === "confirmed")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== "confirmed").every((o) => o === "replay" || o === "already_fulfilled")).toBe(true);
    expect(await emailsFor(booking.id, "booking_confirmed")).toHaveLength(1);
    expect(await bookingFor(booking.customerEmail!)).toMatchObject({ status: "confirmed", amountPaidMinor: 5600 });
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 2, seatsHeld: 2 });
  });

  it("a completed session that isn't paid yet keeps the hold; async payment failed releases it, succeeded confirms", async () => {
    const slot = await workshopSlot();
    const waiting = await bookAndCheckout(slot.id);
    const unpaid = unpaidEvent("checkout.session.completed", waiting.sessionId);
    expect((await deliver(unpaid)).body).toMatchObject({ outcome: "awaiting_payment" });
    expect(await bookingFor(waiting.form.email)).toMatchObject({ status: "pending_payment", holdsSeats: true, paidAt: null });
    const failed = unpaidEvent("checkout.session.async_payment_failed", waiting.sessionId);
    expect((await deliver(failed)).body).toMatchObject({ outcome: "released" });
    expect(await bookingFor(waiting.form.email)).toMatchObject({ status: "expired", holdsSeats: false });

    const later = await bookAndCheckout(slot.id, { seats: "3" });
    expect((await deliver(paidEvent("checkout.session.async_payment_succeeded", later.sessionId))).body).toMatchObject({
      outcome: "confirmed",
    });
    expect(await bookingFor(later.form.email)).toMatchObject({ status: "confirmed", holdsSeats: true });
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 3, seatsHeld: 3 });
  });

  it.each([
    ["paid 1p for a £28 booking", { amount_total: 1 }],
    ["paid in another currency", { currency: "usd" }],
    ["paid through another session", { id: "cs_test_not_the_one_we_stored" }],
  ])("a payment that doesn't match its booking (%s) confirms nothing: expired, recorded, refunded in full, the studio told", async (_, changes) => {
    const slot = await workshopSlot();
    const { booking, sessionId } = await bookAndCheckout(slot.id, { seats: "2" });
    const result = await deliver(paidEvent("checkout.session.completed", sessionId, changes));
    expect(result).toMatchObject({ status: 200, body: { outcome: "payment_refused" } });
    const refused = await bookingFor(booking.customerEmail!);
    expect(refused).toMatchObject({ status: "expired", holdsSeats: false, paymentProblem: "payment_mismatch" });
    expect(refused.paymentIntentId).toMatch(/^pi_/);
    const paid = (changes as { amount_total?: number }).amount_total ?? 5600;
    expect(refused.amountPaidMinor).toBe(paid);
    expect(await refundsFor(booking.id)).toEqual([
      expect.objectContaining({ amountMinor: paid, status: "pending", reason: "payment_mismatch", requestedBy: "system" }),
    ]);
    expect(await emailsFor(booking.id, "staff_payment_problem")).toHaveLength(1);
    // A payment that doesn't match is for the studio to look at: the customer gets no "paid late, refunded" apology.
    expect(await emailsFor(booking.id, "late_payment_refunded")).toHaveLength(0);
    expect(await emailsFor(booking.id, "booking_confirmed")).toHaveLength(0);
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 0, seatsHeld: 0 });
    // A replay changes nothing more.
    expect((await deliver(paidEvent("checkout.session.completed", sessionId, changes))).body).toMatchObject({
      outcome: "already_fulfilled",
    });
    expect(await refundsFor(booking.id)).toHaveLength(1);
  });

  it("an expired or failed checkout reported after the booking was paid releases nothing; one for a booking we don't have is acknowledged", async () => {
    const slot = await workshopSlot();
    const { booking, sessionId } = await bookAndCheckout(slot.id, { seats: "2" });
    expect((await deliver(paidEvent("checkout.session.completed", sessionId))).body).toMatchObject({ outcome: "confirmed" });
    for (const type of ["checkout.session.expired", "checkout.session.async_payment_failed"]) {
      const late = fake().event(type, { ...fake().sessionObject(sessionId), status: "expired", payment_status: "unpaid" });
      expect(await deliver(late)).toMatchObject({ status: 200, body: { outcome: "no_change" } });
    }
    expect(await bookingFor(booking.customerEmail!)).toMatchObject({ status: "confirmed", holdsSeats: true, statusReason: null });
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 2, seatsHeld: 2 });

    const unknownBookingId = randomUUID();
    const unknown = fake().event("checkout.session.expired", {
      ...fake().sessionObject(sessionId),
      id: "cs_test_booking_we_dont_have",
      status: "expired",
      payment_status: "unpaid",
      client_reference_id: unknownBookingId,
      metadata: { booking_id: unknownBookingId },
    });
    expect(await deliver(unknown)).toMatchObject({ status: 200, body: { outcome: "no_change" } });
  });

  it("a second payment for a booking already paid confirms nothing more, keeps the first payment, and is logged for a person to refund", async () => {
    const slot = await workshopSlot();
    const { booking, sessionId } = await bookAndCheckout(slot.id);
    const session = checkoutSessionFromStripe(fake().completeSession(sessionId));
    expect(await fulfilCheckoutSession(db(), app().effects, session, { now: new Date() })).toBe("confirmed");
    const paid = await bookingFor(booking.customerEmail!);
    const logs = captureLogs();
    try {
      const second = { ...session, paymentIntentId: "pi_a_second_payment" };
      expect(await fulfilCheckoutSession(db(), app().effects, second, { now: new Date() })).toBe("already_fulfilled");
      // The same payment again is a replay: nothing to say.
      expect(await fulfilCheckoutSession(db(), app().effects, session, { now: new Date() })).toBe("already_fulfilled");
    } finally {
      logs.restore();
    }
    expect(logs.lines.filter((line) => line.level >= 50).map((line) => line.msg)).toEqual([
      `Booking ${booking.reference} got a second payment (pi_a_second_payment); refund it in Stripe.`,
    ]);
    expect(await bookingFor(booking.customerEmail!)).toMatchObject({ status: "confirmed", paymentIntentId: paid.paymentIntentId, amountPaidMinor: paid.amountPaidMinor });
    expect(await emailsFor(booking.id, "booking_confirmed")).toHaveLength(1);
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 1 });
  });

  it.each([
    ["for nothing (a session paid at 0)", { amount_total: 0 }],
    ["of 1p with no payment intent to refund it from", { amount_total: 1, payment_intent: null }],
  ])("a refused payment %s releases the hold and asks no refund, never a 5xx", async (_, changes) => {
    const slot = await workshopSlot();
    const { booking, sessionId } = await bookAndCheckout(slot.id);
    const result = await deliver(paidEvent("checkout.session.completed", sessionId, changes));
    expect(result).toMatchObject({ status: 200, body: { outcome: "payment_refused" } });
    expect(await bookingFor(booking.customerEmail!)).toMatchObject({ status: "expired", holdsSeats: false, paymentProblem: "payment_mismatch" });
    expect(await refundsFor(booking.id)).toEqual([]);
    expect(await emailsFor(booking.id, "staff_payment_problem")).toHaveLength(1);
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 0 });
  });

  it("a late payment of more than the booking's total is refused and refunded in full, never a 5xx", async () => {
    const slot = await privateSlot();
    const { booking, sessionId } = await bookAndCheckout(slot.id);
    await releaseAllExpiredHolds(db(), new Date(Date.now() + 2 * 3_600_000));
    const result = await deliver(paidEvent("checkout.session.completed", sessionId, { amount_total: 99_900 }));
    expect(result).toMatchObject({ status: 200, body: { outcome: "payment_refused" } });
    expect(await bookingFor(booking.customerEmail!)).toMatchObject({ status: "expired", amountPaidMinor: 99_900 });
    expect((await refundsFor(booking.id))[0]).toMatchObject({ amountMinor: 99_900, status: "pending" });
  });

  it("a payment arriving after the session started is refused and refunded; the customer and the studio are told", async () => {
    const slot = await workshopSlot();
    const { booking, sessionId } = await bookAndCheckout(slot.id);
    const session = checkoutSessionFromStripe(fake().completeSession(sessionId));
    const afterStart = new Date(slot.startsAt.getTime() + 60_000);
    expect(await fulfilCheckoutSession(db(), app().effects, session, { now: afterStart })).toBe("payment_refused");
    expect(await bookingFor(booking.customerEmail!)).toMatchObject({ status: "expired", paymentProblem: "paid_after_start" });
    expect((await refundsFor(booking.id))[0]).toMatchObject({ amountMinor: 2800, reason: "paid_after_start" });
    expect(await emailsFor(booking.id, "late_payment_refunded")).toHaveLength(1);
    expect(await emailsFor(booking.id, "staff_payment_problem")).toHaveLength(1);
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 0 });
  });

  it("late payment with the places gone: stays expired, the payment is recorded, one refund goes through Stripe, the apology says it's on its way", async () => {
    const slot = await privateSlot();
    const late = await bookAndCheckout(slot.id);
    await releaseAllExpiredHolds(db(), new Date(Date.now() + 2 * 3_600_000));
    await bookAndCheckout(slot.id); // someone else takes the only place
    expect((await deliver(completedEvent(late.sessionId))).body).toMatchObject({ outcome: "payment_refused" });
    const refused = await bookingFor(late.booking.customerEmail!);
    expect(refused).toMatchObject({ status: "expired", holdsSeats: false, paymentProblem: "places_gone", amountPaidMinor: 6500 });
    expect(await emailsFor(late.booking.id, "booking_confirmed")).toHaveLength(0);
    expect(await emailsFor(late.booking.id, "staff_payment_problem")).toHaveLength(0);
    const [apology] = await emailsFor(late.booking.id, "late_payment_refunded");
    const [refund] = await refundsFor(late.booking.id);
    expect(refund).toMatchObject({ status: "pending", amountMinor: 6500, reason: "places_gone" });
    expect(JSON.parse(apology!.payload)).toMatchObject({ problem: "places_gone", refundId: refund!.id });

    // The refund job, run twice as a retry would: one refund at Stripe, with the row's key.
    for (let run = 0; run < 2; run++) {
      await sendRefund(db(), app().payments, app().effects, { refundId: refund!.id, now: new Date(), isLastAttempt: false });
    }
    const atStripe = [...fake().refunds.values()].filter((r) => r.payment_intent === refused.paymentIntentId);
    expect(atStripe).toHaveLength(1);
    expect(atStripe[0]).toMatchObject({ amount: 6500, metadata: { refund_id: refund!.id } });
    const calls = fake().requests.filter((r) => r.path === "/v1/refunds" && r.body.payment_intent === refused.paymentIntentId);
    expect(calls.map((call) => call.idempotencyKey)).toEqual([`refund-${refund!.id}`]);
    expect((await refundsFor(late.booking.id))[0]).toMatchObject({ status: "succeeded", providerRefundId: atStripe[0]!.id });
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 1, seatsHeld: 1 });
  });
});
