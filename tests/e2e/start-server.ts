/**
 * The browser tests' web server: a fresh database (a new Postgres database when DATABASE_URL
 * is set, else a new embedded PGlite folder), migrated, with demo data and the test fixtures,
 * then `node server.mjs` on it in demo mode. The database is dropped when the server stops.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { openDatabase, type DatabaseConfig } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { offerings, slots } from "../../db/schema";
import { topUpDemoData } from "../../db/seed";
import { topUpDemoPhotos } from "../../app/images/demo-photos.server";
import { uniqueDatabaseName, urlForDatabase, withAdminConnection } from "../helpers/postgres-admin";
import { createStaffUser } from "../../app/staff/accounts.server";
import { COMMAND_LINE } from "../../app/staff/audit.server";
import { DST_FIXTURE, LOCKABLE_STAFF } from "./fixtures";
import { serverArguments } from "../helpers/server-command";

const baseUrl = process.env.DATABASE_URL;
const serverEnv: NodeJS.ProcessEnv = { ...process.env };
let config: DatabaseConfig;
let dropDatabase = async () => {};

if (baseUrl) {
  const name = uniqueDatabaseName("pfm_e2e");
  await withAdminConnection(baseUrl, (sql) => sql.unsafe(`create database "${name}"`));
  const url = urlForDatabase(baseUrl, name);
  config = { kind: "postgres", url, poolMax: 10 };
  serverEnv.DATABASE_URL = url;
  dropDatabase = async () => {
    await withAdminConnection(baseUrl, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
  };
} else {
  const artifacts = path.resolve("tests/.artifacts");
  for (const old of existsSync(artifacts) ? readdirSync(artifacts) : []) {
    if (old.startsWith("e2e-pglite-")) rmSync(path.join(artifacts, old), { recursive: true, force: true });
  }
  const dataDir = path.join(artifacts, `e2e-pglite-${process.pid}`);
  config = { kind: "pglite", dataDir };
  serverEnv.PGLITE_DATA_DIR = dataDir;
  dropDatabase = async () => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(`${dataDir}.lock`, { recursive: true, force: true });
  };
}

const handle = await openDatabase(config);
try {
  await migrateDatabase(handle);
  await topUpDemoData(handle.db, {
    now: new Date(),
    timeZone: "Europe/London",
    currency: "GBP",
    location: "Unit 4, Riverside Yard, 12 Mill Lane, London SE1 7AB",
  });
  // Drawn before the server starts, so the first page a test opens has its pictures.
  await topUpDemoPhotos(handle.db, { now: new Date() });
  const [offering] = await handle.db
    .insert(offerings)
    .values({
      kind: "workshop",
      slug: DST_FIXTURE.slug,
      title: DST_FIXTURE.title,
      summary: "A fixture for the browser tests: the same local time either side of a clock change.",
      description: "Used by the automated tests.",
      durationMinutes: DST_FIXTURE.durationMinutes,
      priceMinor: 2000,
      currency: "GBP",
      defaultCapacity: 6,
      location: "Unit 4, Riverside Yard, 12 Mill Lane, London SE1 7AB",
    })
    .returning();
  await handle.db.insert(slots).values(
    DST_FIXTURE.startsAt.map((iso) => ({
      offeringId: offering!.id,
      startsAt: new Date(iso),
      endsAt: new Date(new Date(iso).getTime() + DST_FIXTURE.durationMinutes * 60_000),
      capacity: 6,
    })),
  );
  await createStaffUser(handle.db, { ...LOCKABLE_STAFF, role: "staff", actor: COMMAND_LINE, now: new Date() });
} finally {
  await handle.close();
}

const server = spawn(process.execPath, serverArguments(), { stdio: "inherit", env: serverEnv });
const stop = (signal: NodeJS.Signals) => server.kill(signal);
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
server.on("exit", async (code) => {
  await dropDatabase().catch((error) => console.error("Could not drop the e2e database:", error));
  process.exit(code ?? 0);
});
