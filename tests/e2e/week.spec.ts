/**
 * The studio's week, run from the console in a real browser: staff open the week (the dashboard
 * on top), a customer books a date on the public site and pays on the test checkout, staff open
 * that date's roster from the week and see the customer with their intake. Then the session is
 * over: staff follow "needs attention" to the booking, mark the customer attended, and download the
 * roster as CSV. The week and the roster are axe-clean without sideways scrolling at 390 and 1280 px.
 *
 * It runs against a server of its own (demo mode, a fresh database, the test checkout), because it
 * changes that database from outside: the server has no clock a test could move.
 */
import { readFileSync, mkdirSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectAccessibleAtBothWidths as expectAccessibleAtBothWidthsShared, freePort, signInAsOwner } from "./console-helpers";
import { eq } from "drizzle-orm";
import { openDatabase, type DatabaseConfig } from "../../db/client";
import { emailMessages, slots } from "../../db/schema";
import { freshDatabase, type FreshDatabase } from "./fresh-database";
import { startServer, type ServerProcess } from "./server-process";

const OFFERING = { slug: "hip-and-ankle-mobility-for-runners", title: "Hips & Ankles: Mobility for Runners" };
const TAG = Date.now().toString(36).slice(-5);
const CUSTOMER = {
  name: "Noor Kestrel-Ó Briain",
  email: `noor-${TAG}@example.test`,
  notes: "Left knee clicks on stairs.\nWorse after hill repeats.",
};
/** Set WEEK_SHOTS=1 to keep screenshots of each page checked (in test-results/week-shots). */
const SHOTS = process.env.WEEK_SHOTS ? "test-results/week-shots" : null;

const signIn = (page: Page) => signInAsOwner(page, base);
const expectAccessibleAtBothWidths = (page: Page, what: string) => expectAccessibleAtBothWidthsShared(page, what, SHOTS);

let base = "";
let port = 0;
let database: FreshDatabase;
let server: ServerProcess;
/** What the first test finds and the second uses. */
const found = { slotId: "", reference: "", rosterPath: "" };


const serverEnv = () => ({ NODE_ENV: "", ...database.env, PUBLIC_BASE_URL: base, STRIPE_SECRET_KEY: "" });

/**
 * Changes the server's database from outside, as time passing would. On PostgreSQL that is a second
 * connection; the embedded database takes one process at a time, so there the server stops for it
 * and starts again (sessions live in the database, so staff stay signed in).
 */
async function changeDatabase(change: (db: Awaited<ReturnType<typeof openDatabase>>["db"]) => Promise<void>) {
  const config: DatabaseConfig = database.url
    ? { kind: "postgres", url: database.url, poolMax: 1 }
    : { kind: "pglite", dataDir: database.env.PGLITE_DATA_DIR! };
  if (!database.url) await server.stop("SIGTERM");
  const handle = await openDatabase(config);
  try {
    await change(handle.db);
  } finally {
    await handle.close();
  }
  if (!database.url) {
    server = startServer(port, serverEnv());
    await server.waitHealthy(60_000);
  }
}




