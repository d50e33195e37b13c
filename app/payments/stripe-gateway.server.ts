import Stripe from "stripe";

import {
  CheckoutExpiryTooSoonError,
  PaymentProviderError,
  type CheckoutSession,
  type CheckoutSessionInput,
  type PaymentCard,
  type PaymentGateway,
  type ProviderRefund,
  type RefundInput,
} from "./gateway.server";

export type StripeClientOptions = {
  secretKey: string;
  /** Base URL of the API, e.g. `http://127.0.0.1:12111` for a local fake. Defaults to Stripe. */
  apiBase?: string;
  /** Automatic retries (with the SDK's idempotency key) on connection errors, 409 and 5xx. */
  maxNetworkRetries?: number;
  timeoutMs?: number;
};

export function createStripeClient(opts: StripeClientOptions): Stripe {
  return new Stripe(opts.secretKey, {
    maxNetworkRetries: opts.maxNetworkRetries ?? 2,
    timeout: opts.timeoutMs ?? 10_000,
    appInfo: { name: "pain-free-me-studio" },
    ...(opts.apiBase ? parseApiBase(opts.apiBase) : {}),
  });
}

function parseApiBase(apiBase: string): { host: string; port: number; protocol: "http" | "https" } {
  let url: URL;
  try {
    url = new URL(apiBase);
  } catch {
    throw new Error(`Stripe API base is not a URL: ${apiBase}`);
  }
  const protocol = url.protocol.replace(/:$/, "");
  if (protocol !== "http" && protocol !== "https") {
    throw new Error(`Stripe API base must be http or https: ${apiBase}`);
  }
  // The SDK always requests /v1/…; a base path would be silently dropped.
  if (url.pathname !== "/" || url.search || url.hash) {
    throw new Error(`Stripe API base must not have a path: ${apiBase}`);
  }
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: url.port ? Number(url.port) : protocol === "https" ? 443 : 80,
    protocol,
  };
}

export function createStripeGateway(stripe: Stripe): PaymentGateway {
  return {
    kind: "stripe",

    async createCheckoutSession(input: CheckoutSessionInput): Promise<CheckoutSession> {
      const { lineItem } = input;
      const metadata = { booking_id: input.bookingId, reference: input.reference };
      const session = await callStripe("create a Checkout Session", () =>
        stripe.checkout.sessions.create(
          {
            mode: "payment",
            // Cards only: a delayed method (bank debit, vouchers) could confirm days later, long
            // after the hold on the places has ended. (Stripe's API 2026-09-30 replaced
            // `payment_method_types` with this filter.)
            allowed_payment_method_types: ["card"],
            line_items: [
              {
                price_data: {
                  currency: lineItem.currency.toLowerCase(),
                  unit_amount: lineItem.unitAmountMinor,
                  product_data: {
                    name: lineItem.name,
                    // Stripe rejects an empty string here.
                    ...(lineItem.description ? { description: lineItem.description } : {}),
                  },
                },
                quantity: lineItem.quantity,
              },
            ],
            customer_email: input.customerEmail,
            client_reference_id: input.bookingId,
            metadata,
            payment_intent_data: { metadata },
            success_url: input.successUrl,
            cancel_url: input.cancelUrl,
            expires_at: Math.floor(input.expiresAt.getTime() / 1000),
          },
          { idempotencyKey: input.idempotencyKey },
        ),
      );
      return checkoutSessionFromStripe(session);
    },

    async retrieveCheckoutSession(id: string): Promise<CheckoutSession> {
      const session = await callStripe("retrieve a Checkout Session", () =>
        stripe.checkout.sessions.retrieve(id),
      );
      return checkoutSessionFromStripe(session);
    },

    async expireCheckoutSession(id: string): Promise<void> {
      try {
        await stripe.checkout.sessions.expire(id);
      } catch (error) {
        // Stripe answers 400 when the session is no longer open (already expired, or paid).
        // Look before deciding: a session that is still open means something else went wrong.
        if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 400) {
          const session = await callStripe("retrieve a Checkout Session", () =>
            stripe.checkout.sessions.retrieve(id),
          );
          if (session.status !== "open") return;
        }
        throw toPaymentError("expire a Checkout Session", error);
      }
    },

    async refund(input: RefundInput): Promise<ProviderRefund> {
      const refund = await callStripe("refund a payment", () =>
        stripe.refunds.create(
          {
            payment_intent: input.paymentIntentId,
            amount: input.amountMinor,
            ...(input.reason ? { reason: input.reason } : {}),
            metadata: { booking_id: input.bookingId, refund_id: input.refundId },
          },
          { idempotencyKey: input.idempotencyKey },
        ),
      );
      return refundFromStripe(refund);
    },

    async listRefunds(paymentIntentId: string): Promise<ProviderRefund[]> {
      const refunds = await callStripe("list refunds", () =>
        stripe.refunds.list({ payment_intent: paymentIntentId, limit: 100 }).autoPagingToArray({ limit: 1000 }),
      );
      return refunds.map(refundFromStripe);
    },

    async cardOf(paymentIntentId: string): Promise<PaymentCard | null> {
      const intent = await callStripe("read a payment", () =>
        stripe.paymentIntents.retrieve(paymentIntentId, { expand: ["latest_charge"] }),
      );
      const charge = typeof intent.latest_charge === "object" ? intent.latest_charge : null;
      const card = charge?.payment_method_details?.card;
      return card?.last4 ? { brand: card.brand ?? "card", last4: card.last4 } : null;
    },
  };
}

