import * as drizzle from "drizzle-orm";
import { sql, type Column, type Query, type SQL } from "drizzle-orm";
import type { SelectedFieldsOrdered } from "drizzle-orm/pg-core";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import { preparingEveryStatement, type Database } from "./client";

/**
 * Drizzle's own ordering of selected fields into the SQL's column order, which it uses to map
 * rows back to objects (exported, but left out of its types): the same function, so a row can't
 * be mapped in another order than its columns were written.
 */
const orderSelectedFields = (() => {
  const exported = (drizzle as unknown as { orderSelectedFields?: (fields: Record<string, unknown>) => SelectedFieldsOrdered })
    .orderSelectedFields;
  if (!exported) throw new Error("drizzle-orm no longer exports orderSelectedFields: see db/statements.ts");
  return exported;
})();

/** A select query as built on a handle, not yet run (its selected fields are in `_.config`). */
type Buildable = { _: { config: { fields: Record<string, unknown> } }; toSQL(): Query; execute(): Promise<unknown> };

/** Which joined tables can't be null, as a select knows it: a left-joined table's row maps to null when it is missing. */
type JoinsNotNullable = { joinsNotNullableMap?: Record<string, boolean> };

/**
 * A select built once and run, as a prepared statement, on any handle or transaction: what
 * changes from one run to the next is a `value(name, column)` placeholder, given at run time.
 *
 * For a query run on a hot path inside transactions. Drizzle's `.prepare()` ties a statement to
 * the handle that built it (drizzle-orm#613), so in a transaction a query is built again on every
 * call: for the seat hold's statements that took longer than running them, while the date's lock
 * was waited for. Here the SQL and its result mapping are built on first use, as drizzle's own
 * select prepares them, and each run costs filling in the values. Being prepared, a run is one
 * round trip (postgres.js describes an unprepared query with parameters before running it: two),
 * is planned once per connection, and can be pipelined with the statements sent alongside it.
 * A select can write through data-modifying CTEs.
 */
export function reusableStatement<TBuilder extends Buildable>(
  name: string,
  build: (db: Database) => TBuilder,
): (db: Database, values: Record<string, unknown>) => Promise<Awaited<ReturnType<TBuilder["execute"]>>> {
  let built: { query: Query; fields: SelectedFieldsOrdered; joins: JoinsNotNullable } | undefined;
  return (db, values) => {
    if (!built) {
      const builder = build(db);
      const joins = { joinsNotNullableMap: (builder as unknown as JoinsNotNullable).joinsNotNullableMap };
      built = { query: builder.toSQL(), fields: orderSelectedFields(builder._.config.fields), joins };
    }
    const prepared = Object.assign(db._.session.prepareQuery(built.query, built.fields, name, true), built.joins);
    return prepared.execute(values) as never;
  };
}

/** A value given when a reusable statement runs, encoded as `column` encodes its values (a Date as a timestamp…). */
export const value = (name: string, column: Column): SQL =>
  sql`${sql.param(sql.placeholder(name), { mapToDriverValue: (given: unknown) => (given === null ? null : column.mapToDriverValue(given)) })}`;

/**
 * Runs statements as one transaction sent in one go: BEGIN, the statements and COMMIT are written
 * together on one connection, so the transaction is one round trip, and a lock a statement takes
 * is held only while the server runs what follows it, never across a trip to the app and back.
 *
 * Nothing can be decided between the statements, so each must be right to commit whatever it
 * finds: its conditions are in its SQL. The server runs them in the order sent, each (in READ
 * COMMITTED) on a snapshot taken when it starts, so a statement sees what was committed before the
 * locks taken by the ones before it were granted. If one fails, those after it fail too and the
 * COMMIT rolls everything back; the first error is thrown.
 *
 * On the embedded database (PGlite: no connection to pipeline on) the statements run in a
 * transaction one after the other, with the same outcome.
 */
export async function pipelinedTransaction<T extends readonly unknown[]>(
  db: Database,
  statements: (tx: Database) => { [K in keyof T]: PromiseLike<T[K]> },
): Promise<T> {
  const client = (db as unknown as { $client?: Partial<postgres.Sql> }).$client;
  if (typeof client?.reserve !== "function") {
    return db.transaction(async (tx) => (await Promise.all(statements(tx))) as unknown as T);
  }
  const connection = await client.reserve();
  try {
    // A reserved connection's client lacks the pool's `options`, which drizzle reads (its parsers).
    const tx = drizzlePostgres(preparingEveryStatement(Object.assign(connection, { options: client.options! }))) as unknown as Database;
    // postgres.js sends a query a microtask after it is started, and drizzle starts one a few
    // microtasks after it is made: BEGIN first, then the statements, each started at once and in
    // order; COMMIT only once every one of them has been handed to the connection (after the
    // microtasks, at the next turn of the event loop; it still goes out without waiting for them).
    const begin = connection.unsafe("begin").execute();
    let running: Promise<unknown>[];
    try {
      running = statements(tx).map((statement) => Promise.resolve(statement));
    } catch (error) {
      await Promise.allSettled([begin, connection.unsafe("rollback").execute()]);
      throw error;
    }
    await new Promise((resolve) => setImmediate(resolve));
    const settled = await Promise.allSettled([begin, ...running, connection.unsafe("commit").execute()]);
    const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
    if (failed) throw failed.reason;
    return settled.slice(1, -1).map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as unknown as T;
  } finally {
    connection.release();
  }
}
