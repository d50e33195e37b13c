import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { cancelFromCheckout } from "../../app/booking/booking-status.server";
import { holdSeat } from "../../app/booking/hold-seat.server";
import { bookings } from "../../db/schema";
import { action as bookingPageAction, loader as bookingPageLoader } from "../../app/routes/bookings.$token";
import { loader as bookLoader } from "../../app/routes/book.$slotId";
import { routeArgs } from "../helpers/app";
import { outcomeOf, submitBookingForm, validBooking } from "../helpers/booking";
import { useBookingApp } from "../helpers/booking-app";
import { needsRealPostgres } from "../helpers/db";

/** Holding places and sending the customer to payment, through the booking form's route. */
describe("booking: holds and checkout", () => {
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

  it("holds the seats and sends the customer to Checkout with our price, quantity, email, reference and idempotency key", async () => {
    const slot = await workshopSlot();
    const { form, response, booking } = await bookAndCheckout(slot.id, { seats: "2" });

    expect(booking).toMatchObject({ status: "pending_payment", holdsSeats: true, seats: 2, amountTotalMinor: 5600 });
    expect(booking.reference).toMatch(/^PFM-[2-9A-HJ-NP-Z]{4}$/);
    expect(booking.accessToken).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(response.location).toBe(booking.checkoutUrl);
    expect(response.headers.get("Set-Cookie")).toMatch(/pfm_hold=/);
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 2, seatsHeld: 2 });

    const create = fake().requests.filter((r) => r.method === "POST" && r.path === "/v1/checkout/sessions").at(-1)!;
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
    fake().failNext(3); // the SDK retries twice
    const form = validBooking({ seats: "3" });
    const response = await submitBookingForm(slot.id, form, { clientIp: nextIp() });
    expect(response.status).toBe(503);
    expect(JSON.stringify(response.body)).toMatch(/couldn't reach our card payment service.*Nothing was charged/);
    expect(await bookingFor(form.email)).toMatchObject({ status: "expired", holdsSeats: false });
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 0, seatsHeld: 0 });
  });

  it("the cancel URL expires the Stripe session and releases the hold", async () => {
    const slot = await workshopSlot();
    const { booking, sessionId } = await bookAndCheckout(slot.id, { seats: "3" });
    expect(await cancelFromCheckout(app(), { token: booking.accessToken, now: new Date() })).toBe("released");
    expect(fake().sessions.get(sessionId)!.status).toBe("expired");
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 0 });
    expect(await cancelFromCheckout(app(), { token: booking.accessToken, now: new Date() })).toBe("no_change");
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
            holdToken: null,
            now,
            rules: app().env.booking,
          }),
        ),
      );
      expect(results.filter((result) => result.status === "held")).toHaveLength(10);
      expect(results.filter((result) => result.status === "full")).toHaveLength(50);
      expect(await slotState(slot.id)).toEqual({ seatsTaken: 10, seatsHeld: 10, bookings: 10 });
    },
  );

});
