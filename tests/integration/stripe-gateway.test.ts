import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";

import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { CheckoutExpiryTooSoonError, PaymentProviderError, type CheckoutSessionInput } from "../../app/payments/gateway.server";
import {
  checkoutSessionFromStripe,
  createStripeClient,
  createStripeGateway,
  verifyStripeWebhook,
  WebhookSignatureError,
} from "../../app/payments/stripe-gateway.server";
import { signWebhook, startFakeStripe, type FakeStripe } from "../helpers/fake-stripe";

const SECRET_KEY = "sk_test_fake_studio";
const WEBHOOK_SECRET = "whsec_test_studio";

describe("Stripe gateway against a local fake of Stripe's API", () => {
  let fake: FakeStripe;
  let stripe: Stripe;
  let gateway: ReturnType<typeof createStripeGateway>;
  let counter = 0;

  beforeAll(async () => {
    fake = await startFakeStripe();
    stripe = createStripeClient({ secretKey: SECRET_KEY, apiBase: fake.url, maxNetworkRetries: 0 });
    gateway = createStripeGateway(stripe);
  });

  afterEach(() => {
    // Unhandled outbound calls fail the test.
    expect(fake.unhandled).toEqual([]);
  });

  afterAll(async () => {
    await fake?.close();
  });

  function checkoutInput(overrides: Partial<CheckoutSessionInput> = {}): CheckoutSessionInput {
    counter += 1;
    return {
      bookingId: `00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`,
      reference: `PFM-${1000 + counter}`,
      lineItem: {
        name: "Knee-friendly running workshop",
        description: "Sat 28 Nov 2026, 09:30 (Europe/London)",
        unitAmountMinor: 4500,
        currency: "GBP",
        quantity: 2,
      },
      customerEmail: "runner@example.com",
      successUrl: "https://studio.example/bookings/success?session_id={CHECKOUT_SESSION_ID}",
      cancelUrl: "https://studio.example/bookings/cancelled",
      expiresAt: new Date(Math.floor(Date.now() / 1000) * 1000 + 60 * 60 * 1000),
      idempotencyKey: `checkout-${counter}-${Date.now()}`,
      ...overrides,
    };
  }

  function createRequests() {
    return fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/checkout/sessions");
  }

  it("creates a Checkout Session with the booking's price, customer, references and expiry", async () => {
    const input = checkoutInput();
    const before = createRequests().length;

    const session = await gateway.createCheckoutSession(input);

    const sent = createRequests().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.idempotencyKey).toBe(input.idempotencyKey);
    expect(sent[0]!.body).toEqual({
      mode: "payment",
      // Cards only: a delayed payment method could confirm days after the hold ended.
      allowed_payment_method_types: ["card"],
      line_items: [
        {
          price_data: {
            currency: "gbp",
            unit_amount: "4500",
            product_data: {
              name: "Knee-friendly running workshop",
              description: "Sat 28 Nov 2026, 09:30 (Europe/London)",
            },
          },
          quantity: "2",
        },
      ],
      customer_email: "runner@example.com",
      client_reference_id: input.bookingId,
      metadata: { booking_id: input.bookingId, reference: input.reference },
      payment_intent_data: { metadata: { booking_id: input.bookingId, reference: input.reference } },
      success_url: input.successUrl,
      cancel_url: input.cancelUrl,
      expires_at: String(input.expiresAt.getTime() / 1000),
    });

    expect(session).toEqual({
      id: expect.stringMatching(/^cs_test_/),
      url: `${fake.url}/pay/${session.id}`,
      status: "open",
      paymentStatus: "unpaid",
      paymentIntentId: null,
      amountTotalMinor: 9000,
      currency: "GBP",
      bookingId: input.bookingId,
      expiresAt: input.expiresAt,
    });
  });

  it("leaves out an empty description, which Stripe would reject", async () => {
    const input = checkoutInput();
    const before = createRequests().length;
    await gateway.createCheckoutSession({ ...input, lineItem: { ...input.lineItem, description: "" } });
    const body = createRequests()[before]!.body as { line_items: { price_data: { product_data: object } }[] };
    expect(body.line_items[0]!.price_data.product_data).toEqual({ name: input.lineItem.name });
  });

  it("creates one session when the same idempotency key is sent twice", async () => {
    const input = checkoutInput();
    const sessionsBefore = fake.sessions.size;

    const first = await gateway.createCheckoutSession(input);
    const second = await gateway.createCheckoutSession(input);

    expect(second.id).toBe(first.id);
    expect(fake.sessions.size).toBe(sessionsBefore + 1);
    expect(createRequests().filter((r) => r.idempotencyKey === input.idempotencyKey)).toHaveLength(2);
  });

  it("refuses an idempotency key reused with other parameters, as a bug rather than an outage", async () => {
    const input = checkoutInput();
    await gateway.createCheckoutSession(input);

    const reused = gateway.createCheckoutSession({ ...input, customerEmail: "someone-else@example.com" });

    await expect(reused).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    await expect(reused).rejects.not.toBeInstanceOf(PaymentProviderError);
  });

  it("is refused an expiry outside Stripe's 30 minutes to 24 hours window", async () => {
    const tooSoon = checkoutInput({ expiresAt: new Date(Date.now() + 10 * 60 * 1000) });
    await expect(gateway.createCheckoutSession(tooSoon)).rejects.toThrow(/between 30 minutes and 24 hours/);
    // Either way the stored expiry can't be used: the hold must start again (not a 500, not "retry").
    await expect(gateway.createCheckoutSession(tooSoon)).rejects.toBeInstanceOf(CheckoutExpiryTooSoonError);
    const tooLate = checkoutInput({ expiresAt: new Date(Date.now() + 25 * 60 * 60 * 1000) });
    await expect(gateway.createCheckoutSession(tooLate)).rejects.toBeInstanceOf(
      CheckoutExpiryTooSoonError,
    );
  });

  it("retrieves a paid session with its payment intent, amount and booking", async () => {
    const input = checkoutInput();
    const created = await gateway.createCheckoutSession(input);
    fake.completeSession(created.id);

    const session = await gateway.retrieveCheckoutSession(created.id);

    expect(session).toEqual({
      id: created.id,
      url: null,
      status: "complete",
      paymentStatus: "paid",
      paymentIntentId: expect.stringMatching(/^pi_/),
      amountTotalMinor: 9000,
      currency: "GBP",
      bookingId: input.bookingId,
      expiresAt: input.expiresAt,
    });
    const intent = await stripe.paymentIntents.retrieve(session.paymentIntentId!);
    expect(intent.metadata).toEqual({ booking_id: input.bookingId, reference: input.reference });
  });

  it("expires an open session, and tolerates one that is already expired or paid", async () => {
    const open = await gateway.createCheckoutSession(checkoutInput());
    await gateway.expireCheckoutSession(open.id);
    expect((await gateway.retrieveCheckoutSession(open.id)).status).toBe("expired");
    await gateway.expireCheckoutSession(open.id);
    expect((await gateway.retrieveCheckoutSession(open.id)).status).toBe("expired");

    const paid = await gateway.createCheckoutSession(checkoutInput());
    fake.completeSession(paid.id);
    await gateway.expireCheckoutSession(paid.id);
    expect((await gateway.retrieveCheckoutSession(paid.id)).status).toBe("complete");

    const expireCalls = fake.requests.filter((r) => r.path.endsWith("/expire"));
    expect(expireCalls.length).toBeGreaterThanOrEqual(3);
  });

  it("does not swallow an expiry of a session Stripe doesn't know", async () => {
    await expect(gateway.expireCheckoutSession("cs_test_does_not_exist")).rejects.toBeInstanceOf(
      Stripe.errors.StripeInvalidRequestError,
    );
  });

  it("refunds part of a payment, then the rest, and never more than was paid", async () => {
    const input = checkoutInput();
    const created = await gateway.createCheckoutSession(input);
    const paymentIntentId = fake.completeSession(created.id).payment_intent as string;

    const refundId = randomUUID();
    const partial = await gateway.refund({
      paymentIntentId,
      amountMinor: 2500,
      idempotencyKey: `refund-partial-${input.bookingId}`,
      reason: "requested_by_customer",
      bookingId: input.bookingId,
      refundId,
    });
    expect(partial).toEqual({
      id: expect.stringMatching(/^re_/),
      status: "succeeded",
      amountMinor: 2500,
      refundId,
      failureReason: null,
    });
    const sent = fake.requests.filter((r) => r.path === "/v1/refunds").at(-1)!;
    expect(sent.idempotencyKey).toBe(`refund-partial-${input.bookingId}`);
    expect(sent.body).toEqual({
      payment_intent: paymentIntentId,
      amount: "2500",
      reason: "requested_by_customer",
      metadata: { booking_id: input.bookingId, refund_id: refundId },
    });

    const rest = await gateway.refund({
      paymentIntentId,
      amountMinor: 6500,
      idempotencyKey: `refund-rest-${input.bookingId}`,
      bookingId: input.bookingId,
      refundId: randomUUID(),
    });
    expect(rest.amountMinor).toBe(6500);

    await expect(
      gateway.refund({
        paymentIntentId,
        amountMinor: 1,
        idempotencyKey: `refund-again-${input.bookingId}`,
        bookingId: input.bookingId,
        refundId: randomUUID(),
      }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);

    // Every refund on the payment, ours (with our row id) and the dashboard's (without).
    const dashboard = fake.refundInDashboard(fake.completeSession((await gateway.createCheckoutSession(checkoutInput())).id).payment_intent as string, 100);
    const listed = await gateway.listRefunds(paymentIntentId);
    expect(listed.map((refund) => refund.amountMinor).sort((a, b) => a - b)).toEqual([2500, 6500]);
    expect(listed.find((refund) => refund.id === partial.id)?.refundId).toBe(refundId);
    expect((await gateway.listRefunds(dashboard.payment_intent))[0]).toMatchObject({ id: dashboard.id, refundId: null });
  });

  it("replays a refund sent again with the same idempotency key", async () => {
    const input = checkoutInput();
    const created = await gateway.createCheckoutSession(input);
    const paymentIntentId = fake.completeSession(created.id).payment_intent as string;
    const refund = {
      paymentIntentId,
      amountMinor: 1000,
      idempotencyKey: `refund-${input.bookingId}`,
      bookingId: input.bookingId,
      refundId: randomUUID(),
    };

    const first = await gateway.refund(refund);
    const second = await gateway.refund(refund);

    expect(second.id).toBe(first.id);
    expect([...fake.refunds.values()].filter((r) => r.payment_intent === paymentIntentId)).toHaveLength(1);
  });

  it("reports Stripe being down or rate limiting as a PaymentProviderError", async () => {
    fake.failNext(1);
    await expect(gateway.createCheckoutSession(checkoutInput())).rejects.toBeInstanceOf(PaymentProviderError);

    fake.failNext(1, 429);
    await expect(gateway.retrieveCheckoutSession("cs_test_anything")).rejects.toBeInstanceOf(
      PaymentProviderError,
    );

    fake.failNext(1, 503);
    await expect(gateway.expireCheckoutSession("cs_test_anything")).rejects.toBeInstanceOf(PaymentProviderError);

    // Up again: the next call goes through.
    const session = await gateway.createCheckoutSession(checkoutInput());
    expect(session.status).toBe("open");
  });

  it("retries a failed create with the same idempotency key when retries are on", async () => {
    const retrying = createStripeGateway(
      createStripeClient({ secretKey: SECRET_KEY, apiBase: fake.url, maxNetworkRetries: 1 }),
    );
    const input = checkoutInput();
    const before = createRequests().length;
    fake.failNext(1);

    const session = await retrying.createCheckoutSession(input);

    const attempts = createRequests().slice(before);
    expect(attempts.map((r) => r.idempotencyKey)).toEqual([input.idempotencyKey, input.idempotencyKey]);
    expect(fake.sessions.get(session.id)?.client_reference_id).toBe(input.bookingId);
  });

  it("reports an unreachable Stripe as a PaymentProviderError", async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const unreachable = createStripeGateway(
      createStripeClient({ secretKey: SECRET_KEY, apiBase: `http://127.0.0.1:${closedPort}`, maxNetworkRetries: 0 }),
    );
    await expect(unreachable.retrieveCheckoutSession("cs_test_x")).rejects.toBeInstanceOf(PaymentProviderError);
  });

  it("serves a stand-in payment page that pays and returns to the success URL", async () => {
    const created = await gateway.createCheckoutSession(checkoutInput());
    const page = await fetch(created.url!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Pay 90.00 GBP");

    const paid = await fetch(created.url!, { method: "POST", redirect: "manual" });
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toBe(
      `https://studio.example/bookings/success?session_id=${created.id}`,
    );
    expect((await gateway.retrieveCheckoutSession(created.id)).paymentStatus).toBe("paid");
  });

  describe("webhook signatures", () => {
    async function completedEventBody() {
      const input = checkoutInput();
      const created = await gateway.createCheckoutSession(input);
      return { input, body: fake.event("checkout.session.completed", fake.completeSession(created.id)) };
    }

    it("accepts a correctly signed event and maps its session", async () => {
      const { input, body } = await completedEventBody();
      const event = verifyStripeWebhook(stripe, body, signWebhook(stripe, body, WEBHOOK_SECRET), WEBHOOK_SECRET);

      expect(event.type).toBe("checkout.session.completed");
      if (event.type !== "checkout.session.completed") throw new Error("unreachable");
      expect(checkoutSessionFromStripe(event.data.object)).toMatchObject({
        status: "complete",
        paymentStatus: "paid",
        bookingId: input.bookingId,
        amountTotalMinor: 9000,
        currency: "GBP",
        paymentIntentId: expect.stringMatching(/^pi_/),
      });
    });

    it("rejects a tampered body, a wrong secret and a missing header", async () => {
      const { body } = await completedEventBody();
      const signature = signWebhook(stripe, body, WEBHOOK_SECRET);
      const tampered = body.replace('"amount_total": 9000', '"amount_total": 1');
      expect(tampered).not.toBe(body);

      expect(() => verifyStripeWebhook(stripe, tampered, signature, WEBHOOK_SECRET)).toThrow(WebhookSignatureError);
      expect(() =>
        verifyStripeWebhook(stripe, body, signWebhook(stripe, body, "whsec_someone_else"), WEBHOOK_SECRET),
      ).toThrow(WebhookSignatureError);
      expect(() => verifyStripeWebhook(stripe, body, null, WEBHOOK_SECRET)).toThrow(WebhookSignatureError);
      expect(() => verifyStripeWebhook(stripe, body, "", WEBHOOK_SECRET)).toThrow(WebhookSignatureError);
      expect(() => verifyStripeWebhook(stripe, body, "garbage", WEBHOOK_SECRET)).toThrow(WebhookSignatureError);
    });

    it("rejects a signature older than the tolerance", async () => {
      const { body } = await completedEventBody();
      const tenMinutesAgo = Math.floor(Date.now() / 1000) - 10 * 60;
      const stale = signWebhook(stripe, body, WEBHOOK_SECRET, tenMinutesAgo);

      expect(() => verifyStripeWebhook(stripe, body, stale, WEBHOOK_SECRET)).toThrow(/tolerance/);
      expect(() => verifyStripeWebhook(stripe, body, stale, WEBHOOK_SECRET)).toThrow(WebhookSignatureError);
      // The same delivery checked at the time it was signed is fine.
      const event = verifyStripeWebhook(stripe, body, stale, WEBHOOK_SECRET, {
        now: new Date(tenMinutesAgo * 1000 + 5_000),
      });
      expect(event.type).toBe("checkout.session.completed");
      expect(() => verifyStripeWebhook(stripe, body, stale, WEBHOOK_SECRET, { toleranceSeconds: 0 })).toThrow(
        /positive/,
      );
    });
  });
});
