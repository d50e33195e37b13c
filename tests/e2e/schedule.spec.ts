/**
 * The studio's schedule, run from the console in a real browser: the owner adds an instructor and
 * an offering, previews and creates a weekly series, a customer books one of its dates and pays on
 * the test checkout, the owner cancels that date, and the customer sees it cancelled and refunded
 * on their booking page and gets the "cancelled by the studio" email in a real local SMTP server.
 * Then every schedule page at 390 px and 1280 px (axe, no sideways scrolling), and a date added
 * without JavaScript.
 *
 * It runs against a server of its own (demo mode, on a fresh database, its mail going to the
 * test's SMTP server), so nothing it does touches the other specs' shared server.
 */
import { mkdirSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectAccessible as expectAccessibleShared, signInAsOwner, startServerWithMail } from "./console-helpers";
import { DateTime } from "luxon";
import { startSmtpServer } from "../helpers/smtp";

const ZONE = "Europe/London";
const TAG = Date.now().toString(36).slice(-5);
const INSTRUCTOR = `Ines Quayle ${TAG}`;
const OFFERING = `Knee Strength Lab ${TAG}`;
const BRING = "A resistance band if you have one (we have spares).";
const CUSTOMER = { name: "Robin Stride", email: `robin-${TAG}@example.test` };
/** Set SCHEDULE_SHOTS=1 to keep screenshots of every page checked (in test-results/schedule-shots). */
const SHOTS = process.env.SCHEDULE_SHOTS ? "test-results/schedule-shots" : null;

const signIn = (page: Page) => signInAsOwner(page, base);
const expectAccessible = (page: Page, what: string) => expectAccessibleShared(page, what, SHOTS);

let base = "";
let smtp: ReturnType<typeof startSmtpServer>;
let stop = async () => {};
/** What the first test makes and the later ones look at. */
const made = { offeringId: "", slug: "", cancelledDatePath: "", openDatePath: "" };




const consoleNav = (page: Page, name: string) => page.getByRole("navigation", { name: "Console" }).getByRole("link", { name });

/** The last Sunday of March (the clocks go forward in London) far enough ahead for a series around it. */
function nextSpringForward(today: DateTime): DateTime {
  for (let year = today.year; ; year += 1) {
    const lastSunday = DateTime.fromObject({ year, month: 3, day: 31 }, { zone: ZONE });
    const sunday = lastSunday.minus({ days: lastSunday.weekday % 7 });
    if (sunday.minus({ days: 7 }) > today.plus({ days: 2 })) return sunday;
  }
}

