import { expect } from "@playwright/test";
import { send, type Answer } from "./http-client";

/** The booking flow over plain HTTP against a demo-mode server with the test checkout. */
export type Customer = { name: string; email: string; phone: string; notes: string };

const FORM = { "Content-Type": "application/x-www-form-urlencoded" };

/** The path of a redirect: the app redirects to absolute URLs. */
export function redirectPath(answer: Answer, port: number): string {
  const url = new URL(String(answer.headers.location ?? ""), `http://127.0.0.1:${port}`);
  return `${url.pathname}${url.search}`;
}

/** The booking form's path for the first listed date of a demo workshop. */
export async function firstSlotPath(port: number): Promise<string> {
  const catalog = await send(port, { method: "GET", path: "/workshops/strength-for-runners" });
  return catalog.body.match(/\/book\/[0-9a-f-]{36}/)![0];
}

/** Fills in the booking form (one place) and returns the test checkout's path. */
export async function holdPlace(port: number, slotPath: string, who: Customer, clientAddress: string): Promise<string> {
  const answer = await send(port, {
    path: slotPath,
    headers: { ...FORM, "X-Forwarded-For": clientAddress },
    body: bookingFormBody(who),
  });
  expect(answer.status, answer.body.slice(0, 300)).toBe(303);
  const checkout = redirectPath(answer, port);
  expect(checkout).toMatch(/^\/test-checkout\/[^/]+$/);
  return checkout;
}

/** Presses a button of the test checkout ("pay" or "cancel") and returns where it leads. */
export async function testCheckout(port: number, checkoutPath: string, intent: "pay" | "cancel"): Promise<string> {
  const answer = await send(port, { path: checkoutPath, headers: FORM, body: `intent=${intent}` });
  expect(answer.status).toBe(303);
  return redirectPath(answer, port);
}

export function bookingFormBody(who: Customer): string {
  return new URLSearchParams({
    name: who.name,
    email: who.email,
    phone: who.phone,
    seats: "1",
    painLocation: "front",
    painDuration: "",
    notes: who.notes,
    consentTerms: "on",
    consentHealth: "on",
    website: "",
  }).toString();
}
