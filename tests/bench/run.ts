/**
 * `npm run bench`: one command, one run, one report. On a scratch PostgreSQL database it measures
 *
 *   1. a bare `node:http` server ("hello") and the built app's pages (`/`, a workshop, a session,
 *      the staff week view signed in) under the same HTTP load (autocannon), side by side;
 *   2. the app server's resident memory after that load;
 *   3. 200 visitors racing for a fresh 10-place date across two app processes;
 *   4. the real `holdSeat` on one hot slot, in windows, against a raw locked update loop;
 *
 * then prints the figures with the targets beside them (PASS/FAIL) and drops the database.
 * Progress goes to stderr, the report to stdout. The exit status is 1 only when something broke
 * (places oversold or miscounted, a 5xx in the race, errors from holdSeat): a target missed is a
 * FAIL line, not a failed command.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench
 *
 * Knobs for a quick check of the script (see settings.ts): BENCH_SECONDS, BENCH_WARMUP_SECONDS,
 * BENCH_CONNECTIONS, BENCH_HOLDS_SECONDS, BENCH_WINDOW_SECONDS, BENCH_CONCURRENCY.
 */
import { cpus, totalmem } from "node:os";
import { withAdminConnection } from "../helpers/postgres-admin";
import { runHolds, type HoldsResult } from "./holds";
import { measureLoad, type LoadResult, type LoadTarget } from "./load";
import { runRace, type RaceResult } from "./race";
import {
  createScratchDatabase,
  residentMegabytes,
  signInAsOwner,
  startAppServer,
  startBareServer,
  type AppServer,
  type BareServer,
  type ScratchDatabase,
} from "./servers";
import { RACE, TARGETS, readSettings, type BenchSettings } from "./settings";
import { change, fixed, ms, percent, percentile, table, verdict } from "./table";

const WORKSHOP_PATH = "/workshops/strength-for-runners";
const SESSION_PATH = "/sessions/running-gait-assessment";

const progress = (message: string) => console.error(`bench: ${message}`);

type Report = {
  settings: BenchSettings;
  machine: string;
  bare: LoadResult;
  pages: { result: LoadResult; hasTarget: boolean }[];
  rssMb: number;
  race: RaceResult;
  holds: HoldsResult;
};

type Target = { description: string; figure: string; pass: boolean };

async function describeMachine(databaseUrl: string): Promise<string> {
  const version = await withAdminConnection(databaseUrl, async (sql) => {
    const [row] = await sql<{ version: string }[]>`select current_setting('server_version') as version`;
    return row!.version;
  });
  const cpu = cpus();
  return (
    `Node ${process.version}, ${cpu.length} CPU(s) (${cpu[0]?.model.trim() ?? "unknown"}), ` +
    `${Math.round(totalmem() / 1024 ** 3)} GB RAM, PostgreSQL ${version}`
  );
}

async function measure(settings: BenchSettings, cleanups: (() => Promise<void>)[]): Promise<Report> {
  const machine = await describeMachine(settings.databaseUrl);
  const load = { connections: settings.connections, seconds: settings.loadSeconds, warmupSeconds: settings.warmupSeconds };

  progress("creating the scratch database (migrations, demo data, demo pictures)…");
  const database: ScratchDatabase = await createScratchDatabase(settings.databaseUrl);
  cleanups.push(database.drop);

  const bareServer: BareServer = await startBareServer();
  cleanups.push(bareServer.stop);
  progress(`bare node:http server: ${settings.loadSeconds} s at ${settings.connections} connections…`);
  const bare = await measureLoad({ label: "bare node:http", url: `http://127.0.0.1:${bareServer.port}/` }, load);
  await bareServer.stop();

  progress("starting the app server (demo mode, request logs off)…");
  const first: AppServer = await startAppServer(database.url);
  cleanups.push(async () => void (await first.process.stop("SIGKILL")));
  const cookie = await signInAsOwner(first.port);
  const base = `http://127.0.0.1:${first.port}`;
  const targets: (LoadTarget & { hasTarget: boolean })[] = [
    { label: "/", url: `${base}/`, hasTarget: true },
    { label: `workshop page`, url: `${base}${WORKSHOP_PATH}`, hasTarget: true },
    { label: `session page`, url: `${base}${SESSION_PATH}`, hasTarget: false },
    { label: "staff week view", url: `${base}/staff`, headers: { Cookie: cookie }, hasTarget: true },
  ];
  const pages: Report["pages"] = [];
  for (const target of targets) {
    const check = await fetch(target.url, { headers: target.headers, redirect: "manual" });
    if (check.status !== 200) throw new Error(`${target.label} (${target.url}) answered ${check.status} before the load`);
    progress(`${target.label}: ${settings.loadSeconds} s at ${settings.connections} connections…`);
    pages.push({ result: await measureLoad(target, load), hasTarget: target.hasTarget });
  }
  const rssMb = residentMegabytes(first.pid);

  progress("starting a second app process on the same database…");
  const second: AppServer = await startAppServer(database.url);
  cleanups.push(async () => void (await second.process.stop("SIGKILL")));
  progress(`race: ${RACE.racers} visitors for ${RACE.places} places across two processes…`);
  const race = await runRace(database.url, [first.port, second.port], RACE);
  if (race.firstProblem) {
    progress(`the race had an unexpected answer: ${race.firstProblem}`);
    for (const server of [first, second]) console.error(server.process.output().slice(-4000));
  }
  for (const server of [first, second]) await server.process.stop("SIGTERM");

  const holds = await runHolds(database.url, {
    seconds: settings.holdsSeconds,
    windowSeconds: settings.windowSeconds,
    warmupSeconds: settings.warmupSeconds,
    concurrency: settings.holdsConcurrency,
    progress,
  });
  return { settings, machine, bare, pages, rssMb, race, holds };
}

