// Which Chromium the browser tests drive: $CHROMIUM_PATH, else Debian's /usr/bin/chromium,
// else Playwright's own download (`npx playwright install chromium`).
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** @returns {{ executablePath: string | undefined, source: string, found: boolean }} */
export function resolveChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return { executablePath: fromEnv, source: "CHROMIUM_PATH", found: existsSync(fromEnv) };
  if (existsSync("/usr/bin/chromium")) return { executablePath: "/usr/bin/chromium", source: "system", found: true };
  let bundled;
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = undefined;
  }
  return { executablePath: undefined, source: "playwright", found: Boolean(bundled && existsSync(bundled)) };
}
