import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { DST_FIXTURE } from "./fixtures";

const PUBLIC_PAGES = [
  { path: "/", name: "home", status: 200 },
  { path: "/workshops/post-run-knee-reset", name: "workshop", status: 200 },
  { path: "/sessions/running-gait-assessment", name: "one-on-one", status: 200 },
  { path: "/knee-pain-after-running", name: "reading", status: 200 },
  { path: "/terms", name: "terms", status: 200 },
  { path: "/no-such-page", name: "404", status: 404 },
  { path: "/workshops/no-such-workshop", name: "unknown slug", status: 404 },
];

/** Collects console errors and page errors, ignoring the expected 404 of the page itself. */
function watchConsole(page: Page, expectedStatus: number) {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() !== "error" && message.type() !== "warning") return;
    const text = message.text();
    if (expectedStatus === 404 && /status of 404/.test(text)) return;
    problems.push(`${message.type()}: ${text}`);
  });
  return problems;
}

for (const { path, name, status } of PUBLIC_PAGES) {
  test(`${name} page renders with status ${status}, a title, a description, no console errors and no serious axe violations`, async ({
    page,
  }) => {
    const problems = watchConsole(page, status);
    const response = await page.goto(path);
    expect(response?.status()).toBe(status);
    await page.waitForLoadState("networkidle");
    await expect(page).toHaveTitle(/Pain Free Me Studio/);
    await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", /.{40,}/);
    await expect(page.locator("h1")).toHaveCount(1);
    await expect(page.getByRole("banner").getByRole("link", { name: /Pain Free Me Studio/ })).toBeVisible();
    await expect(page.getByRole("contentinfo")).toBeVisible();

    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const serious = axe.violations.filter((violation) => ["serious", "critical"].includes(violation.impact ?? ""));
    expect(serious.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
    expect(problems).toEqual([]);
  });

  test(`${name} page fits 360 and 390 px phones without horizontal scrolling, every tap target at least 44 px`, async ({ page }) => {
    await expectPhoneFriendly(page, path);
  });
}

/**
 * What a thumb can hit: every button, field, select and link at least 44 × 44 px, except a link
 * inside a sentence (WCAG 2.5.8's inline exception); a radio or checkbox counts by its label.
 * Visually hidden things (the honeypot, the skip link before it is focused) are not targets.
 */
async function smallTapTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>("a[href], button, select, textarea, input:not([type=hidden]), summary")) {
      if (element.closest("[aria-hidden=true], .skip-link, .visually-hidden, .honeypot")) continue;
      const parentText = element.parentElement?.textContent?.trim() ?? "";
      const ownText = element.textContent?.trim() ?? "";
      if (element.tagName === "A" && parentText.length > ownText.length) continue; // a link in a sentence
      const target = element instanceof HTMLInputElement && ["radio", "checkbox"].includes(element.type) ? element.closest("label") ?? element : element;
      const box = target.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || box.bottom < 0 || box.right < 0) continue;
      if (box.width < 44 || box.height < 44) {
        small.push(`${target.tagName.toLowerCase()} "${(target.textContent ?? "").trim().slice(0, 40)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return small;
  });
}

/** No sideways scrolling at 360 and 390 px, and no tap target under 44 px. */
async function expectPhoneFriendly(page: Page, path: string) {
  for (const width of [360, 390]) {
    await page.setViewportSize({ width, height: 780 });
    await page.goto(path);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${path} scrolls sideways at ${width} px`).toBeLessThanOrEqual(width);
    expect(await smallTapTargets(page), `tap targets under 44 px on ${path} at ${width} px`).toEqual([]);
  }
}

