import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { loader as healthz } from "../../app/routes/healthz";
import { loader as homeLoader } from "../../app/routes/_index";
import { loader as workshopLoader } from "../../app/routes/workshops.$slug";
import { loader as sessionLoader } from "../../app/routes/sessions.$slug";
import { setAppContext } from "../../app/context.server";
import { openDatabase } from "../../db/client";
import { migrateDatabase, MIGRATIONS_FOLDER } from "../../db/migrate";
import { topUpDemoData } from "../../db/seed";
import { needsRealPostgres, useTestDatabase } from "../helpers/db";
import { uniqueDatabaseName, urlForDatabase, withAdminConnection } from "../helpers/postgres-admin";
import { startTestApp } from "../helpers/app";

const args = (url: string, params: Record<string, string> = {}) =>
  ({ request: new Request(url), params, context: { cspNonce: "" } }) as never;

async function thrownResponse(work: () => Promise<unknown>): Promise<Response> {
  try {
    await work();
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a thrown Response");
}

describe("pages' loaders", () => {
  const testDatabase = useTestDatabase();
  afterAll(() => setAppContext(undefined));

  it("home lists upcoming workshops and one-on-one sessions", async () => {
    const database = testDatabase();
    const app = await startTestApp(database);
    const env = app.env;
    await topUpDemoData(database.db, {
      now: new Date(),
      timeZone: env.studio.timeZone,
      currency: env.studio.currency,
      location: env.studio.address,
    });
    const data = await homeLoader(args("http://localhost/"));
    expect(data.workshops.length).toBeGreaterThan(0);
    expect(data.workshops[0]!.href).toMatch(/^\/workshops\/[a-z0-9-]+$/);
    expect(data.privateSessions.length).toBeGreaterThanOrEqual(2);
    expect(data.privateSessions[0]!.href).toMatch(/^\/sessions\//);
    await app.stop();
  });

  it("answers 404 for an unknown slug and sends a wrong-kind URL to the right one", async () => {
    const app = await startTestApp(testDatabase());
    const missing = await thrownResponse(() =>
      workshopLoader(args("http://localhost/workshops/nope", { slug: "nope" })),
    );
    expect(missing.status).toBe(404);
    const moved = await thrownResponse(() =>
      sessionLoader(args("http://localhost/sessions/post-run-knee-reset", { slug: "post-run-knee-reset" })),
    );
    expect(moved.status).toBe(301);
    expect(moved.headers.get("Location")).toBe("/workshops/post-run-knee-reset");
    await app.stop();
  });

  it("/healthz answers 200 {ok:true} while the database answers, 503 when it does not", async () => {
    const app = await startTestApp(testDatabase());
    const healthy = await healthz();
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toEqual({ ok: true });

    const broken = await openDatabase({ kind: "pglite", dataDir: "memory://" });
    await broken.close();
    setAppContext({ ...app, database: broken });
    const down = await healthz();
    await app.stop();
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ ok: false });
  });
});

describe("migrations", () => {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as {
    entries: unknown[];
  };

  it.skipIf(needsRealPostgres("concurrent migration needs two real connections"))(
    "two instances migrating one empty database together apply each migration once",
    async () => {
      const baseUrl = process.env.DATABASE_URL!;
      const name = uniqueDatabaseName("pfm_t_migrate");
      await withAdminConnection(baseUrl, (admin) => admin.unsafe(`create database "${name}"`));
      const url = urlForDatabase(baseUrl, name);
      const first = await openDatabase({ kind: "postgres", url, poolMax: 2 });
      const second = await openDatabase({ kind: "postgres", url, poolMax: 2 });
      try {
        await Promise.all([migrateDatabase(first), migrateDatabase(second)]);
        const rows = await first.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
        expect((rows as unknown as { n: number }[])[0]!.n).toBe(journal.entries.length);
      } finally {
        await first.close();
        await second.close();
        await withAdminConnection(baseUrl, (admin) => admin.unsafe(`drop database if exists "${name}" with (force)`));
      }
    },
  );
});
