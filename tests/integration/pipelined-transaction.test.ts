import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { pipelinedTransaction } from "../../db/statements";
import { useTestDatabase } from "../helpers/db";

/**
 * BEGIN, the statements and COMMIT sent in one go (on PostgreSQL; PGlite runs them one after the
 * other): one transaction, statements run in the order given, all or nothing.
 */
describe("pipelined transactions", () => {
  const testDatabase = useTestDatabase();
  const db = () => testDatabase().db;
  const rowsOf = (result: unknown) => (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];

  it("runs the statements in order in one transaction, and commits them", async () => {
    await db().execute(sql`create table if not exists pipeline_probe (label text primary key)`);
    const [, inserted, seen, sameTransaction] = await pipelinedTransaction(db(), (tx) => [
      tx.execute(sql`select txid_current() as id`),
      tx.execute(sql`insert into pipeline_probe (label) values ('first') returning label`),
      tx.execute(sql`select count(*)::int as n from pipeline_probe where label = 'first'`),
      tx.execute(sql`select txid_current() as id, pg_current_xact_id_if_assigned() is not null as writing`),
    ]);
    expect(rowsOf(inserted)).toEqual([{ label: "first" }]);
    expect(rowsOf(seen)).toEqual([{ n: 1 }]);
    expect(rowsOf(sameTransaction)[0]).toMatchObject({ writing: true });
    expect(rowsOf(await db().execute(sql`select label from pipeline_probe`))).toEqual([{ label: "first" }]);
  });

  it("one failing statement fails the rest and rolls everything back; the connection goes on working", async () => {
    await db().execute(sql`create table if not exists pipeline_probe (label text primary key)`);
    await expect(
      pipelinedTransaction(db(), (tx) => [
        tx.execute(sql`insert into pipeline_probe (label) values ('rolled back')`),
        tx.execute(sql`select 1 / 0`),
        tx.execute(sql`insert into pipeline_probe (label) values ('never')`),
      ]),
    ).rejects.toMatchObject({ cause: expect.objectContaining({ message: expect.stringMatching(/division by zero/) }) });
    expect(rowsOf(await db().execute(sql`select label from pipeline_probe where label in ('rolled back', 'never')`))).toEqual([]);
    for (let round = 0; round < 5; round++) {
      const [answer] = await pipelinedTransaction(db(), (tx) => [tx.execute(sql`select 1 as one`)]);
      expect(rowsOf(answer)).toEqual([{ one: 1 }]);
    }
  });

  it("a transaction is open from the first statement: what one statement locks, the next still holds", async () => {
    const [locked, stillLocked] = await pipelinedTransaction(db(), (tx) => [
      tx.execute(sql`select pg_advisory_xact_lock(4242) is not null as taken`),
      tx.execute(sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and objid = 4242 and pid = pg_backend_pid()`),
    ]);
    expect(rowsOf(locked)).toEqual([{ taken: true }]);
    expect(rowsOf(stillLocked)).toEqual([{ n: 1 }]);
  });
});
