import type { Database } from "../../db/client";
import type { AppContext } from "../../app/context.server";
import { createStaffUser } from "../../app/staff/accounts.server";
import { COMMAND_LINE } from "../../app/staff/audit.server";
import { startStaffSession } from "../../app/staff/sessions.server";

/**
 * One signed-in account of each role, as the Cookie header a browser would send: what the console's
 * route tests act as. `prefix` keeps each file's accounts apart (`<prefix>.staff@…`).
 */
export async function staffCookies(db: Database, app: AppContext, prefix: string): Promise<{ staff: string; owner: string }> {
  const cookies = { staff: "", owner: "" };
  for (const role of ["staff", "owner"] as const) {
    const user = await createStaffUser(db, {
      email: `${prefix}.${role}@painfreeme.example`,
      name: `${prefix[0]!.toUpperCase()}${prefix.slice(1)} ${role}`,
      role,
      password: "correct horse battery staple",
      actor: COMMAND_LINE,
      now: new Date(),
    });
    const sessionId = await startStaffSession(db, { staffUserId: user.id, now: new Date() });
    cookies[role] = (await app.staffAuth.cookie.serialize(sessionId)).split(";")[0]!;
  }
  return cookies;
}