/**
 * A Stripe Refund in our port's shape. `requires_action` and `pending` are still on their way;
 * `canceled` ends like `failed`: no money moved.
 */
export function refundFromStripe(refund: Stripe.Refund): ProviderRefund {
  const status =
    refund.status === "succeeded"
      ? "succeeded"
      : refund.status === "failed" || refund.status === "canceled"
        ? "failed"
        : "pending";
  return {
    id: refund.id,
    status,
    amountMinor: refund.amount,
    refundId: refund.metadata?.["refund_id"] || null,
    failureReason: refund.failure_reason ?? null,
  };
}

/** The signature header is missing, malformed, does not match the body, or is too old. */
export class WebhookSignatureError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "WebhookSignatureError";
  }
}

/**
 * Verifies a webhook delivery against the raw request body (`await request.text()`, never a
 * re-serialised JSON) and returns the event. `toleranceSeconds` defaults to Stripe's 300 s.
 */
export function verifyStripeWebhook(
  stripe: Stripe,
  rawBody: string,
  signature: string | null,
  secret: string,
  options: { toleranceSeconds?: number; now?: Date } = {},
): Stripe.Event {
  if (!signature) throw new WebhookSignatureError("Missing Stripe-Signature header");
  // Since stripe-node 23 a tolerance of 0 turns the timestamp check off; never allow that here.
  if (options.toleranceSeconds !== undefined && !(options.toleranceSeconds > 0)) {
    throw new Error("toleranceSeconds must be positive");
  }
  try {
    return stripe.webhooks.constructEvent(
      rawBody,
      signature,
      secret,
      options.toleranceSeconds,
      undefined,
      options.now?.getTime(),
    );
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
      throw new WebhookSignatureError(error.message, { cause: error });
    }
    throw error;
  }
}

const SESSION_STATUSES = ["open", "complete", "expired"] as const;
const PAYMENT_STATUSES = ["paid", "unpaid", "no_payment_required"] as const;

function oneOf<T extends string>(allowed: readonly T[], value: string | null): value is T {
  return value !== null && (allowed as readonly string[]).includes(value);
}

/** Maps a Checkout Session from the API or from an event payload to our port's shape. */
export function checkoutSessionFromStripe(session: Stripe.Checkout.Session): CheckoutSession {
  const { status, payment_status: paymentStatus } = session;
  // An unknown state must not be guessed into "paid" or "expired": fail loudly instead.
  if (!oneOf(SESSION_STATUSES, status) || !oneOf(PAYMENT_STATUSES, paymentStatus)) {
    throw new PaymentProviderError(
      `Checkout Session ${session.id} has an unexpected state (status ${String(status)}, payment_status ${String(paymentStatus)})`,
    );
  }
  const paymentIntent = session.payment_intent;
  return {
    id: session.id,
    url: session.url ?? null,
    status,
    paymentStatus,
    paymentIntentId: typeof paymentIntent === "string" ? paymentIntent : (paymentIntent?.id ?? null),
    amountTotalMinor: session.amount_total ?? null,
    currency: session.currency ? session.currency.toUpperCase() : null,
    bookingId: session.client_reference_id || session.metadata?.["booking_id"] || null,
    expiresAt: new Date(session.expires_at * 1000),
  };
}

async function callStripe<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toPaymentError(action, error);
  }
}

/**
 * Failures a later attempt may fix (Stripe unreachable or timing out, its 5xx, rate limits,
 * lock conflicts) become PaymentProviderError. Invalid requests, idempotency-key misuse and
 * authentication or permission errors are bugs or misconfiguration: retrying won't help, so
 * they are rethrown as they are, to surface as a 500 with Stripe's message in the log.
 */
function toPaymentError(action: string, error: unknown): unknown {
  const { errors } = Stripe;
  if (
    error instanceof errors.StripeConnectionError ||
    error instanceof errors.StripeAPIError ||
    error instanceof errors.StripeRateLimitError ||
    (error instanceof errors.StripeError &&
      (error.statusCode === 409 || (error.statusCode ?? 0) >= 500 || error.code === "lock_timeout"))
  ) {
    return new PaymentProviderError(`Could not ${action}: ${error.message}`, { cause: error });
  }
  if (error instanceof errors.StripeInvalidRequestError && error.param === "expires_at") {
    return new CheckoutExpiryTooSoonError(`Could not ${action}: ${error.message}`, { cause: error });
  }
  return error;
}
