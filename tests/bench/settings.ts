/**
 * What one `npm run bench` measures, and the knobs for a quick check of the script itself.
 * The defaults are the figures the README's tables are made with; shorter runs are for trying
 * the command, not for comparing.
 */

export type BenchSettings = {
  /** PostgreSQL server URL the scratch database is created from (DATABASE_URL). */
  databaseUrl: string;
  /** HTTP load: seconds per page, after the warm-up (BENCH_SECONDS, default 10). */
  loadSeconds: number;
  /** Seconds of untimed load before each page, and of untimed holds before each holds phase (BENCH_WARMUP_SECONDS, default 2). */
  warmupSeconds: number;
  /** Concurrent HTTP connections (BENCH_CONNECTIONS, default 50). */
  connections: number;
  /** Seconds of each holds phase (BENCH_HOLDS_SECONDS, default 20). */
  holdsSeconds: number;
  /** Width of the holds phases' windows (BENCH_WINDOW_SECONDS, default 5). */
  windowSeconds: number;
  /** Concurrent holds workers, each on its own connection (BENCH_CONCURRENCY, default 16). */
  holdsConcurrency: number;
};

/** The race is fixed: its target is about exactly these numbers. */
export const RACE = { racers: 200, places: 10 } as const;

/** The targets printed beside the figures (PASS/FAIL). */
export const TARGETS = {
  /** Page req/s as a share of the bare node:http server's. */
  pageShareOfBare: 0.03,
  pageP99Ms: 150,
  serverRssMb: 250,
  raceLastAnswerMs: 1500,
  /** holdSeat's rate as a share of the raw locked update loop's. */
  holdsShareOfRaw: 0.5,
  /** Every holds window within this fraction of the first window's rate. */
  holdsFlatness: 0.15,
} as const;

function number(name: string, fallback: number, { min, integer }: { min: number; integer: boolean }): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new Error(`${name} must be ${integer ? "a whole number" : "a number"} of at least ${min} (got "${raw}")`);
  }
  return value;
}

export function readSettings(): BenchSettings {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl || !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    console.error(
      "The benchmark needs a real PostgreSQL server: set DATABASE_URL to a postgres:// URL of a database\n" +
        "you may create databases from (a scratch database is created and dropped), for example:\n\n" +
        "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench\n\n" +
        "It does not run on the embedded PGlite: two app processes cannot share it, and one connection cannot show contention.",
    );
    process.exit(2);
  }
  const settings: BenchSettings = {
    databaseUrl,
    loadSeconds: number("BENCH_SECONDS", 10, { min: 1, integer: true }),
    warmupSeconds: number("BENCH_WARMUP_SECONDS", 2, { min: 0, integer: true }),
    connections: number("BENCH_CONNECTIONS", 50, { min: 1, integer: true }),
    holdsSeconds: number("BENCH_HOLDS_SECONDS", 20, { min: 1, integer: false }),
    windowSeconds: number("BENCH_WINDOW_SECONDS", 5, { min: 0.5, integer: false }),
    holdsConcurrency: number("BENCH_CONCURRENCY", 16, { min: 1, integer: true }),
  };
  if (settings.windowSeconds > settings.holdsSeconds) {
    throw new Error("BENCH_WINDOW_SECONDS must not be longer than BENCH_HOLDS_SECONDS");
  }
  return settings;
}
