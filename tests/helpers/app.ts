import { setAppContext } from "../../app/context.server";
import { parseEnv } from "../../app/utils/env.server";
import type { DatabaseHandle } from "../../db/client";

/** Points the app's loaders and actions at a test database, in demo mode with default settings. */
export function useAppWith(database: DatabaseHandle, source: Record<string, string | undefined> = {}) {
  const env = parseEnv(source, "demo");
  setAppContext({ env, database });
  return env;
}
