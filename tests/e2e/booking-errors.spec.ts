/**
 * The booking form's errors, as a customer meets them (on the shared server): the error summary
 * takes focus and links to each field, a field with an error has a red border until it is fixed,
 * and without JavaScript the same summary comes back from the server; a name over the limit is
 * refused with a message, and a long single-word name or email never widens a page of the
 * booking path. Every test books on the last date of a workshop the other booking specs leave
 * alone, from a client address of its own (its own rate-limit counter).
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectAccessible } from "./console-helpers";

const WORKSHOP_PATH = "/workshops/post-run-knee-reset";
const ERROR_RED = "rgb(142, 31, 20)"; // --color-error-text
const SHOTS = "test-results/booking-errors";

let clientCounter = 0;
/** A TEST-NET-2 address per context (RFC 5737): its own rate-limit counter. */
const nextClient = () => ({ "X-Forwarded-For": `198.51.100.${200 + (clientCounter++ % 50)}` });

async function openBookingForm(page: Page) {
  await page.goto(WORKSHOP_PATH);
  const href = await page.locator('a[href^="/book/"]').last().getAttribute("href");
  expect(href, "the workshop has a date to book").toMatch(/^\/book\/[0-9a-f-]{36}$/);
  await page.goto(href!);
  await expect(page.getByRole("heading", { level: 1, name: "Book your place" })).toBeVisible();
}

const borderColour = (page: Page, selector: string) => page.locator(selector).evaluate((node) => getComputedStyle(node).borderTopColor);
const summary = (page: Page) => page.locator(".error-summary");
const payButton = (page: Page) => page.getByRole("button", { name: /Continue to payment/ });

async function withoutJavaScript<T>(browser: Browser, baseURL: string | undefined, run: (page: Page) => Promise<T>) {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false, timezoneId: "Pacific/Auckland", locale: "en-GB" });
  await context.setExtraHTTPHeaders(nextClient());
  try {
    return await run(await context.newPage());
  } finally {
    await context.close();
  }
}

