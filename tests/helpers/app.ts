import { setAppContext, type AppContext } from "../../app/context.server";
import { buildAppContext } from "../../app/startup.server";
import { parseEnv } from "../../app/utils/env.server";
import type { DatabaseHandle } from "../../db/client";
import type { RetryPolicies } from "../../app/jobs/queue.server";

/**
 * Points the app's loaders and actions at a test database: demo mode, default settings unless
 * `source` says otherwise, the job queue started (no worker unless the test starts one).
 * Call `stop()` when done.
 */
export async function startTestApp(
  database: DatabaseHandle,
  source: Record<string, string | undefined> = {},
  { retry }: { retry?: RetryPolicies } = {},
): Promise<AppContext & { stop: () => Promise<void> }> {
  const env = parseEnv({ LOG_REQUESTS: "false", ...source }, "demo");
  const context = await buildAppContext(env, database, { retry });
  setAppContext(context);
  return {
    ...context,
    stop: async () => {
      setAppContext(undefined);
      await context.jobs.stop({ graceful: false, wait: true });
      await context.mailer.close();
    },
  };
}

/** Loader/action arguments as Remix passes them. */
export function routeArgs(request: Request, params: Record<string, string> = {}, clientIp = "127.0.0.1") {
  return { request, params, context: { cspNonce: "", clientIp } } as never;
}
