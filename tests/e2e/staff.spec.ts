import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { LOCKABLE_STAFF } from "./fixtures";

import { DEMO_OWNER } from "../helpers/local-server";

async function expectAccessible(page: Page, what: string) {
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = axe.violations.filter((violation) => ["serious", "critical"].includes(violation.impact ?? ""));
  expect(serious.map((violation) => `${what}: ${violation.id}: ${violation.help}`)).toEqual([]);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `${what} scrolls sideways`).toBeLessThanOrEqual(page.viewportSize()!.width);
}

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test.describe("the staff console's door", () => {
  for (const width of [390, 1280]) {
    test(`at ${width} px: a visitor is sent to sign in, a wrong password is explained, the owner signs in and out`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto("/staff/activity");
      await expect(page).toHaveURL(/\/staff\/sign-in\?next=%2Fstaff%2Factivity$/);
      await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
      await expectAccessible(page, "sign-in");

      await signIn(page, DEMO_OWNER.email, "not the right password");
      const problem = page.getByRole("alert");
      await expect(problem).toContainText("don't match a staff account");
      await expect(problem).toBeFocused();
      await expectAccessible(page, "sign-in with an error");

      await signIn(page, DEMO_OWNER.email, DEMO_OWNER.password);
      await expect(page).toHaveURL(/\/staff\/activity$/);
      await expect(page.getByRole("heading", { level: 1, name: "Activity" })).toBeVisible();
      await expect(page.getByRole("cell", { name: "Signed in" }).first()).toBeVisible();
      await expectAccessible(page, "activity");

      await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Week" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toContainText("Hello");
      await expectAccessible(page, "home");

      await page.getByRole("button", { name: "Sign out" }).click();
      await expect(page).toHaveURL(/\/staff\/sign-in/);
      await page.goto("/staff");
      await expect(page).toHaveURL(/\/staff\/sign-in\?next=%2Fstaff$/);
    });
  }

  test("after five wrong passwords the account is paused from this address, even for the right one, and says so", async ({ page }) => {
    await page.goto("/staff/sign-in");
    for (let attempt = 0; attempt < 5; attempt++) {
      await signIn(page, LOCKABLE_STAFF.email, `wrong guess number ${attempt}`);
      await expect(page.getByRole("alert")).toContainText("don't match");
    }
    await signIn(page, LOCKABLE_STAFF.email, LOCKABLE_STAFF.password);
    await expect(page.getByRole("alert")).toContainText(/Too many attempts.*paused for 15 minutes/);
    await expect(page).toHaveURL(/\/staff\/sign-in/);
    await expectAccessible(page, "locked");
  });

  test("without JavaScript the sign-in form still works", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/staff/sign-in?next=/staff");
    await signIn(page, DEMO_OWNER.email, DEMO_OWNER.password);
    await expect(page).toHaveURL(/\/staff$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Hello");
    await context.close();
  });
});