test.describe("the booking form's errors", () => {
  test("the summary takes focus, its links move focus to the fields, and each error clears once its field is fixed", async ({ page, context }) => {
    await context.setExtraHTTPHeaders(nextClient());
    await openBookingForm(page);
    await page.waitForLoadState("networkidle");
    await expect(page.getByRole("link", { name: /how we keep your data/ })).toHaveAttribute("target", "_blank");
    await expect(page.getByRole("link", { name: /booking terms/ })).toHaveAttribute("target", "_blank");

    await page.getByLabel("Email").fill("ada@");
    await payButton(page).click();
    await expect(summary(page)).toBeFocused();
    await expect(summary(page).getByRole("heading", { name: "There's a problem" })).toBeVisible();
    const links = summary(page).getByRole("link");
    await expect(links).toHaveText([
      "Please tell us your name.",
      "That doesn't look like an email address. Please check it.",
      "Please choose where your knee hurts (or 'not sure').",
      "Please agree to the booking terms to continue.",
      "Please agree to us keeping your knee notes, so your coach can prepare.",
    ]);
    await expect(links.nth(1)).toHaveAttribute("href", "#email");
    expect(await borderColour(page, "#name")).toBe(ERROR_RED);
    await page.setViewportSize({ width: 390, height: 900 });
    await expectAccessible(page, "booking form with errors", SHOTS);
    await page.setViewportSize({ width: 1280, height: 900 });
    await expectAccessible(page, "booking form with errors", SHOTS);

    // By keyboard: from the summary, the first link; Enter puts the cursor in the name field.
    await summary(page).focus();
    await page.keyboard.press("Tab");
    await expect(links.first()).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByLabel("Your name")).toBeFocused();
    await expect(page).toHaveURL(/\/book\/[^#]+$/); // the page stays put: the answer isn't cleared
    await page.keyboard.type("Ada Runner");
    await expect(page.locator("#name-error")).toHaveCount(0);
    await expect(page.getByLabel("Your name")).not.toHaveAttribute("aria-invalid", "true");
    expect(await borderColour(page, "#name")).not.toBe(ERROR_RED);
    await expect(links).toHaveCount(4);

    // The radio and the checkboxes: a click on their link focuses them; checking one clears it.
    await links.filter({ hasText: "where your knee hurts" }).click();
    await expect(page.getByRole("radio", { name: /Front of the knee/ })).toBeFocused();
    await page.getByRole("radio", { name: /Outside of the knee/ }).check();
    await links.filter({ hasText: "booking terms" }).click();
    await expect(page.getByRole("checkbox", { name: /booking terms/ })).toBeFocused();
    await page.keyboard.press("Space");
    await expect(links).toHaveText([
      "That doesn't look like an email address. Please check it.",
      "Please agree to us keeping your knee notes, so your coach can prepare.",
    ]);

    // A field still wrong when left keeps its error; fixed, it goes, and so does the summary.
    await page.getByLabel("Email").fill("ada@example");
    await page.getByLabel("Email").blur();
    await expect(page.locator("#email-error")).toBeVisible();
    await page.getByLabel("Email").fill("ada@example.test");
    await page.getByRole("checkbox", { name: /knee notes/ }).check();
    await expect(summary(page)).toHaveCount(0);
    expect(await borderColour(page, "#email")).not.toBe(ERROR_RED);
  });

  test("without JavaScript the server's summary is focused, its links reach the fields, and the pay button shows no wrong total", async ({
    browser,
    baseURL,
  }) => {
    await withoutJavaScript(browser, baseURL, async (page) => {
      await openBookingForm(page);
      await page.getByLabel("Places").selectOption("3");
      // The page was drawn for one place: it can't know the total for three, so it names none.
      await expect(payButton(page)).toHaveText("Continue to payment");
      await page.getByLabel("Your name").fill("Noor Noscript");
      await payButton(page).click();

      await expect(summary(page)).toBeFocused();
      await expect(summary(page).getByRole("link")).toHaveCount(4);
      expect(await borderColour(page, "#email")).toBe(ERROR_RED);
      await expect(page.getByLabel("Places")).toHaveValue("3");
      await expect(payButton(page)).toHaveText("Continue to payment");
      await summary(page).getByRole("link", { name: /booking terms/ }).click();
      await expect(page.getByRole("checkbox", { name: /booking terms/ })).toBeFocused();
    });
  });

  test("a name over the limit is refused, never cut; a long single-word name and email never widen the booking path", async ({
    page,
    context,
    browser,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    await context.setExtraHTTPHeaders(nextClient());
    const longName = `Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaft`.slice(0, 60);
    const longEmail = `${"k".repeat(60)}.${Date.now().toString(36)}@example.test`;
    expect(longName).toHaveLength(60);

    await page.setViewportSize({ width: 390, height: 900 });
    await openBookingForm(page);
    await page.waitForLoadState("networkidle");
    const tooLong = `${longName}${"x".repeat(41)}`;
    await page.getByLabel("Your name").fill(tooLong);
    await page.getByLabel("Email").fill(longEmail);
    await page.getByRole("radio", { name: /Front of the knee/ }).check();
    await page.getByRole("checkbox", { name: /booking terms/ }).check();
    await page.getByRole("checkbox", { name: /knee notes/ }).check();
    await payButton(page).click();
    await expect(summary(page).getByRole("link")).toHaveText(["That name is too long: please shorten it to 100 characters or fewer."]);
    await expect(page.getByLabel("Your name")).toHaveValue(tooLong);

    await page.getByLabel("Your name").fill(longName);
    await expect(summary(page)).toHaveCount(0);
    for (const width of [360, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await expectAccessible(page, "booking form filled", width === 390 ? SHOTS : null);
    }
    await payButton(page).click();

    await expect(page).toHaveURL(/\/test-checkout\/[^/]+$/);
    const facts = page.locator(".summary__facts");
    await expect(facts).toContainText(/When\s*\w+day \d{1,2} \w+ \d{4}, \d{2}:\d{2}–\d{2}:\d{2} (GMT|BST)/);
    await expect(facts).toContainText(/Held until\s*\d{2}:\d{2} (GMT|BST)/);
    await expect(facts).not.toContainText("Pay by");
    await expect(facts).toContainText(longEmail);
    for (const width of [360, 390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await expectAccessible(page, "test checkout", width === 360 ? null : SHOTS);
    }

    // Someone else giving the same email for this date is told to check their email: it wraps too.
    const checkoutPath = new URL(page.url()).pathname;
    await withoutJavaScript(browser, baseURL, async (other) => {
      await other.setViewportSize({ width: 360, height: 900 });
      await openBookingForm(other);
      await other.getByLabel("Your name").fill(longName);
      await other.getByLabel("Email").fill(longEmail);
      await other.getByRole("radio", { name: /Front of the knee/ }).check();
      await other.getByRole("checkbox", { name: /booking terms/ }).check();
      await other.getByRole("checkbox", { name: /knee notes/ }).check();
      await payButton(other).click();
      await expect(other.getByRole("heading", { name: "Check your email" })).toBeVisible();
      expect(await other.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    });

    // Let the place go again.
    await page.goto(checkoutPath);
    await page.getByRole("button", { name: "Cancel" }).click();
    await expect(page).toHaveURL(/\/bookings\//);
  });
});
