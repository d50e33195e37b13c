import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { staffSessions, staffUsers, type StaffUser } from "../../db/schema";

/** A session ends after 12 hours without use, and 7 days after it began, whichever comes first. */
export const SESSION_IDLE_MS = 12 * 3_600_000;
export const SESSION_MAX_MS = 7 * 24 * 3_600_000;
/** Last use is written at most this often, so reading pages doesn't write on every request. */
const TOUCH_EVERY_MS = 5 * 60_000;

const hashOf = (sessionId: string) => createHash("sha256").update(sessionId, "utf8").digest("hex");

/** Starts a session and returns its id for the cookie; only the id's hash is stored. */
export async function startStaffSession(tx: Database, { staffUserId, now }: { staffUserId: string; now: Date }): Promise<string> {
  const sessionId = randomBytes(32).toString("base64url");
  await tx.insert(staffSessions).values({ idHash: hashOf(sessionId), staffUserId, createdAt: now, lastSeenAt: now });
  return sessionId;
}

export type SignedIn = { user: StaffUser; sessionId: string };

/**
 * The staff member behind a session id, read fresh from the database on every request (so a role
 * change, a disabled account or a revoked session takes effect at once); null when the session
 * is unknown, revoked, idle too long, too old, or its user is disabled.
 */
export async function readStaffSession(db: Database, { sessionId, now }: { sessionId: string; now: Date }): Promise<SignedIn | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(sessionId)) return null;
  const idHash = hashOf(sessionId);
  const [row] = await db
    .select({ session: staffSessions, user: staffUsers })
    .from(staffSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.staffUserId))
    .where(and(eq(staffSessions.idHash, idHash), isNull(staffSessions.revokedAt)));
  if (!row || row.user.disabled) return null;
  const t = now.getTime();
  if (t - row.session.lastSeenAt.getTime() > SESSION_IDLE_MS || t - row.session.createdAt.getTime() > SESSION_MAX_MS) return null;
  if (t - row.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(staffSessions).set({ lastSeenAt: now }).where(eq(staffSessions.idHash, idHash));
  }
  return { user: row.user, sessionId };
}

/** Signing out: the session stops working at once, on every app process. */
export async function endStaffSession(tx: Database, { sessionId, now }: { sessionId: string; now: Date }): Promise<void> {
  await tx.update(staffSessions).set({ revokedAt: now }).where(and(eq(staffSessions.idHash, hashOf(sessionId)), isNull(staffSessions.revokedAt)));
}

/** Every session of a user ends (disabled, password reset). */
export async function revokeStaffUserSessions(tx: Database, { staffUserId, now }: { staffUserId: string; now: Date }): Promise<number> {
  const revoked = await tx
    .update(staffSessions)
    .set({ revokedAt: now })
    .where(and(eq(staffSessions.staffUserId, staffUserId), isNull(staffSessions.revokedAt)))
    .returning({ idHash: staffSessions.idHash });
  return revoked.length;
}
