import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { SHUTDOWN } from "../../app/shutdown";
import { uniqueDatabaseName, urlForDatabase, withAdminConnection } from "../helpers/postgres-admin";
import { startSmtpServer } from "../helpers/smtp";
import { startServerOnFreshDatabase } from "./fresh-database";
import { firstSlotPath, holdPlace, testCheckout } from "./http-booking";
import { startServer } from "./server-process";

const journal = JSON.parse(readFileSync("db/migrations/meta/_journal.json", "utf8")) as { entries: unknown[] };

test.describe("server lifecycle (the built server, as operators run it)", () => {
  test("production mode refuses to start without its settings, naming each one", async () => {
    const server = startServer(3231, {
      NODE_ENV: "production",
      DATABASE_URL: "",
      PUBLIC_BASE_URL: "",
      STUDIO_ADDRESS: "",
    });
    const code = await server.exited;
    expect(code).not.toBe(0);
    expect(server.output()).toContain("DATABASE_URL is required when NODE_ENV=production");
    expect(server.output()).toContain("PUBLIC_BASE_URL is required when NODE_ENV=production");
    expect(server.output()).not.toMatch(/PGlite/);
  });

  test("demo mode on the embedded database: a second app on the same folder refuses, SIGTERM stops cleanly", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "pfm-lifecycle-"));
    const env = { DATABASE_URL: "", NODE_ENV: "", PGLITE_DATA_DIR: dataDir };
    const first = startServer(3232, env);
    try {
      await first.waitHealthy(60_000);
      expect(first.output()).toMatch(/embedded PGlite/);
      const second = startServer(3233, env);
      expect(await second.exited).not.toBe(0);
      expect(second.output()).toMatch(/in use by another process/);
      const stopped = await first.stop();
      expect(stopped.code).toBe(0);
      expect(stopped.ms).toBeLessThan(5_000);
      expect(first.output()).toContain("Stopped cleanly.");
    } finally {
      await first.stop("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test("two instances starting together on one empty Postgres database both come up, migrated once", async () => {
    const baseUrl = process.env.DATABASE_URL;
    test.skip(!baseUrl, "needs DATABASE_URL: two instances cannot share an embedded database");
    const name = uniqueDatabaseName("pfm_t_twins");
    await withAdminConnection(baseUrl!, (sql) => sql.unsafe(`create database "${name}"`));
    const url = urlForDatabase(baseUrl!, name);
    const env = { DATABASE_URL: url, NODE_ENV: "" };
    const servers = [startServer(3234, env), startServer(3235, env)];
    try {
      await Promise.all(servers.map((server) => server.waitHealthy(60_000)));
      const sql = postgres(url, { max: 1 });
      try {
        const [row] = await sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
        expect(row!.n).toBe(journal.entries.length);
        // Demo top-up ran twice and still made each slot once.
        const [dupes] = await sql<{ n: number }[]>`
          select count(*)::int as n from (
            select offering_id, starts_at from slots group by 1, 2 having count(*) > 1
          ) d`;
        expect(dupes!.n).toBe(0);
      } finally {
        await sql.end();
      }
      for (const server of servers) {
        const stopped = await server.stop();
        expect(stopped.code).toBe(0);
        expect(stopped.ms).toBeLessThan(5_000);
      }
    } finally {
      for (const server of servers) await server.stop("SIGKILL");
      await withAdminConnection(baseUrl!, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
    }
  });

  test("SIGTERM lets a job in flight finish: an email the mail server takes 9 s to accept is sent, then the server exits 0", async () => {
    test.setTimeout(120_000);
    // Longer than the old forced exit (8 s), within the time jobs in flight now get.
    const SMTP_DELAY_MS = 9_000;
    expect(SMTP_DELAY_MS).toBeLessThan(SHUTDOWN.jobsInFlightMs);
    const smtp = startSmtpServer();
    const smtpPort = await smtp.listen();
    const port = 3236;
    const { server, close } = await startServerOnFreshDatabase(port, "pfm_t_stop", {
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      STRIPE_SECRET_KEY: "",
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    });
    try {
      await server.waitHealthy(60_000);
      smtp.state.delayMs = SMTP_DELAY_MS;
      const checkout = await holdPlace(port, await firstSlotPath(port), {
        name: "Sig Term",
        email: "sigterm@example.test",
        phone: "",
        notes: "",
      }, "203.0.113.51");
      await testCheckout(port, checkout, "pay");
      // The worker has begun sending the confirmation: the mail server is holding it.
      await expect.poll(() => smtp.state.dataStarted, { timeout: 20_000, intervals: [50] }).toBeGreaterThan(0);
      expect(smtp.received).toHaveLength(0);

      const stopped = await server.stop("SIGTERM");
      expect(stopped.code, server.output()).toBe(0);
      // The message the mail server was holding (the customer's or the studio's) was accepted before the exit.
      expect(smtp.received).toHaveLength(1);
      // It waited for the job: past the 8 s at which the server used to force its exit.
      expect(stopped.ms).toBeGreaterThan(8_000);
      expect(stopped.ms).toBeLessThan(SHUTDOWN.hardStopMs);
      expect(server.output()).toContain("Stopped cleanly.");
      console.log(`SIGTERM with an email in flight: the server exited 0 after ${stopped.ms} ms, the email delivered.`);
    } finally {
      await close();
      await smtp.close();
    }
  });
});
