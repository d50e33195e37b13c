import { and, count, eq, sql } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { holdSeat } from "../../app/booking/hold-seat.server";
import { releaseAllExpiredHolds } from "../../app/booking/holds.server";
import { refundLatePayment } from "../../app/booking/refunds.server";
import { cancelFromCheckout } from "../../app/booking/booking-status.server";
import { bookings, emailMessages, slots, stripeEvents } from "../../db/schema";
import { routeArgs, startTestApp } from "../helpers/app";
import { loader as bookLoader } from "../../app/routes/book.$slotId";
import { deliverWebhook, submitBookingForm, validBooking } from "../helpers/booking";
import { needsRealPostgres, rowsOf, useTestDatabase } from "../helpers/db";
import { signWebhook, startFakeStripe, type FakeStripe } from "../helpers/fake-stripe";
import { createOffering, createSlot } from "../helpers/fixtures";

const WEBHOOK_SECRET = "whsec_test_booking";
const DAY = 24 * 3_600_000;

describe("booking and card payment", () => {
  const testDatabase = useTestDatabase({ poolMax: 20 });
  let fake: FakeStripe;
  let app: Awaited<ReturnType<typeof startTestApp>>;
  const stripeForSigning = new Stripe("sk_test_signing_only");
  let ipCounter = 1;
  const nextIp = () => `10.0.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`;

  const settings = () => ({
    STRIPE_SECRET_KEY: "sk_test_booking",
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_BASE: fake.url,
    PUBLIC_BASE_URL: "https://book.painfreeme.example",
  });

  beforeAll(async () => {
    fake = await startFakeStripe();
    app = await startTestApp(testDatabase(), settings());
  });
  afterEach(() => {
    // Unhandled outbound calls fail the test.
    expect(fake.unhandled).toEqual([]);
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  const db = () => testDatabase().db;
  const signed = (body: string, secret = WEBHOOK_SECRET) => signWebhook(stripeForSigning, body, secret);

  async function workshopSlot(capacity = 10, startsInMs = 3 * DAY) {
    const offering = await createOffering(db(), { defaultCapacity: capacity, priceMinor: 2800, title: "Hips & Ankles" });
    return createSlot(db(), offering, new Date(Date.now() + startsInMs));
  }
  async function privateSlot() {
    const offering = await createOffering(db(), { kind: "private", priceMinor: 6500, title: "Gait assessment" });
    return createSlot(db(), offering, new Date(Date.now() + 4 * DAY));
  }
  async function slotState(slotId: string) {
    const [slot] = await db().select().from(slots).where(eq(slots.id, slotId));
    const [held] = await db()
      .select({ seats: sql<number>`coalesce(sum(${bookings.seats}), 0)::int` })
      .from(bookings)
      .where(and(eq(bookings.slotId, slotId), eq(bookings.holdsSeats, true)));
    const [all] = await db().select({ n: count() }).from(bookings).where(eq(bookings.slotId, slotId));
    return { seatsTaken: slot!.seatsTaken, seatsHeld: Number(held!.seats), bookings: all!.n };
  }
  async function bookingFor(email: string) {
    const [booking] = await db().select().from(bookings).where(eq(bookings.customerEmail, email));
    return booking!;
  }
  async function emailsFor(bookingId: string, kind?: string) {
    const rows = await db().select().from(emailMessages).where(eq(emailMessages.bookingId, bookingId));
    return kind ? rows.filter((row) => row.kind === kind) : rows;
  }
  /** Books and returns the booking with its Stripe session. */
  async function bookAndCheckout(slotId: string, fields: Record<string, string> = {}) {
    const form = validBooking(fields);
    const response = await submitBookingForm(slotId, form, { clientIp: nextIp() });
    expect(response.status).toBe(303);
    const booking = await bookingFor(form.email);
    return { form, response, booking, sessionId: booking.checkoutSessionId! };
  }
  const completedEvent = (sessionId: string) => fake.event("checkout.session.completed", fake.completeSession(sessionId));

  it("holds the seats and sends the customer to Checkout with our price, quantity, email, reference and idempotency key", async () => {
    const slot = await workshopSlot();
    const { form, response, booking } = await bookAndCheckout(slot.id, { seats: "2" });

    expect(booking).toMatchObject({ status: "pending_payment", holdsSeats: true, seats: 2, amountTotalMinor: 5600 });
    expect(booking.reference).toMatch(/^PFM-[2-9A-HJ-NP-Z]{4}$/);
    expect(booking.accessToken).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(response.location).toBe(booking.checkoutUrl);
    expect(response.headers.get("Set-Cookie")).toMatch(/pfm_hold=/);
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 2, seatsHeld: 2 });

    const create = fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/checkout/sessions").at(-1)!;
    expect(create.idempotencyKey).toBe(`checkout-${booking.id}`);
    expect(create.body).toMatchObject({
      mode: "payment",
      customer_email: form.email,
      client_reference_id: booking.id,
      metadata: { booking_id: booking.id, reference: booking.reference },
      line_items: [{ quantity: "2", price_data: { unit_amount: "2800", currency: "gbp" } }],
    });
    expect(Number(create.body.expires_at)).toBe(Math.floor(booking.checkoutExpiresAt!.getTime() / 1000));
    // The hold outlives the checkout session by the grace period.
    expect(booking.holdExpiresAt!.getTime() - booking.checkoutExpiresAt!.getTime()).toBe(10 * 60_000);
    expect(String(create.body.success_url)).toMatch(/^https:\/\/book\.painfreeme\.example\/bookings\//);
    expect(String(create.body.cancel_url)).toMatch(/^https:\/\/book\.painfreeme\.example\/bookings\/.+\/cancel$/);
  });

  it("submitting twice resumes the live hold and its checkout instead of taking more seats", async () => {
    const slot = await workshopSlot();
    const first = await bookAndCheckout(slot.id, { seats: "2" });
    const sessionsBefore = fake.sessions.size;
    const again = await submitBookingForm(slot.id, { ...first.form }, { clientIp: nextIp() });
    expect(again.status).toBe(303);
    expect(again.location).toBe(first.response.location);
    expect(fake.sessions.size).toBe(sessionsBefore);
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 2, bookings: 1 });
  });

  it("a full slot answers 409 with other dates, and writes nothing", async () => {
    const slot = await privateSlot();
    await bookAndCheckout(slot.id);
    const second = await submitBookingForm(slot.id, validBooking(), { clientIp: nextIp() });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ kind: "full" });
    expect(await slotState(slot.id)).toEqual({ seatsTaken: 1, seatsHeld: 1, bookings: 1 });
  });

  it("Stripe down at session creation: the hold is released and the customer is told to try again", async () => {
    const slot = await workshopSlot();
    fake.failNext(3); // the SDK retries twice
    const form = validBooking({ seats: "3" });
    const response = await submitBookingForm(slot.id, form, { clientIp: nextIp() });
    expect(response.status).toBe(503);
    expect(JSON.stringify(response.body)).toMatch(/couldn't reach our card payment service.*Nothing was charged/);
    expect(await bookingFor(form.email)).toMatchObject({ status: "expired", holdsSeats: false });
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 0, seatsHeld: 0 });
  });

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

    await app.stop();
    app = await startTestApp(testDatabase(), settings());
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
    expect((await deliverWebhook(body, signWebhook(stripeForSigning, body, WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 3600))).status).toBe(400);
    expect((await deliverWebhook(body, null)).status).toBe(400);
    expect((await deliverWebhook("not json", signed("not json"))).status).toBe(400);
    expect(await bookingFor(booking.customerEmail)).toMatchObject({ status: "pending_payment" });
    expect(await emailsFor(booking.id)).toHaveLength(0);
  });

  it("events we don't act on and sessions that aren't ours are acknowledged with 200", async () => {
    const foreign = fake.event("checkout.session.completed", {
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
    const other = fake.event("customer.created", { id: "cus_1", object: "customer" });
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

  it("late payment with the seats gone: refunded through Stripe once, with an apology queued", async () => {
    const slot = await privateSlot();
    const late = await bookAndCheckout(slot.id);
    await releaseAllExpiredHolds(db(), new Date(Date.now() + 2 * 3_600_000));
    await bookAndCheckout(slot.id); // someone else takes the only place
    const body = completedEvent(late.sessionId);
    expect((await deliverWebhook(body, signed(body))).body).toMatchObject({ outcome: "refund_queued" });
    const refunded = await bookingFor(late.booking.customerEmail);
    expect(refunded).toMatchObject({ status: "refunded", holdsSeats: false, amountRefundedMinor: 6500 });
    expect(await emailsFor(late.booking.id, "booking_confirmed")).toHaveLength(0);

    // The queued refund job (run here directly, twice, as a retry would).
    for (let run = 0; run < 2; run++) {
      await refundLatePayment(db(), app.payments, app.effects, { bookingId: late.booking.id, now: new Date() });
    }
    const refunds = [...fake.refunds.values()].filter((refund) => refund.payment_intent === refunded.paymentIntentId);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.amount).toBe(6500);
    const refundCalls = fake.requests.filter((r) => r.path === "/v1/refunds" && r.body.payment_intent === refunded.paymentIntentId);
    expect(refundCalls.every((r) => r.idempotencyKey === `late-refund-${late.booking.id}`)).toBe(true);
    expect(await emailsFor(late.booking.id, "late_payment_refunded")).toHaveLength(1);
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 1, seatsHeld: 1 });
  });

  it("an expired checkout frees the seat for the next customer", async () => {
    const slot = await privateSlot();
    const first = await bookAndCheckout(slot.id);
    expect((await submitBookingForm(slot.id, validBooking(), { clientIp: nextIp() })).status).toBe(409);
    const body = fake.event("checkout.session.expired", fake.expireSession(first.sessionId));
    expect((await deliverWebhook(body, signed(body))).body).toMatchObject({ outcome: "released" });
    expect(await bookingFor(first.booking.customerEmail)).toMatchObject({ status: "expired", holdsSeats: false });
    expect((await submitBookingForm(slot.id, validBooking(), { clientIp: nextIp() })).status).toBe(303);
  });

  it("the cancel URL expires the Stripe session and releases the hold", async () => {
    const slot = await workshopSlot();
    const { booking, sessionId } = await bookAndCheckout(slot.id, { seats: "3" });
    expect(await cancelFromCheckout(app, { token: booking.accessToken, now: new Date() })).toBe("released");
    expect(fake.sessions.get(sessionId)!.status).toBe("expired");
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 0 });
    expect(await cancelFromCheckout(app, { token: booking.accessToken, now: new Date() })).toBe("no_change");
  });

  it("charge.refunded: a partial refund, then the rest; a full refund frees the seats and drops the reminder", async () => {
    const slot = await workshopSlot(10, 5 * DAY);
    const { booking, sessionId } = await bookAndCheckout(slot.id, { seats: "2" });
    const paid = completedEvent(sessionId);
    await deliverWebhook(paid, signed(paid));
    const confirmed = await bookingFor(booking.customerEmail);
    const charge = (amountRefunded: number) =>
      fake.event("charge.refunded", {
        id: `ch_${confirmed.id.slice(0, 8)}`,
        object: "charge",
        payment_intent: confirmed.paymentIntentId,
        amount: 5600,
        amount_refunded: amountRefunded,
        refunded: amountRefunded === 5600,
        currency: "gbp",
      });
    const partial = charge(1000);
    expect((await deliverWebhook(partial, signed(partial))).body).toMatchObject({ outcome: "recorded_partial" });
    expect(await bookingFor(booking.customerEmail)).toMatchObject({ status: "partially_refunded", amountRefundedMinor: 1000 });
    const full = charge(5600);
    expect((await deliverWebhook(full, signed(full))).body).toMatchObject({ outcome: "recorded_full" });
    expect(await bookingFor(booking.customerEmail)).toMatchObject({
      status: "refunded",
      amountRefundedMinor: 5600,
      holdsSeats: false,
      calendarSequence: 1,
    });
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 0 });
    const refundMails = await emailsFor(booking.id, "booking_refunded");
    expect(refundMails.map((mail) => mail.sequence).sort()).toEqual([0, 1]);
    expect((await emailsFor(booking.id, "reminder"))[0]!.status).toBe("cancelled");
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

  it("coming back to the form (Back from Checkout) offers the live hold instead of a new booking", async () => {
    const slot = await workshopSlot();
    const { response, booking } = await bookAndCheckout(slot.id, { seats: "2" });
    const cookie = response.headers.get("Set-Cookie")!.split(";")[0]!;
    const request = new Request(`http://localhost/book/${slot.id}`, { headers: { Cookie: cookie } });
    const data = await bookLoader(routeArgs(request, { slotId: slot.id }));
    expect(data.liveHold).toMatchObject({ url: `/bookings/${booking.accessToken}`, seats: 2 });
    const fresh = await bookLoader(routeArgs(new Request(`http://localhost/book/${slot.id}`), { slotId: slot.id }));
    expect(fresh.liveHold).toBeNull();
  });

  it("bookings close before the start, and unknown slots are 404", async () => {
    const soon = await workshopSlot(10, 60 * 60_000);
    const closed = await submitBookingForm(soon.id, validBooking(), { clientIp: nextIp() });
    expect(closed.status).toBe(409);
    expect(JSON.stringify(closed.body)).toMatch(/closed/);
    expect((await submitBookingForm("not-a-slot", validBooking(), { clientIp: nextIp() })).status).toBe(404);
    expect((await submitBookingForm("00000000-0000-4000-8000-000000000000", validBooking(), { clientIp: nextIp() })).status).toBe(404);
  });

  it("the rate limit answers 429 past its limit, per client address", async () => {
    const slot = await workshopSlot();
    const ip = "192.0.2.77";
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt++) {
      statuses.push((await submitBookingForm(slot.id, { name: "" }, { clientIp: ip })).status);
    }
    expect(statuses.slice(0, 10).every((status) => status === 400)).toBe(true);
    expect(statuses[10]).toBe(429);
    const limited = await submitBookingForm(slot.id, validBooking(), { clientIp: ip });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await submitBookingForm(slot.id, validBooking(), { clientIp: nextIp() })).status).toBe(303);
  });

  it("the honeypot and hostile input get a 4xx with a message, never a 5xx, and store nothing", async () => {
    const slot = await workshopSlot();
    const cases: Record<string, string>[] = [
      { website: "http://spam.example" },
      { name: "x".repeat(5000) },
      { name: "<script>alert(1)</script>" },
      { name: "" },
      { email: "'; drop table bookings; --" },
      { email: "ada@" },
      { seats: "abc" },
      { seats: "-1" },
      { seats: "0" },
      { seats: "1.5" },
      { seats: "99" },
      { painLocation: "elbow" },
      { painLocation: "" },
      { painDuration: "forever" },
      { phone: "DROP TABLE slots" },
      { notes: "n".repeat(5000) },
      { consentTerms: "" },
      { consentHealth: "no" },
    ];
    for (const overrides of cases) {
      const response = await submitBookingForm(slot.id, validBooking(overrides), { clientIp: nextIp() });
      expect(response.status, JSON.stringify(overrides).slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      const errors = (response.body as { errors?: Record<string, string> }).errors ?? {};
      expect(Object.values(errors).join(" ")).toMatch(/\w{4,}/);
    }
    // A body far too large for a booking.
    const huge = await submitBookingForm(slot.id, validBooking({ notes: "z".repeat(40_000) }), { clientIp: nextIp() });
    expect(huge.status).toBe(400);
    expect(await slotState(slot.id)).toEqual({ seatsTaken: 0, seatsHeld: 0, bookings: 0 });
  });

  it.skipIf(needsRealPostgres("the race needs truly concurrent connections"))(
    "60 customers racing for a 10-seat slot on separate connections: exactly 10 held",
    async () => {
      const slot = await workshopSlot(10);
      const now = new Date();
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, index) =>
          holdSeat(db(), {
            slotId: slot.id,
            seats: 1,
            customer: { name: `Racer ${index}`, email: `racer${index}@example.com`, phone: null },
            intake: { painLocation: "unsure", painDuration: null, notes: null },
            now,
            rules: app.env.booking,
          }),
        ),
      );
      expect(results.filter((result) => result.status === "held")).toHaveLength(10);
      expect(results.filter((result) => result.status === "full")).toHaveLength(50);
      expect(await slotState(slot.id)).toEqual({ seatsTaken: 10, seatsHeld: 10, bookings: 10 });
    },
  );
});
