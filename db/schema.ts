import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { PAIN_DURATIONS, PAIN_LOCATIONS, type PainDuration, type PainLocation } from "./intake";

/**
 * Status columns are `text` with CHECK constraints rather than Postgres enums: a new enum value
 * cannot be used in the migration that adds it, and a CHECK is easy to widen later.
 */
export const OFFERING_KINDS = ["workshop", "private"] as const;
export type OfferingKind = (typeof OFFERING_KINDS)[number];

export const SLOT_STATUSES = ["scheduled", "cancelled"] as const;
export type SlotStatus = (typeof SLOT_STATUSES)[number];

/** The booking's life (the state machine is app/booking/states.ts); money is in `refunds`. */
export const BOOKING_STATUSES = ["pending_payment", "confirmed", "cancelled", "expired"] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** Who cancelled a confirmed booking. */
export const CANCELLED_BY = ["customer", "staff", "studio"] as const;
export type CancelledBy = (typeof CANCELLED_BY)[number];

/** Why a payment could not confirm its booking (it is refunded in full). */
export const PAYMENT_PROBLEMS = ["payment_mismatch", "paid_after_start", "places_gone"] as const;
export type PaymentProblem = (typeof PAYMENT_PROBLEMS)[number];


const inList = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(", "));

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
};

export const offerings = pgTable(
  "offerings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").$type<OfferingKind>().notNull(),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    description: text("description").notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    priceMinor: integer("price_minor").notNull(),
    currency: text("currency").notNull(),
    defaultCapacity: integer("default_capacity").notNull(),
    location: text("location").notNull(),
    active: boolean("active").notNull().default(true),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("offerings_slug_key").on(t.slug),
    index("offerings_kind_active_idx").on(t.kind, t.active),
    check("offerings_kind_check", sql`${t.kind} in (${inList(OFFERING_KINDS)})`),
    check("offerings_slug_format_check", sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    check("offerings_duration_check", sql`${t.durationMinutes} > 0`),
    check("offerings_price_check", sql`${t.priceMinor} >= 0`),
    check("offerings_currency_check", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("offerings_capacity_check", sql`${t.defaultCapacity} > 0`),
    check("offerings_private_is_one_to_one_check", sql`${t.kind} <> 'private' or ${t.defaultCapacity} = 1`),
  ],
);

export const slots = pgTable(
  "slots",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    offeringId: uuid("offering_id")
      .notNull()
      .references(() => offerings.id, { onDelete: "restrict" }),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    capacity: integer("capacity").notNull(),
    /** Seats held or sold; kept in the same transaction as every booking change. */
    seatsTaken: integer("seats_taken").notNull().default(0),
    status: text("status").$type<SlotStatus>().notNull().default("scheduled"),
    instructor: text("instructor"),
    notes: text("notes"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("slots_offering_starts_at_key").on(t.offeringId, t.startsAt),
    index("slots_status_starts_at_idx").on(t.status, t.startsAt),
    check("slots_status_check", sql`${t.status} in (${inList(SLOT_STATUSES)})`),
    check("slots_capacity_check", sql`${t.capacity} > 0`),
    check("slots_time_order_check", sql`${t.endsAt} > ${t.startsAt}`),
    check("slots_seats_taken_check", sql`${t.seatsTaken} >= 0 and ${t.seatsTaken} <= ${t.capacity}`),
  ],
);

