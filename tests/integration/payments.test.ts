import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { releaseAllExpiredHolds } from "../../app/booking/holds.server";
import { stripeEvents } from "../../db/schema";
import Stripe from "stripe";
import { deliverWebhook } from "../helpers/booking";
import { DAY, useBookingApp, WEBHOOK_SECRET } from "../helpers/booking-app";
import { rowsOf } from "../helpers/db";
import { signWebhook } from "../helpers/fake-stripe";
import { createOffering, createSlot } from "../helpers/fixtures";

/** Payments arriving: the signed webhook, fulfilment and its checks, replays and races. */
describe("payments: webhooks and fulfilment", () => {
  const world = useBookingApp();
  const {
    db,
    app,
    fake,
    nextIp,
    signed,
    workshopSlot,
    privateSlot,
    slotState,
    bookingFor,
    emailsFor,
    bookAndCheckout,
    completedEvent,
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

    const confirmed = await bookingFor(booking.customerEmail);
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
    expect(await bookingFor(booking.customerEmail)).toMatchObject({ status: "pending_payment" });
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
    expect(await bookingFor(booking.customerEmail)).toMatchObject({ status: "confirmed", holdsSeats: true });
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

});
