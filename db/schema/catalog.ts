import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { inList, timestamps } from "./shared";

export const OFFERING_KINDS = ["workshop", "private"] as const;
export type OfferingKind = (typeof OFFERING_KINDS)[number];

export const SLOT_STATUSES = ["scheduled", "cancelled"] as const;
export type SlotStatus = (typeof SLOT_STATUSES)[number];

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

export type Offering = typeof offerings.$inferSelect;
export type NewOffering = typeof offerings.$inferInsert;
export type Slot = typeof slots.$inferSelect;
export type NewSlot = typeof slots.$inferInsert;
