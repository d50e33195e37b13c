import type { IncomingMessage } from "node:http";
import getRawBody from "raw-body";
import { PHOTO_FORM_OVERHEAD_BYTES, PHOTO_MAX_BYTES } from "../images/limits";

/**
 * How big a request body may be, per route: read at the server, counting the bytes as they
 * arrive (chunked bodies included), before Remix sees the request. The first rule whose method
 * and path match wins; every other request gets FORM_BODY_LIMIT. An upload route gets its own
 * line here (with `answer` for the shape of its 413). A rule `forSignedInStaff` applies only to a
 * request carrying the staff session cookie (checked for presence only; the route checks the
 * session): anyone else is held to the forms' limit, so no visitor can make us buffer 10 MB.
 */
export type BodyRule = {
  method: string;
  path: string | RegExp;
  limitBytes: number;
  answer: "json" | "page";
  forSignedInStaff?: boolean;
};

export const FORM_BODY_LIMIT = 32 * 1024;
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;
/** A photo (10 MB) and the rest of its form. */
export const PHOTO_UPLOAD_BODY_LIMIT = PHOTO_MAX_BYTES + PHOTO_FORM_OVERHEAD_BYTES;

export const BODY_RULES: readonly BodyRule[] = [
  // Stripe's events are JSON, a few KB each; its documented ceiling is far below this.
  { method: "POST", path: "/webhooks/stripe", limitBytes: WEBHOOK_BODY_LIMIT, answer: "json" },
  // The console's photo uploads: /staff/offerings/:offeringId/photo, /staff/instructors/:instructorId/photo.
  {
    method: "POST",
    path: /^\/staff\/(offerings|instructors)\/[^/]+\/photo$/,
    limitBytes: PHOTO_UPLOAD_BODY_LIMIT,
    answer: "page",
    forSignedInStaff: true,
  },
];

const DEFAULT_RULE: BodyRule = { method: "*", path: "*", limitBytes: FORM_BODY_LIMIT, answer: "page" };

export function bodyRuleFor(method: string, path: string, { hasStaffCookie = false }: { hasStaffCookie?: boolean } = {}): BodyRule {
  const matches = (rule: BodyRule) =>
    rule.method === method &&
    (typeof rule.path === "string" ? rule.path === path : rule.path.test(path)) &&
    (!rule.forSignedInStaff || hasStaffCookie);
  return BODY_RULES.find(matches) ?? DEFAULT_RULE;
}

/** Whether a Cookie header carries a cookie of this name (its value is the route's to check). */
export function carriesCookie(cookieHeader: string | undefined, name: string): boolean {
  if (!cookieHeader) return false;
  return cookieHeader.split(";").some((part) => part.trim().startsWith(`${name}=`));
}

export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

export type BodyRead =
  | { kind: "read"; body: Buffer }
  /** `receivedBytes`: how much was read before stopping (0 when the declared length was refused). */
  | { kind: "too_large"; receivedBytes: number }
  | { kind: "unreadable" };

/**
 * Reads the whole body, up to `limitBytes`. A declared Content-Length over the limit is refused
 * before a byte is read; a body that grows past it (chunked, or lying about its length) is refused
 * the moment it does, and reading stops there (raw-body pauses the stream). The caller answers
 * with `Connection: close`, so the rest of an oversized upload is never read.
 */
export async function readRequestBody(req: IncomingMessage, limitBytes: number): Promise<BodyRead> {
  try {
    return { kind: "read", body: await getRawBody(req, { limit: limitBytes, length: req.headers["content-length"] }) };
  } catch (error) {
    const { type, received } = error as { type?: unknown; received?: unknown };
    if (type !== "entity.too.large") return { kind: "unreadable" };
    return { kind: "too_large", receivedBytes: typeof received === "number" ? received : 0 };
  }
}
