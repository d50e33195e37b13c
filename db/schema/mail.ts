import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { bookings } from "./bookings";
import { inList, timestamps } from "./shared";
import { staffInvitations } from "./staff";

/** Emails about a booking: the row names its booking. */
export const BOOKING_EMAIL_KINDS = [
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
  /** The date moved: the new time, with the calendar update (same UID, higher SEQUENCE). */
  "booking_moved",
  /** The studio cancelled the date: refunded in full, with the calendar cancellation. */
  "date_cancelled",
] as const;
export type BookingEmailKind = (typeof BOOKING_EMAIL_KINDS)[number];

/** Emails about a staff account: the row names its invitation. */
export const STAFF_EMAIL_KINDS = [
  /** To a colleague an owner invited: the link (48 hours) to set a password. */
  "staff_invitation",
] as const;
export type StaffEmailKind = (typeof STAFF_EMAIL_KINDS)[number];

export const EMAIL_KINDS = [...BOOKING_EMAIL_KINDS, ...STAFF_EMAIL_KINDS] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];
export const EMAIL_STATUSES = ["pending", "sent", "failed", "cancelled"] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/**
 * The email outbox, send log and deduplication in one: one row per (booking, kind, sequence), or
 * per (staff invitation, kind), written in the same transaction as the change that causes it.
 * Each row names exactly one of the two, and the kind says which.
 */
export const emailMessages = pgTable(
  "email_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    bookingId: uuid("booking_id").references(() => bookings.id, { onDelete: "cascade" }),
    staffInvitationId: uuid("staff_invitation_id").references(() => staffInvitations.id, { onDelete: "cascade" }),
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
    uniqueIndex("email_messages_staff_invitation_kind_key").on(t.staffInvitationId, t.kind),
    index("email_messages_status_idx").on(t.status, t.sendAfter),
    check("email_messages_kind_check", sql`${t.kind} in (${inList(EMAIL_KINDS)})`),
    check("email_messages_status_check", sql`${t.status} in (${inList(EMAIL_STATUSES)})`),
    check("email_messages_attempts_check", sql`${t.attempts} >= 0`),
    check(
      "email_messages_subject_check",
      sql`(${t.bookingId} is not null and ${t.staffInvitationId} is null and ${t.kind} in (${inList(BOOKING_EMAIL_KINDS)}))
        or (${t.staffInvitationId} is not null and ${t.bookingId} is null and ${t.kind} in (${inList(STAFF_EMAIL_KINDS)}))`,
    ),
  ],
);

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
