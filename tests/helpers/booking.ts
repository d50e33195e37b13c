import type { HoldSeatInput } from "../../app/booking/hold-seat.server";
import { action as bookAction } from "../../app/routes/book.$slotId";
import { action as webhookAction } from "../../app/routes/webhooks.stripe";
import { routeArgs } from "./app";

export type ActionOutcome = { status: number; location: string | null; body: unknown; headers: Headers };

/** Normalises what a Remix action returns (a Response, or single fetch's data() wrapper). */
export async function outcomeOf(result: unknown): Promise<ActionOutcome> {
  if (result instanceof Response) {
    const text = await result.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: result.status, location: result.headers.get("Location"), body, headers: result.headers };
  }
  const wrapped = result as { type?: string; data?: unknown; init?: ResponseInit | null };
  if (wrapped?.type === "DataWithResponseInit") {
    return {
      status: wrapped.init?.status ?? 200,
      location: null,
      body: wrapped.data,
      headers: new Headers(wrapped.init?.headers),
    };
  }
  return { status: 200, location: null, body: result, headers: new Headers() };
}

export const validBooking = (overrides: Record<string, string> = {}) => ({
  name: "Ada Runner",
  email: `ada+${Math.random().toString(36).slice(2, 10)}@example.com`,
  phone: "",
  seats: "1",
  painLocation: "front",
  painDuration: "2-6-weeks",
  notes: "Left knee, worse downhill.",
  consentTerms: "on",
  consentHealth: "on",
  website: "",
  ...overrides,
});

/** Submits the booking form as a browser would, through the route's action. */
export async function submitBookingForm(
  slotId: string,
  fields: Record<string, string>,
  { clientIp = "127.0.0.1", cookie }: { clientIp?: string; cookie?: string } = {},
): Promise<ActionOutcome> {
  const request = new Request(`http://localhost/book/${slotId}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
  try {
    return await outcomeOf(await bookAction(routeArgs(request, { slotId }, clientIp)));
  } catch (thrown) {
    // A thrown Response is an answer (404); anything else would be a 500, so it fails the test.
    if (thrown instanceof Response) return outcomeOf(thrown);
    throw thrown;
  }
}

/** Delivers a webhook body with the given signature header to POST /webhooks/stripe. */
export async function deliverWebhook(body: string, signature: string | null): Promise<ActionOutcome> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (signature !== null) headers["Stripe-Signature"] = signature;
  const request = new Request("http://localhost/webhooks/stripe", { method: "POST", headers, body });
  return outcomeOf(await webhookAction(routeArgs(request)));
}

/** What holdSeat is given for a website hold of one place (or `seats`) on `slotId` by `email`, now. */
export function websiteHold(
  slotId: string,
  email: string,
  rules: HoldSeatInput["rules"],
  { name = "Ada Runner", seats = 1, painLocation = "unsure", clientNetwork = null }: Partial<{ name: string; seats: number; painLocation: HoldSeatInput["intake"]["painLocation"]; clientNetwork: string | null }> = {},
): HoldSeatInput {
  return {
    slotId,
    seats,
    customer: { name, email, phone: null },
    intake: { painLocation, painDuration: null, notes: null },
    holdBookingId: null,
    clientNetwork,
    now: new Date(),
    rules,
  };
}
