import path from "node:path";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { DatabaseHandle } from "./client";

/** npm scripts and the server always run from the project root. */
export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "db/migrations");

/** Arbitrary but fixed: every instance of the app takes this advisory lock to migrate. */
const MIGRATION_LOCK_KEY = 7_310_452_118;

/**
 * Applies the committed drizzle-kit migrations. On PostgreSQL the work runs on one dedicated
 * connection holding a session advisory lock, so instances that start together migrate once:
 * the first applies, the others wait and then find nothing left to do.
 */
export async function migrateDatabase(
  handle: DatabaseHandle,
  { migrationsFolder = MIGRATIONS_FOLDER }: { migrationsFolder?: string } = {},
): Promise<void> {
  if (handle.pglite) {
    await migratePglite(drizzlePglite(handle.pglite), { migrationsFolder });
    return;
  }
  if (!handle.postgresUrl) throw new Error("migrateDatabase: the handle has no database URL");
  const single = postgres(handle.postgresUrl, { max: 1, onnotice: () => {} });
  try {
    await single`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      await migratePostgres(drizzlePostgres(single), { migrationsFolder });
    } finally {
      await single`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    await single.end({ timeout: 5 });
  }
}
