import { lt, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { rateLimitCounters } from "../../db/schema";

/**
 * A fixed-window rate limit kept in PostgreSQL, so every app process counts together (no
 * counters in memory). One upsert per check; stale windows are pruned as new ones open.
 * (Decision record 002 explains why this is not a library.)
 */
export async function hitRateLimit(
  db: Database,
  { key, max, windowSeconds, now }: { key: string; max: number; windowSeconds: number; now: Date },
): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
  const windowMs = windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const [row] = await db
    .insert(rateLimitCounters)
    .values({ key, windowStart, hits: 1 })
    .onConflictDoUpdate({
      target: [rateLimitCounters.key, rateLimitCounters.windowStart],
      set: { hits: sql`${rateLimitCounters.hits} + 1` },
    })
    .returning({ hits: rateLimitCounters.hits });
  // The first hit of a window prunes windows that can no longer matter (for every key).
  if (row?.hits === 1) {
    await db.delete(rateLimitCounters).where(lt(rateLimitCounters.windowStart, new Date(now.getTime() - 2 * windowMs)));
  }
  const retryAfterSeconds = Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000);
  return { allowed: (row?.hits ?? 1) <= max, retryAfterSeconds };
}
