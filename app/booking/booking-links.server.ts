import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * Booking links. A link's token is the booking's id with a MAC of it under BOOKING_LINK_SECRET,
 * so the database never holds anything that opens a booking: a copy of it alone opens nothing,
 * and every email (a reminder a day later, a resend by staff) can rebuild the same link from
 * the id. Links issued before this scheme are found by the SHA-256 of their token
 * (`bookings.legacy_token_hash`). Decision record 005 says why not a stored random token.
 */
export type BookingLinks = {
  /** The token in the booking's URL. */
  tokenFor(bookingId: string): string;
  /** The booking's page, `/bookings/<token>`. */
  pathFor(bookingId: string): string;
  /** The booking a token opens when it is one of ours (current or previous secret); null otherwise. */
  bookingIdFrom(token: string): string | null;
};

const MAC_BYTES = 16;
const TOKEN_LENGTH = 43; // 16 bytes of id + 16 bytes of MAC, base64url without padding

function mac(secret: string, id: Buffer): Buffer {
  return createHmac("sha256", secret).update("booking-link:v1:").update(id).digest().subarray(0, MAC_BYTES);
}

const idBytes = (uuid: string) => Buffer.from(uuid.replace(/-/g, ""), "hex");
const uuidOf = (bytes: Buffer) =>
  bytes.toString("hex").replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");

export function bookingLinks({ secret, previousSecret }: { secret: string; previousSecret?: string }): BookingLinks {
  const secrets = previousSecret ? [secret, previousSecret] : [secret];
  const links: BookingLinks = {
    tokenFor(bookingId) {
      const id = idBytes(bookingId);
      return Buffer.concat([id, mac(secret, id)]).toString("base64url");
    },
    pathFor(bookingId) {
      return `/bookings/${links.tokenFor(bookingId)}`;
    },
    bookingIdFrom(token) {
      if (token.length !== TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
      const bytes = Buffer.from(token, "base64url");
      if (bytes.length !== 16 + MAC_BYTES) return null;
      const id = bytes.subarray(0, 16);
      const given = bytes.subarray(16);
      return secrets.some((candidate) => timingSafeEqual(mac(candidate, id), given)) ? uuidOf(id) : null;
    },
  };
  return links;
}

/** How a link issued before the signed scheme is looked up: the SHA-256 of its token, in hex. */
export function legacyTokenHash(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
