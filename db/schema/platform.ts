import { sql } from "drizzle-orm";
import { bigint, check, integer, pgTable, primaryKey, smallint, text, timestamp } from "drizzle-orm/pg-core";

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

/**
 * One row whose `version` moves whenever anything a cached page shows changes (the public
 * catalog: offerings, dates and their places, instructors, photos; the staff week: bookings,
 * refunds, emails, staff accounts): triggers on those tables bump it in the changing
 * transaction, so it becomes visible exactly when the change does. Every app process compares it
 * with the version its cached pages were rendered at (app/http/page-cache.server.ts).
 */
export const catalogVersion = pgTable(
  "catalog_version",
  {
    id: smallint("id").primaryKey().default(1),
    version: bigint("version", { mode: "number" }).notNull().default(0),
  },
  (t) => [check("catalog_version_one_row", sql`${t.id} = 1`)],
);
