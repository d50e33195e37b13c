import path from "node:path";
import { defineConfig } from "vitest/config";

// Run the test processes in a zone that is neither UTC nor the studio's, so a date rendered in
// the machine's zone instead of the studio's is caught.
process.env.TZ = "America/New_York";

const usingRealPostgres = Boolean(process.env.DATABASE_URL);

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    globalSetup: ["tests/setup/global-setup.ts"],
    pool: "forks",
    // Each test file opens its own database; two workers keep Postgres well under 100 connections.
    maxWorkers: usingRealPostgres ? 2 : 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    allowOnly: !process.env.CI,
    reporters: ["default", "./tests/setup/fail-on-skip-reporter.ts"],
  },
});
