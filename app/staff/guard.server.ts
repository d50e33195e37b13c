import { redirect } from "@remix-run/node";
import type { StaffRole } from "../../db/schema";
import { appContext } from "../context.server";
import { readStaffSession, type SignedIn } from "./sessions.server";

/** What each role may do. `staff` may do everything but what is listed for the owner alone. */
export const OWNER_ONLY = ["manage staff accounts", "change prices", "cancel a date", "issue refunds or complimentary places"] as const;

/** The signed-in staff member of a request, or null (the session cookie, checked against the database). */
export async function signedInStaff(request: Request): Promise<SignedIn | null> {
  const { database, staffAuth } = appContext();
  const sessionId: unknown = await staffAuth.cookie.parse(request.headers.get("Cookie"));
  if (typeof sessionId !== "string") return null;
  return readStaffSession(database.db, { sessionId, now: new Date() });
}

/**
 * The one guard of every /staff loader and action (an adapter helper, like a route: it reads the
 * request and answers in HTTP). Anonymous: a page (GET) goes to the sign-in page with `next` set
 * to where it was going; anything else answers 401. A role that isn't enough answers 403. The
 * role is read from the database on every request.
 */
export async function requireStaff(request: Request, { role }: { role?: StaffRole } = {}): Promise<SignedIn> {
  const signedIn = await signedInStaff(request);
  if (!signedIn) {
    if (request.method === "GET" || request.method === "HEAD") {
      const url = new URL(request.url);
      throw redirect(`/staff/sign-in?next=${encodeURIComponent(`${url.pathname}${url.search}`)}`);
    }
    throw new Response("Your session has ended. Please sign in again.", { status: 401 });
  }
  if (role === "owner" && signedIn.user.role !== "owner") {
    throw new Response("Only the studio's owner can do this. Ask them if you need it done.", { status: 403 });
  }
  return signedIn;
}
