import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { PAIN_DURATIONS, PAIN_LOCATIONS, type PainDuration, type PainLocation } from "../intake";
import { slots } from "./catalog";
import { inList, timestamps } from "./shared";
import { staffUsers } from "./staff";

/** The booking's life (the state machine is app/booking/states.ts); money is in `refunds`. */
export const BOOKING_STATUSES = ["pending_payment", "confirmed", "cancelled", "expired"] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** Who cancelled a confirmed booking. */
export const CANCELLED_BY = ["customer", "staff", "studio"] as const;
export type CancelledBy = (typeof CANCELLED_BY)[number];

/** Why a payment could not confirm its booking (it is refunded in full). */
export const PAYMENT_PROBLEMS = ["payment_mismatch", "paid_after_start", "places_gone"] as const;
export type PaymentProblem = (typeof PAYMENT_PROBLEMS)[number];

/** Whether a confirmed booking's customer came, as staff marked it on the roster. */
export const ATTENDANCE = ["attended", "no_show"] as const;
export type Attendance = (typeof ATTENDANCE)[number];

/**
 * How a booking was paid: by card (Stripe Checkout or the demo's test checkout), at the studio
 * (cash or card terminal, recorded by staff), or not at all (complimentary, owners only).
 */
export const PAYMENT_METHODS = ["card", "studio", "complimentary"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Where a booking was made: the website's form, or staff on a date's roster (a walk-in or a call). */
export const BOOKING_SOURCES = ["website", "studio"] as const;
export type BookingSource = (typeof BOOKING_SOURCES)[number];

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
    /** Null only for a booking staff made without an email (then no email is ever sent). */
    customerEmail: text("customer_email"),
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
    /** Set with the payment: card, at the studio, or complimentary (amount paid 0). */
    paymentMethod: text("payment_method").$type<PaymentMethod>(),
    source: text("source").$type<BookingSource>().notNull().default("website"),
    /** The staff account that made a booking on the roster. */
    bookedByStaffId: uuid("booked_by_staff_id").references(() => staffUsers.id, { onDelete: "set null" }),
    /** Set when a payment could not confirm the booking: the payment is refunded in full. */
    paymentProblem: text("payment_problem").$type<PaymentProblem>(),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    cancelledBy: text("cancelled_by").$type<CancelledBy>(),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    /** Why the booking ended the way it did, in staff words (e.g. "late payment, places gone"). */
    statusReason: text("status_reason"),
    calendarSequence: integer("calendar_sequence").notNull().default(0),
    /** Marked on the roster once the session has started; null until someone marks it. */
    attendance: text("attendance").$type<Attendance>(),
    attendanceMarkedAt: timestamp("attendance_marked_at", { withTimezone: true }),
    /** Null only once the intake has been erased (intakeErasedAt), never "not sure". */
    painLocation: text("pain_location").$type<PainLocation>(),
    painDuration: text("pain_duration").$type<PainDuration>(),
    instructorNotes: text("instructor_notes"),
    /** When the intake answers (location, duration, notes) were erased under the retention rule. */
    intakeErasedAt: timestamp("intake_erased_at", { withTimezone: true }),
    /** The client's network while the hold is live (IPv4 address or IPv6 /64), for the hold limits. */
    clientNetwork: text("client_network"),
    /** When the customer agreed to the studio keeping the intake; null when no intake was given. */
    consentedAt: timestamp("consented_at", { withTimezone: true }).defaultNow(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("bookings_reference_key").on(t.reference),
    // The indexes on columns a new hold leaves empty leave its row out: a hold writes its booking
    // under the date's lock, and every index it needn't update is time that lock isn't held.
    uniqueIndex("bookings_legacy_token_hash_key").on(t.legacyTokenHash).where(sql`${t.legacyTokenHash} is not null`),
    index("bookings_live_holds_by_email_idx").on(t.customerEmail).where(sql`${t.holdsSeats} and ${t.status} = 'pending_payment'`),
    index("bookings_live_holds_by_network_idx")
      .on(t.clientNetwork)
      .where(sql`${t.holdsSeats} and ${t.status} = 'pending_payment' and ${t.clientNetwork} is not null`),
    uniqueIndex("bookings_checkout_session_key").on(t.checkoutSessionId).where(sql`${t.checkoutSessionId} is not null`),
    index("bookings_payment_intent_idx").on(t.paymentIntentId).where(sql`${t.paymentIntentId} is not null`),
    index("bookings_live_holds_idx").on(t.holdExpiresAt).where(sql`${t.holdsSeats} and ${t.status} = 'pending_payment'`),
    // A date's holds by expiry: the next booking releases the ones that ran out without reading the live ones.
    index("bookings_live_holds_by_slot_idx").on(t.slotId, t.holdExpiresAt).where(sql`${t.holdsSeats} and ${t.status} = 'pending_payment'`),
    check("bookings_pain_location_check", sql`${t.painLocation} is null or ${t.painLocation} in (${inList(PAIN_LOCATIONS)})`),
    // Answers exist only with consent, and an erased intake has none. A website booking always
    // gives them; a booking made by staff may have none (never asked, which isn't "erased").
    check("bookings_intake_erased_check", sql`${t.intakeErasedAt} is null or ${t.painLocation} is null`),
    check("bookings_intake_consent_check", sql`${t.painLocation} is null or ${t.consentedAt} is not null`),
    check(
      "bookings_intake_given_check",
      sql`${t.painLocation} is not null or ${t.intakeErasedAt} is not null or ${t.source} = 'studio'`,
    ),
    check("bookings_email_check", sql`${t.customerEmail} is not null or ${t.source} = 'studio'`),
    check("bookings_source_check", sql`${t.source} in (${inList(BOOKING_SOURCES)})`),
    check("bookings_payment_method_check", sql`${t.paymentMethod} is null or ${t.paymentMethod} in (${inList(PAYMENT_METHODS)})`),
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
    check("bookings_attendance_check", sql`${t.attendance} is null or ${t.attendance} in (${inList(ATTENDANCE)})`),
    check("bookings_attendance_marked_check", sql`(${t.attendance} is null) = (${t.attendanceMarkedAt} is null)`),
    check("bookings_status_check", sql`${t.status} in (${inList(BOOKING_STATUSES)})`),
    check("bookings_seats_check", sql`${t.seats} >= 1`),
    check("bookings_amount_check", sql`${t.amountTotalMinor} >= 0`),
    check("bookings_currency_check", sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

export type Booking = typeof bookings.$inferSelect;
export type NewBooking = typeof bookings.$inferInsert;
