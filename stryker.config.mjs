// Mutation testing of the money and seat rules: `npm run mutate` (needs DATABASE_URL; not part of
// CI, it takes hours on a small machine). Results: reports/mutation/ (HTML and JSON).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  // Every test file: with per-test coverage Stryker runs only the tests that reach each mutant.
  vitest: { configFile: "vitest.config.ts" },
  plugins: ["@stryker-mutator/vitest-runner"],
  // The money and seat rules first (override with --mutate for the rest of app/booking and app/payments).
  mutate: [
    "app/booking/rules.ts",
    "app/booking/states.ts",
    "app/booking/hold-seat.server.ts",
    "app/booking/take-places.server.ts",
    "app/booking/slot-lock.server.ts",
    "app/booking/holds.server.ts",
    "app/booking/fulfil-checkout.server.ts",
    "app/booking/refunds.server.ts",
    "app/booking/cancel-booking.server.ts",
  ],
  coverageAnalysis: "perTest",
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 10_000,
  incremental: true,
  incrementalFile: "reports/mutation/stryker-incremental.json",
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
