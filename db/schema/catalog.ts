import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { images } from "./images";
import { inList, timestamps } from "./shared";

export const OFFERING_KINDS = ["workshop", "private"] as const;
export type OfferingKind = (typeof OFFERING_KINDS)[number];

export const SLOT_STATUSES = ["scheduled", "cancelled"] as const;
export type SlotStatus = (typeof SLOT_STATUSES)[number];

/** The studio's coaches: dates reference them, so one can't be in two places at once. */
export const instructors = pgTable(
  "instructors",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    bio: text("bio").notNull().default(""),
    email: text("email"),
    active: boolean("active").notNull().default(true),
    /** Their photo and its alt text: both or neither. */
    photoImageId: uuid("photo_image_id").references(() => images.id, { onDelete: "set null" }),
    photoAlt: text("photo_alt"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("instructors_name_key").on(sql`lower(${t.name})`),
    check("instructors_name_check", sql`length(trim(${t.name})) > 0`),
    check("instructors_photo_alt_check", sql`${t.photoImageId} is null or length(trim(coalesce(${t.photoAlt}, ''))) > 0`),
  ],
);

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
    /** What to bring and wear, one item per entry: the offering's page and its emails show it. */
    whatToBring: jsonb("what_to_bring").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    defaultInstructorId: uuid("default_instructor_id").references(() => instructors.id, { onDelete: "set null" }),
    /** False once archived: out of the catalog, no new bookings; existing bookings stand. */
    active: boolean("active").notNull().default(true),
    /** Its photo (the page's and the cards' picture) and the photo's alt text: both or neither. */
    photoImageId: uuid("photo_image_id").references(() => images.id, { onDelete: "set null" }),
    photoAlt: text("photo_alt"),
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
    check("offerings_photo_alt_check", sql`${t.photoImageId} is null or length(trim(coalesce(${t.photoAlt}, ''))) > 0`),
  ],
);

/** Slugs an offering had before, so links already sent keep reaching it. */
export const offeringSlugRedirects = pgTable("offering_slug_redirects", {
  slug: text("slug").primaryKey(),
  offeringId: uuid("offering_id")
    .notNull()
    .references(() => offerings.id, { onDelete: "cascade" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A weekly series: its rule, in the studio's wall-clock time. The dates it made are ordinary slots
 * pointing back here; editing "this and later" changes those slots and the rule.
 */
export const slotSeries = pgTable(
  "slot_series",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    offeringId: uuid("offering_id")
      .notNull()
      .references(() => offerings.id, { onDelete: "restrict" }),
    /** ISO weekdays, 1 = Monday. */
    weekdays: jsonb("weekdays").$type<number[]>().notNull(),
    /** "HH:MM", the studio's local time. */
    startTime: text("start_time").notNull(),
    firstDate: date("first_date", { mode: "string" }).notNull(),
    lastDate: date("last_date", { mode: "string" }).notNull(),
    capacity: integer("capacity").notNull(),
    instructorId: uuid("instructor_id").references(() => instructors.id, { onDelete: "set null" }),
    /** Dates (YYYY-MM-DD) left out, such as bank holidays. */
    skipDates: jsonb("skip_dates").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    ...timestamps,
  },
  (t) => [
    check("slot_series_time_check", sql`${t.startTime} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`),
    check("slot_series_dates_check", sql`${t.lastDate} >= ${t.firstDate}`),
    check("slot_series_capacity_check", sql`${t.capacity} > 0`),
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
    instructorId: uuid("instructor_id").references(() => instructors.id, { onDelete: "set null" }),
    seriesId: uuid("series_id").references(() => slotSeries.id, { onDelete: "set null" }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    notes: text("notes"),
    ...timestamps,
  },
  (t) => [
    // One scheduled date per offering and start: a cancelled date can be made again.
    uniqueIndex("slots_offering_starts_at_key").on(t.offeringId, t.startsAt).where(sql`${t.status} = 'scheduled'`),
    index("slots_series_idx").on(t.seriesId, t.startsAt),
    // slots_instructor_no_overlap (an exclusion constraint, migration 0007): an instructor's
    // scheduled dates never overlap. Drizzle can't express it, so it lives in SQL only.
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
export type Instructor = typeof instructors.$inferSelect;
export type SlotSeries = typeof slotSeries.$inferSelect;
export type NewSlot = typeof slots.$inferInsert;
