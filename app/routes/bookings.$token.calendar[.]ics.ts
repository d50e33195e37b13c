import type { LoaderFunctionArgs } from "@remix-run/node";
import { bookingCalendarFile } from "~/booking/booking-calendar.server";
import { appContext } from "~/context.server";

const REFUSALS = {
  not_found: { status: 404, text: "There is no booking at this address." },
  // 409: the booking exists, but in a state with nothing to put in a calendar.
  not_confirmed: { status: 409, text: "This booking isn't confirmed, so there is nothing to add to a calendar." },
} as const;

/** "Download .ics" on a confirmed booking's page: the booking as a calendar file. */
export async function loader({ params }: LoaderFunctionArgs) {
  const result = await bookingCalendarFile(appContext(), { token: params.token ?? "", now: new Date() });
  if (result.status !== "ok") {
    const refusal = REFUSALS[result.status];
    return new Response(refusal.text, {
      status: refusal.status,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  return new Response(result.ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${result.filename}"`,
      // A booking's link is personal, and a later change must never come from a cache.
      "Cache-Control": "private, no-store",
      "X-Robots-Tag": "noindex",
    },
  });
}
