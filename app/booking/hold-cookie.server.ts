import { createCookie, type Cookie } from "@remix-run/node";
import type { AppMode } from "../utils/env.server";

const HOLD_COOKIE_OPTIONS = { httpOnly: true, sameSite: "lax", path: "/", maxAge: 60 * 60 * 3 } as const;

/**
 * Remembers the customer's live hold in this browser, so coming back to the form (Back from the
 * checkout, or a second tab) offers "continue to payment" instead of taking more places. It
 * holds only the booking's URL secret, which the customer already has.
 *
 * In production it is `Secure` and named with the `__Host-` prefix, so the browser sends it only
 * over HTTPS and only a page of this exact host (no subdomain, no other path) can set it. Demo
 * mode runs on plain http://localhost, where a Secure cookie would not come back.
 */
const holdCookies: Record<AppMode, Cookie> = {
  production: createCookie("__Host-pfm_hold", { ...HOLD_COOKIE_OPTIONS, secure: true }),
  demo: createCookie("pfm_hold", { ...HOLD_COOKIE_OPTIONS, secure: false }),
};

export function holdCookie(mode: AppMode): Cookie {
  return holdCookies[mode];
}

export async function readHoldToken(request: Request, mode: AppMode): Promise<string | null> {
  const value: unknown = await holdCookie(mode).parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}
