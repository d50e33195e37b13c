import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/**
 * Status columns are `text` with CHECK constraints rather than Postgres enums: a new enum value
 * cannot be used in the migration that adds it, and a CHECK is easy to widen later.
 */
export const OFFERING_KINDS = ["workshop", "private"] as const;
export type OfferingKind = (typeof OFFERING_KINDS)[number];

export const SLOT_STATUSES = ["scheduled", "cancelled"] as const;
export type SlotStatus = (typeof SLOT_STATUSES)[number];

export const BOOKING_STATUSES = [
  "pending_payment",
  "confirmed",
  "expired",
  "refunded",
  "partially_refunded",
  "cancelled",
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

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
    amountRefundedMinor: integer("amount_refunded_minor").notNull().default(0),
    currency: text("currency").notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("bookings_reference_key").on(t.reference),
    index("bookings_slot_status_idx").on(t.slotId, t.status),
    index("bookings_customer_email_idx").on(t.customerEmail),
    check("bookings_status_check", sql`${t.status} in (${inList(BOOKING_STATUSES)})`),
    check("bookings_seats_check", sql`${t.seats} >= 1`),
    check("bookings_amount_check", sql`${t.amountTotalMinor} >= 0`),
    check(
      "bookings_refund_check",
      sql`${t.amountRefundedMinor} >= 0 and ${t.amountRefundedMinor} <= ${t.amountTotalMinor}`,
    ),
    check("bookings_currency_check", sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

export type Offering = typeof offerings.$inferSelect;
export type NewOffering = typeof offerings.$inferInsert;
export type Slot = typeof slots.$inferSelect;
export type NewSlot = typeof slots.$inferInsert;
export type Booking = typeof bookings.$inferSelect;
export type NewBooking = typeof bookings.$inferInsert;
