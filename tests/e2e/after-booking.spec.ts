/**
 * After booking, as the customer (and the studio) see it, on the shared demo server: the
 * confirmed page's calendar buttons, directions, what to bring and contact; the .ics download; the
 * confirmation email on a 390 px phone; a right-to-left name in the studio's email subject.
 *
 * The booking is made over HTTP with the form's fields (the booking form has its own specs), on
 * the first date of the Post-Run Knee Reset, from an address of its own (RFC 5737 TEST-NET-1).
 * AFTER_SHOTS=1 keeps screenshots in test-results/after-booking.
 */
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, expectAccessibleAtBothWidths } from "./console-helpers";
import { holdPlace, testCheckout } from "./http-booking";
import { send } from "./http-client";

const PORT = Number(process.env.E2E_PORT ?? 3210);
const SHOTS = process.env.AFTER_SHOTS ? "test-results/after-booking" : null;
const WORKSHOP = { path: "/workshops/post-run-knee-reset", title: "The Post-Run Knee Reset" };
const ADDRESS = "Unit 4, Riverside Yard, 12 Mill Lane, London SE1 7AB";
const STUDIO_EMAIL = "hello@painfreeme.example";
/** Arabic, right to left: unisolated, the "1" and the comma after it would be pulled into its run. */
const NAME = "ليلى حداد";

const uniqueEmail = (label: string) => `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@example.test`;

async function firstDatePath(): Promise<string> {
  const page = await send(PORT, { method: "GET", path: WORKSHOP.path });
  return page.body.match(/\/book\/[0-9a-f-]{36}/)![0];
}

