/**
 * The payment port. Domain code talks to this interface only; a Stripe adapter and a
 * simulated adapter (demo mode without a Stripe key) implement it.
 */
export type CheckoutSessionInput = {
  bookingId: string;
  reference: string;
  lineItem: {
    name: string;
    description?: string;
    unitAmountMinor: number;
    currency: string; // ISO 4217, upper case
    quantity: number;
  };
  customerEmail: string;
  successUrl: string; // may contain the literal {CHECKOUT_SESSION_ID}
  cancelUrl: string;
  /** Absolute expiry, stored once per booking and reused on retries. */
  expiresAt: Date;
  idempotencyKey: string;
};

export type CheckoutSession = {
  id: string;
  url: string | null;
  status: "open" | "complete" | "expired";
  paymentStatus: "paid" | "unpaid" | "no_payment_required";
  paymentIntentId: string | null;
  amountTotalMinor: number | null;
  currency: string | null; // upper case
  /** Our booking id, from client_reference_id or metadata.booking_id; null if not ours. */
  bookingId: string | null;
  expiresAt: Date;
};

export type RefundInput = {
  paymentIntentId: string;
  amountMinor: number;
  idempotencyKey: string;
  reason?: "duplicate" | "fraudulent" | "requested_by_customer";
  bookingId: string;
  /** Our refund row's id, kept with the provider's refund so the two can always be matched. */
  refundId: string;
};

/** A refund as the provider knows it. `pending` may still become `succeeded` or `failed`. */
export type ProviderRefund = {
  id: string;
  status: "pending" | "succeeded" | "failed";
  amountMinor: number;
  /** Our refund row's id when we asked for it; null for a refund made elsewhere (Stripe's dashboard). */
  refundId: string | null;
  /** The provider's reason for a failed refund. */
  failureReason: string | null;
};

export interface PaymentGateway {
  readonly kind: "stripe" | "simulated";
  createCheckoutSession(input: CheckoutSessionInput): Promise<CheckoutSession>;
  retrieveCheckoutSession(id: string): Promise<CheckoutSession>;
  /** Expires an open session; a session that is already expired or complete is left as it is. */
  expireCheckoutSession(id: string): Promise<void>;
  refund(input: RefundInput): Promise<ProviderRefund>;
  /** Every refund made on a payment, wherever it was asked for. */
  listRefunds(paymentIntentId: string): Promise<ProviderRefund[]>;
  /** The card a payment was made with, for staff ("the card ending 4242"); null if not a card. */
  cardOf(paymentIntentId: string): Promise<PaymentCard | null>;
}

export type PaymentCard = { brand: string; last4: string };

/**
 * The stored checkout expiry is too close for the provider to accept (Stripe wants at least 30
 * minutes from creation): the hold must start again.
 */
export class CheckoutExpiryTooSoonError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CheckoutExpiryTooSoonError";
  }
}

/** The payment provider failed or could not be reached; safe to show "try again". */
export class PaymentProviderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PaymentProviderError";
  }
}
