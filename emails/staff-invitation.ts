import { formatLongDate, formatTime, zoneAbbreviation } from "./format/time";
import { firstName, oneLine } from "./kit/escape";
import { renderDocument } from "./kit/layout";
import { button, paragraph, smallPrint, title, type Inline, type Part } from "./kit/parts";
import type { EmailContext, RenderedEmail } from "./types";

export type StaffInvitationEmail = {
  /** Who is invited, as the owner typed it. */
  name: string;
  role: "owner" | "staff";
  /** The owner who sent it; null if their account is gone. */
  invitedBy: string | null;
  /** The one-time link that sets a password (absolute). */
  acceptUrl: string;
  expiresAt: Date;
};

/**
 * To a colleague an owner invited to the studio console: the link to choose a password, valid 48
 * hours. No password or account detail travels in the email; the link works once.
 */
export function renderStaffInvitation(ctx: Pick<EmailContext, "studio">, invitation: StaffInvitationEmail): RenderedEmail {
  const { studio } = ctx;
  const zone = studio.timeZone;
  const until = `${formatTime(invitation.expiresAt, zone)} ${zoneAbbreviation(invitation.expiresAt, zone)} on ${formatLongDate(invitation.expiresAt, zone)}`;
  const who: Inline = invitation.invitedBy ? { name: oneLine(invitation.invitedBy), strong: true } : { strong: `The team at ${studio.name}` };
  const role =
    invitation.role === "owner"
      ? "as an owner (you can do everything, including managing staff accounts, prices and refunds)"
      : "as staff (you can run the schedule and rosters; owners manage accounts, prices and refunds)";
  const parts: Part[] = [
    title(`Join ${studio.name}'s console`),
    paragraph("Hi ", { name: firstName(invitation.name) }, ","),
    paragraph(who, ` has invited you to the studio console ${role}.`),
    paragraph("Choose a password to set up your account. The link works once, until ", { strong: until }, "."),
    button(invitation.acceptUrl, "Choose your password"),
    smallPrint("If the link has run out, ask the studio's owner to send a new invitation."),
    smallPrint("Weren't expecting this? You can ignore this email: no account is made until a password is chosen."),
  ];
  return renderDocument({
    ctx,
    audience: "staff",
    subject: `You're invited to ${studio.name}'s console`,
    preheader: `Choose a password by ${until}.`,
    parts,
  });
}
