/**
 * The logs keep no personal data: a real `node server.mjs` with request logs on, in JSON, on its
 * own fresh database, takes a whole booking over HTTP (form → test checkout → pay → booking page,
 * and another hold released through its cancel link) and one database error whose parameters
 * hold the customer's details. Its captured output must not contain a booking token, an email,
 * a phone number, a knee note or a name — and must name routes by pattern and the error by code.
 */
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { startServerOnFreshDatabase } from "./fresh-database";
import { send } from "./http-client";
import { bookingFormBody, firstSlotPath, holdPlace, redirectPath, testCheckout, type Customer } from "./http-booking";

const PORT = 3253;
const BASE = `http://127.0.0.1:${PORT}`;

const customer: Customer = {
  name: "Quintessa Marlowe",
  email: "quintessa.logcheck@example.test",
  phone: "+44 7700 900417",
  notes: "Sharp pain under the kneecap on stairs, Zanzibar-marker-5521",
};
const otherCustomer = {
  name: "Bartholomew Quince",
  email: "bart.logcheck@example.test",
  phone: "+44 7700 900582",
  notes: "Aches after long runs, Kilimanjaro-marker-7730",
};
/** The customer the database refuses (a CHECK constraint added from outside), so the insert fails with 23514. */
const refusedCustomer = {
  name: "Orrin Vexley",
  email: "orrin.logcheck@example.test",
  phone: "+44 7700 900693",
  notes: "Swelling after hill repeats, Timbuktu-marker-9146",
};

test("after a whole booking and a database error, the log holds no token, email, phone number, knee note or name", async () => {
  test.setTimeout(120_000);
  const { server, database, close } = await startServerOnFreshDatabase(PORT, "pfm_t_logs", {
    PUBLIC_BASE_URL: BASE,
    LOG_REQUESTS: "true",
    LOG_FORMAT: "json",
    STRIPE_SECRET_KEY: "",
    SMTP_URL: "",
  });
  const tokens: string[] = [];
  try {
    await server.waitHealthy(60_000);
    const slotPath = await firstSlotPath(PORT);
    const tokenIn = (path: string) => {
      const token = path.match(/^\/bookings\/([^/?]+)/)?.[1];
      expect(token, path).toBeTruthy();
      tokens.push(token!);
      return token!;
    };

    // The customer books, pays on the test checkout and opens the booking page.
    const checkout = await holdPlace(PORT, slotPath, customer, "203.0.113.41");
    expect((await send(PORT, { method: "GET", path: checkout })).status).toBe(200);
    const token = tokenIn(await testCheckout(PORT, checkout, "pay"));
    await expect
      .poll(async () => (await send(PORT, { method: "GET", path: `/bookings/${token}?paid=1` })).body, { timeout: 15_000 })
      .toMatch(/You(&#x27;|')re booked/);

    // Someone else takes a hold and lets it go through the cancel link.
    const cancelPath = await testCheckout(PORT, await holdPlace(PORT, slotPath, otherCustomer, "203.0.113.42"), "cancel");
    expect(cancelPath).toMatch(/\/cancel$/);
    tokenIn(cancelPath);
    const released = await send(PORT, { method: "GET", path: cancelPath });
    expect(released.status).toBe(303);
    expect((await send(PORT, { method: "GET", path: redirectPath(released, PORT) })).status).toBe(200);

    // One database error whose parameters would carry the customer's details.
    if (database.url) {
      const sql = postgres(database.url, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`alter table bookings add constraint log_test_refused_name check (customer_name <> '${refusedCustomer.name}')`);
        const refused = await send(PORT, {
          path: slotPath,
          headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "203.0.113.43" },
          body: bookingFormBody(refusedCustomer),
        });
        expect(refused.status).toBe(500);
      } finally {
        await sql.unsafe("alter table bookings drop constraint if exists log_test_refused_name");
        await sql.end();
      }
    } else {
      console.log("Skipping the database-error part of the log test: it needs DATABASE_URL (a real PostgreSQL) to add a constraint from outside.");
    }

    // The confirmation emails are sent by the worker (and logged) within a few seconds.
    await expect.poll(() => server.output(), { timeout: 15_000 }).toContain("Email kept in the local mailbox");
    expect((await server.stop()).code).toBe(0);

    const output = server.output();
    for (const who of [customer, otherCustomer, refusedCustomer]) {
      for (const [field, value] of Object.entries(who)) {
        expect(output, `the log holds ${field} "${value}"`).not.toContain(value);
      }
      expect(output).not.toContain(who.name.split(" ")[0]!);
      expect(output).not.toContain(who.phone.replace(/ /g, ""));
      expect(output).not.toContain(encodeURIComponent(who.email));
    }
    for (const secret of tokens) expect(output, "the log holds a booking token").not.toContain(secret);
    expect(output).not.toContain("Failing row");
    expect(output).not.toContain("params:");

    const lines = output
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { msg?: string; reqId?: string; req?: { route?: string }; err?: { cause?: { code?: string } } });
    const routes = new Set(lines.map((line) => line.req?.route).filter(Boolean));
    expect([...routes]).toEqual(expect.arrayContaining(["/book/:slotId", "/test-checkout/:sessionId", "/bookings/:token", "/bookings/:token/cancel"]));
    expect(lines.filter((line) => line.req?.route).every((line) => typeof line.reqId === "string")).toBe(true);
    if (database.url) {
      expect(output).toContain('"code":"23514"');
      expect(output).toContain("log_test_refused_name");
    }
  } finally {
    await close();
  }
});
