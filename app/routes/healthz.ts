import { pingDatabase } from "../../db/client";
import { appContext, hasAppContext } from "~/context.server";

const TIMEOUT_MS = 2_000;

/** Liveness and readiness in one: 200 when the database answers, 503 otherwise. */
export async function loader() {
  const headers = { "Cache-Control": "no-store" };
  try {
    if (!hasAppContext()) throw new Error("not started");
    await Promise.race([
      pingDatabase(appContext().database.db),
      new Promise((_, reject) => setTimeout(() => reject(new Error("database timeout")), TIMEOUT_MS).unref()),
    ]);
    return Response.json({ ok: true }, { headers });
  } catch {
    return Response.json({ ok: false }, { status: 503, headers });
  }
}
