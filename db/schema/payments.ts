import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { bookings, PAYMENT_PROBLEMS } from "./bookings";
import { inList, timestamps } from "./shared";

/** Every Stripe event we processed, so a replay does nothing. */
export const stripeEvents = pgTable("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  bookingId: uuid("booking_id"),
  outcome: text("outcome").notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
});

export const SIMULATED_SESSION_STATUSES = ["open", "complete", "expired"] as const;

/** The demo-mode test checkout's sessions (stand-ins for Stripe Checkout Sessions). */
export const simulatedCheckoutSessions = pgTable(
  "simulated_checkout_sessions",
  {
    id: text("id").primaryKey(),
    bookingId: uuid("booking_id")
      .notNull()
      .references(() => bookings.id, { onDelete: "cascade" }),
    idempotencyKey: text("idempotency_key").notNull(),
    title: text("title").notNull(),
    quantity: integer("quantity").notNull(),
    amountTotalMinor: integer("amount_total_minor").notNull(),
    amountRefundedMinor: integer("amount_refunded_minor").notNull().default(0),
    currency: text("currency").notNull(),
    customerEmail: text("customer_email").notNull(),
    status: text("status").notNull().default("open"),
    paymentIntentId: text("payment_intent_id"),
    successUrl: text("success_url").notNull(),
    cancelUrl: text("cancel_url").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("simulated_checkout_sessions_idempotency_key").on(t.idempotencyKey),
    check("simulated_checkout_sessions_status_check", sql`${t.status} in (${inList(SIMULATED_SESSION_STATUSES)})`),
  ],
);

export const REFUND_STATUSES = ["pending", "succeeded", "failed"] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];
/** Why money went back: a payment that couldn't confirm its booking, or a person's decision. */
export const REFUND_REASONS = [...PAYMENT_PROBLEMS, "requested_in_stripe", "date_cancelled", "staff_refund"] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];
/** Who asked for it: our own rules, a staff user (later), or someone in Stripe's dashboard. */
export const REFUND_REQUESTERS = ["system", "staff", "stripe_dashboard"] as const;
export type RefundRequester = (typeof REFUND_REQUESTERS)[number];

/** How money goes back: to the card through Stripe, or paid back at the studio (cash or terminal). */
export const REFUND_METHODS = ["card", "studio"] as const;
export type RefundMethod = (typeof REFUND_METHODS)[number];

/**
 * Money going back, one row per refund. A row is written `pending` in the same transaction as the
 * decision (with its job), and moves to `succeeded` or `failed` as the provider answers. The
 * database refuses refunds that together exceed what the booking paid, counting `pending` and
 * `succeeded` rows (a trigger, `refunds_total_within_paid`, see migration 0004): a failed refund
 * can be asked again, a refund can never be made twice.
 */
export const refunds = pgTable(
  "refunds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    bookingId: uuid("booking_id")
      .notNull()
      .references(() => bookings.id, { onDelete: "restrict" }),
    amountMinor: integer("amount_minor").notNull(),
    currency: text("currency").notNull(),
    reason: text("reason").$type<RefundReason>().notNull(),
    /** A studio refund is recorded as paid back (succeeded) when it is written: Stripe is never called. */
    method: text("method").$type<RefundMethod>().notNull().default("card"),
    requestedBy: text("requested_by").$type<RefundRequester>().notNull(),
    /** Sent to the provider, so a retried request never refunds twice. */
    idempotencyKey: text("idempotency_key").notNull(),
    status: text("status").$type<RefundStatus>().notNull().default("pending"),
    providerRefundId: text("provider_refund_id"),
    /** The provider's last error, in its words (for staff). */
    lastError: text("last_error"),
    attempts: integer("attempts").notNull().default(0),
    /** When staff were told this refund is stuck or failed (once). */
    reportedAt: timestamp("reported_at", { withTimezone: true }),
    settledAt: timestamp("settled_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("refunds_idempotency_key").on(t.idempotencyKey),
    uniqueIndex("refunds_provider_refund_id_key").on(t.providerRefundId),
    index("refunds_booking_idx").on(t.bookingId),
    index("refunds_status_idx").on(t.status, t.createdAt),
    check("refunds_amount_check", sql`${t.amountMinor} > 0`),
    check("refunds_currency_check", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("refunds_reason_check", sql`${t.reason} in (${inList(REFUND_REASONS)})`),
    check("refunds_requested_by_check", sql`${t.requestedBy} in (${inList(REFUND_REQUESTERS)})`),
    check("refunds_status_check", sql`${t.status} in (${inList(REFUND_STATUSES)})`),
    check("refunds_attempts_check", sql`${t.attempts} >= 0`),
    check("refunds_method_check", sql`${t.method} in (${inList(REFUND_METHODS)})`),
  ],
);

export type RefundRow = typeof refunds.$inferSelect;

/**
 * A `charge.refunded` that arrived before its payment was recorded on a booking (events can come
 * out of order): kept here and applied when fulfilment records the payment, never dropped.
 */
export const stripeRefundNotices = pgTable(
  "stripe_refund_notices",
  {
    eventId: text("event_id").primaryKey(),
    paymentIntentId: text("payment_intent_id").notNull(),
    /** Stripe's cumulative amount refunded on the charge when the event was sent. */
    amountRefundedMinor: integer("amount_refunded_minor").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    appliedAt: timestamp("applied_at", { withTimezone: true }),
  },
  (t) => [index("stripe_refund_notices_payment_intent_idx").on(t.paymentIntentId)],
);

export type StripeEvent = typeof stripeEvents.$inferSelect;
