import { createHash, createHmac } from "node:crypto";

/**
 * The token in an invitation's link: a MAC of the invitation's id under the session secret. It is
 * never stored (only its SHA-256, to find the invitation by), so a copy of the database can't
 * accept an invitation, and the outbox can still rebuild the link when it sends the email (the
 * same reasoning as booking links, decision record 005; this one is 006).
 */
export type InvitationTokens = {
  tokenFor(invitationId: string): string;
  /** The path of the invitation's page, `/staff/invitation/<token>`. */
  pathFor(invitationId: string): string;
};

/** Any token of the right shape (43 base64url characters); what it opens is decided by its hash. */
export const INVITATION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function invitationTokens(secret: string): InvitationTokens {
  const tokens: InvitationTokens = {
    tokenFor: (invitationId) => createHmac("sha256", secret).update("staff-invitation:v1:").update(invitationId).digest("base64url"),
    pathFor: (invitationId) => `/staff/invitation/${tokens.tokenFor(invitationId)}`,
  };
  return tokens;
}

/** What the database keeps of a token. */
export function invitationTokenHash(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
