/**
 * The last places, fought over: a fresh 10-place date, and 200 visitors posting the booking form
 * at once, each from its own loopback address (127.0.0.2 …), split between two app processes on
 * one database. Each visitor has loaded the form first, as a real one would: that warms both
 * processes' booking route without taking a place.
 */
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { send, type Answer } from "../e2e/http-client";
import { bookingFormBody } from "../e2e/http-booking";
import { percentile } from "./table";

export type RaceResult = {
  racers: number;
  places: number;
  processes: number;
  /** From the first request sent to the last answer received. */
  lastAnswerMs: number;
  p50Ms: number;
  p99Ms: number;
  /** Places taken on the date, read back from the database. */
  sold: number;
  /** Bookings holding places on the date. */
  bookingsHolding: number;
  serverErrors: number;
  statuses: string;
  /** The first 5xx or unexpected answer, to show why. */
  firstProblem: string | undefined;
};

/**
 * The client address the app sees (Express's req.ip, no proxy in between): a distinct one per
 * visitor, so neither the per-address rate limit nor the places-per-network limit is reached, with
 * every production default in force.
 */
const loopbackAddress = (index: number) => `127.0.${Math.floor((index + 2) / 256)}.${(index + 2) % 256}`;

async function createRaceDate(url: string, places: number): Promise<string> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const suffix = Date.now().toString(36);
    const startsAt = new Date(Date.now() + 3 * 24 * 60 * 60_000);
    startsAt.setUTCMinutes(0, 0, 0);
    const [offering] = await sql<{ id: string }[]>`
      insert into offerings (kind, slug, title, summary, description, duration_minutes, price_minor, currency, default_capacity, location)
      values ('workshop', ${`bench-race-${suffix}`}, 'Bench race workshop', 'The last places, fought over.',
              'Made by the benchmark.', 60, 2500, 'GBP', ${places}, 'Bench Studio, 1 Test Street')
      returning id`;
    const [slot] = await sql<{ id: string }[]>`
      insert into slots (offering_id, starts_at, ends_at, capacity)
      values (${offering!.id}, ${startsAt}, ${new Date(startsAt.getTime() + 60 * 60_000)}, ${places})
      returning id`;
    return slot!.id;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function placesOnDate(url: string, slotId: string): Promise<{ sold: number; bookingsHolding: number }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ sold: number; bookingsHolding: number }[]>`
      select s.seats_taken as sold,
             (select count(*)::int from bookings b where b.slot_id = s.id and b.holds_seats) as "bookingsHolding"
      from slots s where s.id = ${slotId}`;
    return row!;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function runRace(
  databaseUrl: string,
  ports: readonly number[],
  { racers, places }: { racers: number; places: number },
): Promise<RaceResult> {
  const slotId = await createRaceDate(databaseUrl, places);
  const path = `/book/${slotId}`;
  for (const port of ports) {
    for (let visit = 0; visit < 5; visit++) {
      const form = await send(port, { method: "GET", path });
      if (form.status !== 200) throw new Error(`the booking form answered ${form.status} on port ${port}`);
    }
  }

  const suffix = Date.now().toString(36);
  const started = performance.now();
  const answers: Answer[] = await Promise.all(
    Array.from({ length: racers }, (_, index) =>
      send(ports[index % ports.length]!, {
        path,
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: bookingFormBody({ name: "Race Runner", email: `bench-race-${index}-${suffix}@example.test`, phone: "", notes: "" }),
        localAddress: loopbackAddress(index),
      }),
    ),
  );
  const lastAnswerMs = performance.now() - started;

  const latencies = answers.map((answer) => answer.ms);
  const byStatus = new Map<number, number>();
  for (const answer of answers) byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
  const unexpected = answers.find((answer) => answer.status !== 303 && answer.status !== 409);
  return {
    racers,
    places,
    processes: ports.length,
    lastAnswerMs,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    ...(await placesOnDate(databaseUrl, slotId)),
    serverErrors: answers.filter((answer) => answer.status >= 500).length,
    statuses: [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${count}×${status}`)
      .join(" "),
    firstProblem: unexpected ? `${unexpected.status}: ${unexpected.body.slice(0, 300)}` : undefined,
  };
}
