/**
 * The last seats, fought over: two real `node server.mjs` processes on one PostgreSQL database
 * take 200 simultaneous bookings for a 10-seat workshop and for a 1-seat private session. The
 * database must end with exactly the seats there are, every loser must get the "just filled up"
 * (or, for a one-to-one, "just taken") answer (never a 5xx), and the per-address rate limit must count across both processes. Before
 * the race, the page cache is checked across the two processes: a confirmed booking changes the
 * places left on the very next request to either.
 */
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { uniqueDatabaseName, urlForDatabase, withAdminConnection } from "../helpers/postgres-admin";
import { freePort } from "./console-helpers";
import { send } from "./http-client";
import { startServer, type ServerProcess } from "./server-process";

const CONCURRENT_BOOKINGS = 200;
const RATE_LIMIT_MAX = 5;
const LOCATION = "Race Test Studio, 1 Test Street";

/** One form POST from a chosen loopback source address, on its own connection. */
async function postForm(port: number, path: string, form: Record<string, string>, localAddress: string) {
  const answer = await send(port, {
    path,
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
    localAddress,
  });
  return { ...answer, location: answer.headers.location as string | undefined };
}

function bookingForm(email: string): Record<string, string> {
  return {
    name: "Race Runner",
    email,
    phone: "",
    seats: "1",
    painLocation: "front",
    painDuration: "",
    notes: "",
    consentTerms: "on",
    consentHealth: "on",
    website: "",
  };
}

/** 127.0.0.2 … 127.0.0.201: each request its own client address, so none is rate limited. */
const loopbackAddress = (index: number) => `127.0.${Math.floor((index + 2) / 256)}.${(index + 2) % 256}`;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

