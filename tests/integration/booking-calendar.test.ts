import ical, { type VEvent } from "node-ical";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loader as calendarLoader } from "../../app/routes/bookings.$token.calendar[.]ics";
import { loader as bookingPageLoader } from "../../app/routes/bookings.$token";
import { routeArgs, startTestApp } from "../helpers/app";
import { useTestDatabase } from "../helpers/db";
import { createBooking, createOffering, createSlot } from "../helpers/fixtures";

const BASE_URL = "https://book.painfreeme.example";
const DAY = 24 * 3_600_000;

/** After booking: the confirmed page's calendar, directions, what to bring and contact, and its .ics download. */
describe("a booking's calendar and what comes next", () => {
  const testDatabase = useTestDatabase();
  let app: Awaited<ReturnType<typeof startTestApp>>;
  beforeAll(async () => {
    app = await startTestApp(testDatabase(), { PUBLIC_BASE_URL: BASE_URL, STUDIO_PHONE: "+44 20 7946 0999" });
  });
  afterAll(async () => {
    await app?.stop();
  });
  const db = () => testDatabase().db;

  async function bookingIn(status: "confirmed" | "pending_payment" | "expired" | "cancelled") {
    const offering = await createOffering(db(), {
      title: "The Post-Run Knee Reset",
      location: "Unit 4, Riverside Yard, 12 Mill Lane, London SE1 7AB",
      whatToBring: ["A mat or towel if you have one.", "A bottle of water."],
    });
    // On a whole minute, as staff schedule dates (a calendar file keeps no milliseconds).
    const slot = await createSlot(db(), offering, new Date(Math.ceil((Date.now() + 5 * DAY) / 60_000) * 60_000));
    const booking = await createBooking(db(), slot, {
      status,
      holdsSeats: status === "confirmed" || status === "pending_payment",
      cancelledBy: status === "cancelled" ? "customer" : null,
      ...(status === "confirmed" ? {} : { amountPaidMinor: null, paidAt: null, paymentIntentId: null, confirmedAt: null }),
    });
    return { booking, slot, token: app.effects.links.tokenFor(booking.id) };
  }

  const download = (token: string) =>
    calendarLoader(routeArgs(new Request(`${BASE_URL}/bookings/${token}/calendar.ics`), { token })) as Promise<Response>;
  const page = async (token: string) =>
    (await bookingPageLoader(routeArgs(new Request(`${BASE_URL}/bookings/${token}`), { token }))) as Record<string, unknown> & {
      calendar: { icsHref: string; google: string; outlook: string } | null;
    };

  it("answers a confirmed booking's .ics: the emailed invite's event, published as a file to download", async () => {
    const { booking, slot, token } = await bookingIn("confirmed");
    const response = await download(token);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="booking-${booking.reference}.ics"`);
    expect(response.headers.get("Cache-Control")).toContain("no-store");
    const ics = await response.text();
    const events = Object.values(ical.sync.parseICS(ics)).filter((item): item is VEvent => item?.type === "VEVENT");
    expect(events).toHaveLength(1);
    const event = events[0]!;
    // The same UID as the confirmation email's invite, so a calendar holding both keeps one event.
    expect(event.uid).toBe(`booking-${booking.id}@book.painfreeme.example`);
    expect(event.start.getTime()).toBe(slot.startsAt.getTime());
    expect(event.summary).toBe("The Post-Run Knee Reset");
    expect(String(event.description)).toContain("A mat or towel if you have one.");
    expect(ics).toContain("METHOD:PUBLISH");
    expect(ics).not.toContain("ATTENDEE");
  });

  it.each(["pending_payment", "expired", "cancelled"] as const)("refuses the .ics of a booking that is %s with a 409, and its page offers no calendar", async (status) => {
    const { token } = await bookingIn(status);
    const response = await download(token);
    expect(response.status).toBe(409);
    expect(await response.text()).toMatch(/isn't confirmed/);
    expect((await page(token)).calendar).toBeNull();
  });

  it("answers 404 for a link that opens no booking", async () => {
    const { token } = await bookingIn("confirmed");
    const forged = token.slice(0, 30) + (token[30] === "A" ? "B" : "A") + token.slice(31);
    expect((await download(forged)).status).toBe(404);
    expect((await download("not-a-token")).status).toBe(404);
  });

  it("gives the confirmed page its calendar links, directions, what to bring and the studio's email and phone", async () => {
    const { token } = await bookingIn("confirmed");
    const data = await page(token);
    expect(data.calendar?.icsHref).toBe(`/bookings/${token}/calendar.ics`);
    expect(data.calendar?.google).toMatch(/^https:\/\/calendar\.google\.com\/calendar\/render\?action=TEMPLATE&text=The%20Post-Run%20Knee%20Reset&/);
    expect(new URL(data.calendar!.outlook).searchParams.get("subject")).toBe("The Post-Run Knee Reset");
    expect(new URL(data.directionsHref as string).searchParams.get("destination")).toBe("Unit 4, Riverside Yard, 12 Mill Lane, London SE1 7AB");
    expect(data.whatToBring).toEqual(["A mat or towel if you have one.", "A bottle of water."]);
    expect(data.contact).toEqual({ email: "hello@painfreeme.example", phone: "+44 20 7946 0999" });
  });
});
