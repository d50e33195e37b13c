import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import lockfile from "proper-lockfile";
import * as schema from "./schema";

/** A Drizzle handle or a transaction on it: every domain function takes one of these first. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseConfig =
  | { kind: "postgres"; url: string; poolMax: number }
  | { kind: "pglite"; dataDir: string };

export type DatabaseHandle = {
  db: Database;
  kind: DatabaseConfig["kind"];
  /** Human-readable, password-free description for logs. */
  description: string;
  /** The raw clients, for migrations and the job queue. Exactly one is set. */
  postgres?: postgres.Sql;
  postgresUrl?: string;
  pglite?: PGlite;
  close(): Promise<void>;
};

export class DatabaseInUseError extends Error {
  constructor(dataDir: string) {
    super(
      `The embedded database in "${dataDir}" is in use by another process (the app, or another script). ` +
        "Two processes on one embedded database silently lose writes, so this one stops here. " +
        "Stop the other process first, or set DATABASE_URL to use a PostgreSQL server.",
    );
    this.name = "DatabaseInUseError";
  }
}

export function describeDatabase(config: DatabaseConfig): string {
  if (config.kind === "pglite") return `embedded PGlite in ${config.dataDir}`;
  const url = new URL(config.url);
  return `PostgreSQL at ${url.hostname}:${url.port || "5432"}${url.pathname}`;
}

type Unsafe = (query: string, params?: unknown[], options?: { prepare?: boolean }) => unknown;
type WithClient = (client: postgres.Sql) => unknown;

/**
 * The client drizzle gets: postgres.js with every statement prepared, as postgres.js does by
 * default. Drizzle asks for an unnamed statement unless a query was `.prepare()`d, and postgres.js
 * sends an unnamed statement with parameters in two round trips (describe it, then run it); a
 * prepared one is described once per connection and then runs in one. Every round trip is a
 * write and a wake-up on both sides: on a busy date that was a tenth of the app's CPU (README
 * "Performance"). Transactions and savepoints hand out clients of their own, wrapped the same way.
 * Like db/statements.ts, this needs a pooler that supports prepared statements, if there is one.
 */
export function preparingEveryStatement(client: postgres.Sql): postgres.Sql {
  // Made once per client, not on every query: drizzle reads `unsafe` for each statement it runs.
  const unsafe = client.unsafe.bind(client) as unknown as Unsafe;
  const opening = (property: "begin" | "savepoint") => {
    const open = (client as unknown as Record<string, ((...args: unknown[]) => unknown) | undefined>)[property]?.bind(client);
    return (...args: unknown[]) => {
      const inside = args.pop() as WithClient;
      return open!(...args, (scoped: postgres.Sql) => inside(preparingEveryStatement(scoped)));
    };
  };
  const replaced: Record<string | symbol, unknown> = {
    unsafe: ((query, params, options) => unsafe(query, params, { ...options, prepare: true })) satisfies Unsafe,
    begin: opening("begin"),
    savepoint: opening("savepoint"),
  };
  return new Proxy(client, {
    get: (target, property, receiver) => (Object.hasOwn(replaced, property) ? replaced[property] : (Reflect.get(target, property, receiver) as unknown)),
  });
}

export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.kind === "postgres") {
    const client = postgres(config.url, {
      max: config.poolMax,
      onnotice: () => {},
      connection: { application_name: "pain-free-me" },
    });
    const db = drizzlePostgres(preparingEveryStatement(client), { schema }) as unknown as Database;
    return {
      db,
      kind: "postgres",
      description: describeDatabase(config),
      postgres: client,
      postgresUrl: config.url,
      close: () => client.end({ timeout: 5 }),
    };
  }

  const inMemory = config.dataDir.startsWith("memory://");
  let releaseLock: (() => Promise<void>) | undefined;
  if (!inMemory) {
    const dataDir = path.resolve(config.dataDir);
    mkdirSync(dataDir, { recursive: true });
    try {
      releaseLock = await lockfile.lock(dataDir, {
        stale: 10_000,
        update: 2_000,
        retries: 0,
        realpath: false,
        onCompromised: (error) => {
          console.error(`The lock on the embedded database was lost: ${error.message}`);
        },
      });
    } catch (error) {
      if ((error as { code?: string }).code === "ELOCKED") throw new DatabaseInUseError(config.dataDir);
      throw error;
    }
  }
  try {
    // btree_gist backs the "no instructor in two places at once" exclusion constraint (migration 0007).
    const client = new PGlite({ ...(inMemory ? {} : { dataDir: path.resolve(config.dataDir) }), extensions: { btree_gist } });
    await client.waitReady;
    const db = drizzlePglite(client, { schema }) as unknown as Database;
    return {
      db,
      kind: "pglite",
      description: describeDatabase(config),
      pglite: client,
      close: async () => {
        await client.close();
        await releaseLock?.();
      },
    };
  } catch (error) {
    await releaseLock?.();
    throw error;
  }
}

export async function pingDatabase(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}
