import { randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { STAFF_INVITATION_HOURS, staffInvitations, staffUsers, type StaffInvitation, type StaffUser } from "../../db/schema";
import { queueEmail, type Outbox } from "../mail/outbox.server";
import { done, refuse, RefusedChange, settle, type Outcome, type Refused, type ScheduleActor } from "../schedule/outcome";
import { violates } from "../utils/db-errors";
import type { InviteInput } from "./account-forms";
import { recordAudit } from "./audit.server";
import { INVITATION_TOKEN, invitationTokenHash, type InvitationTokens } from "./invitation-tokens.server";
import { hashPassword, passwordProblem } from "./passwords.server";
import { startStaffSession } from "./sessions.server";

/** Where an invitation stands at a moment: only a pending one can be accepted. */
export type InvitationState = "pending" | "expired" | "accepted" | "revoked";

export function invitationState(invitation: Pick<StaffInvitation, "acceptedAt" | "revokedAt" | "expiresAt">, now: Date): InvitationState {
  if (invitation.acceptedAt) return "accepted";
  if (invitation.revokedAt) return "revoked";
  return now.getTime() >= invitation.expiresAt.getTime() ? "expired" : "pending";
}

/** Why a link opens nothing, in words for the person holding it (they can't fix it: the owner can). */
export const INVITATION_REFUSALS: Record<Exclude<InvitationState, "pending"> | "unknown", { status: 404 | 410; message: string }> = {
  unknown: {
    status: 404,
    message: "We don't recognise this invitation link. Check it's the whole link from the email, or ask the studio's owner for a new invitation.",
  },
  expired: {
    status: 410,
    message: `This invitation has run out: links work for ${STAFF_INVITATION_HOURS} hours. Ask the studio's owner to send you a new one.`,
  },
  accepted: {
    status: 410,
    message: "This invitation has already been used to set up an account. Sign in with the password you chose, or ask the studio's owner for a new invitation.",
  },
  revoked: {
    status: 410,
    message: "This invitation was withdrawn, or replaced by a newer one. Use the link in the latest email, or ask the studio's owner for a new invitation.",
  },
};

const lowerEmail = (email: string) => sql`lower(${email})`;
const isPending = and(isNull(staffInvitations.acceptedAt), isNull(staffInvitations.revokedAt));

/**
 * Invites a colleague: the invitation (valid 48 hours) and its email through the outbox, in one
 * transaction with its audit row. An address that already has an account is refused (409); a
 * pending invitation to the same address is revoked and replaced, so only the newest link works.
 */
export async function inviteStaffMember(
  db: Database,
  outbox: Outbox,
  tokens: InvitationTokens,
  { actor, input, now }: { actor: ScheduleActor; input: InviteInput; now: Date },
): Promise<Outcome<StaffInvitation>> {
  const email = input.email.trim().toLowerCase();
  try {
    return await settle(() =>
      db.transaction(async (tx) => {
        // Two invitations to one address at the same moment: one after the other.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`staff_invitation:${email}`}, 0))`);
        const [account] = await tx.select({ id: staffUsers.id }).from(staffUsers).where(eq(sql`lower(${staffUsers.email})`, email));
        if (account) {
          throw new RefusedChange(
            refuse(`There's already a staff account for ${email}. Open it in the list to change its role or re-enable it.`, "email", 409),
          );
        }
        const replaced = await tx
          .update(staffInvitations)
          .set({ revokedAt: now, updatedAt: now })
          .where(and(eq(sql`lower(${staffInvitations.email})`, lowerEmail(email)), isPending))
          .returning({ id: staffInvitations.id });
        const id = randomUUID();
        const [invitation] = await tx
          .insert(staffInvitations)
          .values({
            id,
            email,
            name: input.name,
            role: input.role,
            tokenHash: invitationTokenHash(tokens.tokenFor(id)),
            invitedBy: actor.id,
            expiresAt: new Date(now.getTime() + STAFF_INVITATION_HOURS * 3_600_000),
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        await queueEmail(tx, outbox, { staffInvitationId: id, kind: "staff_invitation", to: email, sendAfter: now });
        await recordAudit(tx, {
          actor,
          action: "staff.invited",
          recordType: "staff_invitation",
          recordId: id,
          changes: {
            after: {
              email,
              name: input.name,
              role: input.role,
              expiresAt: invitation!.expiresAt.toISOString(),
              ...(replaced.length > 0 ? { replacedInvitations: replaced.length } : {}),
            },
          },
          now,
        });
        return invitation!;
      }),
    );
  } catch (error) {
    if (violates(error, "staff_invitations_pending_email_key")) {
      return refuse(`An invitation to ${email} was sent a moment ago. Reload the page to see it.`, "email", 409);
    }
    throw error;
  }
}

/** Withdraws a pending invitation: its link stops working at once (an unsent email is not sent). */
export async function withdrawStaffInvitation(
  db: Database,
  { actor, invitationId, now }: { actor: ScheduleActor; invitationId: string; now: Date },
): Promise<Outcome<StaffInvitation>> {
  return db.transaction(async (tx) => {
    const [invitation] = await tx.select().from(staffInvitations).where(eq(staffInvitations.id, invitationId)).for("update");
    if (!invitation) return refuse("That invitation doesn't exist.", null, 404);
    const state = invitationState(invitation, now);
    if (state === "accepted") return refuse(`${invitation.email} has already accepted: their account is in the list.`, null, 409);
    if (state === "revoked") return done(invitation);
    const [row] = await tx
      .update(staffInvitations)
      .set({ revokedAt: now, updatedAt: now })
      .where(eq(staffInvitations.id, invitationId))
      .returning();
    await recordAudit(tx, {
      actor,
      action: "staff.invitation_withdrawn",
      recordType: "staff_invitation",
      recordId: invitationId,
      changes: { before: { email: invitation.email, state }, after: { state: "revoked" } },
      now,
    });
    return done(row!);
  });
}

/** The invitation a link's token opens, with where it stands; null for a token we never issued. */
export async function findInvitationByToken(
  db: Database,
  { token, now }: { token: string; now: Date },
): Promise<{ invitation: StaffInvitation; state: InvitationState } | null> {
  if (!INVITATION_TOKEN.test(token)) return null;
  const [invitation] = await db.select().from(staffInvitations).where(eq(staffInvitations.tokenHash, invitationTokenHash(token)));
  return invitation ? { invitation, state: invitationState(invitation, now) } : null;
}

const refusalFor = (state: Exclude<InvitationState, "pending"> | "unknown"): Refused =>
  refuse(INVITATION_REFUSALS[state].message, null, INVITATION_REFUSALS[state].status);

/**
 * Accepts an invitation: the password (strong enough, see passwordProblem) becomes a new account
 * with the invited role, the invitation is marked accepted and a session starts, with their audit
 * rows, in one transaction. The invitation row is locked, so the same link submitted twice at once
 * makes one account; a link that has run out, was used, withdrawn or never issued is refused.
 */
export async function acceptStaffInvitation(
  db: Database,
  { token, password, now }: { token: string; password: string; now: Date },
): Promise<Outcome<{ user: StaffUser; sessionId: string }>> {
  const found = await findInvitationByToken(db, { token, now });
  if (!found) return refusalFor("unknown");
  if (found.state !== "pending") return refusalFor(found.state);
  const problem = await passwordProblem(password, [found.invitation.email, found.invitation.name]);
  if (problem) return refuse(problem, "password");
  const passwordHash = await hashPassword(password);
  try {
    return await settle(() =>
      db.transaction(async (tx) => {
        const [invitation] = await tx.select().from(staffInvitations).where(eq(staffInvitations.id, found.invitation.id)).for("update");
        const state = invitation ? invitationState(invitation, now) : "revoked";
        if (!invitation || state !== "pending") throw new RefusedChange(refusalFor(state === "pending" ? "revoked" : state));
        const [user] = await tx
          .insert(staffUsers)
          .values({ email: invitation.email, name: invitation.name, role: invitation.role, passwordHash, createdAt: now, updatedAt: now })
          .onConflictDoNothing()
          .returning();
        if (!user) {
          throw new RefusedChange(
            refuse(`There's already a staff account for ${invitation.email}. Sign in with it, or ask the studio's owner.`, null, 409),
          );
        }
        await tx
          .update(staffInvitations)
          .set({ acceptedAt: now, acceptedUserId: user.id, updatedAt: now })
          .where(eq(staffInvitations.id, invitation.id));
        const actor = { id: user.id, name: user.name };
        await recordAudit(tx, {
          actor,
          action: "staff.invitation_accepted",
          recordType: "staff_user",
          recordId: user.id,
          changes: { after: { email: user.email, name: user.name, role: user.role, invitation: invitation.id } },
          now,
        });
        const sessionId = await startStaffSession(tx, { staffUserId: user.id, now });
        await recordAudit(tx, { actor, action: "staff.signed_in", recordType: "staff_user", recordId: user.id, now });
        return { user, sessionId };
      }),
    );
  } catch (error) {
    if (violates(error, "staff_users_email_key")) return refuse(`There's already a staff account for ${found.invitation.email}.`, null, 409);
    throw error;
  }
}