test.describe.serial("the studio's schedule, from the console to the customer", () => {
  test.beforeAll(async () => {
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
    ({ base, smtp, stop } = await startServerWithMail("pfm_t_schedule"));
  });

  test.afterAll(async () => {
    await stop();
  });

  test("the owner sets up an offering and a weekly series; a customer books; the owner cancels the date; the customer is refunded and told", async ({
    page,
    browser,
  }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page);

    // An instructor.
    await consoleNav(page, "Instructors").click();
    await expect(page.getByRole("heading", { level: 1, name: "Instructors" })).toBeVisible();
    await page.getByLabel("Name").fill(INSTRUCTOR);
    await page.getByLabel("Email").fill(`ines-${TAG}@painfreeme.example`);
    await page.getByLabel("Short bio").fill("Physio who runs, and a patient teacher of single-leg strength.");
    await page.getByRole("button", { name: "Add instructor" }).click();
    await expect(page.getByRole("status")).toHaveText(`Added ${INSTRUCTOR}.`);
    await expect(page.getByRole("link", { name: INSTRUCTOR })).toBeVisible();

    // An offering: a missing title is named in a focused summary and beside the field first.
    await consoleNav(page, "Offerings").click();
    await expect(page.getByRole("heading", { level: 1, name: "Offerings" })).toBeVisible();
    await page.getByRole("link", { name: "Add an offering" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Add an offering" })).toBeVisible();
    await page.getByLabel("Summary").fill("Strong hips and quads, steadier knees: an hour of simple, coached strength work.");
    await page.getByLabel("Description").fill("We build the strength that keeps a knee tracking well, with moves you can repeat at home.");
    await page.getByLabel("What to bring").fill(`Comfortable clothes you can move in.\n${BRING}`);
    await page.getByLabel("Places").fill("6");
    await page.getByLabel("Price in pounds").fill("24");
    await page.getByLabel("Default instructor").selectOption({ label: INSTRUCTOR });
    await page.getByRole("button", { name: "Add offering" }).click();
    const summary = page.getByRole("alert");
    await expect(summary).toBeFocused();
    await expect(summary.getByRole("link", { name: "Title: Please enter a title." })).toBeVisible();
    await expect(page.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");
    await page.getByLabel("Title").fill(OFFERING);
    await page.getByRole("button", { name: "Add offering" }).click();
    await expect(page.getByRole("heading", { level: 1, name: OFFERING })).toBeVisible();
    await expect(page.getByRole("status")).toContainText("Added.");
    made.offeringId = page.url().match(/\/staff\/offerings\/([0-9a-f-]{36})/)![1]!;
    const publicPath = await page.getByRole("link", { name: "View its public page" }).getAttribute("href");
    made.slug = publicPath!.replace("/workshops/", "");
    expect(made.slug).toBe(`knee-strength-lab-${TAG}`);
    await expect(page.getByText(`${base}/workshops/${made.slug}`)).toBeVisible();

    // A weekly series. First a preview across the spring clock change: 01:30 doesn't exist that night.
    await consoleNav(page, "Schedule").click();
    await expect(page.getByRole("heading", { level: 1, name: "Schedule" })).toBeVisible();
    await page.getByRole("link", { name: "Add a weekly series" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Add a weekly series" })).toBeVisible();
    await page.getByLabel("Offering").selectOption({ label: OFFERING });
    await expect(page.getByLabel("Places")).toHaveValue("6");
    await expect(page.getByLabel("Instructor")).toHaveValue(/[0-9a-f-]{36}/);
    const today = DateTime.now().setZone(ZONE).startOf("day");
    const springForward = nextSpringForward(today);
    await page.getByRole("checkbox", { name: "Sunday" }).check();
    await page.getByLabel("Start time").fill("01:30");
    await page.getByLabel("First date").fill(springForward.minus({ days: 7 }).toISODate()!);
    await page.getByLabel("Last date").fill(springForward.plus({ days: 7 }).toISODate()!);
    await page.getByRole("button", { name: "Preview dates" }).click();
    const preview = page.getByRole("region", { name: /dates of/ });
    await expect(preview.getByRole("heading", { name: `2 dates of ${OFFERING}` })).toBeVisible();
    await expect(preview.getByRole("listitem").filter({ hasText: "01:30–02:30 GMT" })).toHaveCount(1);
    await expect(preview.getByRole("listitem").filter({ hasText: "01:30–02:30 BST" })).toHaveCount(1);
    await expect(preview).toContainText(
      `Not created: ${springForward.toFormat("d MMMM")}, 01:30 doesn't exist that day (the clocks go forward)`
    );

    // Then the real term: Tuesdays and Thursdays for three weeks at 18:00, one Thursday skipped.
    const firstDay = today.plus({ weeks: 1 }).startOf("week"); // a Monday, next week or the one after
    const skipped = firstDay.plus({ days: 10 }); // the second Thursday
    await page.getByRole("checkbox", { name: "Sunday" }).uncheck();
    await expect(page.getByRole("button", { name: /^Create/ })).toHaveCount(0);
    await expect(preview).toContainText("You've changed the form since this preview");
    await page.getByRole("checkbox", { name: "Tuesday" }).check();
    await page.getByRole("checkbox", { name: "Thursday" }).check();
    await page.getByLabel("Start time").fill("18:00");
    await page.getByLabel("First date").fill(firstDay.toISODate()!);
    await page.getByLabel("Last date").fill(firstDay.plus({ days: 20 }).toISODate()!);
    await page.getByLabel("Dates to skip").fill(skipped.toISODate()!);
    await page.getByRole("button", { name: "Preview again" }).click();
    await expect(preview.getByRole("heading", { name: `5 dates of ${OFFERING}` })).toBeVisible();
    await expect(preview.getByRole("listitem").filter({ hasText: /18:00–19:00 (GMT|BST)/ })).toHaveCount(5);
    await expect(preview).toContainText(`Skipped: ${skipped.toFormat("d MMMM")} is on your list of dates to skip`);
    await expectAccessible(page, "series preview");
    await page.getByRole("button", { name: "Create 5 dates" }).click();

    await expect(page).toHaveURL(/\/staff\/schedule\?created=5/);
    await expect(page.getByRole("status")).toHaveText("Created 5 dates.");
    const rows = page.locator(".schedule-row");
    await expect(rows).toHaveCount(5);
    await expect(rows.filter({ hasText: "Series" })).toHaveCount(5);
    await expect(rows.first()).toContainText(INSTRUCTOR);
    await expect(rows.first()).toContainText("0/6");
    await expectAccessible(page, "schedule");

    // The public site shows the dates and what to bring.
    await page.goto(`${base}/workshops/${made.slug}`);
    await expect(page.getByRole("heading", { level: 1, name: OFFERING })).toBeVisible();
    await expect(page.getByTestId("slot")).toHaveCount(5);
    await expect(page.getByRole("region", { name: "What to bring" }).getByRole("listitem").filter({ hasText: BRING })).toBeVisible();

    // A customer books the first date and pays on the test checkout.
    const bookingPath = await bookFirstDate(browser);

    // The owner sees the booking on the date's page, and cancels the date.
    await page.goto(`${base}/staff/schedule?offering=${made.offeringId}&from=${firstDay.toISODate()}`);
    await page.waitForLoadState("networkidle");
    await rows.first().getByRole("link").first().click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(OFFERING);
    made.cancelledDatePath = new URL(page.url()).pathname;
    await expect(page.getByText("1 confirmed (1 place)")).toBeVisible();
    const cancelSection = page.getByRole("region", { name: "Cancel this date" });
    await expect(cancelSection).toContainText("1 paid booking (1 place) is cancelled and refunded in full");
    await expectAccessible(page, "date with a booking");
    await cancelSection.getByLabel("Note to customers").fill("Our coach is unwell: we're very sorry.");
    await cancelSection.getByRole("button", { name: "Cancel this date" }).click();
    await expect(cancelSection.getByRole("alert")).toBeFocused();
    await expect(cancelSection.getByRole("alert")).toContainText("Please tick the box to confirm");
    await cancelSection.getByRole("checkbox", { name: /Yes, cancel this date/ }).check();
    await cancelSection.getByRole("button", { name: "Cancel this date" }).click();
    await expect(page.getByRole("status")).toHaveText(
      "Cancelled: 1 booking cancelled with a full refund (on its way) and an email to the customer."
    );
    await expect(page.getByText(/^Cancelled on /)).toBeVisible();
    await expect(page.getByRole("button", { name: "Cancel this date" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Save changes" })).toHaveCount(0);
    await page.goto(`${base}/staff/schedule?offering=${made.offeringId}&from=${firstDay.toISODate()}`);
    await expect(rows.first()).toContainText("Cancelled");
    made.openDatePath = (await rows.nth(1).getByRole("link").first().getAttribute("href"))!;

    // The customer's booking page says so, with the refund, once the refund has gone through.
    const customer = await browser.newPage();
    await expect(async () => {
      await customer.goto(`${base}${bookingPath}`);
      await expect(customer.getByRole("heading", { level: 1, name: "The studio cancelled this date" })).toBeVisible({ timeout: 1_000 });
      await expect(customer.getByText(/Refunded £24(\.00)?/)).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 20_000, intervals: [500, 1_000] });
    await customer.close();

    // The email reaches the SMTP server: cancelled by the studio, refunded, the note, a calendar cancellation.
    await expect
      .poll(
        () =>
          smtp.received.filter(
            (mail) => mail.envelopeTo.includes(CUSTOMER.email) && /^Cancelled by the studio/.test(mail.parsed.subject ?? "")
          ).length,
        {
          timeout: 20_000,
        }
      )
      .toBe(1);
    const mail = smtp.received.find(
      (received) => received.envelopeTo.includes(CUSTOMER.email) && /^Cancelled by the studio/.test(received.parsed.subject ?? "")
    )!;
    expect(mail.parsed.subject).toContain(OFFERING);
    expect(mail.parsed.subject).toContain("Full refund");
    expect(mail.parsed.text).toContain("Our coach is unwell");
    const ics = mail.parsed.attachments.find((attachment) => attachment.filename?.endsWith(".ics"));
    expect(ics?.content.toString("utf8")).toMatch(/METHOD:CANCEL/);

    // The cancelled date has left the public page.
    await page.goto(`${base}/workshops/${made.slug}`);
    await expect(page.getByTestId("slot")).toHaveCount(4);
  });

  test("every schedule page is accessible and fits at 390 px and 1280 px", async ({ page }) => {
    test.setTimeout(90_000);
    await signIn(page);
    const phone = [390];
    const both = [390, 1280];
    // At 1280 px the first test already checked the schedule, the series preview and a booked date.
    const pages: [string, string, number[]][] = [
      ["schedule", `/staff/schedule?offering=${made.offeringId}&from=${DateTime.now().setZone(ZONE).toISODate()}`, phone],
      ["a date of a series", made.openDatePath, phone],
      ["add a date", `/staff/schedule/new?offering=${made.offeringId}`, both],
      ["a cancelled date", made.cancelledDatePath, both],
      ["offerings", "/staff/offerings", both],
      ["an offering", `/staff/offerings/${made.offeringId}`, both],
      ["instructors", "/staff/instructors", both],
    ];
    for (const [what, path, widths] of pages) {
      await page.setViewportSize({ width: widths[0]!, height: 900 });
      await page.goto(`${base}${path}`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      for (const width of widths) {
        await page.setViewportSize({ width, height: 900 });
        await expectAccessible(page, what);
      }
    }
    // A form with its errors showing (the browser's own check: nothing is sent).
    await page.goto(`${base}/staff/schedule/series/new`);
    await page.waitForLoadState("networkidle");
    await page.getByRole("button", { name: "Preview dates" }).click();
    await expect(page.getByRole("alert")).toBeFocused();
    await expect(page.getByRole("alert")).toContainText("Offering: Please choose from the list.");
    await expect(page.getByRole("alert")).toContainText("Days of the week: Please choose at least one day of the week.");
    for (const width of both) {
      await page.setViewportSize({ width, height: 900 });
      await expectAccessible(page, "series form with errors");
    }
    await consoleNav(page, "Instructors").click();
    await page.getByRole("link", { name: INSTRUCTOR }).click();
    await expect(page.getByRole("heading", { level: 1, name: INSTRUCTOR })).toBeVisible();
    await expectAccessible(page, "an instructor");
  });

  test("without JavaScript, a date is added (after its errors are shown) and changed", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, timezoneId: "Pacific/Auckland", locale: "en-GB" });
    const page = await context.newPage();
    try {
      await signIn(page);
      await page.goto(`${base}/staff/schedule/new?offering=${made.offeringId}`);
      await expect(page.getByLabel("Places")).toHaveValue("6");
      await page.getByRole("button", { name: "Add date" }).click();
      await expect(page.getByRole("alert")).toContainText("The date wasn't added");
      await expect(page.getByRole("alert").getByRole("link", { name: /^Date: Please enter a date/ })).toBeVisible();
      await expect(page.getByLabel("Date", { exact: true })).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByLabel("Places")).toHaveValue("6");

      const day = DateTime.now().setZone(ZONE).plus({ weeks: 6 }).set({ weekday: 6 }).toISODate()!;
      await page.getByLabel("Date", { exact: true }).fill(day);
      await page.getByLabel("Start time").fill("09:15");
      await page.getByRole("button", { name: "Add date" }).click();
      await expect(page.getByRole("status")).toHaveText("Added. It's on the public site now.");
      await expect(page.getByRole("heading", { level: 1 })).toContainText(`${OFFERING}, 09:15–10:15`);
      await expect(page.getByText(INSTRUCTOR).first()).toBeVisible();

      await page.getByLabel("Places").fill("4");
      await page.getByRole("button", { name: "Save changes" }).click();
      await expect(page.getByRole("status")).toHaveText("Saved.");
      await expect(page.getByText("0 of 4")).toBeVisible();
    } finally {
      await context.close();
    }
  });
});

/** A customer on their own browser context books the offering's first date; returns their booking page's path. */
async function bookFirstDate(browser: Browser): Promise<string> {
  const context = await browser.newContext({ timezoneId: "Pacific/Auckland", locale: "en-GB" });
  const page = await context.newPage();
  try {
    await page.goto(`${base}/workshops/${made.slug}`);
    await page
      .getByTestId("slot")
      .first()
      .getByRole("link", { name: /Book a seat/ })
      .click();
    await expect(page.getByRole("heading", { level: 1, name: "Book your place" })).toBeVisible();
    await page.getByLabel("Your name").fill(CUSTOMER.name);
    await page.getByLabel("Email").fill(CUSTOMER.email);
    await page.getByRole("radio", { name: /Front of the knee/ }).check();
    await page.getByRole("checkbox", { name: /booking terms/ }).check();
    await page.getByRole("checkbox", { name: /knee notes/ }).check();
    await page.getByRole("button", { name: /Continue to payment/ }).click();
    await expect(page).toHaveURL(/\/test-checkout\/[^/]+$/);
    await page.getByRole("button", { name: /^Pay £24(\.00)? \(test\)$/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "You're booked, Robin!" })).toBeVisible({ timeout: 15_000 });
    return new URL(page.url()).pathname;
  } finally {
    await context.close();
  }
}
