/**
 * How fast can one hot slot take holds? Runs the real `holdSeat` from many concurrent workers
 * against ONE slot in a scratch PostgreSQL database, checks that nothing was oversold, then runs
 * the bare minimum the database must do for the same job (lock the slot row, bump its counter)
 * for comparison. The ratio says how much the booking logic costs on top of the row lock.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench
 *
 * Settings: BENCH_SECONDS (default 5), BENCH_CONCURRENCY (default 16).
 */
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { holdSeat, type BookingRules } from "../../app/booking/hold-seat.server";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { offerings, slots } from "../../db/schema";
import { uniqueDatabaseName, urlForDatabase, withAdminConnection } from "../helpers/postgres-admin";

const baseUrl = process.env.DATABASE_URL;
if (!baseUrl || !/^postgres(ql)?:\/\//.test(baseUrl)) {
  console.error(
    "The holds benchmark needs a real PostgreSQL server: set DATABASE_URL to a postgres:// URL of a database\n" +
      "you may create databases from (a scratch database is created and dropped), for example:\n\n" +
      "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench\n\n" +
      "It does not run on the embedded PGlite: one connection cannot show contention.",
  );
  process.exit(2);
}

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const CAPACITY = 100_000;
// The hold limits are lifted: every bench customer comes from one address on one day.
const RULES: BookingRules = {
  maxSeats: 4,
  closesMinutesBefore: 120,
  checkoutMinutes: 31,
  holdGraceMinutes: 10,
  holdsPerEmail: 1,
  heldPlacesPerNetwork: CAPACITY,
  timeZone: "Europe/London",
};

type Phase = { name: string; operations: number; refused: number; errors: number; seconds: number; latencies: number[] };

/** Runs `operation` in a loop on `concurrency` workers until the time is up. */
async function runPhase(
  name: string,
  operation: (worker: number, iteration: number) => Promise<"ok" | "refused">,
): Promise<Phase> {
  const latencies: number[] = [];
  let refused = 0;
  let errors = 0;
  let firstError: unknown;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      for (let iteration = 0; performance.now() < deadline; iteration++) {
        const begun = performance.now();
        try {
          if ((await operation(worker, iteration)) === "refused") refused++;
          else latencies.push(performance.now() - begun);
        } catch (error) {
          errors++;
          firstError ??= error;
        }
      }
    }),
  );
  if (firstError) console.error(`${name}: ${errors} error(s), the first:`, firstError);
  return { name, operations: latencies.length, refused, errors, seconds: (performance.now() - started) / 1000, latencies };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row, index) => {
      const line = row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ");
      return index === 0 ? `${line}\n${widths.map((width) => "-".repeat(width)).join("  ")}` : line;
    })
    .join("\n");
}

