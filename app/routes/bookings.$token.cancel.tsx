import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { cancelFromCheckout } from "~/booking/booking-status.server";
import { holdCookie } from "~/booking/hold-cookie.server";
import { appContext } from "~/context.server";

/**
 * The checkout's cancel URL (and "release my place"): expires the checkout session, releases
 * the hold, and shows the booking's page. Safe to repeat.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const context = appContext();
  const outcome = await cancelFromCheckout(context, { token: params.token ?? "", now: new Date() });
  if (outcome === null) throw new Response("Not found", { status: 404 });
  return redirect(`/bookings/${params.token}`, {
    status: 303,
    headers: { "Set-Cookie": await holdCookie(context.env.mode).serialize("", { maxAge: 0 }) },
  });
}
