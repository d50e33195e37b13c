// Run before the browser tests: make sure a Chromium is there, or say exactly what to do.
import { spawnSync } from "node:child_process";
import { resolveChromium } from "./chromium.mjs";

const found = resolveChromium();
if (found.found) {
  console.log(`Browser tests use ${found.executablePath ?? "Playwright's Chromium"} (${found.source}).`);
  process.exit(0);
}
if (found.source === "CHROMIUM_PATH") {
  console.error(`CHROMIUM_PATH is set to ${found.executablePath}, but there is no browser there.`);
  process.exit(1);
}
const advice =
  "Install a browser for the tests, then run `npm test` again:\n" +
  "  npx playwright install chromium        (Playwright's own Chromium)\n" +
  "  or: sudo apt-get install -y chromium   (Debian/Ubuntu; used from /usr/bin/chromium)\n" +
  "  or: export CHROMIUM_PATH=/path/to/chromium";
if (process.env.CI) {
  console.error(`CI=true and no Chromium was found; the browser tests cannot be skipped.\n${advice}`);
  process.exit(1);
}
console.log("No Chromium found; trying `npx playwright install chromium` …");
const install = spawnSync("npx", ["playwright", "install", "chromium"], { stdio: "inherit" });
if (install.status === 0 && resolveChromium().found) process.exit(0);
console.error(`Could not install Chromium automatically.\n${advice}`);
process.exit(1);
