import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { cancelFromCheckout } from "../../app/booking/booking-status.server";
import { emailFinishPaymentLink } from "../../app/booking/finish-payment-link.server";
import { holdCookie } from "../../app/booking/hold-cookie.server";
import { holdSeat } from "../../app/booking/hold-seat.server";
import { NAME_MAX_LENGTH } from "../../app/booking/booking-form";
import { submitBooking } from "../../app/booking/submit-booking.server";
import type { Database } from "../../db/client";
import { bookings, rateLimitCounters, slots } from "../../db/schema";
import { action as bookingPageAction, loader as bookingPageLoader } from "../../app/routes/bookings.$token";
import { loader as bookLoader } from "../../app/routes/book.$slotId";
import { routeArgs } from "../helpers/app";
import { outcomeOf, submitBookingForm, validBooking, websiteHold } from "../helpers/booking";
import { DAY, useBookingApp } from "../helpers/booking-app";
import { needsRealPostgres, rowsOf } from "../helpers/db";
import { createOffering, createSlot } from "../helpers/fixtures";

/** Holding places and sending the customer to payment, through the booking form's route. */
describe("booking: holds and checkout", () => {
  const world = useBookingApp();
  const {
    db,
    app,
    fake,
    nextIp,
    workshopSlot,
    privateSlot,
    slotState,
    bookingFor,
    emailsFor,
    bookAndCheckout,
  } = world;

  it("holds the seats and sends the customer to Checkout with our price, quantity, email, reference and idempotency key", async () => {
    const slot = await workshopSlot();
    const { form, response, booking } = await bookAndCheckout(slot.id, { seats: "2" });

    expect(booking).toMatchObject({ status: "pending_payment", holdsSeats: true, seats: 2, amountTotalMinor: 5600 });
    expect(booking.reference).toMatch(/^PFM-[2-9A-HJ-NP-Z]{4}$/);
    expect(world.tokenOf(booking)).toMatch(/^[A-Za-z0-9_-]{43}$/);
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

  it("a lost race: a date with no place left leaves the other dates to the page's loader; asking for more places than are left lists them with the answer", async () => {
    const slot = await workshopSlot(3);
    const offeringId = (await db().select({ offeringId: slots.offeringId }).from(slots).where(eq(slots.id, slot.id)))[0]!.offeringId;
    const later = await createSlot(db(), { id: offeringId, durationMinutes: 60, defaultCapacity: 3 }, new Date(Date.now() + 9 * DAY));
    await bookAndCheckout(slot.id, { seats: "2" });

    const tooMany = await submitBookingForm(slot.id, validBooking({ seats: "2" }), { clientIp: nextIp() });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body).toMatchObject({ kind: "full", others: [expect.objectContaining({ id: later.id })] });
    // The page's loader sees one place left, so it lists no other dates: the answer's are shown.
    const withRoom = await bookLoader(routeArgs(new Request(`http://localhost/book/${slot.id}`), { slotId: slot.id }));
    expect(withRoom.others).toEqual([]);

    await bookAndCheckout(slot.id, { seats: "1" });
    const lost = await submitBookingForm(slot.id, validBooking(), { clientIp: nextIp() });
    expect(lost.status).toBe(409);
    expect(lost.body).toMatchObject({ kind: "full", others: [] });
    const page = await bookLoader(routeArgs(new Request(`http://localhost/book/${slot.id}`), { slotId: slot.id }));
    expect(page.others.map((other) => other.id)).toEqual([later.id]);
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 3, seatsHeld: 3 });
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
    expect(await cancelFromCheckout(app(), { token: world.tokenOf(booking), now: new Date() })).toBe("released");
    expect(fake().sessions.get(sessionId)!.status).toBe("expired");
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 0 });
    expect(await cancelFromCheckout(app(), { token: world.tokenOf(booking), now: new Date() })).toBe("no_change");
  });

  it("coming back to the form (Back from Checkout) offers the live hold instead of a new booking", async () => {
    const slot = await workshopSlot();
    const { response, booking } = await bookAndCheckout(slot.id, { seats: "2" });
    const cookie = response.headers.get("Set-Cookie")!.split(";")[0]!;
    const request = new Request(`http://localhost/book/${slot.id}`, { headers: { Cookie: cookie } });
    const data = await bookLoader(routeArgs(request, { slotId: slot.id }));
    expect(data.liveHold).toMatchObject({ url: `/bookings/${world.tokenOf(booking)}`, seats: 2 });
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

  it("typos never use up the rate limit: only submissions that reach the seat hold, and honeypot hits, count", async () => {
    const slot = await workshopSlot();
    const full = await privateSlot();
    await bookAndCheckout(full.id);
    const ip = "192.0.2.77";
    const counted = async () => {
      const [row] = await db().select({ hits: rateLimitCounters.hits }).from(rateLimitCounters).where(eq(rateLimitCounters.key, `booking:${ip}`));
      return row?.hits ?? 0;
    };

    // A person fixing their typos, however many times: nothing counted, each answered beside its field.
    for (let attempt = 0; attempt < 25; attempt++) {
      const typo = await submitBookingForm(slot.id, validBooking({ email: "ada@", name: attempt % 2 ? "" : "Ada" }), { clientIp: ip });
      expect(typo.status).toBe(400);
    }
    expect(await counted()).toBe(0);

    // Held places, a full date (the hold was tried) and honeypot hits all count: ten in all.
    for (let held = 0; held < 3; held++) {
      expect((await submitBookingForm(slot.id, validBooking(), { clientIp: ip })).status).toBe(303);
    }
    expect((await submitBookingForm(full.id, validBooking(), { clientIp: ip })).status).toBe(409);
    for (let bot = 0; bot < 6; bot++) {
      const honeypot = await submitBookingForm(slot.id, validBooking({ website: "https://spam.example" }), { clientIp: ip });
      expect(honeypot.status).toBe(400);
    }
    expect(await counted()).toBe(10);

    // The eleventh is refused before any place is held, and keeps what was typed.
    const form = validBooking({ name: "Eleventh Try" });
    const limited = await submitBookingForm(slot.id, form, { clientIp: ip });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({
      kind: "invalid",
      errors: { form: expect.stringMatching(/^That's a lot of booking attempts from here\. Please try again in (1 minute|([2-9]|10) minutes)\.$/) },
      values: { name: "Eleventh Try", email: form.email },
    });
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 3, bookings: 3 });
    // Over the limit, a typo is still answered beside its field; another address books as usual.
    const typo = await submitBookingForm(slot.id, validBooking({ email: "ada@" }), { clientIp: ip });
    expect(typo.status).toBe(400);
    expect(typo.body).toMatchObject({ errors: { email: "That doesn't look like an email address. Please check it." } });
    expect((await submitBookingForm(slot.id, validBooking(), { clientIp: nextIp() })).status).toBe(303);
  });

  it("the rate limit's message counts the minutes in words: \"in 6 minutes\", \"in 1 minute\"", async () => {
    const slot = await workshopSlot();
    const { windowSeconds } = app().env.booking.rateLimit;
    const windowMs = windowSeconds * 1000;
    // A window of its own, well after this one: 4.5 minutes in, 5.5 minutes are left.
    const windowStart = (Math.floor(Date.now() / windowMs) + 3) * windowMs;
    const submit = (now: Date) =>
      submitBooking(app(), {
        slotId: slot.id,
        form: { ok: true, fields: validBooking({ website: "https://spam.example" }) },
        holdToken: null,
        clientIp: "192.0.2.78",
        now,
      });
    const early = new Date(windowStart + 4.5 * 60_000);
    for (let hit = 0; hit < app().env.booking.rateLimit.max; hit++) expect(await submit(early)).toMatchObject({ status: 400 });
    const limited = await submit(early);
    expect(limited).toMatchObject({
      status: 429,
      errors: { form: "That's a lot of booking attempts from here. Please try again in 6 minutes." },
      headers: { "Retry-After": "330" },
    });
    expect(await submit(new Date(windowStart + windowMs - 20_000))).toMatchObject({
      status: 429,
      errors: { form: "That's a lot of booking attempts from here. Please try again in 1 minute." },
    });
  });

  it("a name over the limit is refused beside its field, kept whole, and changes nothing", async () => {
    const slot = await workshopSlot();
    const ip = nextIp();
    const tooLong = validBooking({ name: `${"Wolfeschlegelsteinhausenbergerdorff".repeat(3)}`.slice(0, NAME_MAX_LENGTH + 1) });
    const refused = await submitBookingForm(slot.id, tooLong, { clientIp: ip });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      kind: "invalid",
      status: 400,
      errors: { name: "That name is too long: please shorten it to 100 characters or fewer." },
      values: tooLong,
    });
    expect(await slotState(slot.id)).toEqual({ seatsTaken: 0, seatsHeld: 0, bookings: 0 });
    const [counter] = await db().select().from(rateLimitCounters).where(eq(rateLimitCounters.key, `booking:${ip}`));
    expect(counter).toBeUndefined();

    // At the limit exactly, the name is taken as it was typed.
    const longest = validBooking({ name: tooLong.name.slice(0, NAME_MAX_LENGTH) });
    expect((await submitBookingForm(slot.id, longest, { clientIp: ip })).status).toBe(303);
    expect((await bookingFor(longest.email)).customerName).toBe(longest.name);
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
            holdBookingId: null,
      clientNetwork: null,
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


  it.skipIf(needsRealPostgres("the hold waits for a lock another connection holds"))(
    "a date staff change while a hold waits for its lock: a cancelled date is closed, a date moved to another day is held within that day's limits, and nothing is left taken",
    async () => {
      const hold = (slotId: string, email: string) => websiteHold(slotId, email, app().env.booking, { name: "Waiting Runner" });
      /** Runs `change` in a transaction holding the slot's lock, and starts `waiting` before it commits. */
      async function whileLocked<T>(slotId: string, change: (tx: Database) => Promise<unknown>, waiting: () => Promise<T>) {
        let pending: Promise<T> | undefined;
        await db().transaction(async (tx) => {
          await tx.execute(sql`select 1 from slots where id = ${slotId} for update`);
          await change(tx);
          pending = waiting();
          for (let tries = 0; tries < 250; tries++) {
            const [waits] = await rowsOf<{ n: number }>(
              db().execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`),
            );
            if (waits!.n > 0) return;
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          throw new Error("the hold never waited for the slot's lock");
        });
        return pending!;
      }
      const offering = await createOffering(db());
      const day = new Date(Date.now() + 5 * DAY);
      day.setUTCHours(9, 0, 0, 0);
      const [cancelled, moving, nextDay] = await Promise.all(
        [0, 2, DAY / 3_600_000].map((hours) => createSlot(db(), offering, new Date(day.getTime() + hours * 3_600_000))),
      );

      const closed = await whileLocked(
        cancelled!.id,
        (tx) => tx.update(slots).set({ status: "cancelled", cancelledAt: new Date() }).where(eq(slots.id, cancelled!.id)),
        () => holdSeat(db(), hold(cancelled!.id, "too.late@example.com")),
      );
      expect(closed).toEqual({ status: "closed" });
      expect(await slotState(cancelled!.id)).toEqual({ seatsTaken: 0, seatsHeld: 0, bookings: 0 });

      // This email holds a place the next day; the date it asks for moves to that day meanwhile.
      expect(await holdSeat(db(), hold(nextDay!.id, "moved.day@example.com"))).toMatchObject({ status: "held" });
      const movedStart = new Date(nextDay!.startsAt.getTime() + 2 * 3_600_000);
      const moved = await whileLocked(
        moving!.id,
        (tx) => tx.update(slots).set({ startsAt: movedStart, endsAt: new Date(movedStart.getTime() + 3_600_000) }).where(eq(slots.id, moving!.id)),
        () => holdSeat(db(), hold(moving!.id, "moved.day@example.com")),
      );
      expect(moved).toEqual({ status: "hold_limit", limit: "email" });
      expect(await slotState(moving!.id)).toEqual({ seatsTaken: 0, seatsHeld: 0, bookings: 0 });
    },
  );

  it("a repeat booking resumes only in the browser holding the place; anyone else is told to check their email, and only the address gets the link, once per 10 minutes", async () => {
    const slot = await workshopSlot();
    const first = await bookAndCheckout(slot.id, { seats: "2" });
    const sessionsBefore = fake().sessions.size;

    // The same browser (its hold cookie names the hold): back to the same checkout.
    const again = await submitBookingForm(slot.id, { ...first.form }, { clientIp: nextIp(), cookie: first.cookie });
    expect(again.status).toBe(303);
    expect(again.location).toBe(first.response.location);

    // Someone else who knows the email and the date: no second hold, and nothing of the first.
    const other = await submitBookingForm(slot.id, { ...first.form, name: "Mallory Nosy" }, { clientIp: nextIp() });
    expect(other.status).toBe(200);
    expect(other.location).toBeNull();
    expect(other.headers.get("Set-Cookie")).toBeNull();
    expect(other.body).toMatchObject({ kind: "check_email" });
    const answer = JSON.stringify(other.body);
    for (const secret of [world.tokenOf(first.booking), first.booking.checkoutSessionId!, first.booking.reference, "Left knee"]) {
      expect(answer).not.toContain(secret);
    }
    const [link] = await emailsFor(first.booking.id, "finish_payment");
    expect(link).toMatchObject({ toAddress: first.booking.customerEmail, status: "pending" });

    // Asking again at once sends nothing more; ten minutes later one more link may go.
    await submitBookingForm(slot.id, { ...first.form }, { clientIp: nextIp() });
    expect(await emailsFor(first.booking.id, "finish_payment")).toHaveLength(1);
    const later = new Date(link!.sendAfter.getTime() + 10 * 60_000 + 1_000);
    expect(await emailFinishPaymentLink(db(), app().effects, { booking: first.booking, now: later })).toBe(true);
    expect(await emailFinishPaymentLink(db(), app().effects, { booking: first.booking, now: later })).toBe(false);
    expect(await emailsFor(first.booking.id, "finish_payment")).toHaveLength(2);

    expect(fake().sessions.size).toBe(sessionsBefore);
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 2, bookings: 1 });
  });

  it("one email however it is typed: the same address in capitals and with spaces holds no second place, and is stored in lower case", async () => {
    const slot = await workshopSlot(10);
    const hold = (email: string, holdBookingId: string | null) =>
      holdSeat(db(), {
        slotId: slot.id,
        seats: 1,
        customer: { name: "Ann Runner", email, phone: null },
        intake: { painLocation: "front", painDuration: null, notes: null },
        holdBookingId,
        clientNetwork: null,
        now: new Date(),
        rules: app().env.booking,
      });
    const first = await hold("ann.case@example.com", null);
    expect(first.status).toBe("held");
    const again = await hold("  ANN.Case@Example.COM ", null);
    expect(again).toMatchObject({ status: "already_held" });
    const mine = await hold("Ann.Case@example.com", first.status === "held" ? first.booking.id : null);
    expect(mine).toMatchObject({ status: "resumed" });
    expect(await bookingFor("ann.case@example.com")).toMatchObject({ customerEmail: "ann.case@example.com" });
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 1, bookings: 1 });
  });

  it("a hold that ran out frees its places for the next customer even before the sweep runs", async () => {
    const slot = await privateSlot();
    const first = await bookAndCheckout(slot.id);
    const afterHold = new Date(first.booking.holdExpiresAt!.getTime() + 1_000);
    const next = await holdSeat(db(), {
      slotId: slot.id,
      seats: 1,
      customer: { name: "Next Runner", email: "next.runner@example.com", phone: null },
      intake: { painLocation: "front", painDuration: null, notes: null },
      holdBookingId: null,
      clientNetwork: null,
      now: afterHold,
      rules: app().env.booking,
    });
    expect(next.status).toBe("held");
    expect(await bookingFor(first.form.email)).toMatchObject({ status: "expired", holdsSeats: false });
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 1, seatsHeld: 1, bookings: 2 });
  });

  it("a refused hold still releases the date's holds that ran out, and one that releases nothing leaves the date's row (and the catalog version) alone", async () => {
    const offering = await createOffering(db(), { defaultCapacity: 10, title: "Release on refusal" });
    const day = new Date(Date.now() + 5 * DAY);
    day.setUTCHours(9, 0, 0, 0);
    const [morning, noon] = await Promise.all([createSlot(db(), offering, day), createSlot(db(), offering, new Date(day.getTime() + 2 * 3_600_000))]);
    const first = await bookAndCheckout(morning!.id, { seats: "2" });
    const afterHold = new Date(first.booking.holdExpiresAt!.getTime() + 1_000);
    const rules = app().env.booking;
    // This email's hold at noon (live at `afterHold`) is its one hold that day: the morning is refused.
    expect((await holdSeat(db(), { ...websiteHold(noon!.id, "one.a.day@example.com", rules), now: afterHold })).status).toBe("held");
    const refused = await holdSeat(db(), { ...websiteHold(morning!.id, "one.a.day@example.com", rules), now: afterHold });
    expect(refused).toEqual({ status: "hold_limit", limit: "email" });
    expect(await bookingFor(first.form.email)).toMatchObject({ status: "expired", holdsSeats: false });
    expect(await slotState(morning!.id)).toEqual({ seatsTaken: 0, seatsHeld: 0, bookings: 1 });

    const rowAndVersion = async () => ({
      updatedAt: (await db().select({ updatedAt: slots.updatedAt }).from(slots).where(eq(slots.id, morning!.id)))[0]!.updatedAt.getTime(),
      version: (await rowsOf<{ version: string }>(db().execute(sql`select version::text from catalog_version`)))[0]!.version,
    });
    const before = await rowAndVersion();
    const again = await holdSeat(db(), { ...websiteHold(morning!.id, "one.a.day@example.com", rules), now: new Date(afterHold.getTime() + 1_000) });
    expect(again).toEqual({ status: "hold_limit", limit: "email" });
    expect(await rowAndVersion()).toEqual(before);
  });

  it("a hold whose checkout can't be opened in time any more is released and started afresh, never a 500", async () => {
    const slot = await workshopSlot();
    const form = validBooking({ seats: "2" });
    // A hold made 20 minutes ago whose checkout session was never created (a crash between the two).
    const stale = await holdSeat(db(), {
      slotId: slot.id,
      seats: 2,
      customer: { name: form.name, email: form.email, phone: null },
      intake: { painLocation: "front", painDuration: null, notes: null },
      holdBookingId: null,
      clientNetwork: null,
      now: new Date(Date.now() - 20 * 60_000),
      rules: app().env.booking,
    });
    expect(stale.status).toBe("held");
    const staleBooking = (stale as { booking: { id: string } }).booking;
    const cookie = (await holdCookie(app().env.mode).serialize(world.tokenOf(staleBooking))).split(";")[0]!;

    const again = await submitBookingForm(slot.id, form, { clientIp: nextIp(), cookie });
    expect(again.status).toBe(303);
    const rows = await db().select().from(bookings).where(eq(bookings.slotId, slot.id));
    const old = rows.find((row) => row.id === staleBooking.id)!;
    const fresh = rows.find((row) => row.id !== staleBooking.id)!;
    expect(old).toMatchObject({ status: "expired", holdsSeats: false, checkoutSessionId: null });
    expect(fresh).toMatchObject({ status: "pending_payment", holdsSeats: true, seats: 2 });
    expect(again.location).toBe(fresh.checkoutUrl);
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 2, seatsHeld: 2 });

    // "Continue to payment" on a stale hold's page: back to the page, which says to start again.
    const other = validBooking();
    const staleToo = await holdSeat(db(), {
      slotId: slot.id,
      seats: 1,
      customer: { name: other.name, email: other.email, phone: null },
      intake: { painLocation: "unsure", painDuration: null, notes: null },
      holdBookingId: null,
      clientNetwork: null,
      now: new Date(Date.now() - 20 * 60_000),
      rules: app().env.booking,
    });
    const token = world.tokenOf((staleToo as { booking: { id: string } }).booking);
    const pay = new Request(`http://localhost/bookings/${token}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "intent=pay",
    });
    const paid = await outcomeOf(await bookingPageAction(routeArgs(pay, { token })));
    expect(paid).toMatchObject({ status: 303, location: `/bookings/${token}` });
    const page = (await bookingPageLoader(routeArgs(new Request(`http://localhost/bookings/${token}`), { token }))) as {
      status: string;
      statusReason: string;
    };
    expect(page).toMatchObject({ status: "expired", statusReason: "the payment page could not be opened in time" });
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 2 });
  });

  it("the cancel link fulfils a payment completed a moment before instead of releasing the place", async () => {
    const slot = await workshopSlot();
    const { booking, sessionId } = await bookAndCheckout(slot.id, { seats: "2" });
    fake().completeSession(sessionId); // paid at Stripe; the webhook hasn't arrived yet
    expect(await cancelFromCheckout(app(), { token: world.tokenOf(booking), now: new Date() })).toBe("confirmed");
    expect(await bookingFor(booking.customerEmail!)).toMatchObject({ status: "confirmed", holdsSeats: true });
    expect(await slotState(slot.id)).toMatchObject({ seatsTaken: 2, seatsHeld: 2 });
    expect(await emailsFor(booking.id, "booking_confirmed")).toHaveLength(1);
  });
});
