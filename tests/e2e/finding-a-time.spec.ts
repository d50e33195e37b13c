/**
 * Finding a time, as a new customer does it, on the shared server: the one-to-one time picker by
 * mouse, by keyboard and without JavaScript; the workshop page and home on a phone; a full
 * workshop date and a one-to-one someone else has just taken. Places are taken over plain HTTP
 * (another customer, from an address of their own), on dates no other spec books: the
 * clock-change fixture's November date and the personal mobility session's times.
 */
import { mkdirSync } from "node:fs";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { formatStudioDayNoYear } from "../../app/catalog/studio-days";
import { expectAccessible, expectAccessibleAtBothWidths } from "./console-helpers";
import { DST_FIXTURE } from "./fixtures";
import { bookingFormBody, type Customer } from "./http-booking";

const SHOTS = "test-results/finding-a-time";
const GAIT = "/sessions/running-gait-assessment";
const MOBILITY = "/sessions/personal-mobility-session";

let addressCounter = 0;
/** Another customer, from a documentation-range address (RFC 5737) of their own. */
function someoneElse(label: string): { who: Customer; address: string } {
  addressCounter += 1;
  return {
    who: { name: `Other ${label}`, email: `${label}-${Date.now().toString(36)}-${addressCounter}@example.test`, phone: "", notes: "" },
    address: `192.0.2.${addressCounter + 20}`,
  };
}

/** Someone else submits the booking form for a date (as a browser without JavaScript would). */
function submitBookingAs(request: APIRequestContext, slotPath: string, { who, address }: ReturnType<typeof someoneElse>, seats = 1) {
  const body = new URLSearchParams(bookingFormBody(who));
  body.set("seats", String(seats));
  return request.post(slotPath, {
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": address },
    data: body.toString(),
    maxRedirects: 0,
  });
}

const chosenDay = (page: Page) => page.locator('.calendar [aria-current="date"]');

/** A day with free times other than the chosen one: in the month shown, else in the next. */
async function anotherFreeDay(page: Page) {
  const others = page.locator('.calendar__day--free:not([aria-current="date"])');
  if ((await others.count()) === 0) {
    await page.getByRole("link", { name: /^Later month/ }).click();
    await expect(chosenDay(page)).toBeVisible();
  }
  const day = page.locator('.calendar__day--free:not([aria-current="date"])').first();
  return { link: day, day: (await day.getAttribute("data-day"))! };
}

async function expectTimesOf(page: Page, day: string) {
  await expect(chosenDay(page)).toHaveAttribute("data-day", day);
  await expect(page.locator("#times").getByRole("heading", { name: formatStudioDayNoYear(day) })).toBeVisible();
  await expect(page.getByTestId("time-button").first()).toBeVisible();
}

/** The chosen time's booking form: its URL, and the time in the summary beside the form. */
async function expectBookingFormFor(page: Page, href: string, time: string) {
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Book your session" })).toBeVisible();
  await expect(page.getByRole("complementary", { name: "You're booking" })).toContainText(time);
}

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

