import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, expect, inject } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { uniqueDatabaseName, urlForDatabase, withAdminConnection } from "./postgres-admin";

export const usingRealPostgres = Boolean(process.env.DATABASE_URL);

export type TestDatabase = DatabaseHandle & {
  /** The connection URL (real Postgres only), for child processes and extra clients. */
  url?: string;
};

/**
 * A fresh, migrated database for one test file: real Postgres (a copy of the migrated
 * template) when DATABASE_URL is set, in-memory PGlite otherwise. Returns the handle and a
 * cleanup that closes and drops it.
 */
export async function openTestDatabase({ poolMax = 5 }: { poolMax?: number } = {}): Promise<{
  database: TestDatabase;
  cleanup: () => Promise<void>;
}> {
  const baseUrl = process.env.DATABASE_URL;
  const template = inject("templateDatabase");
  if (!baseUrl || !template) {
    const handle = await openDatabase({ kind: "pglite", dataDir: "memory://" });
    await migrateDatabase(handle);
    return { database: handle, cleanup: () => handle.close() };
  }
  const name = uniqueDatabaseName("pfm_t");
  await withAdminConnection(baseUrl, (sql) => sql.unsafe(`create database "${name}" template "${template}"`));
  const url = urlForDatabase(baseUrl, name);
  const handle = await openDatabase({ kind: "postgres", url, poolMax });
  return {
    database: { ...handle, url },
    cleanup: async () => {
      await handle.close();
      await withAdminConnection(baseUrl, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
    },
  };
}

/** An empty database (nothing migrated): a new one on the PostgreSQL server, or in-memory PGlite. */
export async function openEmptyDatabase(): Promise<{ database: TestDatabase; cleanup: () => Promise<void> }> {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    const handle = await openDatabase({ kind: "pglite", dataDir: "memory://" });
    return { database: handle, cleanup: () => handle.close() };
  }
  const name = uniqueDatabaseName("pfm_t_empty");
  await withAdminConnection(baseUrl, (sql) => sql.unsafe(`create database "${name}"`));
  const url = urlForDatabase(baseUrl, name);
  const handle = await openDatabase({ kind: "postgres", url, poolMax: 2 });
  return {
    database: { ...handle, url },
    cleanup: async () => {
      await handle.close();
      await withAdminConnection(baseUrl, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
    },
  };
}

/**
 * Registers a fresh database for the calling test file (opened before its tests, dropped
 * after them) and returns a getter for it. Call at the top of a describe block.
 */
export function useTestDatabase(options: { poolMax?: number } = {}): () => TestDatabase {
  let current: TestDatabase | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ database: current, cleanup } = await openTestDatabase(options));
  });
  afterEach(async () => {
    if (current) await expectPlacesAddUp(current);
  });
  afterAll(async () => {
    await cleanup?.();
  });
  return () => {
    if (!current) throw new Error("The test database is not open yet (use it inside a test or hook).");
    return current;
  };
}

/**
 * For tests that need truly concurrent connections: skipped on PGlite with a printed reason.
 * (Under CI the skip fails the run, see the fail-on-skip reporter.)
 */
export function needsRealPostgres(reason: string): boolean {
  if (usingRealPostgres) return false;
  console.warn(`Skipping on PGlite: ${reason}. Set DATABASE_URL to a PostgreSQL server to run it.`);
  return true;
}

/** Rows of a raw `db.execute` result, whichever driver answered (postgres.js: an array; PGlite: { rows }). */
export async function rowsOf<T>(result: Promise<unknown>): Promise<T[]> {
  const value = (await result) as T[] | { rows: T[] };
  return Array.isArray(value) ? value : value.rows;
}

/**
 * The seat invariant, checked after every integration test: each slot's places taken equal the
 * places of the bookings that hold places, and every confirmed booking holds its places.
 */
export async function expectPlacesAddUp(database: DatabaseHandle): Promise<void> {
  const slotsOff = await rowsOf<{ id: string; seats_taken: number; held: number }>(
    database.db.execute(sql`
      select s.id, s.seats_taken, coalesce(sum(b.seats) filter (where b.holds_seats), 0)::int as held
      from slots s left join bookings b on b.slot_id = s.id
      group by s.id
      having s.seats_taken <> coalesce(sum(b.seats) filter (where b.holds_seats), 0)`),
  );
  expect(slotsOff, "places taken must equal the places of the bookings holding them").toEqual([]);
  const unheld = await rowsOf<{ reference: string }>(
    database.db.execute(sql`select reference from bookings where status = 'confirmed' and not holds_seats`),
  );
  expect(unheld, "a confirmed booking holds its places").toEqual([]);
}

export { constraintOf } from "../../app/utils/db-errors";
