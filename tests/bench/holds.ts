/**
 * How fast can one hot slot take holds, and does it stay as fast while bookings pile up? Runs the
 * real `holdSeat` from many concurrent workers against ONE slot, counting holds per window, and
 * checks that nothing was oversold; then the bare minimum the database must do for the same job
 * (BEGIN; SELECT … FOR UPDATE; UPDATE … seats_taken + 1; COMMIT through postgres.js) on a slot of
 * its own, for as long. The ratio says what the booking logic costs on top of the row lock.
 */
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { holdSeat, type BookingRules } from "../../app/booking/hold-seat.server";
import { openDatabase } from "../../db/client";
import { offerings, slots } from "../../db/schema";

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

export type Phase = {
  name: string;
  operations: number;
  refused: number;
  errors: number;
  seconds: number;
  latencies: number[];
  /** Operations finished per second in each window, in order (the last one as long as it ran). */
  windowRates: number[];
};

export type HoldsResult = {
  holds: Phase;
  raw: Phase;
  /** The holds slot read back from the database after its phase. */
  books: { seatsTaken: number; capacity: number; held: number; bookings: number };
  /** Holds taken in the warm-up and the timed phase: the bookings the slot must show. */
  holdsTaken: number;
  oversold: number;
  /** seats_taken minus the places the slot's bookings hold: 0 when the counter is right. */
  counterDrift: number;
};

type Operation = (worker: number, iteration: number) => Promise<"ok" | "refused">;

/** Runs `operation` in a loop on `concurrency` workers until the time is up. */
async function runPhase(
  name: string,
  { seconds, windowSeconds, concurrency }: { seconds: number; windowSeconds: number; concurrency: number },
  operation: Operation,
): Promise<Phase> {
  const latencies: number[] = [];
  const windowMs = windowSeconds * 1000;
  const windowCount = Math.max(1, Math.round(seconds / windowSeconds));
  const finishedPerWindow = new Array<number>(windowCount).fill(0);
  let refused = 0;
  let errors = 0;
  let firstError: unknown;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < deadline) {
        const iteration = next++;
        const begun = performance.now();
        try {
          if ((await operation(worker, iteration)) === "refused") refused++;
          else {
            const finished = performance.now();
            latencies.push(finished - begun);
            finishedPerWindow[Math.min(windowCount - 1, Math.floor((finished - started) / windowMs))]!++;
          }
        } catch (error) {
          errors++;
          firstError ??= error;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  if (firstError) console.error(`${name}: ${errors} error(s), the first:`, firstError);
  const windowRates = finishedPerWindow.map((count, index) =>
    count / (index < windowCount - 1 ? windowSeconds : elapsed - index * windowSeconds),
  );
  return { name, operations: latencies.length, refused, errors, seconds: elapsed, latencies, windowRates };
}

export async function runHolds(
  url: string,
  {
    seconds,
    windowSeconds,
    warmupSeconds,
    concurrency,
    progress,
  }: { seconds: number; windowSeconds: number; warmupSeconds: number; concurrency: number; progress: (message: string) => void },
): Promise<HoldsResult> {
  const handle = await openDatabase({ kind: "postgres", url, poolMax: concurrency });
  const raw = postgres(url, { max: concurrency, onnotice: () => {} });
  try {
    const startsAt = new Date(Date.now() + 3 * 24 * 60 * 60_000);
    startsAt.setUTCMinutes(0, 0, 0);
    const [offering] = await handle.db
      .insert(offerings)
      .values({
        kind: "workshop",
        slug: `bench-hot-workshop-${Date.now().toString(36)}`,
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
    const newSlot = async (offsetHours: number) => {
      const start = new Date(startsAt.getTime() + offsetHours * 60 * 60_000);
      const [slot] = await handle.db
        .insert(slots)
        .values({ offeringId: offering!.id, startsAt: start, endsAt: new Date(start.getTime() + 60 * 60_000), capacity: CAPACITY })
        .returning();
      return slot!.id;
    };
    const holdsSlot = await newSlot(0);
    // The raw loop gets a slot of its own, so the holds slot's books stay checkable afterwards.
    const rawSlot = await newSlot(1);

    const hold: Operation = async (worker, iteration) => {
      const result = await holdSeat(handle.db, {
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
    };
    const lockedUpdate: Operation = async () =>
      raw.begin(async (tx) => {
        const [slot] = await tx<{ seatsTaken: number; capacity: number }[]>`
          select seats_taken as "seatsTaken", capacity from slots where id = ${rawSlot} for update`;
        if (!slot || slot.seatsTaken + 1 > slot.capacity) return "refused" as const;
        await tx`update slots set seats_taken = seats_taken + 1, updated_at = now() where id = ${rawSlot}`;
        return "ok" as const;
      });

    const timed = { seconds, windowSeconds, concurrency };
    const warmup = { seconds: warmupSeconds, windowSeconds: warmupSeconds, concurrency };
    // Iterations continue from the warm-up's, so every hold has an email of its own.
    let holdsWarmup: Phase | undefined;
    if (warmupSeconds > 0) holdsWarmup = await runPhase("holdSeat warm-up", warmup, (worker, iteration) => hold(worker, -1 - iteration));
    // Statistics, as a database that has been running has them. The scratch database is minutes
    // old and autovacuum hasn't looked at its bookings yet: to the planner, a partial index built
    // on an empty table stays empty, so the phase would measure its guesses (a scan of every live
    // hold of the date for one email's), and change pace when autovacuum gets round to the table.
    await raw`analyze`;
    progress(`holdSeat on one slot: ${seconds} s, ${concurrency} workers…`);
    const holds = await runPhase("holdSeat", timed, hold);

    const [books] = await raw<{ seatsTaken: number; capacity: number; held: number; bookings: number }[]>`
      select s.seats_taken as "seatsTaken", s.capacity,
             (select coalesce(sum(b.seats), 0)::int from bookings b where b.slot_id = s.id and b.holds_seats) as held,
             (select count(*)::int from bookings b where b.slot_id = s.id) as bookings
      from slots s where s.id = ${holdsSlot}`;

    if (warmupSeconds > 0) await runPhase("raw warm-up", warmup, lockedUpdate);
    progress(`raw locked update loop: ${seconds} s, ${concurrency} workers…`);
    const rawPhase = await runPhase("raw locked update", timed, lockedUpdate);

    return {
      holds,
      raw: rawPhase,
      books: books!,
      holdsTaken: holds.operations + (holdsWarmup?.operations ?? 0),
      oversold: Math.max(0, books!.seatsTaken - books!.capacity),
      counterDrift: books!.seatsTaken - books!.held,
    };
  } finally {
    await raw.end({ timeout: 5 });
    await handle.close();
  }
}