test.describe("the one-to-one time picker", () => {
  test("by mouse: facts first, the first free day chosen, another day's times without a reload, then the booking form", async ({ page }) => {
    await page.goto(GAIT);
    const facts = page.getByRole("complementary", { name: "At a glance" });
    await expect(facts).toContainText("£65");
    await expect(facts).toContainText("1 hr");
    await expect(facts).toContainText("Tom Reyes");
    await expect(chosenDay(page)).toHaveAttribute("data-day", (await page.locator(".calendar__day--free").first().getAttribute("data-day"))!);
    await expectAccessibleAtBothWidths(page, "session-picker", SHOTS);
    await page.setViewportSize({ width: 390, height: 844 });
    const priceTop = (await page.getByTestId("offering-price").boundingBox())!.y;
    expect(priceTop, "the price comes before the calendar on a phone").toBeLessThan((await page.locator(".calendar").boundingBox())!.y);
    for (const target of await page.locator(".calendar a, .time-button").all()) {
      const box = (await target.boundingBox())!;
      expect(Math.min(box.width, box.height), "tap targets of at least 44 px").toBeGreaterThanOrEqual(44);
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.evaluate(() => Object.assign(window, { stillThisDocument: true }));
    const { link, day } = await anotherFreeDay(page);
    await link.click();
    await expect(page).toHaveURL(new RegExp(`\\?day=${day}#times$`));
    await expectTimesOf(page, day);
    expect(await page.evaluate(() => "stillThisDocument" in window), "days switch without a full reload").toBe(true);
    await expectAccessible(page, "session-picker-day", null);

    const time = page.getByTestId("time-button").first();
    const [href, words] = [(await time.getAttribute("href"))!, (await time.locator(".time-button__when").textContent())!];
    await time.click();
    await expectBookingFormFor(page, href, words);
  });

  test("by keyboard: Tab to a day, Enter, Tab on to its times, Enter", async ({ page }) => {
    await page.goto(GAIT);
    const target = page.locator('.calendar__day--free:not([aria-current="date"])').first();
    await expect(target).toBeVisible();
    const day = (await target.getAttribute("data-day"))!;
    for (let presses = 0; presses < 60 && !(await target.evaluate((node) => node === document.activeElement)); presses++) {
      await page.keyboard.press("Tab");
    }
    await expect(target).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`\\?day=${day}#times$`));
    await expectTimesOf(page, day);

    const firstTime = page.getByTestId("time-button").first();
    for (let presses = 0; presses < 40 && !(await firstTime.evaluate((node) => node === document.activeElement)); presses++) {
      await page.keyboard.press("Tab");
    }
    await expect(firstTime).toBeFocused();
    const [href, words] = [(await firstTime.getAttribute("href"))!, (await firstTime.locator(".time-button__when").textContent())!];
    await page.keyboard.press("Enter");
    await expectBookingFormFor(page, href, words);
  });

  test("without JavaScript: days are links the server renders, times lead to the booking form", async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL, javaScriptEnabled: false, timezoneId: "Pacific/Auckland", locale: "en-GB" });
    try {
      const page = await context.newPage();
      await page.goto(GAIT);
      const { link, day } = await anotherFreeDay(page);
      await link.click();
      await expect(page).toHaveURL(new RegExp(`\\?day=${day}#times$`));
      await expectTimesOf(page, day);
      // A day without free times, asked for by URL, says so and points to the nearest that has.
      const none = await page.locator(".calendar__day--none").last().getAttribute("data-day");
      if (none) {
        await page.goto(`${GAIT}?day=${none}`);
        await expect(page.locator("#times")).toContainText("No free times on");
        await expect(page.locator("#times").getByRole("link", { name: /^See / })).toBeVisible();
        await page.goBack();
      }
      const time = page.getByTestId("time-button").last();
      const [href, words] = [(await time.getAttribute("href"))!, (await time.locator(".time-button__when").textContent())!];
      await time.click();
      await expectBookingFormFor(page, href, words);
    } finally {
      await context.close();
    }
  });
});

