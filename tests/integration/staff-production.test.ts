import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaffUser, removeDemoAccounts } from "../../app/staff/accounts.server";
import { COMMAND_LINE } from "../../app/staff/audit.server";
import { startApp, stopApp } from "../../app/startup.server";
import { migrateDatabase } from "../../db/migrate";
import { needsRealPostgres, openEmptyDatabase, type TestDatabase } from "../helpers/db";

/** Production mode and the demo owner, whose password the README publishes. */
describe.skipIf(needsRealPostgres("production mode needs DATABASE_URL, a real PostgreSQL"))("production and the demo account", () => {
  let database: TestDatabase;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ database, cleanup } = await openEmptyDatabase());
    await migrateDatabase(database);
  });
  afterAll(async () => {
    await stopApp();
    await cleanup?.();
  });

  const production = () => ({
    DATABASE_URL: database.url,
    PUBLIC_BASE_URL: "https://book.painfreeme.example",
    STUDIO_ADDRESS: "1 High Street, London",
    STRIPE_SECRET_KEY: "sk_test_production_check",
    STRIPE_WEBHOOK_SECRET: "whsec_production_check",
    BOOKING_LINK_SECRET: "a-production-link-secret-of-32-characters",
    SESSION_SECRET: "a-production-session-secret-of-32-characters",
    SMTP_URL: "smtps://user:pass@smtp.example.com:465",
    MAIL_FROM: "Pain Free Me Studio <hello@painfreeme.example>",
    STUDIO_EMAIL: "hello@painfreeme.example",
    RUN_WORKER: "false",
    LOG_REQUESTS: "false",
  });

  it("refuses to start while an enabled demo account exists, says how to remove it, and starts once it is gone", async () => {
    await createStaffUser(database.db, {
      email: "owner@painfreeme.example",
      name: "Demo Owner",
      role: "owner",
      password: "knee-reset-lantern-marathon",
      actor: COMMAND_LINE,
      now: new Date(),
      isDemo: true,
    });
    const log: string[] = [];
    await expect(startApp({ mode: "production", source: production(), log: (line) => log.push(line) })).rejects.toThrow(
      /enabled demo staff account[\s\S]*npm run staff:remove-demo/,
    );
    expect(await removeDemoAccounts(database.db, { actor: COMMAND_LINE, now: new Date() })).toBe(1);
    const started = await startApp({ mode: "production", source: production(), log: (line) => log.push(line) });
    expect(started.env.mode).toBe("production");
    expect(log.join("\n")).not.toMatch(/Demo staff console/);
    await started.close();
  });

  it("requires SESSION_SECRET in production", async () => {
    const { SESSION_SECRET: _, ...withoutSecret } = production();
    await expect(startApp({ mode: "production", source: withoutSecret })).rejects.toThrow(/SESSION_SECRET is required/);
  });
});
