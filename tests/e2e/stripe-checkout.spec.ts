import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import Stripe from "stripe";
import { signWebhook, startFakeStripe, type FakeStripe } from "../helpers/fake-stripe";
import { uniqueDatabaseName, urlForDatabase, withAdminConnection } from "../helpers/postgres-admin";
import { startSmtpServer } from "../helpers/smtp";
import { startServer, type ServerProcess } from "./server-process";

const PORT = 3251;
const BASE = `http://127.0.0.1:${PORT}`;
const WEBHOOK_SECRET = "whsec_e2e_stripe_mode";

/**
 * The same customer path with real payments configured: the Stripe SDK talks to a local server
 * speaking Stripe's API, the browser pays on its hosted page, the success page shows the truth,
 * the signed webhook arrives too, and the confirmation reaches a real SMTP server. On PostgreSQL
 * this runs in production mode (every real service configured); on PGlite, in demo mode.
 */
test.describe("booking with Stripe Checkout", () => {
  let fake: FakeStripe;
  let smtp: ReturnType<typeof startSmtpServer>;
  let server: ServerProcess | undefined;
  let cleanup = async () => {};
  let serverEnv: Record<string, string> = {};

  test.beforeAll(async () => {
    fake = await startFakeStripe();
    smtp = startSmtpServer();
    const smtpPort = await smtp.listen();
    const env: Record<string, string> = {
      STRIPE_SECRET_KEY: "sk_test_e2e_stripe_mode",
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      BOOKING_LINK_SECRET: "e2e-booking-link-secret-of-at-least-32-characters",
      SESSION_SECRET: "e2e-session-secret-of-at-least-32-characters",
      STRIPE_API_BASE: fake.url,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      // The test's mail server is a plaintext relay on this machine: production requires TLS otherwise.
      SMTP_ALLOW_PLAINTEXT: "true",
      MAIL_FROM: "Pain Free Me Studio <hello@painfreeme.example>",
      STUDIO_EMAIL: "studio-e2e@painfreeme.example",
      STUDIO_ADDRESS: "Unit 4, Riverside Yard, 12 Mill Lane, London SE1 7AB",
      PUBLIC_BASE_URL: BASE,
      PORT: String(PORT),
    };
    const baseUrl = process.env.DATABASE_URL;
    if (baseUrl) {
      const name = uniqueDatabaseName("pfm_t_stripe");
      await withAdminConnection(baseUrl, (sql) => sql.unsafe(`create database "${name}"`));
      Object.assign(env, { NODE_ENV: "production", DATABASE_URL: urlForDatabase(baseUrl, name) });
      cleanup = () => withAdminConnection(baseUrl, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`)).then(() => {});
    } else {
      const dataDir = mkdtempSync(path.join(tmpdir(), "pfm-stripe-e2e-"));
      Object.assign(env, { NODE_ENV: "", DATABASE_URL: "", PGLITE_DATA_DIR: dataDir });
      cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
    }
    // Production never seeds by itself: the operator's `npm run db:seed` puts the offerings in.
    const seed = spawnSync(process.execPath, ["--import", "tsx", "db/seed-cli.ts"], {
      env: { ...process.env, ...env },
      encoding: "utf8",
    });
    expect(seed.status, seed.stderr + seed.stdout).toBe(0);
    serverEnv = env;
    server = startServer(PORT, env);
    await server.waitHealthy(60_000);
  });

  test.afterAll(async () => {
    await server?.stop();
    await cleanup();
    await smtp?.close();
    await fake?.close();
  });

  test("a customer books, pays on Stripe's page, is confirmed, and gets one confirmation email", async ({ page }) => {
    expect(server!.output()).toContain(process.env.DATABASE_URL ? "production mode" : "demo mode");
    const email = `stripe-${Date.now().toString(36)}@example.test`;
    await page.goto(`${BASE}/workshops/hip-and-ankle-mobility-for-runners`);
    await page.getByRole("link", { name: /Book a seat/ }).first().click();
    await page.getByLabel("Your name").fill("Sam Strider");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Places").selectOption("2");
    await page.getByText("Just under or just over the kneecap").click();
    await page.getByLabel(/I agree to the/).check();
    await page.getByLabel(/knee notes/).check();
    await page.getByRole("button", { name: /Continue to payment/ }).click();

    await page.waitForURL(`${fake.url}/pay/**`);
    // The browser keeps the hold: in production in a Secure, __Host- cookie.
    const holdCookies = (await page.context().cookies(BASE)).filter((cookie) => cookie.name.endsWith("pfm_hold"));
    expect(holdCookies.map(({ name, secure }) => ({ name, secure }))).toEqual([
      process.env.DATABASE_URL ? { name: "__Host-pfm_hold", secure: true } : { name: "pfm_hold", secure: false },
    ]);
    const [sessionId] = [...fake.sessions.keys()].slice(-1);
    const session = fake.sessions.get(sessionId!)!;
    expect(session.amount_total).toBe(5600);
    expect(session.customer_email).toBe(email);
    await page.getByRole("button", { name: "Pay" }).click();

    await page.waitForURL(`${BASE}/bookings/**`);
    await expect(page.getByRole("heading", { name: "You're booked, Sam!" })).toBeVisible();
    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(axe.violations.filter((v) => ["serious", "critical"].includes(v.impact ?? "")).map((v) => v.id)).toEqual([]);

    // Stripe's webhook arrives after the success page already fulfilled: acknowledged, no second confirmation.
    const body = fake.event("checkout.session.completed", fake.sessions.get(sessionId!));
    const signer = new Stripe("sk_test_signing_only");
    const delivered = await page.request.post(`${BASE}/webhooks/stripe`, {
      data: body,
      headers: { "Content-Type": "application/json", "Stripe-Signature": signWebhook(signer, body, WEBHOOK_SECRET) },
    });
    expect(delivered.status()).toBe(200);
    expect(await delivered.json()).toMatchObject({ outcome: "already_fulfilled" });
    const unsigned = await page.request.post(`${BASE}/webhooks/stripe`, { data: body, headers: { "Content-Type": "application/json" } });
    expect(unsigned.status()).toBe(400);

    await expect
      .poll(() => smtp.received.filter((mail) => mail.envelopeTo.includes(email)).length, { timeout: 20_000 })
      .toBe(1);
    const mail = smtp.received.find((received) => received.envelopeTo.includes(email))!;
    expect(mail.parsed.subject).toMatch(/Hips & Ankles/);
    expect(mail.parsed.attachments.some((attachment) => attachment.filename?.endsWith(".ics"))).toBe(true);
    // Every API call the app made was one the fake knows (the browser's own favicon fetch aside).
    expect(fake.unhandled.filter((call) => call !== "GET /favicon.ico")).toEqual([]);

    if (process.env.DATABASE_URL) {
      // Production mode: the demo conveniences are gone.
      expect((await page.request.get(`${BASE}/dev/mailbox`)).status()).toBe(404);
      expect((await page.request.get(`${BASE}/test-checkout/sim_cs_000000000000000000000000`)).status()).toBe(404);
    }
  });

  test("on a fresh production install, `npm run staff:add` gives an owner who can sign in (with a Secure __Host- cookie)", async ({
    request,
  }) => {
    test.skip(!process.env.DATABASE_URL, "production mode needs a real PostgreSQL (DATABASE_URL)");
    const password = "fresh install owner passphrase";
    const add = spawnSync(
      process.execPath,
      ["--import", "tsx", "app/staff/cli.ts", "add", "--email", "First.Owner@painfreeme.example", "--name", "First Owner", "--role", "owner", "--password-stdin"],
      { env: { ...process.env, ...serverEnv }, input: `${password}\n`, encoding: "utf8" },
    );
    expect(add.status, add.stderr + add.stdout).toBe(0);
    expect(add.stdout).toContain("Created owner account for First Owner <first.owner@painfreeme.example>");
    expect(add.stdout).not.toContain(password);

    const signedIn = await request.post(`${BASE}/staff/sign-in`, {
      form: { email: "first.owner@painfreeme.example", password, next: "/staff" },
      maxRedirects: 0,
    });
    expect(signedIn.status()).toBe(302);
    expect(signedIn.headers()["location"]).toBe("/staff");
    const cookie = signedIn.headers()["set-cookie"]!;
    expect(cookie).toMatch(/^__Host-pfm_staff=/);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
    const home = await request.get(`${BASE}/staff`, { headers: { Cookie: cookie.split(";")[0]! }, maxRedirects: 0 });
    expect(home.status()).toBe(200);
    expect(await home.text()).toMatch(/Hello, (<!-- -->)?First/);
  });
});
