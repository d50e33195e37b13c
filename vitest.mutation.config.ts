import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config";

/**
 * The tests Stryker runs against each mutant of app/booking and app/payments (`npm run mutate`).
 * It leaves out the files that only wait on timers and retries (retries, schedule-changes,
 * booking-emails, app): each takes 4–20 s a run, they test delivery and start-up rather than a
 * money or seat rule, and with them a run does not finish on a two-core machine.
 */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
      exclude: [
        "**/node_modules/**",
        "tests/integration/retries.test.ts",
        "tests/integration/schedule-changes.test.ts",
        "tests/integration/booking-emails.test.ts",
        "tests/integration/app.test.ts",
      ],
      reporters: ["default"],
    },
  }),
);
