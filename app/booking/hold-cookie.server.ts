import { createCookie } from "@remix-run/node";

/**
 * Remembers the customer's live hold in this browser, so coming back to the form (Back from the
 * checkout, or a second tab) offers "continue to payment" instead of taking more places. It
 * holds only the booking's URL secret, which the customer already has.
 */
export const holdCookie = createCookie("pfm_hold", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  maxAge: 60 * 60 * 3,
});

export async function readHoldToken(request: Request): Promise<string | null> {
  const value: unknown = await holdCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}
