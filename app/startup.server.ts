import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { topUpDemoData } from "../db/seed";
import { appContext, hasAppContext, setAppContext } from "./context.server";
import { parseEnv, type AppMode, type Env } from "./utils/env.server";

export type StartedApp = { env: Env; close(): Promise<void> };

/**
 * Start-up, run once by the server before it listens: parse configuration (failing fast with
 * the variable's name), open the database, migrate it under an advisory lock and, in demo
 * mode, top the demo data up. A failure leaves nothing half-open behind.
 */
export async function startApp({
  mode,
  source = process.env,
  now = new Date(),
  log = console.log,
}: {
  mode: AppMode;
  source?: Record<string, string | undefined>;
  now?: Date;
  log?: (message: string) => void;
}): Promise<StartedApp> {
  if (hasAppContext()) {
    const existing = appContext();
    return { env: existing.env, close: () => stopApp() };
  }
  const env = parseEnv(source, mode);
  log(`Starting in ${mode} mode.`);
  if (env.database.kind === "pglite") {
    log(`DATABASE_URL is not set: using the embedded PGlite database in ${env.database.dataDir} (demo only).`);
  }
  const database = await openDatabase(env.database);
  try {
    await migrateDatabase(database);
    log(`Database ready: ${database.description}.`);
    if (mode === "demo") {
      const { slotsAdded } = await topUpDemoData(database.db, {
        now,
        timeZone: env.studio.timeZone,
        currency: env.studio.currency,
        location: env.studio.address,
      });
      log(`Demo data topped up: ${slotsAdded} new slot(s) over the next six weeks.`);
    }
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
  setAppContext({ env, database });
  return { env, close: () => stopApp() };
}

export async function stopApp(): Promise<void> {
  if (!hasAppContext()) return;
  const { database } = appContext();
  setAppContext(undefined);
  await database.close();
}
