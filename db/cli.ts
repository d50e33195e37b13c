import { appModeFor, parseEnv } from "../app/utils/env.server";
import { openDatabase, type DatabaseHandle } from "./client";

/**
 * Opens the configured database for a command-line script. On the embedded database this
 * takes the same lock as the app, so a script refuses to run while the app holds the folder.
 */
export async function withScriptDatabase(work: (handle: DatabaseHandle, env: ReturnType<typeof parseEnv>) => Promise<void>) {
  const mode = appModeFor(process.env.NODE_ENV);
  let handle: DatabaseHandle | undefined;
  try {
    const env = parseEnv(process.env, mode);
    handle = await openDatabase(env.database);
    console.log(`Using ${handle.description}.`);
    await work(handle, env);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  } finally {
    await handle?.close();
  }
}
