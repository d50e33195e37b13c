import { createCookie, type Cookie } from "@remix-run/node";
import type { Database } from "../../db/client";
import type { AppMode } from "../utils/env.server";
import { recordAudit } from "./audit.server";
import { findStaffUserByEmail } from "./accounts.server";
import { verifyAgainstNothing, verifyPassword } from "./passwords.server";
import { endStaffSession, SESSION_MAX_MS, startStaffSession, type SignedIn } from "./sessions.server";
import type { InvitationTokens } from "./invitation-tokens.server";
import type { LoginThrottle } from "./throttle.server";

/**
 * The staff session cookie: a random id signed with SESSION_SECRET, HttpOnly, SameSite=Lax, and in
 * production Secure with the `__Host-` prefix (so no subdomain or plain-HTTP page can set it).
 */
export function staffSessionCookie(mode: AppMode, secret: string): Cookie {
  const production = mode === "production";
  return createCookie(staffCookieName(mode), {
    secrets: [secret],
    httpOnly: true,
    sameSite: "lax",
    secure: production,
    path: "/",
    maxAge: SESSION_MAX_MS / 1000,
  });
}

/** The staff session cookie's name in a mode (the server's body limits look for it). */
export function staffCookieName(mode: AppMode): string {
  return mode === "production" ? "__Host-pfm_staff" : "pfm_staff";
}

export type StaffAuth = {
  cookie: Cookie;
  throttle: LoginThrottle;
  /** Invitation links (their tokens are MACs under the session secret). */
  invitations: InvitationTokens;
};

export type SignInResult =
  | { ok: true; sessionId: string }
  | { ok: false; status: 401 | 429; message: string; retryAfterSeconds?: number };

const NO_MATCH = "That email and password don't match a staff account. Check them and try again.";

/**
 * Signs a staff member in: throttled per account-and-address and per address first (so the sixth
 * try is refused even with the right password), then one answer and about the same time whether
 * the email exists, the password is wrong or the account is disabled. A success starts a session
 * and writes its audit row; a refusal writes nothing but the throttle's count.
 */
export async function signIn(
  db: Database,
  throttle: LoginThrottle,
  { email, password, clientIp, now }: { email: string; password: string; clientIp: string; now: Date },
): Promise<SignInResult> {
  const blocked = await throttle.blockedFor(email, clientIp);
  if (blocked > 0) {
    const minutes = Math.ceil(blocked / 60);
    return {
      ok: false,
      status: 429,
      retryAfterSeconds: blocked,
      message: `Too many attempts. For your security, signing in is paused for ${minutes} minute${minutes === 1 ? "" : "s"}. If you've forgotten your password, ask the studio's owner to reset it.`,
    };
  }
  const user = await findStaffUserByEmail(db, email);
  const valid = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstNothing(password);
  if (!user || !valid || user.disabled) {
    await throttle.failed(email, clientIp);
    return { ok: false, status: 401, message: NO_MATCH };
  }
  await throttle.succeeded(email, clientIp);
  const sessionId = await db.transaction(async (tx) => {
    const id = await startStaffSession(tx, { staffUserId: user.id, now });
    await recordAudit(tx, { actor: user, action: "staff.signed_in", recordType: "staff_user", recordId: user.id, now });
    return id;
  });
  return { ok: true, sessionId };
}

/** Signing out ends the session everywhere at once, with its audit row. */
export async function signOut(db: Database, { user, sessionId }: SignedIn, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await endStaffSession(tx, { sessionId, now });
    await recordAudit(tx, { actor: user, action: "staff.signed_out", recordType: "staff_user", recordId: user.id, now });
  });
}

/** Where to go after signing in: only a path on this site (never `//elsewhere` or a full URL). */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || /[\r\n]/.test(next)) return "/staff";
  return next;
}