export const bookings = pgTable(
  "bookings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reference: text("reference").notNull(),
    slotId: uuid("slot_id")
      .notNull()
      .references(() => slots.id, { onDelete: "restrict" }),
    seats: integer("seats").notNull(),
    customerName: text("customer_name").notNull(),
    customerEmail: text("customer_email").notNull(),
    customerPhone: text("customer_phone"),
    status: text("status").$type<BookingStatus>().notNull(),
    amountTotalMinor: integer("amount_total_minor").notNull(),
    currency: text("currency").notNull(),
    /**
     * SHA-256 (hex) of a booking link issued before links were derived from BOOKING_LINK_SECRET, so
     * those links keep working; the database never holds a link itself (booking/booking-links).
     */
    legacyTokenHash: text("legacy_token_hash"),
    unitPriceMinor: integer("unit_price_minor").notNull(),
    /** True while this booking's seats are counted in slots.seats_taken. */
    holdsSeats: boolean("holds_seats").notNull().default(false),
    holdExpiresAt: timestamp("hold_expires_at", { withTimezone: true }),
    checkoutSessionId: text("checkout_session_id"),
    checkoutUrl: text("checkout_url"),
    checkoutExpiresAt: timestamp("checkout_expires_at", { withTimezone: true }),
    /** What was paid, as the payment provider reported it (set once, when the payment arrives). */
    paymentIntentId: text("payment_intent_id"),
    amountPaidMinor: integer("amount_paid_minor"),
    paidCurrency: text("paid_currency"),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    /** Set when a payment could not confirm the booking: the payment is refunded in full. */
    paymentProblem: text("payment_problem").$type<PaymentProblem>(),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    cancelledBy: text("cancelled_by").$type<CancelledBy>(),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    /** Why the booking ended the way it did, in staff words (e.g. "late payment, places gone"). */
    statusReason: text("status_reason"),
    calendarSequence: integer("calendar_sequence").notNull().default(0),
    /** Null only once the intake has been erased (intakeErasedAt), never "not sure". */
    painLocation: text("pain_location").$type<PainLocation>(),
    painDuration: text("pain_duration").$type<PainDuration>(),
    instructorNotes: text("instructor_notes"),
    /** When the intake answers (location, duration, notes) were erased under the retention rule. */
    intakeErasedAt: timestamp("intake_erased_at", { withTimezone: true }),
    /** The client's network while the hold is live (IPv4 address or IPv6 /64), for the hold limits. */
    clientNetwork: text("client_network"),
    consentedAt: timestamp("consented_at", { withTimezone: true }).notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("bookings_reference_key").on(t.reference),
    uniqueIndex("bookings_legacy_token_hash_key").on(t.legacyTokenHash),
    index("bookings_live_holds_by_email_idx").on(t.customerEmail).where(sql`${t.holdsSeats} and ${t.status} = 'pending_payment'`),
    index("bookings_live_holds_by_network_idx").on(t.clientNetwork).where(sql`${t.holdsSeats} and ${t.status} = 'pending_payment'`),
    uniqueIndex("bookings_checkout_session_key").on(t.checkoutSessionId),
    index("bookings_payment_intent_idx").on(t.paymentIntentId),
    index("bookings_live_holds_idx").on(t.holdExpiresAt).where(sql`${t.holdsSeats} and ${t.status} = 'pending_payment'`),
    check("bookings_pain_location_check", sql`${t.painLocation} is null or ${t.painLocation} in (${inList(PAIN_LOCATIONS)})`),
    check("bookings_intake_erased_check", sql`(${t.painLocation} is null) = (${t.intakeErasedAt} is not null)`),
    check("bookings_pain_duration_check", sql`${t.painDuration} is null or ${t.painDuration} in (${inList(PAIN_DURATIONS)})`),
    check("bookings_unit_price_check", sql`${t.unitPriceMinor} >= 0`),
    check(
      "bookings_holds_seats_status_check",
      sql`not ${t.holdsSeats} or ${t.status} in ('pending_payment', 'confirmed')`,
    ),
    check("bookings_cancelled_by_check", sql`${t.cancelledBy} is null or ${t.cancelledBy} in (${inList(CANCELLED_BY)})`),
    check("bookings_cancelled_has_who_check", sql`(${t.status} = 'cancelled') = (${t.cancelledBy} is not null)`),
    check(
      "bookings_payment_problem_check",
      sql`${t.paymentProblem} is null or ${t.paymentProblem} in (${inList(PAYMENT_PROBLEMS)})`,
    ),
    check("bookings_amount_paid_check", sql`${t.amountPaidMinor} is null or ${t.amountPaidMinor} >= 0`),
    check("bookings_paid_currency_check", sql`${t.paidCurrency} is null or ${t.paidCurrency} ~ '^[A-Z]{3}$'`),
    index("bookings_slot_status_idx").on(t.slotId, t.status),
    index("bookings_customer_email_idx").on(t.customerEmail),
    check("bookings_status_check", sql`${t.status} in (${inList(BOOKING_STATUSES)})`),
    check("bookings_seats_check", sql`${t.seats} >= 1`),
    check("bookings_amount_check", sql`${t.amountTotalMinor} >= 0`),
    check("bookings_currency_check", sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

export type Offering = typeof offerings.$inferSelect;
export type NewOffering = typeof offerings.$inferInsert;
export type Slot = typeof slots.$inferSelect;
export type NewSlot = typeof slots.$inferInsert;
export type Booking = typeof bookings.$inferSelect;
export type NewBooking = typeof bookings.$inferInsert;

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

/**
 * Secrets the app generates for itself in demo mode ("kept with the data"), e.g. the booking link
 * secret when BOOKING_LINK_SECRET is not set. Production reads its secrets from the environment.
 */
export const appSecrets = pgTable("app_secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Fixed-window request counters shared by every app process (rate limits). */
export const rateLimitCounters = pgTable(
  "rate_limit_counters",
  {
    key: text("key").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    hits: integer("hits").notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

export const EMAIL_KINDS = [
  "booking_confirmed",
  "staff_new_booking",
  "reminder",
  /** Part of the payment refunded; the booking stands. */
  "booking_refunded",
  /** The booking is cancelled (a full refund); carries the calendar cancellation. */
  "booking_cancelled",
  /** A payment that couldn't confirm its booking: the apology, the refund is on its way. */
  "late_payment_refunded",
  /** The link to finish paying, for a repeat booking from another browser. */
  "finish_payment",
  /** To the studio: a payment refused (mismatch, after the start) and refunded. */
  "staff_payment_problem",
  /** To the studio: a refund failed or is stuck. */
  "staff_refund_problem",
] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];
export const EMAIL_STATUSES = ["pending", "sent", "failed", "cancelled"] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/**
 * The email outbox, send log and deduplication in one: one row per (booking, kind, sequence),
 * written in the same transaction as the booking change that causes it.
 */
export const emailMessages = pgTable(
  "email_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    bookingId: uuid("booking_id")
      .notNull()
      .references(() => bookings.id, { onDelete: "cascade" }),
    kind: text("kind").$type<EmailKind>().notNull(),
    sequence: integer("sequence").notNull().default(0),
    status: text("status").$type<EmailStatus>().notNull().default("pending"),
    toAddress: text("to_address").notNull(),
    /** Stable Message-ID, so a resend after a crash is recognisable as the same message. */
    messageId: text("message_id").notNull(),
    /** Kind-specific facts frozen at the moment of the change (e.g. the refunded amount). */
    payload: text("payload").notNull().default("{}"),
    sendAfter: timestamp("send_after", { withTimezone: true }).notNull().defaultNow(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("email_messages_booking_kind_sequence_key").on(t.bookingId, t.kind, t.sequence),
    index("email_messages_status_idx").on(t.status, t.sendAfter),
    check("email_messages_kind_check", sql`${t.kind} in (${inList(EMAIL_KINDS)})`),
    check("email_messages_status_check", sql`${t.status} in (${inList(EMAIL_STATUSES)})`),
    check("email_messages_attempts_check", sql`${t.attempts} >= 0`),
  ],
);

export const REFUND_STATUSES = ["pending", "succeeded", "failed"] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];
/** Why money went back: a payment that couldn't confirm its booking, or a person's decision. */
export const REFUND_REASONS = [...PAYMENT_PROBLEMS, "requested_in_stripe"] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];
/** Who asked for it: our own rules, a staff user (later), or someone in Stripe's dashboard. */
export const REFUND_REQUESTERS = ["system", "staff", "stripe_dashboard"] as const;
export type RefundRequester = (typeof REFUND_REQUESTERS)[number];

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
export type EmailMessage = typeof emailMessages.$inferSelect;

export type DevMailboxAttachment = { filename: string; contentType: string; content: string };

/**
 * The demo mailbox: without SMTP_URL (demo mode only) every email is kept here instead of being
 * sent, and shown at /dev/mailbox. In the database, so every app process sees the same mailbox.
 */
export const devMailboxMessages = pgTable(
  "dev_mailbox_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    messageId: text("message_id").notNull(),
    from: text("from_address").notNull(),
    to: text("to_address").notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    attachments: jsonb("attachments").$type<DevMailboxAttachment[]>().notNull().default(sql`'[]'::jsonb`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("dev_mailbox_messages_created_at_idx").on(t.createdAt)],
);

export type DevMailboxMessage = typeof devMailboxMessages.$inferSelect;
