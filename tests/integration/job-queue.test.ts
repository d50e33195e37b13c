import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueInTransaction, QUEUES, startJobQueue, type JobQueue } from "../../app/jobs/queue.server";
import { useTestDatabase } from "../helpers/db";

async function jobsIn(database: ReturnType<ReturnType<typeof useTestDatabase>>, marker: string): Promise<number> {
  const rows = (await database.db.execute(
    sql`select count(*)::int as n from pgboss.job where name = ${QUEUES.sendEmail} and data->>'marker' = ${marker}`,
  )) as unknown as { n: number }[] | { rows: { n: number }[] };
  const list = Array.isArray(rows) ? rows : rows.rows;
  return list[0]!.n;
}

describe("transactional outbox on pg-boss", () => {
  const testDatabase = useTestDatabase();
  let boss: JobQueue;
  beforeAll(async () => {
    boss = await startJobQueue(testDatabase());
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, wait: true });
  });

  it("a job sent inside a transaction exists once the transaction commits", async () => {
    const database = testDatabase();
    await database.db.transaction(async (tx) => {
      await enqueueInTransaction(boss, tx, QUEUES.sendEmail, { marker: "committed" });
    });
    expect(await jobsIn(database, "committed")).toBe(1);
  });

  it("a job sent inside a transaction disappears when the transaction rolls back", async () => {
    const database = testDatabase();
    await expect(
      database.db.transaction(async (tx) => {
        await enqueueInTransaction(boss, tx, QUEUES.sendEmail, { marker: "rolled-back" });
        // The job is visible inside the transaction …
        const inside = (await tx.execute(
          sql`select count(*)::int as n from pgboss.job where data->>'marker' = 'rolled-back'`,
        )) as unknown as { n: number }[] | { rows: { n: number }[] };
        expect((Array.isArray(inside) ? inside : inside.rows)[0]!.n).toBe(1);
        throw new Error("the booking change failed");
      }),
    ).rejects.toThrow("the booking change failed");
    // … and gone with it.
    expect(await jobsIn(database, "rolled-back")).toBe(0);
  });
});
