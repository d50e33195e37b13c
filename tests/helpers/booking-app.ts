import { and, count, eq, sql } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import type { RetryPolicies } from "../../app/jobs/queue.server";
import { bookings, emailMessages, refunds, slots } from "../../db/schema";
import { startTestApp } from "./app";
import { deliverWebhook, submitBookingForm, validBooking } from "./booking";
import { useTestDatabase } from "./db";
import { signWebhook, startFakeStripe, type FakeStripe } from "./fake-stripe";
import { createOffering, createSlot } from "./fixtures";

export const WEBHOOK_SECRET = "whsec_test_booking";
export const DAY = 24 * 3_600_000;

/**
 * One test file's booking world: a fresh database, a local fake of Stripe's API driven through
 * the real SDK, and the app (demo mode, Stripe configured) on them, with the helpers the booking
 * and payment tests share. Unhandled calls to the fake fail the test.
 */
export function useBookingApp({
  poolMax = 20,
  retry,
  extraSettings = () => ({}),
}: {
  poolMax?: number;
  retry?: RetryPolicies;
  /** More settings for the app (read when it starts, after earlier hooks ran). */
  extraSettings?: () => Record<string, string>;
} = {}) {
  const testDatabase = useTestDatabase({ poolMax });
  let fake: FakeStripe;
  let app: Awaited<ReturnType<typeof startTestApp>>;
  const stripeForSigning = new Stripe("sk_test_signing_only");
  let ipCounter = 1;

  const settings = () => ({
    STRIPE_SECRET_KEY: "sk_test_booking",
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_BASE: fake.url,
    PUBLIC_BASE_URL: "https://book.painfreeme.example",
    ...extraSettings(),
  });

  beforeAll(async () => {
    fake = await startFakeStripe();
    app = await startTestApp(testDatabase(), settings(), { retry });
  });
  afterEach(() => {
    expect(fake.unhandled).toEqual([]);
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  const db = () => testDatabase().db;
  const world = {
    db,
    database: testDatabase,
    app: () => app,
    fake: () => fake,
    /** Stops the app and starts a new one on the same database, as a deploy would. */
    async restart() {
      await app.stop();
      app = await startTestApp(testDatabase(), settings(), { retry });
      return app;
    },
    nextIp: () => `10.0.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`,
    signed: (body: string, secret = WEBHOOK_SECRET) => signWebhook(stripeForSigning, body, secret),
    /** Delivers a webhook body to POST /webhooks/stripe, signed as Stripe would. */
    deliver: (body: string) => deliverWebhook(body, world.signed(body)),
    async workshopSlot(capacity = 10, startsInMs = 3 * DAY) {
      const offering = await createOffering(db(), { defaultCapacity: capacity, priceMinor: 2800, title: "Hips & Ankles" });
      return createSlot(db(), offering, new Date(Date.now() + startsInMs));
    },
    async privateSlot() {
      const offering = await createOffering(db(), { kind: "private", priceMinor: 6500, title: "Gait assessment" });
      return createSlot(db(), offering, new Date(Date.now() + 4 * DAY));
    },
    async slotState(slotId: string) {
      const [slot] = await db().select().from(slots).where(eq(slots.id, slotId));
      const [held] = await db()
        .select({ seats: sql<number>`coalesce(sum(${bookings.seats}), 0)::int` })
        .from(bookings)
        .where(and(eq(bookings.slotId, slotId), eq(bookings.holdsSeats, true)));
      const [all] = await db().select({ n: count() }).from(bookings).where(eq(bookings.slotId, slotId));
      return { seatsTaken: slot!.seatsTaken, seatsHeld: Number(held!.seats), bookings: all!.n };
    },
    async bookingFor(email: string) {
      const [booking] = await db().select().from(bookings).where(eq(bookings.customerEmail, email));
      return booking!;
    },
    async emailsFor(bookingId: string, kind?: string) {
      const rows = await db().select().from(emailMessages).where(eq(emailMessages.bookingId, bookingId));
      return kind ? rows.filter((row) => row.kind === kind) : rows;
    },
    async refundsFor(bookingId: string) {
      return db().select().from(refunds).where(eq(refunds.bookingId, bookingId)).orderBy(refunds.createdAt);
    },
    /** Books through the form and returns the booking with its Stripe session and the hold cookie. */
    async bookAndCheckout(slotId: string, fields: Record<string, string> = {}) {
      const form = validBooking(fields);
      const response = await submitBookingForm(slotId, form, { clientIp: world.nextIp() });
      expect(response.status).toBe(303);
      const booking = await world.bookingFor(form.email);
      const cookie = response.headers.get("Set-Cookie")!.split(";")[0]!;
      return { form, response, booking, cookie, sessionId: booking.checkoutSessionId! };
    },
    /** The token in a booking's link. */
    tokenOf: (booking: { id: string }) => app.effects.links.tokenFor(booking.id),
    /** Pays a session on the fake and returns `checkout.session.completed` as Stripe sends it. */
    completedEvent: (sessionId: string) => fake.event("checkout.session.completed", fake.completeSession(sessionId)),
    /**
     * Lets a booking's hold run out, gives the slot's only place to someone else, then delivers
     * the late payment (refused: "places_gone"). `beforePayment` runs just before the delivery.
     */
    async lateWithPlacesGone(slotId: string, sessionId: string, beforePayment = () => {}) {
      await db()
        .update(bookings)
        .set({ holdExpiresAt: new Date(Date.now() - 1_000) })
        .where(eq(bookings.checkoutSessionId, sessionId));
      await world.bookAndCheckout(slotId); // releases the ran-out hold and takes the place
      const paid = world.completedEvent(sessionId);
      beforePayment();
      const delivered = await world.deliver(paid);
      expect(delivered.body).toMatchObject({ outcome: "payment_refused" });
    },
  };
  return world;
}
