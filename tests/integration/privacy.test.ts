import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getBookingByToken } from "../../app/booking/booking-details.server";
import { bookingLinks } from "../../app/booking/booking-links.server";
import { holdSeat, type HoldSeatResult } from "../../app/booking/hold-seat.server";
import { eraseExpiredPersonalData } from "../../app/booking/intake-retention.server";
import { sendEmailMessage } from "../../app/booking/send-booking-email.server";
import { loader as bookingPageLoader } from "../../app/routes/bookings.$token";
import { queueEmail } from "../../app/mail/outbox.server";
import { appSecrets, bookings, devMailboxMessages } from "../../db/schema";
import { routeArgs } from "../helpers/app";
import { submitBookingForm, validBooking, websiteHold } from "../helpers/booking";
import { DAY, useBookingApp } from "../helpers/booking-app";
import { needsRealPostgres, rowsOf } from "../helpers/db";
import { createBooking, createOffering, createSlot } from "../helpers/fixtures";

const NOTE = "Left knee clicks on the stairs since the Berlin marathon";

/** Health data and booking links at rest, and holds that can't be hoarded. */
describe("privacy and fair holds", () => {
  const world = useBookingApp();
  const { db, app, workshopSlot, bookAndCheckout, bookingFor, tokenOf, completedEvent } = world;

  const pageOf = async (token: string) =>
    (await bookingPageLoader(routeArgs(new Request(`http://localhost/bookings/${token}`), { token }))) as Record<string, unknown>;

  it("the database holds nothing that opens a booking; a forged or foreign-secret link opens nothing", async () => {
    const slot = await workshopSlot();
    const { booking } = await bookAndCheckout(slot.id, { notes: NOTE });
    const token = tokenOf(booking);
    const everything = JSON.stringify(
      await rowsOf(db().execute(sql`select b.*, e.* from bookings b left join email_messages e on e.booking_id = b.id`)),
    );
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(token.slice(22)); // the signature half alone

    expect((await getBookingByToken(db(), app().effects.links, token))?.booking.id).toBe(booking.id);
    const otherSecret = bookingLinks({ secret: "someone-elses-secret-0123456789-abcdefgh" });
    expect(await getBookingByToken(db(), otherSecret, token)).toBeNull();
    const forged = token.slice(0, 30) + (token[30] === "A" ? "B" : "A") + token.slice(31);
    expect(await getBookingByToken(db(), app().effects.links, forged)).toBeNull();
    // Rotating the secret: links signed with the old one open only while it is kept as the previous one.
    const [demo] = await db().select().from(appSecrets).where(eq(appSecrets.name, "booking_link_secret"));
    const fresh = "a-brand-new-secret-0123456789-abcdefghij";
    expect(bookingLinks({ secret: fresh, previousSecret: demo!.value }).bookingIdFrom(token)).toBe(booking.id);
    expect(bookingLinks({ secret: fresh }).bookingIdFrom(token)).toBeNull();
  });

  it("an email sent a day later carries a link that opens the booking", async () => {
    const slot = await workshopSlot(10, 5 * DAY);
    const booking = await createBooking(db(), slot, { instructorNotes: NOTE });
    const messageId = await db().transaction((tx) =>
      queueEmail(tx, app().effects, { bookingId: booking.id, kind: "reminder", to: booking.customerEmail, sendAfter: new Date() }),
    );
    const nextDay = new Date(Date.now() + DAY);
    expect(
      await sendEmailMessage(db(), app().mailer, { emailMessageId: messageId!, now: nextDay, env: app().env, links: app().effects.links }),
    ).toBe("sent");
    const [mail] = await db().select().from(devMailboxMessages).where(sql`${devMailboxMessages.messageId} like ${`%.${booking.id}.%`}`);
    const token = /\/bookings\/([A-Za-z0-9_-]+)/.exec(mail!.text)![1]!;
    expect((await getBookingByToken(db(), app().effects.links, token))?.booking.id).toBe(booking.id);
  });

  it("the booking page never shows the knee notes back: it says the coach has them", async () => {
    const slot = await workshopSlot();
    const { booking } = await bookAndCheckout(slot.id, { notes: NOTE });
    const page = await pageOf(tokenOf(booking));
    expect(JSON.stringify(page)).not.toContain("Berlin marathon");
    expect(page).toMatchObject({ gaveNotes: true, painLocation: "front" });
  });

  it("erases intake answers 12 months after the session and 7 days after an unpaid hold ended, with their demo-mailbox copies", async () => {
    const offering = await createOffering(db(), { title: "Old times" });
    const longAgo = await createSlot(db(), offering, new Date(Date.now() - 400 * DAY));
    const lastYear = await createSlot(db(), offering, new Date(Date.now() - 300 * DAY));
    const soon = await createSlot(db(), offering, new Date(Date.now() + 30 * DAY));
    const old = await createBooking(db(), longAgo, { instructorNotes: NOTE, painDuration: "over-6-months", holdsSeats: false, status: "cancelled", cancelledBy: "studio" });
    const recent = await createBooking(db(), lastYear, { instructorNotes: NOTE, holdsSeats: false, status: "cancelled", cancelledBy: "studio" });
    const unpaid = { status: "expired", holdsSeats: false, paidAt: null, amountPaidMinor: null, paidCurrency: null, paymentIntentId: null, confirmedAt: null } as const;
    const abandoned = await createBooking(db(), soon, { ...unpaid, instructorNotes: NOTE, holdExpiresAt: new Date(Date.now() - 8 * DAY), clientNetwork: "203.0.113.7" });
    const justAbandoned = await createBooking(db(), soon, { ...unpaid, instructorNotes: NOTE, holdExpiresAt: new Date(Date.now() - 6 * DAY), clientNetwork: "203.0.113.8" });
    await db().insert(devMailboxMessages).values({
      messageId: `<staff_new_booking.0.${old.id}.abcd1234@painfreeme.example>`,
      from: "studio@example.com",
      to: "studio@example.com",
      subject: "New booking",
      html: `<p>${NOTE}</p>`,
      text: NOTE,
    });

    // Not yet: nothing is due today that the clock hasn't reached.
    const { intakes } = await eraseExpiredPersonalData(db(), new Date(Date.now() - 200 * DAY));
    expect(intakes).toBe(0);

    const result = await eraseExpiredPersonalData(db(), new Date());
    expect(result.intakes).toBeGreaterThanOrEqual(2);
    const read = async (id: string) => (await db().select().from(bookings).where(eq(bookings.id, id)))[0]!;
    for (const id of [old.id, abandoned.id]) {
      expect(await read(id)).toMatchObject({ painLocation: null, painDuration: null, instructorNotes: null, intakeErasedAt: expect.any(Date) });
    }
    for (const id of [recent.id, justAbandoned.id]) {
      expect(await read(id)).toMatchObject({ painLocation: "tendon", instructorNotes: NOTE, intakeErasedAt: null });
    }
    // The networks noted for the hold limits go once the holds are over.
    expect((await read(abandoned.id)).clientNetwork).toBeNull();
    expect((await read(justAbandoned.id)).clientNetwork).toBeNull();
    const mailbox = JSON.stringify(await db().select().from(devMailboxMessages));
    expect(mailbox).not.toContain(old.id);

    // A year on, the rest goes too; and an erased answer never reads as "not sure".
    await eraseExpiredPersonalData(db(), new Date(Date.now() + 70 * DAY));
    expect((await read(recent.id)).instructorNotes).toBeNull();
    const page = await pageOf(tokenOf(old));
    expect(page).toMatchObject({ painLocation: null, gaveNotes: false });
  });

  describe("holds can't be hoarded", () => {
    const hold = (slotId: string, email: string, seats: number, clientNetwork: string | null) =>
      websiteHold(slotId, email, app().env.booking, { name: "Hoarder", seats, clientNetwork });
    async function sameDaySlots(count: number, dayOffset = 6) {
      const offering = await createOffering(db(), { defaultCapacity: 10, title: "Hoard me" });
      const day = new Date(Date.now() + dayOffset * DAY);
      day.setUTCHours(9, 0, 0, 0);
      return Promise.all(Array.from({ length: count }, (_, i) => createSlot(db(), offering, new Date(day.getTime() + i * 2 * 3_600_000))));
    }

    it("one email holds one place-hold per day: a second slot that day is refused, another day is fine", async () => {
      const [morning, noon] = await sameDaySlots(2);
      const [otherDay] = await sameDaySlots(1, 7);
      const form = validBooking();
      expect((await submitBookingForm(morning!.id, form, { clientIp: world.nextIp() })).status).toBe(303);
      const second = await submitBookingForm(noon!.id, form, { clientIp: world.nextIp() });
      expect(second.status).toBe(409);
      expect(JSON.stringify(second.body)).toMatch(/already have a place held for another session that day/);
      expect((await submitBookingForm(otherDay!.id, form, { clientIp: world.nextIp() })).status).toBe(303);
      // Paying for the first one frees the email to hold another that day.
      const first = await bookingFor(form.email);
      const paid = completedEvent(first.checkoutSessionId!);
      expect((await world.deliver(paid)).body).toMatchObject({ outcome: "confirmed" });
      expect((await submitBookingForm(noon!.id, { ...form }, { clientIp: world.nextIp() })).status).toBe(303);
    });

    it("one network holds at most BOOKING_MAX_SEATS places a day (an IPv6 /64 counts as one network)", async () => {
      const [a, b] = await sameDaySlots(2);
      const ip = "198.51.100.23";
      const email = () => `hoard.${Math.random().toString(36).slice(2)}@example.com`;
      expect((await submitBookingForm(a!.id, validBooking({ email: email(), seats: "3" }), { clientIp: ip })).status).toBe(303);
      expect((await submitBookingForm(b!.id, validBooking({ email: email(), seats: "1" }), { clientIp: ip })).status).toBe(303);
      const fifth = await submitBookingForm(b!.id, validBooking({ email: email(), seats: "1" }), { clientIp: ip });
      expect(fifth.status).toBe(429);
      expect(JSON.stringify(fifth.body)).toMatch(/held from your connection/);
      expect((await submitBookingForm(b!.id, validBooking({ email: email() }), { clientIp: "198.51.100.24" })).status).toBe(303);

      const [c] = await sameDaySlots(1, 8);
      for (const host of ["2001:db8:7:1::a", "2001:db8:7:1::b", "2001:db8:7:1:ffff::1", "2001:db8:7:1::c"]) {
        expect((await submitBookingForm(c!.id, validBooking({ email: email() }), { clientIp: host })).status).toBe(303);
      }
      expect((await submitBookingForm(c!.id, validBooking({ email: email() }), { clientIp: "2001:db8:7:1::d" })).status).toBe(429);
      expect((await submitBookingForm(c!.id, validBooking({ email: email() }), { clientIp: "2001:db8:7:2::d" })).status).toBe(303);
    });

    it("a hold whose network isn't known is limited by its email only, never by a network's count", async () => {
      const [slot] = await sameDaySlots(1, 9);
      const onePlacePerNetwork = { ...app().env.booking, heldPlacesPerNetwork: 1 };
      const twoPlaces = (email: string, clientNetwork: string | null) => ({ ...hold(slot!.id, email, 2, clientNetwork), rules: onePlacePerNetwork });
      expect(await holdSeat(db(), twoPlaces("known.network@example.com", "192.0.2.77"))).toMatchObject({ status: "hold_limit", limit: "network" });
      expect(await holdSeat(db(), twoPlaces("unknown.network@example.com", null))).toMatchObject({ status: "held", booking: { seats: 2 } });
    });

    it.skipIf(needsRealPostgres("the race needs truly concurrent connections"))(
      "twelve holds from one network raced across three slots of one day on separate connections: never more than the limit",
      async () => {
        const slots = await sameDaySlots(3);
        const results = await Promise.all(
          Array.from({ length: 12 }, (_, i) => holdSeat(db(), hold(slots[i % 3]!.id, `race.${i}@example.com`, 1, "192.0.2.200"))),
        );
        expect(results.filter((r) => r.status === "held")).toHaveLength(app().env.booking.heldPlacesPerNetwork);
        expect(results.filter((r) => r.status === "hold_limit")).toHaveLength(12 - app().env.booking.heldPlacesPerNetwork);
      },
    );

    it.skipIf(needsRealPostgres("the race needs truly concurrent connections"))(
      "nine holds for one email raced across three slots of one day on separate connections: one held, and the refused ones leave no place taken",
      async () => {
        const slots = await sameDaySlots(3);
        const results = await Promise.all(
          Array.from({ length: 9 }, (_, i) => holdSeat(db(), hold(slots[i % 3]!.id, "one.email@example.com", 1, `192.0.2.${i + 1}`))),
        );
        const held = results.filter((r): r is Extract<HoldSeatResult, { status: "held" }> => r.status === "held");
        expect(held).toHaveLength(app().env.booking.holdsPerEmail);
        // The others are refused by the limit, or (on the held one's slot) handed that hold's link.
        for (const result of results.filter((r) => r.status !== "held")) {
          expect(result).toMatchObject(
            result.status === "already_held" ? { booking: { id: held[0]!.booking.id } } : { status: "hold_limit", limit: "email" },
          );
        }
        const places = await Promise.all(slots.map((slot) => world.slotState(slot!.id)));
        expect(places.reduce((sum, slot) => sum + slot.seatsTaken, 0)).toBe(1);
        expect(places.reduce((sum, slot) => sum + slot.bookings, 0)).toBe(1);
      },
    );
  });
});
