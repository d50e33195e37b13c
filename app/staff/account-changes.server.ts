import { and, asc, desc, eq, isNull, max, ne, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { emailMessages, staffInvitations, staffSessions, staffUsers, type StaffInvitation, type StaffRole, type StaffUser } from "../../db/schema";
import { done, refuse, type Outcome, type ScheduleActor } from "../schedule/outcome";
import { recordAudit } from "./audit.server";
import { invitationState, type InvitationState } from "./invitations.server";
import { revokeStaffUserSessions } from "./sessions.server";

/*
 * An owner's changes to staff accounts: a role, disabling and re-enabling. The studio always keeps
 * at least one enabled owner (someone must be able to manage accounts), so every change that could
 * take the last one away runs under one transaction-level advisory lock and re-reads the owners
 * after taking it: two owners demoting each other at the same moment leave one owner, never none.
 */

const takeOwnersLock = (tx: Database) => tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('staff_users:owners', 0))`);

export type StaffAccountRow = Pick<StaffUser, "id" | "name" | "email" | "role" | "disabled" | "isDemo" | "createdAt"> & {
  lastActiveAt: Date | null;
};
export type InvitationRow = Pick<StaffInvitation, "id" | "name" | "email" | "role" | "expiresAt" | "createdAt"> & {
  state: Extract<InvitationState, "pending" | "expired">;
  invitedBy: string | null;
  /** The invitation email gave up after its retries (the dashboard's attention list is about bookings). */
  emailFailed: boolean;
};

/** The accounts page: every account (enabled first, then by name) and the invitations not yet settled. */
export async function listStaffAccountsForConsole(db: Database, now: Date): Promise<{ accounts: StaffAccountRow[]; invitations: InvitationRow[] }> {
  const accounts = await db
    .select({
      id: staffUsers.id,
      name: staffUsers.name,
      email: staffUsers.email,
      role: staffUsers.role,
      disabled: staffUsers.disabled,
      isDemo: staffUsers.isDemo,
      createdAt: staffUsers.createdAt,
      lastActiveAt: max(staffSessions.lastSeenAt),
    })
    .from(staffUsers)
    .leftJoin(staffSessions, eq(staffSessions.staffUserId, staffUsers.id))
    .groupBy(staffUsers.id)
    .orderBy(asc(staffUsers.disabled), asc(sql`lower(${staffUsers.name})`));
  const invitations = await db
    .select({ invitation: staffInvitations, invitedBy: staffUsers.name, emailStatus: emailMessages.status })
    .from(staffInvitations)
    .leftJoin(staffUsers, eq(staffUsers.id, staffInvitations.invitedBy))
    .leftJoin(emailMessages, eq(emailMessages.staffInvitationId, staffInvitations.id))
    .where(and(isNull(staffInvitations.acceptedAt), isNull(staffInvitations.revokedAt)))
    .orderBy(desc(staffInvitations.createdAt));
  return {
    accounts,
    invitations: invitations.map(({ invitation, invitedBy, emailStatus }) => ({
      id: invitation.id,
      name: invitation.name,
      email: invitation.email,
      role: invitation.role,
      expiresAt: invitation.expiresAt,
      createdAt: invitation.createdAt,
      invitedBy,
      emailFailed: emailStatus === "failed",
      state: invitationState(invitation, now) === "expired" ? "expired" : "pending",
    })),
  };
}

export async function getStaffAccount(db: Database, id: string): Promise<StaffUser | null> {
  const [row] = await db.select().from(staffUsers).where(eq(staffUsers.id, id));
  return row ?? null;
}

/** How many enabled owners there are besides `exceptId`. */
async function otherEnabledOwners(tx: Database, exceptId: string): Promise<number> {
  const rows = await tx
    .select({ id: staffUsers.id })
    .from(staffUsers)
    .where(and(eq(staffUsers.role, "owner"), eq(staffUsers.disabled, false), ne(staffUsers.id, exceptId)));
  return rows.length;
}

const lastOwner = (user: StaffUser, what: "role" | null) =>
  refuse(
    `${user.name} is the studio's last owner, so ${what === "role" ? "their role can't change" : "their account can't be disabled"}. Make someone else an owner first: someone must always be able to manage accounts.`,
    what,
    409,
  );

/**
 * Locks the owners, then checks the one acting is still an enabled owner (they may have been
 * demoted or disabled a moment ago) and finds the account, locked. Refusals change nothing.
 */
async function lockForChange(tx: Database, actor: ScheduleActor, userId: string): Promise<Outcome<StaffUser>> {
  await takeOwnersLock(tx);
  const [me] = await tx.select().from(staffUsers).where(eq(staffUsers.id, actor.id));
  if (!me || me.disabled || me.role !== "owner") return refuse("Only an owner can change staff accounts, and your account no longer is one.", null, 403);
  const [user] = await tx.select().from(staffUsers).where(eq(staffUsers.id, userId)).for("update");
  return user ? done(user) : refuse("That staff account doesn't exist.", null, 404);
}

/** Changes an account's role (owner ↔ staff). The last enabled owner keeps theirs. */
export async function changeStaffRole(
  db: Database,
  { actor, userId, role, now }: { actor: ScheduleActor; userId: string; role: StaffRole; now: Date },
): Promise<Outcome<StaffUser>> {
  return db.transaction(async (tx) => {
    const locked = await lockForChange(tx, actor, userId);
    if (!locked.ok) return locked;
    const user = locked.value;
    if (user.role === role) return done(user);
    if (user.role === "owner" && !user.disabled && (await otherEnabledOwners(tx, user.id)) === 0) return lastOwner(user, "role");
    const [row] = await tx.update(staffUsers).set({ role, updatedAt: now }).where(eq(staffUsers.id, user.id)).returning();
    await recordAudit(tx, {
      actor,
      action: "staff.role_changed",
      recordType: "staff_user",
      recordId: user.id,
      changes: { before: { role: user.role }, after: { role } },
      now,
    });
    return done(row!);
  });
}

/**
 * Disables an account, ending every session of it at once, or re-enables it (it signs in again
 * with its password; no session comes back). The last enabled owner can't be disabled, and nobody
 * disables their own account (another owner does it).
 */
export async function setStaffAccountDisabled(
  db: Database,
  { actor, userId, disabled, now }: { actor: ScheduleActor; userId: string; disabled: boolean; now: Date },
): Promise<Outcome<StaffUser & { sessionsEnded: number }>> {
  return db.transaction(async (tx) => {
    const locked = await lockForChange(tx, actor, userId);
    if (!locked.ok) return locked;
    const user = locked.value;
    if (user.disabled === disabled) return done({ ...user, sessionsEnded: 0 });
    if (disabled && user.id === actor.id) return refuse("You can't disable your own account. Another owner can, if it needs doing.", null, 409);
    if (disabled && user.role === "owner" && (await otherEnabledOwners(tx, user.id)) === 0) return lastOwner(user, null);
    const [row] = await tx.update(staffUsers).set({ disabled, updatedAt: now }).where(eq(staffUsers.id, user.id)).returning();
    const sessionsEnded = disabled ? await revokeStaffUserSessions(tx, { staffUserId: user.id, now }) : 0;
    await recordAudit(tx, {
      actor,
      action: disabled ? "staff.account_disabled" : "staff.account_enabled",
      recordType: "staff_user",
      recordId: user.id,
      changes: { before: { disabled: user.disabled }, after: disabled ? { disabled, sessionsEnded } : { disabled } },
      now,
    });
    return done({ ...row!, sessionsEnded });
  });
}