const shareOfBare = (result: LoadResult, bare: LoadResult) => result.requestsPerSecond / bare.requestsPerSecond;

const pagePasses = (result: LoadResult, bare: LoadResult) =>
  shareOfBare(result, bare) >= TARGETS.pageShareOfBare && result.p99Ms < TARGETS.pageP99Ms && result.errors === 0;

function pageTargets(report: Report): Target[] {
  return report.pages
    .filter((page) => page.hasTarget)
    .map(({ result }) => ({
      description: `${result.label}: ≥ ${TARGETS.pageShareOfBare * 100} % of bare req/s, p99 < ${TARGETS.pageP99Ms} ms, 0 errors`,
      figure: `${percent(shareOfBare(result, report.bare))}, p99 ${ms(result.p99Ms)} ms, ${result.errors} errors`,
      pass: pagePasses(result, report.bare),
    }));
}

function windowLabel(index: number, settings: BenchSettings, count: number): string {
  const from = index * settings.windowSeconds;
  const to = index === count - 1 ? settings.holdsSeconds : from + settings.windowSeconds;
  return `${fixed(from, Number.isInteger(from) ? 0 : 1)}–${fixed(to, Number.isInteger(to) ? 0 : 1)} s`;
}

function render(report: Report): { text: string; targets: Target[] } {
  const { settings, bare, race, holds } = report;
  const lines: string[] = [];
  const targets: Target[] = [];

  lines.push(`npm run bench, ${new Date().toISOString()}`);
  lines.push(report.machine);
  lines.push("");
  lines.push(
    `HTTP: ${settings.connections} connections, ${settings.loadSeconds} s per line after ${settings.warmupSeconds} s of warm-up ` +
      `(app: built server.mjs in demo mode, one process, request logs off)`,
  );
  const pageRows = report.pages.map(({ result, hasTarget }) => [
    result.label,
    fixed(result.requestsPerSecond),
    ms(result.p50Ms),
    ms(result.p99Ms),
    String(result.errors),
    percent(shareOfBare(result, bare)),
    hasTarget ? verdict(pagePasses(result, bare)) : "(no target)",
  ]);
  lines.push(
    table(
      [
        ["", "req/s", "p50 ms", "p99 ms", "errors", "vs bare", "target"],
        [bare.label, fixed(bare.requestsPerSecond), ms(bare.p50Ms), ms(bare.p99Ms), String(bare.errors), "100 %", "(baseline)"],
        ...pageRows,
      ],
      { leftAligned: [0, 6] },
    ),
  );
  for (const { result } of report.pages.filter(({ result }) => result.errors > 0)) {
    lines.push(`  ${result.label}: answers ${result.statuses || "none"}`);
  }
  targets.push(...pageTargets(report));

  const rssPass = report.rssMb < TARGETS.serverRssMb;
  lines.push("");
  lines.push(`App server's RSS after the load: ${fixed(report.rssMb)} MB (target < ${TARGETS.serverRssMb} MB): ${verdict(rssPass)}`);
  targets.push({ description: `server RSS after the load < ${TARGETS.serverRssMb} MB`, figure: `${fixed(report.rssMb)} MB`, pass: rssPass });

  const racePass = race.lastAnswerMs <= TARGETS.raceLastAnswerMs && race.sold === race.places && race.serverErrors === 0;
  lines.push("");
  lines.push(
    `Booking race: ${race.racers} visitors (each its own loopback address) for a fresh ${race.places}-place date, ` +
      `across ${race.processes} app processes on one database`,
  );
  lines.push(
    table(
      [
        ["last answer", "p50 ms", "p99 ms", "places sold", "answers", "5xx", "target"],
        [
          `${ms(race.lastAnswerMs)} ms`,
          ms(race.p50Ms),
          ms(race.p99Ms),
          `${race.sold} of ${race.places}`,
          race.statuses,
          String(race.serverErrors),
          verdict(racePass),
        ],
      ],
      { leftAligned: [6] },
    ),
  );
  targets.push({
    description: `race: all ${race.racers} answered within ${TARGETS.raceLastAnswerMs / 1000} s, exactly ${race.places} sold, no 5xx`,
    figure: `${ms(race.lastAnswerMs)} ms, ${race.sold} sold, ${race.serverErrors} 5xx`,
    pass: racePass,
  });

  const rate = (phase: HoldsResult["holds"]) => phase.operations / phase.seconds;
  const windowCount = holds.holds.windowRates.length;
  const windowDrift = holds.holds.windowRates.map((value) => value / holds.holds.windowRates[0]! - 1);
  const worstDrift = windowDrift.reduce((worst, value) => (Math.abs(value) > Math.abs(worst) ? value : worst), 0);
  lines.push("");
  lines.push(
    `Holds on one hot slot: ${settings.holdsConcurrency} workers, ${settings.holdsSeconds} s per phase after ` +
      `${settings.warmupSeconds} s of warm-up, per second in ${settings.windowSeconds} s windows`,
  );
  lines.push(
    table([
      [
        "",
        "per second",
        "p50 ms",
        "p99 ms",
        ...holds.holds.windowRates.map((_, index) => windowLabel(index, settings, windowCount)),
        "errors",
      ],
      ...[holds.holds, holds.raw].map((phase) => [
        phase.name,
        fixed(rate(phase)),
        ms(percentile(phase.latencies, 50)),
        ms(percentile(phase.latencies, 99)),
        ...phase.windowRates.map((value, index) =>
          index === 0 ? fixed(value) : `${fixed(value)} (${change(value / phase.windowRates[0]! - 1)})`,
        ),
        String(phase.errors),
      ]),
    ]),
  );
  const share = rate(holds.holds) / rate(holds.raw);
  const flat = windowDrift.every((value) => Math.abs(value) <= TARGETS.holdsFlatness);
  lines.push(
    `holdSeat vs raw: ${fixed(share, 2)}× (target ≥ ${TARGETS.holdsShareOfRaw}×): ${verdict(share >= TARGETS.holdsShareOfRaw)}; ` +
      `flat, every window within ±${TARGETS.holdsFlatness * 100} % of the first: ${change(worstDrift)} at worst: ${verdict(flat)}; ` +
      `oversold ${holds.oversold}: ${verdict(holds.oversold === 0)}`,
  );
  lines.push(
    `Holds slot read back: ${holds.books.seatsTaken} places taken of ${holds.books.capacity}, ${holds.books.held} held by ` +
      `${holds.books.bookings} bookings (${holds.holdsTaken} holds answered "held"); counter vs held difference ${holds.counterDrift}.`,
  );
  targets.push(
    {
      description: `holdSeat ≥ ${TARGETS.holdsShareOfRaw}× the raw locked update`,
      figure: `${fixed(share, 2)}× (${fixed(rate(holds.holds))} vs ${fixed(rate(holds.raw))} per second)`,
      pass: share >= TARGETS.holdsShareOfRaw,
    },
    {
      description: `holdSeat flat: every ${settings.windowSeconds} s window within ±${TARGETS.holdsFlatness * 100} % of the first`,
      figure: `${change(worstDrift)} at worst`,
      pass: flat,
    },
    { description: "holdSeat: 0 oversold", figure: String(holds.oversold), pass: holds.oversold === 0 },
  );

  lines.push("");
  lines.push(`Targets: ${targets.filter((target) => target.pass).length} of ${targets.length} pass`);
  lines.push(
    table(
      [["", "target", "measured"], ...targets.map((target) => [verdict(target.pass), target.description, target.figure])],
      { leftAligned: [0, 1, 2] },
    ),
  );
  return { text: lines.join("\n"), targets };
}