const name = uniqueDatabaseName("pfm_bench");
const url = urlForDatabase(baseUrl, name);
await withAdminConnection(baseUrl, (sql) => sql.unsafe(`create database "${name}"`));
let handle: DatabaseHandle | undefined;
let raw: postgres.Sql | undefined;
let failed = false;
try {
  handle = await openDatabase({ kind: "postgres", url, poolMax: CONCURRENCY });
  await migrateDatabase(handle);
  raw = postgres(url, { max: CONCURRENCY, onnotice: () => {} });

  const startsAt = new Date(Date.now() + 3 * 24 * 60 * 60_000);
  const [offering] = await handle.db
    .insert(offerings)
    .values({
      kind: "workshop",
      slug: "bench-hot-workshop",
      title: "Bench Workshop",
      summary: "One very popular workshop.",
      description: "Made by the holds benchmark.",
      durationMinutes: 60,
      priceMinor: 2500,
      currency: "GBP",
      defaultCapacity: CAPACITY,
      location: "Bench Studio",
    })
    .returning();
  const newSlot = async (offset: number) => {
    const start = new Date(startsAt.getTime() + offset * 60 * 60_000);
    const [slot] = await handle!.db
      .insert(slots)
      .values({ offeringId: offering!.id, startsAt: start, endsAt: new Date(start.getTime() + 60 * 60_000), capacity: CAPACITY })
      .returning();
    return slot!.id;
  };
  const holdsSlot = await newSlot(0);
  // The raw loop gets a slot of its own, so the holds slot's books stay checkable afterwards.
  const rawSlot = await newSlot(1);

  console.log(`Scratch database ${name}: ${CONCURRENCY} workers, ${SECONDS} s per phase, one slot of ${CAPACITY} seats.`);

  const holds = await runPhase("holdSeat", async (worker, iteration) => {
    const result = await holdSeat(handle!.db, {
      slotId: holdsSlot,
      seats: 1,
      customer: { name: "Bench Runner", email: `bench-${worker}-${iteration}@example.test`, phone: null },
      intake: { painLocation: "unsure", painDuration: null, notes: null },
      holdBookingId: null,
      clientNetwork: null,
      now: new Date(),
      rules: RULES,
    });
    if (result.status === "held") return "ok";
    if (result.status === "full") return "refused";
    throw new Error(`unexpected holdSeat result: ${result.status}`);
  });

  const [books] = await raw<{ seatsTaken: number; capacity: number; held: number; bookings: number }[]>`
    select s.seats_taken as "seatsTaken", s.capacity,
           (select coalesce(sum(b.seats), 0)::int from bookings b where b.slot_id = s.id and b.holds_seats) as held,
           (select count(*)::int from bookings b where b.slot_id = s.id) as bookings
    from slots s where s.id = ${holdsSlot}`;
  const oversold = Math.max(0, books!.seatsTaken - books!.capacity);
  const counterDrift = books!.seatsTaken - books!.held;

  const updates = await runPhase("raw locked update", async () => {
    const outcome = await raw!.begin(async (tx) => {
      const [slot] = await tx<{ seatsTaken: number; capacity: number }[]>`
        select seats_taken as "seatsTaken", capacity from slots where id = ${rawSlot} for update`;
      if (!slot || slot.seatsTaken + 1 > slot.capacity) return "refused" as const;
      await tx`update slots set seats_taken = seats_taken + 1, updated_at = now() where id = ${rawSlot}`;
      return "ok" as const;
    });
    return outcome;
  });

  const rate = (phase: Phase) => phase.operations / phase.seconds;
  const ms = (value: number) => (Number.isNaN(value) ? "-" : value.toFixed(2));
  console.log(
    "\n" +
      table([
        ["phase", "ops", "ops/s", "p50 ms", "p95 ms", "p99 ms", "refused", "errors"],
        ...[holds, updates].map((phase) => [
          phase.name,
          String(phase.operations),
          rate(phase).toFixed(0),
          ms(percentile(phase.latencies, 50)),
          ms(percentile(phase.latencies, 95)),
          ms(percentile(phase.latencies, 99)),
          String(phase.refused),
          String(phase.errors),
        ]),
      ]),
  );
  console.log(
    `\nholdSeat runs at ${(rate(holds) / rate(updates)).toFixed(2)}× the raw locked update's rate ` +
      `(${rate(holds).toFixed(0)} vs ${rate(updates).toFixed(0)} per second on one slot).`,
  );
  console.log(
    `Holds slot: ${books!.seatsTaken} seats taken of ${books!.capacity}, ${books!.held} held by ${books!.bookings} bookings; ` +
      `oversold ${oversold}, counter vs held difference ${counterDrift}.`,
  );
  if (oversold !== 0 || counterDrift !== 0 || books!.bookings !== holds.operations || holds.errors > 0 || updates.errors > 0) {
    console.error("FAILED: the books do not balance, or operations failed (see above).");
    failed = true;
  }
} finally {
  await raw?.end({ timeout: 5 });
  await handle?.close();
  await withAdminConnection(baseUrl, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
}
process.exit(failed ? 1 : 0);
