import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../db/client";
import { STAFF_ROLES, staffUsers, type StaffRole, type StaffUser } from "../../db/schema";
import { UserError } from "../utils/errors.server";
import { recordAudit, type AuditActor } from "./audit.server";
import { hashPassword, passwordProblem } from "./passwords.server";
import { revokeStaffUserSessions } from "./sessions.server";

const emailSchema = z.string().trim().toLowerCase().pipe(z.email("That doesn't look like an email address."));

export async function findStaffUserByEmail(db: Database, email: string): Promise<StaffUser | null> {
  const [user] = await db
    .select()
    .from(staffUsers)
    .where(eq(sql`lower(${staffUsers.email})`, email.trim().toLowerCase()));
  return user ?? null;
}

/** Every staff account, by name (for pickers such as the Activity filter). */
export async function listStaffUsers(db: Database): Promise<StaffUser[]> {
  return db.select().from(staffUsers).orderBy(asc(staffUsers.name));
}

/**
 * Creates a staff account. The password must be strong enough (passwordProblem); an email
 * already in use (whatever its case) is refused. Written with its audit row.
 */
export async function createStaffUser(
  db: Database,
  {
    email,
    name,
    role,
    password,
    actor,
    now,
    isDemo = false,
  }: { email: string; name: string; role: StaffRole; password: string; actor: AuditActor; now: Date; isDemo?: boolean },
): Promise<StaffUser> {
  const address = emailSchema.safeParse(email);
  if (!address.success) throw new UserError("That doesn't look like an email address.");
  const cleanName = name.trim();
  if (cleanName.length < 2 || cleanName.length > 100) throw new UserError("Please give a name of 2 to 100 characters.");
  if (!STAFF_ROLES.includes(role)) throw new UserError(`The role must be one of: ${STAFF_ROLES.join(", ")}.`);
  const problem = await passwordProblem(password, [address.data, cleanName]);
  if (problem) throw new UserError(problem);
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(staffUsers)
      .values({ email: address.data, name: cleanName, role, passwordHash, isDemo, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning();
    if (!user) throw new UserError(`There is already a staff account for ${address.data}.`, 409);
    await recordAudit(tx, {
      actor,
      action: "staff.account_created",
      recordType: "staff_user",
      recordId: user.id,
      changes: { after: { email: user.email, name: user.name, role: user.role, demo: isDemo } },
      now,
    });
    return user;
  });
}

/** Sets a new password and ends every session of the account, with its audit row. */
export async function resetStaffPassword(
  db: Database,
  { email, password, actor, now }: { email: string; password: string; actor: AuditActor; now: Date },
): Promise<{ user: StaffUser; sessionsEnded: number }> {
  const user = await findStaffUserByEmail(db, email);
  if (!user) throw new UserError(`There is no staff account for ${email.trim()}.`, 404);
  const problem = await passwordProblem(password, [user.email, user.name]);
  if (problem) throw new UserError(problem);
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    await tx.update(staffUsers).set({ passwordHash, updatedAt: now }).where(eq(staffUsers.id, user.id));
    const sessionsEnded = await revokeStaffUserSessions(tx, { staffUserId: user.id, now });
    await recordAudit(tx, {
      actor,
      action: "staff.password_reset",
      recordType: "staff_user",
      recordId: user.id,
      changes: { after: { sessionsEnded } },
      now,
    });
    return { user, sessionsEnded };
  });
}

/** The demo owner's sign-in, given in the README and the start-up log (demo mode only). */
export const DEMO_OWNER = {
  email: "owner@painfreeme.example",
  name: "Demo Owner",
  password: "knee-reset-lantern-marathon",
} as const;

/** Demo mode: the demo owner exists (created once, with its audit row). */
export async function ensureDemoOwner(db: Database, { actor, now }: { actor: AuditActor; now: Date }): Promise<boolean> {
  if (await findStaffUserByEmail(db, DEMO_OWNER.email)) return false;
  try {
    await createStaffUser(db, { ...DEMO_OWNER, role: "owner", actor, now, isDemo: true });
    return true;
  } catch (error) {
    // Two demo processes starting together: the other one created it first.
    if (error instanceof UserError && error.status === 409) return false;
    throw error;
  }
}

export async function enabledDemoAccounts(db: Database): Promise<StaffUser[]> {
  return db.select().from(staffUsers).where(and(eq(staffUsers.isDemo, true), eq(staffUsers.disabled, false)));
}

/** Disables every demo account and ends its sessions (the accounts and their history stay). */
export async function removeDemoAccounts(db: Database, { actor, now }: { actor: AuditActor; now: Date }): Promise<number> {
  const demo = await enabledDemoAccounts(db);
  for (const user of demo) {
    await db.transaction(async (tx) => {
      await tx.update(staffUsers).set({ disabled: true, updatedAt: now }).where(eq(staffUsers.id, user.id));
      await revokeStaffUserSessions(tx, { staffUserId: user.id, now });
      await recordAudit(tx, {
        actor,
        action: "staff.demo_account_removed",
        recordType: "staff_user",
        recordId: user.id,
        changes: { before: { disabled: false }, after: { disabled: true } },
        now,
      });
    });
  }
  return demo.length;
}