test.describe.serial("the studio's week: a date's roster, from booking to attendance", () => {
  test.beforeAll(async () => {
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    database = await freshDatabase("pfm_t_week");
    server = startServer(port, serverEnv());
    await server.waitHealthy(60_000);
  });

  test.afterAll(async () => {
    await server?.stop("SIGKILL");
    await database?.drop();
  });

  test("staff open the week; a customer books and pays; staff find them on the date's roster with their intake", async ({ page, browser }) => {
    test.setTimeout(60_000);
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page);

    // The week with the dashboard: nothing booked yet, so nothing needs attention.
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Hello");
    const week = page.getByRole("region", { name: /^This week/ });
    await expect(week).toBeVisible();
    await expect(week.locator("[aria-current=date]")).toHaveCount(1);
    await expect(week.locator("[aria-current=date]")).toContainText("Today");
    await expect(page.getByRole("region", { name: "Needs attention" })).toContainText("All is well");
    await expect(page.getByText("No dates ended in the last 4 weeks", { exact: false })).toBeVisible();
    await expectAccessibleAtBothWidths(page, "week");

    // A customer books the offering's first date and pays.
    found.slotId = await bookFirstDate(browser);

    // Staff find the date in this week or the next, and open its roster.
    await page.reload();
    const card = page.locator(`a[href="/staff/roster/${found.slotId}"]`);
    if ((await card.count()) === 0) {
      await page.getByRole("link", { name: "Next week" }).click();
      await expect(page.getByRole("region", { name: /^Week of/ })).toBeVisible();
    }
    await expect(card).toContainText(OFFERING.title);
    await expect(card).toContainText("1/10");
    await expect(card).toContainText("Places left");
    // Health data stays on the roster: never on the week or the dashboard.
    await expect(page.getByText("clicks on stairs", { exact: false })).toHaveCount(0);
    await expect(page.getByText("Front of the knee", { exact: false })).toHaveCount(0);
    await card.click();

    await expect(page.getByRole("heading", { level: 1 })).toContainText(OFFERING.title);
    found.rosterPath = new URL(page.url()).pathname;
    expect(found.rosterPath).toBe(`/staff/roster/${found.slotId}`);
    const row = page.getByRole("row").filter({ hasText: CUSTOMER.name });
    await expect(row).toHaveCount(1);
    found.reference = (await row.locator("code").textContent())!;
    expect(found.reference).toMatch(/^PFM-/);
    await expect(row).toHaveAttribute("id", `booking-${found.reference}`);
    await expect(row.getByRole("link", { name: CUSTOMER.email })).toHaveAttribute("href", `mailto:${CUSTOMER.email}`);
    await expect(row).toContainText("£28 paid");
    await expect(row).toContainText("Front of the knee, around or behind the kneecap");
    await expect(row).toContainText("Two to six weeks");
    // The notes keep their line break.
    await expect(row.locator(".roster-notes")).toHaveText(CUSTOMER.notes);
    await expect(row).toContainText("Not marked");
    await expect(row.getByRole("button", { name: /^Attended/ })).toHaveCount(0);
    await expect(page.getByText(/^Attendance opens when the session starts, at \d\d:\d\d (GMT|BST)/)).toBeVisible();
    await expect(page.getByRole("link", { name: /The date's page/ })).toHaveAttribute("href", `/staff/schedule/${found.slotId}`);
    await expectAccessibleAtBothWidths(page, "roster before the session");
  });

  test("after the session, staff follow what needs attention to the booking, mark attendance and download the CSV", async ({ page, browser }) => {
    test.setTimeout(60_000);
    expect(found.slotId, "the first test found the booked date").not.toBe("");
    // Time passes: the date is moved into the past in the test database (the server has no clock to
    // fake), and the studio's copy of the confirmation bounced, which needs attention.
    await changeDatabase(async (db) => {
      const [slot] = await db.select().from(slots).where(eq(slots.id, found.slotId));
      const length = slot!.endsAt.getTime() - slot!.startsAt.getTime();
      const startsAt = new Date(Date.now() - 3 * 3_600_000);
      await db.update(slots).set({ startsAt, endsAt: new Date(startsAt.getTime() + length) }).where(eq(slots.id, found.slotId));
      const [confirmation] = await db.select().from(emailMessages).where(eq(emailMessages.kind, "booking_confirmed"));
      await db.update(emailMessages).set({ status: "failed", updatedAt: new Date() }).where(eq(emailMessages.id, confirmation!.id));
    });

    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page);
    const attention = page.getByRole("region", { name: /Needs attention/ });
    await expect(attention).toContainText("Email not delivered");
    await expect(attention).toContainText("The confirmation couldn't be delivered.");
    // Occupancy counts the date that has just ended: 1 of its 10 places.
    await expect(page.getByText("10%", { exact: true })).toBeVisible();
    await expect(page.getByText("1 of 10 places over 1 date")).toBeVisible();
    await expectAccessibleAtBothWidths(page, "week with something to look at");
    await attention.getByRole("link", { name: found.reference }).click();
    await expect(page).toHaveURL(`${base}${found.rosterPath}#booking-${found.reference}`);

    // The date has ended: the roster asks for the marks.
    await expect(page.getByText("This date has ended: please mark who came. 1 booking not marked yet.")).toBeVisible();
    const row = page.locator(`#booking-${found.reference}`);
    await expect(row).toHaveClass(/is-target/);

    // Without JavaScript the buttons still work: the answer is the roster again, at the booking.
    const plain = await browser.newContext({ javaScriptEnabled: false });
    try {
      const noScript = await plain.newPage();
      await signIn(noScript);
      await noScript.goto(`${base}${found.rosterPath}`);
      await noScript.locator(`#booking-${found.reference}`).getByRole("button", { name: /^No-show/ }).click();
      await expect(noScript).toHaveURL(`${base}${found.rosterPath}#booking-${found.reference}`);
      await expect(noScript.locator(`#booking-${found.reference} .attendance__mark`)).toContainText(/^No-show · /);
    } finally {
      await plain.close();
    }

    await row.getByRole("button", { name: /^Attended/ }).click();
    await expect(row.getByRole("button", { name: /^Attended/ })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByText("Everyone is marked: 1 attended, 0 no-shows.")).toBeVisible();
    await expect(row.locator(".attendance__mark")).toContainText(/^Attended · /);
    await expectAccessibleAtBothWidths(page, "roster after the session");

    // The CSV: a BOM, the customer's row with the mark, and no intake.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download CSV/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^roster-\d{4}-\d{2}-\d{2}-hips-and-ankles-mobility-for-runners\.csv$/);
    const bytes = readFileSync(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("Reference,Name,Email,Phone,Places,Status,Paid,Paid by,Refunded,Attendance,Session,Booked at");
    expect(lines).toHaveLength(2);
    const cells = lines[1]!.split(",");
    expect(cells.slice(0, 3)).toEqual([found.reference, CUSTOMER.name, CUSTOMER.email]);
    expect(cells[lines[0]!.split(",").indexOf("Attendance")]).toBe("Attended");
    expect(bytes.toString("utf8")).not.toMatch(/stairs|hill repeats|kneecap/);

    if (SHOTS) {
      await page.setViewportSize({ width: 794, height: 1123 });
      await page.emulateMedia({ media: "print" });
      await page.screenshot({ path: `${SHOTS}/roster-print.png`, fullPage: true });
      await page.emulateMedia({ media: "screen" });
    }
  });

  test("the week is cached per account and never outlives the session (the first test's reload sees a new booking through the cache)", async ({ page }) => {
    await signIn(page);
    const week = () => page.request.get(`${base}/staff`, { maxRedirects: 0 });
    await week();
    const again = await week();
    expect(again.status()).toBe(200);
    expect(again.headers()["x-page-cache"]).toBe("hit");
    expect(again.headers()["content-security-policy"]).toMatch(/'sha256-/);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/staff\/sign-in/);
    const signedOut = await week();
    expect(signedOut.status()).toBe(302);
    expect(signedOut.headers()["location"]).toContain("/staff/sign-in");
  });
});

/** A customer, on a browser context of their own, books the offering's first date and pays; returns its id. */
async function bookFirstDate(browser: Browser): Promise<string> {
  const context = await browser.newContext({ timezoneId: "Pacific/Auckland", locale: "en-GB" });
  const page = await context.newPage();
  try {
    await page.goto(`${base}/workshops/${OFFERING.slug}`);
    await page.getByTestId("slot").first().getByRole("link", { name: /Book a seat/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Book your place" })).toBeVisible();
    const slotId = new URL(page.url()).pathname.split("/").pop()!;
    await page.getByLabel("Your name").fill(CUSTOMER.name);
    await page.getByLabel("Email").fill(CUSTOMER.email);
    await page.getByRole("radio", { name: /Front of the knee/ }).check();
    await page.getByLabel("How long has it bothered you?").selectOption({ label: "Two to six weeks" });
    await page.getByLabel("Anything your coach should know?").fill(CUSTOMER.notes);
    await page.getByRole("checkbox", { name: /booking terms/ }).check();
    await page.getByRole("checkbox", { name: /knee notes/ }).check();
    await page.getByRole("button", { name: /Continue to payment/ }).click();
    await expect(page).toHaveURL(/\/test-checkout\/[^/]+$/);
    await page.getByRole("button", { name: /^Pay £28(\.00)? \(test\)$/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "You're booked, Noor!" })).toBeVisible({ timeout: 15_000 });
    return slotId;
  } finally {
    await context.close();
  }
}