test.describe("booking race (two app processes, one PostgreSQL)", () => {
  test.skip(!process.env.DATABASE_URL, "needs a real PostgreSQL: two app processes cannot share the embedded database");
  test.setTimeout(180_000);

  test("200 simultaneous bookings sell exactly the seats there are; the rate limit is shared", async () => {
    const baseUrl = process.env.DATABASE_URL!;
    const name = uniqueDatabaseName("pfm_t_race");
    await withAdminConnection(baseUrl, (sql) => sql.unsafe(`create database "${name}"`));
    const url = urlForDatabase(baseUrl, name);
    const env = {
      DATABASE_URL: url,
      NODE_ENV: "",
      STRIPE_SECRET_KEY: "",
      SMTP_URL: "",
      BOOKING_RATE_LIMIT_MAX: String(RATE_LIMIT_MAX),
    };
    // Two free ports (fixed ones would collide with E2E_PORT's shared server or another run's).
    const PORTS = [await freePort()];
    while (PORTS.length < 2) {
      const port = await freePort();
      if (!PORTS.includes(port)) PORTS.push(port);
    }
    const servers: ServerProcess[] = [];
    const sql = postgres(url, { max: 2, onnotice: () => {} });
    try {
      // The first server migrates the fresh database; the second starts once it is up. (Starting
      // both at once is the lifecycle spec's business, and is not what this test is about.)
      for (const port of PORTS) {
        const server = startServer(port, env);
        servers.push(server);
        await server.waitHealthy(60_000);
      }

      const startsAt = new Date(Date.now() + 3 * 24 * 60 * 60_000);
      startsAt.setUTCMinutes(0, 0, 0);
      const suffix = Date.now().toString(36);
      const createSlot = async (kind: "workshop" | "private", capacity: number, minutes: number, label: string = kind) => {
        const [offering] = await sql<{ id: string }[]>`
          insert into offerings (kind, slug, title, summary, description, duration_minutes, price_minor, currency, default_capacity, location)
          values (${kind}, ${`race-${label}-${suffix}`}, ${`Race ${label}`}, 'A race test offering.',
                  'Made by the booking race test.', ${minutes}, 2500, 'GBP', ${capacity}, ${LOCATION})
          returning id`;
        const [slot] = await sql<{ id: string }[]>`
          insert into slots (offering_id, starts_at, ends_at, capacity)
          values (${offering!.id}, ${startsAt}, ${new Date(startsAt.getTime() + minutes * 60_000)}, ${capacity})
          returning id`;
        return slot!.id;
      };
      const workshopSlot = await createSlot("workshop", 10, 60);
      const privateSlot = await createSlot("private", 1, 50);

      // Cached pages never show more places than there are: a booking confirmed through one
      // process changes the places left on the very next request to either.
      const cachedSlot = await createSlot("workshop", 5, 60, "cache");
      const placesLeftOn = async (port: number) => {
        const page = await send(port, { method: "GET", path: `/workshops/race-cache-${suffix}` });
        expect(page.status).toBe(200);
        return { cache: page.headers["x-page-cache"], left: Number(page.body.match(/(\d+)(?:<!-- -->)? places? left/)?.[1]) };
      };
      // (Anything committed meanwhile moves the version, a just-started process's own jobs too:
      // then the page is rendered again, with the same places, until it is kept.)
      for (const port of PORTS) {
        expect(await placesLeftOn(port)).toEqual({ cache: "miss", left: 5 });
        await expect.poll(() => placesLeftOn(port), { timeout: 10_000 }).toEqual({ cache: "hit", left: 5 });
      }
      const held = await postForm(PORTS[0]!, `/book/${cachedSlot}`, bookingForm(`cache-${suffix}@example.test`), "127.0.0.240");
      expect(held.status).toBe(303);
      const paid = await send(PORTS[0]!, {
        path: new URL(held.location!, `http://127.0.0.1:${PORTS[0]}`).pathname,
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "intent=pay",
      });
      expect(paid.status).toBe(303);
      expect((await sql<{ status: string }[]>`select status from bookings where slot_id = ${cachedSlot}`).map((row) => row.status)).toEqual(["confirmed"]);
      expect(await placesLeftOn(PORTS[1]!)).toEqual({ cache: "miss", left: 4 });
      expect(await placesLeftOn(PORTS[0]!)).toEqual({ cache: "miss", left: 4 });
      // (The confirmation email's job moves the version again when it is recorded.)
      await expect.poll(() => placesLeftOn(PORTS[1]!), { timeout: 10_000 }).toEqual({ cache: "hit", left: 4 });

      const race = async (slotId: string, label: string) => {
        const started = performance.now();
        const answers = await Promise.all(
          Array.from({ length: CONCURRENT_BOOKINGS }, (_, index) =>
            postForm(
              PORTS[index % PORTS.length]!,
              `/book/${slotId}`,
              bookingForm(`race-${label}-${index}-${suffix}@example.test`),
              loopbackAddress(index),
            ),
          ),
        );
        const wallMs = performance.now() - started;
        const latencies = answers.map((answer) => answer.ms).sort((a, b) => a - b);
        return { answers, wallMs, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
      };

      const seatsInDatabase = async (slotId: string) => {
        const [row] = await sql<{ seatsTaken: number; capacity: number; held: number; bookings: number }[]>`
          select s.seats_taken as "seatsTaken", s.capacity,
                 (select coalesce(sum(b.seats), 0)::int from bookings b where b.slot_id = s.id and b.holds_seats) as held,
                 (select count(*)::int from bookings b where b.slot_id = s.id) as bookings
          from slots s where s.id = ${slotId}`;
        return row!;
      };

      const summaries: string[] = [];
      for (const [slotId, label, seats] of [
        [workshopSlot, "workshop", 10],
        [privateSlot, "private", 1],
      ] as const) {
        const { answers, wallMs, p50, p95 } = await race(slotId, label);
        const statuses = answers.map((answer) => answer.status);
        const count = (status: number) => statuses.filter((value) => value === status).length;
        const serverErrors = answers.filter((answer) => answer.status >= 500);
        expect(
          serverErrors.map((answer) => `${answer.status}: ${answer.body.slice(0, 200)}`),
          `${label}: no 5xx; the servers said:\n${servers.map((server) => server.output().slice(-4000)).join("\n---\n")}`,
        ).toEqual([]);
        expect(count(303), `${label}: winners`).toBe(seats);
        expect(count(409), `${label}: losers`).toBe(CONCURRENT_BOOKINGS - seats);
        for (const winner of answers.filter((answer) => answer.status === 303)) {
          expect(winner.location).toMatch(/\/test-checkout\/[^/]+$/);
        }
        expect(answers.find((answer) => answer.status === 409)?.body).toContain(
          label === "workshop" ? "Sorry, this date just filled up" : "Sorry, this time was just taken",
        );
        // Every loser gets the same page from each process (rendered once there and shared; the
        // page names the process's own address), each with the nonce its own
        // Content-Security-Policy names, and no other.
        const nonceOf = (answer: (typeof answers)[number]) => /'nonce-([^']+)'/.exec(String(answer.headers["content-security-policy"]))?.[1];
        for (const [process, port] of PORTS.entries()) {
          const losers = answers.filter((answer, index) => answer.status === 409 && index % PORTS.length === process);
          const pages = new Set(
            losers.map((loser) => {
              const nonce = nonceOf(loser);
              expect(nonce, `${label}: a loser's CSP names a nonce`).toBeTruthy();
              const inPage = [...loser.body.matchAll(/ nonce="([^"]*)"/g)].map((match) => match[1]);
              expect(inPage.length).toBeGreaterThan(0);
              expect(new Set(inPage), `${label}: the page's nonces are its own response's`).toEqual(new Set([nonce]));
              return loser.body.replaceAll(nonce!, "NONCE");
            }),
          );
          expect(pages.size, `${label}: one page for every loser on port ${port}`).toBe(1);
          expect(new Set(losers.map(nonceOf)).size).toBe(losers.length);
        }
        expect(await seatsInDatabase(slotId)).toEqual({ seatsTaken: seats, capacity: seats, held: seats, bookings: seats });
        summaries.push(`${label} ${seats}/${CONCURRENT_BOOKINGS} in ${Math.round(wallMs)} ms (p50 ${Math.round(p50)} ms, p95 ${Math.round(p95)} ms)`);
      }

      // One address, six attempts, alternating between the processes: the sixth is refused.
      // Honeypot hits (400), which count like held submissions, so the first five book nothing.
      const limited: number[] = [];
      for (let attempt = 0; attempt < RATE_LIMIT_MAX + 1; attempt++) {
        const answer = await postForm(PORTS[attempt % PORTS.length]!, `/book/${workshopSlot}`, { website: "https://spam.example" }, "127.0.0.250");
        limited.push(answer.status);
      }
      expect(limited).toEqual([400, 400, 400, 400, 400, 429]);

      for (const server of servers) {
        const stopped = await server.stop("SIGTERM");
        expect(stopped.code, server.output()).toBe(0);
      }
      console.log(`booking race, 2 processes: ${summaries.join("; ")}; rate limit shared (6th of 6 → 429)`);
    } finally {
      await sql.end({ timeout: 5 });
      for (const server of servers) await server.stop("SIGKILL");
      await withAdminConnection(baseUrl, (admin) => admin.unsafe(`drop database if exists "${name}" with (force)`));
    }
  });
});
