/**
 * What the server refuses before Remix sees a request, on a real `node server.mjs` (one shared by
 * this file, on its own database): request bodies over their route's limit (chunked ones too),
 * cross-site forms, and X-Forwarded-For from a proxy TRUST_PROXY doesn't name.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { startServerOnFreshDatabase } from "./fresh-database";
import { firstSlotPath } from "./http-booking";
import { send, streamUpload } from "./http-client";
import type { ServerProcess } from "./server-process";

const PORT = 3251;
const OTHER_PORT = 3252;
const BASE = `http://127.0.0.1:${PORT}`;
const RATE_LIMIT_MAX = 2;
const KB = 1024;
const MB = 1024 * KB;

let server: ServerProcess;
let closeServer: () => Promise<void>;
let slotPath: string;

/** A client address of its own for each request (the server trusts X-Forwarded-For from loopback by default). */
let clientCounter = 0;
const newClient = () => ({ "X-Forwarded-For": `198.51.100.${++clientCounter}` });

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };

test.describe("request limits at the server", () => {
  test.describe.configure({ mode: "serial" });

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    ({ server, close: closeServer } = await startServerOnFreshDatabase(PORT, "pfm_t_limits", {
      PUBLIC_BASE_URL: BASE,
      LOG_REQUESTS: "true",
      LOG_FORMAT: "json",
      BOOKING_RATE_LIMIT_MAX: String(RATE_LIMIT_MAX),
      // A webhook endpoint to send to; no Stripe call is made by these tests.
      STRIPE_SECRET_KEY: "sk_test_limits",
      STRIPE_WEBHOOK_SECRET: "whsec_limits",
      STRIPE_API_BASE: "http://127.0.0.1:9",
      SMTP_URL: "",
    }));
    await server.waitHealthy(60_000);
    slotPath = await firstSlotPath(PORT);
  });

  test.afterAll(async () => {
    await closeServer?.();
  });

  test.describe("request bodies", () => {
    test("a 2 MB chunked form is refused with 413 at once, in the site's words, and the connection closes", async () => {
      const answer = await send(PORT, {
        path: slotPath,
        headers: { ...FORM, ...newClient() },
        body: `name=${"a".repeat(2 * MB)}`,
        chunked: true,
      });
      expect(answer.status).toBe(413);
      expect(answer.ms).toBeLessThan(2_000);
      expect(answer.headers.connection).toBe("close");
      expect(answer.headers["content-type"]).toContain("text/html");
      expect(answer.body).toContain("That was too much to send");
      expect(answer.body).toContain("nothing was booked");
      expect(answer.body).not.toMatch(/at \w+ \(|node_modules/);
    });

    test("100 MB chunked to /bookings/<anything> is answered 413 while most of it is unsent, and the upload is cut off", async () => {
      const total = 100 * MB;
      const before = server.output().length;
      const upload = await streamUpload(PORT, "/bookings/no-such-token", total);
      expect(upload.status).toBe(413);
      // The answer came while most of the body was still unsent, and the rest was never sent.
      expect(upload.writtenAtAnswer!).toBeLessThan(total / 4);
      expect(upload.written).toBeLessThan(total / 2);
      // The server's own count of what it read before it stopped: the limit plus one chunk at most.
      await expect.poll(() => server.output().slice(before)).toContain("discarded");
      const log = server.output().slice(before);
      const readByServer = Number(log.match(/Refused a request body over 32768 bytes \(stopped reading at (\d+)\)/)?.[1]);
      const discarded = Number(log.match(/(\d+) more bytes arrived and were discarded/)?.[1]);
      expect(readByServer).toBeLessThanOrEqual(32 * KB + 64 * KB);
      expect(discarded).toBeLessThan(total / 2);
      console.log(
        `100 MB chunked upload: 413 after ${Math.round(upload.msToAnswer!)} ms; the server read ${readByServer} bytes, ` +
          `then discarded ${discarded} more that were already on their way; the client had written ${upload.writtenAtAnswer} ` +
          `bytes when the answer came and stopped at ${upload.written}`,
      );
    });

    test("a form under 32 KB is still read (chunked or not): the action answers about its fields", async () => {
      const body = new URLSearchParams({ name: "Robin Runner", email: "robin@example.test", notes: "n".repeat(30 * KB) }).toString();
      expect(body.length).toBeLessThan(32 * KB);
      for (const chunked of [true, false]) {
        const answer = await send(PORT, { path: slotPath, headers: { ...FORM, ...newClient() }, body, chunked });
        expect(answer.status).toBe(400);
        expect(answer.body).toContain("Please keep this under 1,000 characters.");
      }
    });

    test("the webhook takes a body under 1 MB (then checks the signature) and refuses one over it with JSON", async () => {
      const event = JSON.stringify({ id: "evt_big", type: "checkout.session.completed", padding: "p".repeat(900 * KB) });
      const headers = { "Content-Type": "application/json", "Stripe-Signature": "t=1,v1=bad" };
      for (const chunked of [true, false]) {
        const answer = await send(PORT, { path: "/webhooks/stripe", headers, body: event, chunked });
        expect(answer.status).toBe(400);
        expect(JSON.parse(answer.body)).toEqual({ error: "Invalid signature" });
      }
      const tooBig = await send(PORT, { path: "/webhooks/stripe", headers, body: "x".repeat(MB + 1), chunked: true });
      expect(tooBig.status).toBe(413);
      expect(JSON.parse(tooBig.body)).toEqual({ error: "Payload too large", limitBytes: MB });
    });

    test("in a browser, a form too big shows the 413 page in the site's design", async ({ page }) => {
      await page.goto(`${BASE}${slotPath}`);
      await submitForm(page, `${BASE}${slotPath}`, { name: "Robin", notes: "n".repeat(40 * KB) });
      await expect(page.getByRole("heading", { level: 1, name: "That was too much to send" })).toBeVisible();
      await expect(page.getByRole("link", { name: "Back to the form" })).toHaveAttribute("href", slotPath);
      await expectNoSeriousAxeViolations(page);
      await page.screenshot({ path: "test-results/refusal-413.png", fullPage: true });
      await page.setViewportSize({ width: 360, height: 740 });
      await page.screenshot({ path: "test-results/refusal-413-phone.png", fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    });
  });

  test.describe("cross-site requests", () => {
    test("a POST from another site is refused with 403 and a message a person understands, not a 500", async () => {
      const crossSite: Record<string, string>[] = [{ Origin: "https://evil.example" }, { "Sec-Fetch-Site": "cross-site" }, { Origin: "null" }];
      for (const headers of crossSite) {
        const answer = await send(PORT, { path: slotPath, headers: { ...FORM, ...newClient(), ...headers }, body: "name=x" });
        expect(answer.status, JSON.stringify(headers)).toBe(403);
        expect(answer.body).toContain("Please use the form on our own site");
        expect(answer.body).toContain("nothing was booked or changed");
      }
      expect(server.output()).not.toContain("does not match `origin` header");
    });

    test("same-origin forms, forms without Origin (curl) and Stripe's webhook still go through", async () => {
      const sameOrigin = await send(PORT, {
        path: slotPath,
        headers: { ...FORM, ...newClient(), Origin: BASE, "Sec-Fetch-Site": "same-origin" },
        body: "name=x",
      });
      expect(sameOrigin.status).toBe(400);
      const noOrigin = await send(PORT, { path: slotPath, headers: { ...FORM, ...newClient() }, body: "name=x" });
      expect(noOrigin.status).toBe(400);
      const webhook = await send(PORT, {
        path: "/webhooks/stripe",
        headers: { "Content-Type": "application/json", Origin: "https://stripe.example", "Stripe-Signature": "t=1,v1=bad" },
        body: "{}",
      });
      expect(webhook.status).toBe(400);
    });

    test("in a browser, a form on another site posting to ours lands on the 403 page", async ({ page }) => {
      // A page "on evil.example", served by the browser's own interception: its form posts to us for real.
      await page.route("http://evil.example/**", (route) => route.fulfill({ contentType: "text/html", body: "<!doctype html><title>Win a prize</title>" }));
      await page.goto("http://evil.example/prize");
      await submitForm(page, `${BASE}${slotPath}`, { name: "Robin", email: "robin@example.test" });
      await expect(page.getByRole("heading", { level: 1, name: "Please use the form on our own site" })).toBeVisible();
      await expect(page.getByRole("link", { name: "Open the form on our site" })).toHaveAttribute("href", slotPath);
      await expectNoSeriousAxeViolations(page);
      await page.screenshot({ path: "test-results/refusal-403.png", fullPage: true });
    });
  });

  test.describe("TRUST_PROXY", () => {
    // Honeypot hits: they count against the rate limit (a form with typos doesn't) and book nothing.
    const tryBooking = (port: number, forwardedFor: string) =>
      send(port, { path: slotPath, headers: { ...FORM, "X-Forwarded-For": forwardedFor }, body: "website=https%3A%2F%2Fspam.example" }).then(
        (answer) => answer.status,
      );

    test("by default X-Forwarded-For from loopback is trusted: each forwarded address has its own rate limit", async () => {
      const distinct = [];
      for (const address of ["203.0.113.11", "203.0.113.12", "203.0.113.13"]) distinct.push(await tryBooking(PORT, address));
      expect(distinct).toEqual([400, 400, 400]);
      const same = [];
      for (let attempt = 0; attempt <= RATE_LIMIT_MAX; attempt++) same.push(await tryBooking(PORT, "203.0.113.20"));
      expect(same).toEqual([400, 400, 429]);
    });

    test("with a list that leaves loopback out, X-Forwarded-For from loopback is ignored: the real address is counted", async () => {
      test.setTimeout(90_000);
      const { server: strict, close } = await startServerOnFreshDatabase(OTHER_PORT, "pfm_t_proxy", {
        TRUST_PROXY: "10.0.0.0/8, 192.168.0.1",
        BOOKING_RATE_LIMIT_MAX: String(RATE_LIMIT_MAX),
        STRIPE_SECRET_KEY: "",
        SMTP_URL: "",
      });
      try {
        await strict.waitHealthy(60_000);
        const statuses = [];
        for (const address of ["203.0.113.31", "203.0.113.32", "203.0.113.33"]) statuses.push(await tryBooking(OTHER_PORT, address));
        expect(statuses).toEqual([400, 400, 429]);
      } finally {
        await close();
      }
    });
  });
});

/** Builds a form in the page and submits it for real (the browser sends its own Origin and Sec-Fetch-Site). */
async function submitForm(page: Page, action: string, fields: Record<string, string>) {
  await Promise.all([
    page.waitForNavigation(),
    page.evaluate(
      ({ action, fields }) => {
        const form = document.createElement("form");
        form.method = "post";
        form.action = action;
        for (const [name, value] of Object.entries(fields)) {
          const input = document.createElement("input");
          input.type = "hidden";
          input.name = name;
          input.value = value;
          form.append(input);
        }
        document.body.append(form);
        form.submit();
      },
      { action, fields },
    ),
  ]);
}

async function expectNoSeriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.filter((violation) => ["serious", "critical"].includes(violation.impact ?? "")).map((v) => v.id)).toEqual([]);
}
