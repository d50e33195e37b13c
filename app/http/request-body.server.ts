import type { IncomingMessage } from "node:http";
import getRawBody from "raw-body";

/**
 * How big a request body may be, per route: read at the server, counting the bytes as they
 * arrive (chunked bodies included), before Remix sees the request. The first rule whose method
 * and path match wins; every other request gets FORM_BODY_LIMIT. An upload route gets its own
 * line here (with `answer` for the shape of its 413).
 */
export type BodyRule = { method: string; path: string; limitBytes: number; answer: "json" | "page" };

export const FORM_BODY_LIMIT = 32 * 1024;
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

export const BODY_RULES: readonly BodyRule[] = [
  // Stripe's events are JSON, a few KB each; its documented ceiling is far below this.
  { method: "POST", path: "/webhooks/stripe", limitBytes: WEBHOOK_BODY_LIMIT, answer: "json" },
];

const DEFAULT_RULE: BodyRule = { method: "*", path: "*", limitBytes: FORM_BODY_LIMIT, answer: "page" };

export function bodyRuleFor(method: string, path: string): BodyRule {
  return BODY_RULES.find((rule) => rule.method === method && rule.path === path) ?? DEFAULT_RULE;
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
