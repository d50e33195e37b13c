import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { staffInvitations, staffUsers, type EmailMessage } from "../../db/schema";
import { renderStaffInvitation } from "../../emails/staff-invitation";
import type { SendEmailEnv } from "../booking/booking-emails.server";
import type { PreparedEmail } from "../mail/outbox.server";
import { invitationState } from "./invitations.server";
import type { InvitationTokens } from "./invitation-tokens.server";

/**
 * A staff invitation's email, when its row is due: the link is rebuilt from the invitation's id
 * (the token is never stored). An invitation no longer pending (withdrawn, replaced, accepted or
 * run out before the email left) is not sent: its link would open nothing.
 */
export async function prepareStaffInvitationEmail(
  db: Database,
  message: EmailMessage,
  { env, invitations, now }: { env: SendEmailEnv; invitations: InvitationTokens | undefined; now: Date },
): Promise<PreparedEmail> {
  if (message.kind !== "staff_invitation" || !message.staffInvitationId) {
    throw new Error(`email_messages ${message.id} (${message.kind}) names neither a booking nor a staff invitation`);
  }
  const [row] = await db
    .select({ invitation: staffInvitations, invitedBy: staffUsers.name })
    .from(staffInvitations)
    .leftJoin(staffUsers, eq(staffUsers.id, staffInvitations.invitedBy))
    .where(eq(staffInvitations.id, message.staffInvitationId));
  if (!row || invitationState(row.invitation, now) !== "pending") return { cancel: true };
  const { invitation, invitedBy } = row;
  return {
    cancel: false,
    about: `staff invitation ${invitation.id}`,
    replyTo: env.mail.studioEmail,
    render: async () => {
      if (!invitations) throw new Error("sendEmailMessage needs `invitations` to send a staff invitation");
      return renderStaffInvitation(
        {
          studio: {
            name: env.studio.name,
            address: env.studio.address,
            email: env.mail.studioEmail,
            phone: env.studio.phone,
            timeZone: env.studio.timeZone,
            baseUrl: env.publicBaseUrl,
          },
        },
        {
          name: invitation.name,
          role: invitation.role,
          invitedBy,
          acceptUrl: `${env.publicBaseUrl.replace(/\/+$/, "")}${invitations.pathFor(invitation.id)}`,
          expiresAt: invitation.expiresAt,
        },
      );
    },
  };
}