test("a page from the page cache runs its scripts under the hashed policy: no CSP errors, and the app hydrates", async ({ page }) => {
  const problems = watchConsole(page, 200);
  await page.goto("/workshops/post-run-knee-reset");
  const response = await page.goto("/workshops/post-run-knee-reset");
  expect(response?.headers()["x-page-cache"]).toBe("hit");
  expect(response?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'sha256-[^']+'/);
  expect(response?.headers()["content-security-policy"]).not.toMatch(/nonce-/);
  await page.waitForLoadState("networkidle");
  await expect.poll(() => page.evaluate(() => "__remixRouter" in window)).toBe(true);
  expect(problems).toEqual([]);
});

test("the booking form fits 360 and 390 px phones, every tap target at least 44 px", async ({ page }) => {
  await page.goto("/workshops/post-run-knee-reset");
  const bookingPath = await page.locator('a[href^="/book/"]').first().getAttribute("href");
  await expectPhoneFriendly(page, bookingPath!);
});

test("home shows each workshop once with its next dates (date, time, places left), its price, and one-on-one sessions", async ({ page }) => {
  await page.goto("/");
  const cards = page.getByTestId("workshop-card");
  await expect(cards.first()).toBeVisible();
  const first = cards.first();
  const nextDate = first.locator(".next-date").first();
  await expect(nextDate.locator(".date-badge")).toBeVisible();
  await expect(nextDate.locator("time")).toHaveText(/\d{1,2}:\d{2}–\d{1,2}:\d{2} (GMT|BST)/);
  await expect(first.locator(".price")).toContainText("£");
  await expect(nextDate.locator(".pill")).toHaveText(/places? left|Full/);
  await expect(page.getByTestId("private-card")).toHaveCount(2);

  await first.getByRole("heading").getByRole("link").click();
  await expect(page).toHaveURL(/\/workshops\/[a-z0-9-]+$/);
  await expect(page.getByRole("heading", { name: "Upcoming dates" })).toBeVisible();
  await page.goBack();
  await cards.first().getByRole("link", { name: /Book a seat/ }).first().click();
  await expect(page).toHaveURL(/\/book\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Book your place" })).toBeVisible();
});

test("offering page lists slots in studio time and carries schema.org Event data", async ({ page }) => {
  await page.goto("/workshops/post-run-knee-reset");
  const slots = page.getByTestId("slot");
  await expect(slots.first()).toContainText("09:30–10:30");
  const jsonLd = await page.locator('script[type="application/ld+json"]').first().textContent();
  const events = JSON.parse(jsonLd ?? "[]") as { "@type": string; name: string; startDate: string; offers: { priceCurrency: string } }[];
  expect(events.length).toBeGreaterThan(0);
  expect(events[0]).toMatchObject({ "@type": "Event", name: "The Post-Run Knee Reset", offers: { priceCurrency: "GBP" } });
  expect(new Date(events[0]!.startDate).toISOString()).toBe(events[0]!.startDate);
});

test("an 18:00 London slot shows 18:00 in March and November, in a browser set to Auckland, without flicker", async ({
  page,
}) => {
  const problems = watchConsole(page, 200);
  await page.goto(`/workshops/${DST_FIXTURE.slug}`);
  await page.waitForLoadState("networkidle");
  const times = page.getByTestId("slot").locator(".slot__time");
  await expect(times).toHaveText(["18:00–19:00 BST", "18:00–19:00 GMT"]);
  await expect(page.getByRole("heading", { name: "Tuesday 30 March 2027" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Tuesday 2 November 2027" })).toBeVisible();
  expect(problems).toEqual([]); // a hydration mismatch would be logged here
});

test("reading page has a stable anchor per pain location and the sections the intake links to", async ({ page }) => {
  await page.goto("/knee-pain-after-running");
  for (const id of ["overview", "front", "outer", "tendon", "form", "rest", "reset", "prevention", "clinician"]) {
    await expect(page.locator(`h2#${id}`)).toHaveCount(1);
  }
  await page.locator(".location-picker").getByRole("link", { name: /outside of the knee/i }).click();
  await expect(page).toHaveURL(/#outer$/);
  await expect(page.getByText(/not a diagnosis/i).first()).toBeVisible();
});

test("keyboard users can skip straight to the content", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);
});
