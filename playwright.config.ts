import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, resolveChromium } from "./tests/e2e/chromium.mjs";

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
const chromium = resolveChromium();

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  reporter: [["list"], ["./tests/e2e/fail-on-skip-reporter.ts"]],
  outputDir: "test-results",
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    // A browser zone far from the studio's: pages must still show studio time, without flicker.
    timezoneId: "Pacific/Auckland",
    locale: "en-GB",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: chromium.executablePath, args: CHROMIUM_ARGS },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    // Build, prepare a fresh database with fixtures, then serve the optimised build in demo mode.
    command: "npm run build && tsx tests/e2e/start-server.ts",
    url: `http://127.0.0.1:${E2E_PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: { PORT: String(E2E_PORT), LOG_REQUESTS: "false", PUBLIC_BASE_URL: `http://127.0.0.1:${E2E_PORT}` },
    // Lets start-server.ts stop the app and drop its database.
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});
