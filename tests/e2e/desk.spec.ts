/**
 * A customer's call, handled from the console in a real browser: staff find a booking by email,
 * refund part of it (checked first: "Refund £10 of £28 to the card ending 4242"), move
 * another customer to a later date, and add a walk-in on a date's roster; each customer's email
 * arrives in a real local SMTP server. The search, the booking's page, the refund check, the
 * walk-in form and the staff accounts page are axe-clean without sideways scrolling at 390 and 1280 px.
 *
 * It runs on a server of its own (demo mode, a fresh database, the test checkout, mail to the
 * test's SMTP server), so nothing here touches the other specs' shared server.
 */
import { mkdirSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { startSmtpServer, type Received } from "../helpers/smtp";
import { expectAccessibleAtBothWidths, signInAsOwner, startServerWithMail } from "./console-helpers";

const OFFERING = { slug: "hip-and-ankle-mobility-for-runners", title: "Hips & Ankles: Mobility for Runners" };
const TAG = Date.now().toString(36).slice(-5);
const ANN = { name: "Ann Calloway", email: `ann-${TAG}@example.test` };
const BEN = { name: "Ben Okafor", email: `ben-${TAG}@example.test` };
const CLEO = { name: "Cleo Walk-In", email: `cleo-${TAG}@example.test` };
/** Set DESK_SHOTS=1 to keep screenshots of each page checked (in test-results/desk-shots). */
const SHOTS = process.env.DESK_SHOTS ? "test-results/desk-shots" : null;

let base = "";
let stop = async () => {};
let smtp: ReturnType<typeof startSmtpServer>;

const consoleNav = (page: Page, name: string) => page.getByRole("navigation", { name: "Console" }).getByRole("link", { name });

/** The one email to `to` whose subject matches, once it has arrived. */
async function mailTo(to: string, subject: RegExp): Promise<Received> {
  const matching = () => smtp.received.filter((mail) => mail.envelopeTo.includes(to) && subject.test(mail.parsed.subject ?? ""));
  await expect.poll(() => matching().length, { timeout: 20_000, message: `an email to ${to} matching ${subject}` }).toBe(1);
  return matching()[0]!;
}

function icsOf(mail: Received): string {
  const ics = mail.parsed.attachments.find((attachment) => attachment.filename?.endsWith(".ics"));
  expect(ics, `an .ics on "${mail.parsed.subject}"`).toBeTruthy();
  return ics!.content.toString("utf8");
}

const icsField = (ics: string, name: string) => ics.match(new RegExp(`^${name}[:;](.*)$`, "m"))?.[1]?.trim();

/** A customer, on a browser context of their own, books the offering's first date and pays on the test checkout. */
async function bookAndPay(browser: Browser, customer: { name: string; email: string }): Promise<string> {
  const context = await browser.newContext({ timezoneId: "Pacific/Auckland", locale: "en-GB" });
  const page = await context.newPage();
  try {
    await page.goto(`${base}/workshops/${OFFERING.slug}`);
    await page.getByTestId("slot").first().getByRole("link", { name: /Book a seat/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Book your place" })).toBeVisible();
    const slotId = new URL(page.url()).pathname.split("/").pop()!;
    await page.getByLabel("Your name").fill(customer.name);
    await page.getByLabel("Email").fill(customer.email);
    await page.getByRole("radio", { name: /Front of the knee/ }).check();
    await page.getByRole("checkbox", { name: /booking terms/ }).check();
    await page.getByRole("checkbox", { name: /knee notes/ }).check();
    await page.getByRole("button", { name: /Continue to payment/ }).click();
    await page.getByRole("button", { name: /^Pay £28(\.00)? \(test\)$/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: /^You're booked/ })).toBeVisible({ timeout: 15_000 });
    return slotId;
  } finally {
    await context.close();
  }
}

async function openBooking(page: Page, search: string) {
  await consoleNav(page, "Bookings").click();
  await page.getByLabel("Name, email or reference").fill(search);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("status")).toHaveText("1 booking");
  await page.getByRole("table").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/staff\/bookings\/[0-9a-f-]{36}$/);
}

test.describe.serial("a customer's call, handled from the console", () => {
  let slotId = "";

  test.beforeAll(async () => {
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
    ({ base, smtp, stop } = await startServerWithMail("pfm_t_desk"));
  });

  test.afterAll(async () => {
    await stop();
  });

  test("staff find a booking by email and refund part of it; they move another customer to a later date", async ({ page, browser }) => {
    test.setTimeout(90_000);
    slotId = await bookAndPay(browser, ANN);
    await bookAndPay(browser, BEN);
    const bensConfirmation = await mailTo(BEN.email, /^You're booked/);

    await page.setViewportSize({ width: 1280, height: 900 });
    await signInAsOwner(page, base);

    // Found by email; the search and the booking's page are clean at both widths.
    await openBooking(page, ANN.email.toUpperCase());
    await expect(page.getByRole("heading", { level: 1 })).toContainText(/^PFM-/);
    await expect(page.getByText(ANN.name)).toBeVisible();
    await expect(page.locator(".facts-grid").getByText("£28 by card", { exact: true })).toBeVisible();
    await expect(page.getByRole("list").filter({ hasText: "Booked on the website" })).toContainText("Email: confirmation");
    await expectAccessibleAtBothWidths(page, "booking page", SHOTS);
    await page.goBack();
    await expect(page.getByRole("table")).toContainText(ANN.name);
    await expectAccessibleAtBothWidths(page, "bookings search", SHOTS);
    await page.goForward();

    // Part of it back: checked first, then done.
    await page.getByLabel("Amount to refund").fill("10");
    await page.getByRole("checkbox", { name: /Cancel the booking too/ }).uncheck();
    await page.getByRole("button", { name: "Check the refund" }).click();
    await expect(page.getByText("Refund £10 of £28 to the card ending 4242.")).toBeVisible();
    await expectAccessibleAtBothWidths(page, "refund check", SHOTS);
    await page.getByRole("button", { name: "Confirm the refund" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Refund made" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Confirmed");
    await expect(page.getByText("Refund of £10 asked for")).toBeVisible();
    const refundMail = await mailTo(ANN.email, /^We've refunded £10 /);
    expect(refundMail.parsed.text).toContain("of the £28 you paid");

    // Another customer moves to a later date: the payment carries over, the calendar event moves.
    await openBooking(page, BEN.name);
    const move = page.getByRole("group", { name: /^New date/ });
    await move.getByRole("radio").first().check();
    await page.getByRole("button", { name: "Move the booking" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Moved." })).toBeVisible();
    await expect(page.getByText("Moved a booking to another date")).toBeVisible();
    const moved = await mailTo(BEN.email, /^New time: /);
    expect(moved.parsed.text).toContain("as agreed, your booking");
    const [before, after] = [icsOf(bensConfirmation), icsOf(moved)];
    expect(icsField(after, "UID")).toBe(icsField(before, "UID"));
    expect(Number(icsField(after, "SEQUENCE"))).toBe(Number(icsField(before, "SEQUENCE")) + 1);
  });

  test("a walk-in is added on the date's roster, paid at the studio, and gets the confirmation", async ({ page }) => {
    test.setTimeout(60_000);
    expect(slotId, "the first test booked a date").not.toBe("");
    await page.setViewportSize({ width: 390, height: 900 });
    await signInAsOwner(page, base);
    await page.goto(`${base}/staff/roster/${slotId}`);
    await page.getByRole("link", { name: /Add a booking/ }).click();
    await expectAccessibleAtBothWidths(page, "add a booking", SHOTS);
    await page.setViewportSize({ width: 390, height: 900 });
    await page.getByLabel("Name").fill(CLEO.name);
    await page.getByRole("textbox", { name: /^Email/ }).fill(CLEO.email);
    await page.getByRole("button", { name: "Add booking" }).click();
    await expect(page).toHaveURL(new RegExp(`/staff/roster/${slotId}\\?added=PFM-`));
    const row = page.getByRole("row").filter({ hasText: CLEO.name });
    await expect(row).toContainText("paid at the studio");
    const confirmation = await mailTo(CLEO.email, /^You're booked/);
    expect(icsOf(confirmation)).toMatch(/METHOD:REQUEST/);

    // The walk-in is found like anyone else.
    await openBooking(page, CLEO.email);
    await expect(page.getByText("Booked at the studio")).toBeVisible();

    // Staff accounts, where owners invite colleagues, read as well on a phone as on a desk.
    await consoleNav(page, "Accounts").click();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectAccessibleAtBothWidths(page, "staff accounts", SHOTS);
  });
});
