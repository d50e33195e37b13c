import { sql } from "drizzle-orm";
import { timestamp } from "drizzle-orm/pg-core";

/**
 * Status columns are `text` with CHECK constraints rather than Postgres enums: a new enum value
 * cannot be used in the migration that adds it, and a CHECK is easy to widen later.
 */
export const inList = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(", "));

export const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
};