test("a one-to-one someone else just took offers the nearest free times, on opening it and when a submit loses the race", async ({
  page,
  context,
  request,
}) => {
  await context.setExtraHTTPHeaders({ "X-Forwarded-For": "192.0.2.200" });
  await page.goto(MOBILITY);
  const times = page.getByTestId("time-button");
  const takenHref = (await times.first().getAttribute("href"))!;
  expect((await submitBookingAs(request, takenHref, someoneElse("taker"))).status()).toBe(303);

  await page.goto(takenHref);
  await expect(page.getByRole("heading", { level: 1, name: "This time has just been taken" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Booking progress" })).toHaveCount(0);
  const main = page.getByRole("main");
  await expect(main).not.toContainText("Nothing was charged");
  await expect(main).not.toContainText(/\bfull\b|places? left/i);
  const nearest = page.getByTestId("time-button");
  await expect(nearest.first()).toBeVisible();
  const nearestHrefs = await nearest.evaluateAll((links) => links.map((link) => link.getAttribute("href")));
  expect(nearestHrefs).not.toContain(takenHref);
  await expectAccessibleAtBothWidths(page, "taken", SHOTS);

  // The customer opens one of the nearest; someone else books it first; then they submit.
  const raced = nearestHrefs[0]!;
  await page.goto(raced);
  await expect(page.getByRole("heading", { level: 1, name: "Book your session" })).toBeVisible();
  expect((await submitBookingAs(request, raced, someoneElse("racer"))).status()).toBe(303);
  const customer = someoneElse("loser");
  await page.evaluate((body) => {
    const form = document.createElement("form");
    form.method = "post";
    for (const [name, value] of new URLSearchParams(body)) form.append(Object.assign(document.createElement("input"), { type: "hidden", name, value }));
    document.body.append(form);
    form.submit();
  }, bookingFormBody(customer.who));
  await expect(page.getByRole("heading", { level: 1, name: "Sorry, this time was just taken" })).toBeVisible();
  await expect(main).toContainText("Nothing was charged and nothing was booked.");
  await expect(main).not.toContainText(/\bfull\b|places? left/i);
  await expect(page.getByTestId("time-button").first()).toBeVisible();
  await expectAccessible(page, "taken-race", null);

  await page.getByTestId("time-button").first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Book your session" })).toBeVisible();
});

test("a full workshop date leads with the dates that have room, without the booking steps", async ({ page, request }) => {
  await page.goto(`/workshops/${DST_FIXTURE.slug}`);
  const links = await page.getByRole("link", { name: /^Book a seat/ }).evaluateAll((all) => all.map((link) => link.getAttribute("href")!));
  const [open, toFill] = [links[0]!, links[links.length - 1]!];
  expect((await submitBookingAs(request, toFill, someoneElse("four"), 4)).status()).toBe(303);
  expect((await submitBookingAs(request, toFill, someoneElse("two"), 2)).status()).toBe(303);

  await page.goto(toFill);
  await expect(page.getByRole("heading", { level: 1, name: "This date is full" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Booking progress" })).toHaveCount(0);
  await expect(page.getByRole("main")).not.toContainText("Nothing was charged");
  const firstOther = page.getByTestId("other-date").first();
  await expect(firstOther.getByRole("link", { name: /^Book this date/ })).toHaveAttribute("href", open);
  await page.setViewportSize({ width: 390, height: 844 });
  const summaryTop = (await page.getByRole("complementary", { name: "The date you chose" }).boundingBox())!.y;
  expect((await firstOther.boundingBox())!.y, "on a phone the other dates come before the full one's summary").toBeLessThan(summaryTop);
  await page.setViewportSize({ width: 1280, height: 900 });
  await expectAccessibleAtBothWidths(page, "full", SHOTS);

  // Someone whose submit loses the race is told nothing was charged.
  const late = await submitBookingAs(request, toFill, someoneElse("late"));
  expect(late.status()).toBe(409);
  const html = await late.text();
  expect(html).toContain("Sorry, this date just filled up");
  expect(html).toContain("Nothing was charged and nothing was booked.");
  expect(html).toContain(`href="${open}"`);
});

test("on a phone, a workshop's price and facts come before its dates, with what to bring", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/workshops/post-run-knee-reset");
  const priceTop = (await page.getByTestId("offering-price").boundingBox())!.y;
  expect(priceTop).toBeLessThan((await page.getByTestId("slot").first().boundingBox())!.y);
  expect(priceTop, "the price is on the first screen").toBeLessThan(844);
  const facts = page.getByRole("complementary", { name: "At a glance" });
  for (const fact of ["£18", "1 hr", "Up to 12 runners", "Maya Okafor", "Mill Lane"]) await expect(facts).toContainText(fact);
  await expect(page.getByRole("region", { name: "What to bring" })).toContainText("A mat or towel");
  await expectAccessibleAtBothWidths(page, "workshop", SHOTS);
});

test("home shows each workshop once, with its next dates to book from", async ({ page }) => {
  await page.goto("/");
  const cards = page.getByTestId("workshop-card");
  const titles = await cards.getByRole("heading", { level: 3 }).allTextContents();
  expect(titles.length).toBeGreaterThanOrEqual(3);
  expect(new Set(titles).size, `each workshop once: ${titles.join(", ")}`).toBe(titles.length);
  const first = cards.first();
  await expect(first.locator(".price")).toContainText("£");
  const dates = first.locator(".next-date");
  await expect(dates.first()).toContainText(/\d{2}:\d{2}–\d{2}:\d{2} (GMT|BST)/);
  await expect(dates.first().locator(".pill")).toHaveText(/places? left|Full/);
  await expectAccessibleAtBothWidths(page, "home", SHOTS);
  await first.getByRole("link", { name: /^Book a seat/ }).first().click();
  await expect(page).toHaveURL(/\/book\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: "Book your place" })).toBeVisible();
});