/** What must hold whatever the machine's speed: a broken invariant fails the command. */
function brokenInvariants({ race, holds }: Report): string[] {
  const problems: string[] = [];
  if (race.sold !== race.places || race.bookingsHolding !== race.sold) {
    problems.push(`the race sold ${race.sold} places to ${race.bookingsHolding} bookings, for ${race.places} places`);
  }
  if (race.firstProblem) problems.push(`the race got an answer other than 303 or 409: ${race.firstProblem}`);
  if (holds.oversold !== 0 || holds.counterDrift !== 0 || holds.books.bookings !== holds.holdsTaken) {
    problems.push("the holds slot's books do not balance (see above)");
  }
  if (holds.holds.errors > 0 || holds.raw.errors > 0) problems.push("holds operations failed (see above)");
  return problems;
}

const settings = readSettings();
const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | undefined;
const cleanUp = () =>
  (cleaning ??= (async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error("bench: clean-up failed:", error));
  })());
process.on("SIGINT", () => void cleanUp().then(() => process.exit(130)));

let exitCode = 0;
try {
  const report = await measure(settings, cleanups);
  const { text } = render(report);
  console.log(`\n${text}`);
  const problems = brokenInvariants(report);
  if (problems.length > 0) {
    console.error(`\nFAILED:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    exitCode = 1;
  }
} catch (error) {
  console.error("bench: failed:", error);
  exitCode = 1;
} finally {
  await cleanUp();
}
process.exit(exitCode);
