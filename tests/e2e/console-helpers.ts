/**
 * What the console's browser specs share: a free port for a server of their own, signing in as
 * the demo owner, and the accessibility check (axe, no sideways scrolling) at both widths.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { startSmtpServer } from "../helpers/smtp";
import { startServerOnFreshDatabase } from "./fresh-database";

export { DEMO_OWNER, freePort } from "../helpers/local-server";
import { DEMO_OWNER, freePort } from "../helpers/local-server";

export async function signInAsOwner(page: Page, base: string) {
  await page.goto(`${base}/staff/sign-in?next=/staff`);
  await page.getByLabel("Email").fill(DEMO_OWNER.email);
  await page.getByLabel("Password").fill(DEMO_OWNER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${base}/staff`);
}

/** No serious or critical axe violation and no sideways scrolling; a screenshot when `shots` names a folder. */
export async function expectAccessible(page: Page, what: string, shots: string | null) {
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = axe.violations.filter((violation) => ["serious", "critical"].includes(violation.impact ?? ""));
  expect(
    serious.map((violation) => `${what}: ${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`),
  ).toEqual([]);
  const width = page.viewportSize()!.width;
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${what} scrolls sideways at ${width} px`).toBeLessThanOrEqual(width);
  if (shots) await page.screenshot({ path: `${shots}/${what.replace(/[^a-z0-9]+/gi, "-")}-${width}.png`, fullPage: true });
}

/** Checked at 1280 px, then at 390 px (resized, not reloaded), and back to 1280. */
export async function expectAccessibleAtBothWidths(page: Page, what: string, shots: string | null) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page, what, shots);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/**
 * A demo server of a spec's own (a fresh database, the test checkout) whose mail goes to a real
 * local SMTP server: its address, the SMTP server (what arrived), and how to stop both.
 */
export async function startServerWithMail(prefix: string) {
  const smtp = startSmtpServer();
  const smtpPort = await smtp.listen();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const started = await startServerOnFreshDatabase(port, prefix, {
    PUBLIC_BASE_URL: base,
    STRIPE_SECRET_KEY: "",
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
  });
  await started.server.waitHealthy(60_000);
  return {
    base,
    smtp,
    stop: async () => {
      await started.close();
      await smtp.close();
    },
  };
}
