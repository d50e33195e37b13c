import * as drizzle from "drizzle-orm";
import { sql, type Column, type Query, type SQL } from "drizzle-orm";
import type { SelectedFieldsOrdered } from "drizzle-orm/pg-core";
import type { Database } from "./client";

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