/** Opens the newest demo-mailbox email to `to` whose subject contains `subject`, once it has arrived. */
async function openEmail(page: Page, to: string, subject: string) {
  await page.goto("/dev/mailbox");
  const item = page
    .locator(".mailbox-item")
    .filter({ has: page.locator(".mailbox-item__to", { hasText: to }) })
    .filter({ has: page.locator(".mailbox-item__subject", { hasText: subject }) });
  await expect(async () => {
    await page.reload();
    await expect(item.first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000, intervals: [1_000] });
  await item.first().locator(".mailbox-item__subject").click();
  await expect(page).toHaveURL(/\/dev\/mailbox\/[^/]+$/);
}

test.describe("after booking", () => {
  test("the confirmed page: calendar (Google, Outlook, .ics), directions, what to bring, contact; the email fits a phone; the studio's subject keeps a right-to-left name in order", async ({
    page,
    context,
  }) => {
    test.setTimeout(90_000);
    const email = uniqueEmail("after");
    const checkout = await holdPlace(PORT, await firstDatePath(), { name: NAME, email, phone: "07700 900123", notes: "" }, "192.0.2.61");
    const bookingPath = await testCheckout(PORT, checkout, "pay");
    const token = bookingPath.match(/^\/bookings\/([^/?]+)/)![1]!;

    await page.goto(bookingPath);
    await expect(page.getByRole("heading", { level: 1, name: "You're booked, ليلى!" })).toBeVisible({ timeout: 15_000 });
    const reference = ((await page.locator(".eyebrow").first().textContent()) ?? "").match(/PFM-[A-Z0-9]+/)![0];

    // Add to calendar: three ways, the links well formed.
    const calendar = page.getByRole("region", { name: "Add it to your calendar" });
    const ics = calendar.getByRole("link", { name: "Download .ics" });
    await expect(ics).toHaveAttribute("href", `/bookings/${token}/calendar.ics`);
    const google = new URL((await calendar.getByRole("link", { name: /Google Calendar/ }).getAttribute("href"))!);
    expect(google.origin + google.pathname).toBe("https://calendar.google.com/calendar/render");
    expect(google.searchParams.get("action")).toBe("TEMPLATE");
    expect(google.searchParams.get("text")).toBe(WORKSHOP.title);
    expect(google.searchParams.get("location")).toBe(ADDRESS);
    const [start, end] = google.searchParams.get("dates")!.split("/");
    expect(start).toMatch(/^\d{8}T\d{6}Z$/);
    expect(end! > start!).toBe(true);
    const outlook = new URL((await calendar.getByRole("link", { name: /Outlook/ }).getAttribute("href"))!);
    expect(outlook.origin + outlook.pathname).toBe("https://outlook.live.com/calendar/0/deeplink/compose");
    expect(outlook.searchParams.get("subject")).toBe(WORKSHOP.title);
    expect(new Date(outlook.searchParams.get("enddt")!).getTime()).toBeGreaterThan(new Date(outlook.searchParams.get("startdt")!).getTime());
    for (const name of [/Google Calendar/, /Outlook/]) {
      await expect(calendar.getByRole("link", { name })).toHaveAttribute("rel", "noopener noreferrer");
    }

    // The .ics downloads as a file: the booking's event, published.
    const [download] = await Promise.all([page.waitForEvent("download"), ics.click()]);
    expect(download.suggestedFilename()).toBe(`booking-${reference}.ics`);
    const file = readFileSync((await download.path())!, "utf8");
    expect(file).toContain("METHOD:PUBLISH");
    expect(file).toContain(`SUMMARY:${WORKSHOP.title}`);
    expect(file).toContain(`DTSTART:${start}`);

    // Getting there, what to bring (the offering's list), and who to ask about a change.
    const there = page.getByRole("region", { name: "Getting there" });
    await expect(there).toContainText(ADDRESS);
    const directions = new URL((await there.getByRole("link", { name: /Get directions/ }).getAttribute("href"))!);
    expect(directions.origin + directions.pathname).toBe("https://www.google.com/maps/dir/");
    expect(directions.searchParams.get("destination")).toBe(ADDRESS);
    await expect(page.getByRole("region", { name: "What to bring" }).getByRole("listitem")).toContainText([
      /Comfortable clothes/,
      "A bottle of water.",
      "A mat or towel if you have one (we have spares).",
      /arrive 10 minutes early/,
    ]);
    const change = page.getByRole("region", { name: "Need to change?" });
    await expect(change).toContainText(reference);
    await expect(change.getByRole("link", { name: STUDIO_EMAIL })).toHaveAttribute("href", new RegExp(`^mailto:${STUDIO_EMAIL}\\?subject=`));
    await expect(change.getByRole("link", { name: "020 7946 0321" })).toHaveAttribute("href", "tel:02079460321");

    await page.waitForLoadState("networkidle");
    await expectAccessibleAtBothWidths(page, "confirmed booking page", SHOTS);

    // The confirmation email on a 390 px phone: nothing wider than the screen, the knee picture
    // loads from the site, the calendar links are buttons; and axe finds nothing serious.
    await openEmail(page, email, "You're booked");
    const html = await page.locator("iframe.mailbox-frame").getAttribute("srcdoc");
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.setContent(html!, { waitUntil: "networkidle" });
    await expect(phone.getByRole("link", { name: "Google Calendar" })).toBeVisible();
    await expect(phone.getByRole("link", { name: "Outlook" })).toBeVisible();
    expect(await phone.locator("img").first().evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);
    await expectAccessible(phone, "confirmation email", SHOTS);
    if (SHOTS) {
      await phone.setViewportSize({ width: 1280, height: 900 });
      await phone.screenshot({ path: `${SHOTS}/confirmation-email-1280.png`, fullPage: true });
    }
    await phone.close();

    // The studio's email: the name isolated in the subject, so the words around it keep their order.
    await openEmail(page, STUDIO_EMAIL, NAME);
    const subject = page.locator("h1.mailbox-subject");
    await expect(subject).toHaveText(new RegExp(`^New booking: \u2068${NAME}\u2069, 1 place, ${WORKSHOP.title}, `));
    const left = await subject.evaluate((heading, name) => {
      const text = heading.firstChild as Text;
      const leftOf = (part: string) => {
        const range = document.createRange();
        const at = text.data.indexOf(part);
        range.setStart(text, at);
        range.setEnd(text, at + part.length);
        return range.getBoundingClientRect().left;
      };
      return { label: leftOf("New booking:"), name: leftOf(name), place: leftOf("1 place") };
    }, NAME);
    expect(left.label).toBeLessThan(left.name);
    expect(left.name).toBeLessThan(left.place);
  });

  test("a booking that wasn't completed offers no calendar, and its .ics address refuses", async ({ page }) => {
    const checkout = await holdPlace(PORT, await firstDatePath(), { name: "Sam Changedmind", email: uniqueEmail("after-cancel"), phone: "", notes: "" }, "192.0.2.62");
    await page.goto(await testCheckout(PORT, checkout, "cancel"));
    await expect(page.getByRole("heading", { level: 1, name: "This booking wasn't completed" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Add it to your calendar" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Download .ics" })).toHaveCount(0);
    const refused = await page.request.get(`${new URL(page.url()).pathname}/calendar.ics`);
    expect(refused.status()).toBe(409);
  });
  test("a 60-character single-word name doesn't widen the confirmed page on 360 and 390 px phones", async ({ page }) => {
    const longName = "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewiss".slice(0, 60);
    expect(longName).toHaveLength(60);
    const checkout = await holdPlace(PORT, await firstDatePath(), { name: longName, email: uniqueEmail("long"), phone: "", notes: "" }, "192.0.2.62");
    const bookingPath = await testCheckout(PORT, checkout, "pay");
    for (const width of [360, 390]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(bookingPath);
      await expect(page.getByRole("heading", { level: 1 })).toContainText("You're booked");
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `scrolls sideways at ${width} px`).toBeLessThanOrEqual(width);
    }
  });
});
