/**
 * Booking as a customer does it, in a real browser against the built server in demo mode: the
 * offering page, the booking form, the test checkout, the confirmation page and the email in the
 * demo mailbox. With and without JavaScript, and a bot filling in the honeypot.
 *
 * Every test books on the LAST listed date of one workshop, which the other specs leave alone,
 * and uses its own email address. Each browser context also comes from its own client address
 * (the server trusts X-Forwarded-For from loopback, as behind the reverse proxy it is deployed
 * with), so the per-address booking rate limit never couples these tests to each other or to
 * other specs sharing the server.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type BrowserContext, type Locator, type Page } from "@playwright/test";

const WORKSHOP_PATH = "/workshops/strength-for-runners";
const WORKSHOP_TITLE = "Strength for Runners";

let clientCounter = 0;
/** A documentation-range address (RFC 5737) per context: its own rate-limit counter. */
async function asNewClient(context: BrowserContext) {
  clientCounter += 1;
  await context.setExtraHTTPHeaders({ "X-Forwarded-For": `198.51.100.${clientCounter % 250}` });
}

const uniqueEmail = (label: string) => `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@example.test`;

async function expectNoSeriousAxeViolations(page: Page, where: string, { exclude }: { exclude?: string } = {}) {
  const builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
  if (exclude) builder.exclude(exclude);
  const results = await builder.analyze();
  const serious = results.violations.filter((violation) => ["serious", "critical"].includes(violation.impact ?? ""));
  expect(
    serious.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`),
    `serious axe violations on ${where}`,
  ).toEqual([]);
}

/** The last listed date of the workshop: its slot id (from its booking link) and its row. */
async function lastSlot(page: Page): Promise<{ slotId: string; row: Locator }> {
  const row = page.getByTestId("slot").last();
  const href = await row.getByRole("link", { name: /Book a seat/ }).getAttribute("href");
  const slotId = href?.match(/^\/book\/([^/?#]+)$/)?.[1];
  expect(slotId, "the last workshop date has a booking link").toBeTruthy();
  return { slotId: slotId!, row };
}

/** The slot's row on the offering page, found by its booking link. */
function slotRow(page: Page, slotId: string): Locator {
  return page.getByTestId("slot").filter({ has: page.locator(`a[href="/book/${slotId}"]`) });
}

async function placesLeft(row: Locator): Promise<number> {
  const text = (await row.locator(".pill").textContent()) ?? "";
  const match = text.match(/(\d+) places? left/);
  expect(match, `places left in "${text}"`).not.toBeNull();
  return Number(match![1]);
}

async function fillBookingForm(page: Page, { name, email, seats }: { name: string; email: string; seats?: number }) {
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Email").fill(email);
  if (seats !== undefined) await page.getByLabel("Places").selectOption(String(seats));
  await page.getByRole("radio", { name: /Front of the knee/ }).check();
  await page.getByRole("checkbox", { name: /booking terms/ }).check();
  await page.getByRole("checkbox", { name: /knee notes/ }).check();
}

const submitButton = (page: Page) => page.getByRole("button", { name: /Continue to payment/ });

test.describe("booking a workshop place", () => {
  test("a customer books two places, pays on the test checkout, sees the confirmation and gets the email", async ({
    page,
    context,
  }) => {
    test.setTimeout(90_000);
    await asNewClient(context);
    const email = uniqueEmail("two-places");

    await page.goto(WORKSHOP_PATH);
    const { slotId, row } = await lastSlot(page);
    const before = await placesLeft(row);
    expect(before, "the chosen date needs at least four places for this test").toBeGreaterThanOrEqual(4);

    await row.getByRole("link", { name: /Book a seat/ }).click();
    await expect(page).toHaveURL(new RegExp(`/book/${slotId}$`));
    await expect(page.getByRole("heading", { level: 1, name: "Book your place" })).toBeVisible();
    await page.waitForLoadState("networkidle");
    await expectNoSeriousAxeViolations(page, "the booking form");

    // An empty submission: a focused summary of the errors, each also next to its field, still accessible.
    await submitButton(page).click();
    await expect(page.getByRole("alert")).toBeFocused();
    await expect(page.getByRole("alert")).toContainText("There's a problem");
    await expect(page.locator("#name-error")).toHaveText(/Please tell us your name/);
    await expect(page.getByLabel("Your name")).toHaveAttribute("aria-invalid", "true");
    await expectNoSeriousAxeViolations(page, "the booking form with errors");

    await fillBookingForm(page, { name: "Alex Runner", email, seats: 2 });
    await expect(submitButton(page)).toHaveText(/£48(\.00)?$/);
    await submitButton(page).click();

    await expect(page).toHaveURL(/\/test-checkout\/[^/]+$/);
    await expect(page.getByText("Test payment — no card is charged.")).toBeVisible();
    await expect(page.locator(".summary__facts")).toContainText("2");
    await expect(page.locator(".summary__facts")).toContainText(email);
    await page.waitForLoadState("networkidle");
    await expectNoSeriousAxeViolations(page, "the test checkout");

    await page.getByRole("button", { name: /^Pay £48(\.00)? \(test\)$/ }).click();
    await expect(page).toHaveURL(/\/bookings\/[^/?]+\?paid=1$/);
    await expect(page.getByRole("heading", { level: 1, name: "You're booked, Alex!" })).toBeVisible({ timeout: 15_000 });
    await page.waitForLoadState("networkidle");
    await expectNoSeriousAxeViolations(page, "the confirmation page");

    await page.goto(WORKSHOP_PATH);
    expect(await placesLeft(slotRow(page, slotId))).toBe(before - 2);

    // The confirmation reaches the demo mailbox from the worker within a few seconds.
    await page.goto("/dev/mailbox");
    const message = page.locator(".mailbox-item").filter({ has: page.locator(".mailbox-item__to", { hasText: email }) });
    await expect(async () => {
      await page.reload();
      await expect(message.first()).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 20_000, intervals: [1_000] });
    const subject = message.first().locator(".mailbox-item__subject");
    await expect(subject).toContainText(WORKSHOP_TITLE);
    await subject.click();
    await expect(page).toHaveURL(/\/dev\/mailbox\/[^/]+$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(WORKSHOP_TITLE);
    await expect(page.locator(".mailbox-headers")).toContainText(email);
    await page.waitForLoadState("networkidle");
    // The email is shown in a sandboxed iframe (no scripts), which axe cannot enter: check the
    // mailbox page around it, then the email's own HTML on a page of its own.
    await expectNoSeriousAxeViolations(page, "the demo mailbox message page", { exclude: "iframe.mailbox-frame" });
    const emailHtml = await page.locator("iframe.mailbox-frame").getAttribute("srcdoc");
    expect(emailHtml).toContain(WORKSHOP_TITLE);
    const emailPage = await context.newPage();
    await emailPage.setContent(emailHtml!);
    await expectNoSeriousAxeViolations(emailPage, "the confirmation email's HTML");
    await emailPage.close();
  });

  test("without JavaScript, the form and the test checkout still book a place", async ({ browser, baseURL }) => {
    const context = await browser.newContext({
      baseURL,
      javaScriptEnabled: false,
      timezoneId: "Pacific/Auckland",
      locale: "en-GB",
    });
    try {
      await asNewClient(context);
      const page = await context.newPage();
      const email = uniqueEmail("no-js");

      await page.goto(WORKSHOP_PATH);
      const { slotId, row } = await lastSlot(page);
      const before = await placesLeft(row);
      await row.getByRole("link", { name: /Book a seat/ }).click();
      await expect(page).toHaveURL(new RegExp(`/book/${slotId}$`));

      await fillBookingForm(page, { name: "Sam Noscript", email });
      await submitButton(page).click();
      await expect(page).toHaveURL(/\/test-checkout\/[^/]+$/);
      await expect(page.getByText("Test payment — no card is charged.")).toBeVisible();
      await page.getByRole("button", { name: /^Pay £24(\.00)? \(test\)$/ }).click();
      await expect(page).toHaveURL(/\/bookings\/[^/?]+\?paid=1$/);
      // Without JavaScript a "processing" page refreshes itself every few seconds.
      await expect(page.getByRole("heading", { level: 1, name: "You're booked, Sam!" })).toBeVisible({ timeout: 15_000 });

      await page.goto(WORKSHOP_PATH);
      expect(await placesLeft(slotRow(page, slotId))).toBe(before - 1);
    } finally {
      await context.close();
    }
  });

  test("a bot that fills in the hidden honeypot field is turned away and nothing is booked", async ({ page, context }) => {
    await asNewClient(context);
    const email = uniqueEmail("honeypot");

    await page.goto(WORKSHOP_PATH);
    const { slotId, row } = await lastSlot(page);
    const before = await placesLeft(row);
    await page.goto(`/book/${slotId}`);
    await page.waitForLoadState("networkidle");

    await fillBookingForm(page, { name: "Spam Bot", email });
    await page.evaluate(() => {
      const field = document.querySelector<HTMLInputElement>('input[name="website"]');
      if (!field) throw new Error("no honeypot field");
      field.value = "https://spam.example";
    });
    await submitButton(page).click();

    await expect(page.getByRole("alert")).toContainText("We couldn't accept this form");
    await expect(page).toHaveURL(new RegExp(`/book/${slotId}$`));

    await page.goto(WORKSHOP_PATH);
    expect(await placesLeft(slotRow(page, slotId))).toBe(before);
    await page.goto("/dev/mailbox");
    await expect(page.locator(".mailbox-item__to", { hasText: email })).toHaveCount(0);
  });
});
