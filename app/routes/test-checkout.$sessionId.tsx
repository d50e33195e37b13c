import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { completeTestPayment, getTestCheckout } from "~/inbound/test-checkout.server";
import { BookingSteps } from "~/components/booking-steps";
import { appContext } from "~/context.server";
import { pageMeta } from "~/utils/meta";
import { formatMoney } from "../../emails/format/money";
import { formatLongDate, formatTime, formatTimeRange, zoneAbbreviation } from "../../emails/format/time";
import { plural } from "../../emails/format/words";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  ...pageMeta("Test payment", "Demo checkout: no card is charged.", data?.studioName),
  { name: "robots", content: "noindex, nofollow" },
];

/** Demo mode only: the stand-in for Stripe Checkout. 404 wherever real payments are configured. */
export async function loader({ params }: LoaderFunctionArgs) {
  const context = appContext();
  const session = await getTestCheckout(context, params.sessionId ?? "");
  if (!session) throw new Response("Not found", { status: 404 });
  return { ...session, studioName: context.env.studio.name, timeZone: context.env.studio.timeZone };
}

export async function action({ params, request }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => null);
  const intent = form?.get("intent");
  if (intent !== "pay" && intent !== "cancel") return new Response("Unknown action", { status: 400 });
  const context = appContext();
  const session = await getTestCheckout(context, params.sessionId ?? "");
  if (!session) throw new Response("Not found", { status: 404 });
  if (intent === "cancel") return redirect(session.cancelUrl, { status: 303 });
  await completeTestPayment(context, { sessionId: session.id, now: new Date() });
  return redirect(session.successUrl, { status: 303 });
}

export default function TestCheckout() {
  const session = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  return (
    <div className="container narrow">
      <div className="page-head">
        <BookingSteps current={1} />
        <p className="test-banner" role="note">
          <strong>Test payment — no card is charged.</strong> This studio runs in demo mode; a real site sends you to Stripe here.
        </p>
        <h1>Pay for your booking</h1>
      </div>
      <section className="summary" aria-labelledby="pay-title">
        <h2 id="pay-title">{session.title}</h2>
        <dl className="summary__facts">
          <dt>When</dt>
          <dd>
            <time dateTime={session.startsAt}>
              {formatLongDate(session.startsAt, session.timeZone)}, {formatTimeRange(session.startsAt, session.endsAt, session.timeZone)}{" "}
              {zoneAbbreviation(session.startsAt, session.timeZone)}
            </time>
          </dd>
          <dt>Places</dt>
          <dd>{plural(session.quantity, "place")}</dd>
          <dt>Total</dt>
          <dd className="price">{formatMoney(session.amountTotalMinor, session.currency)}</dd>
          <dt>Email</dt>
          <dd>{session.customerEmail}</dd>
          {session.status === "open" ? (
            <>
              <dt>Held until</dt>
              <dd>
                <time dateTime={session.expiresAt}>
                  {formatTime(session.expiresAt, session.timeZone)} {zoneAbbreviation(session.expiresAt, session.timeZone)}
                </time>
              </dd>
            </>
          ) : null}
        </dl>
        {session.status === "open" ? (
          <Form method="post" className="button-row">
            <button type="submit" name="intent" value="pay" className="button button--primary button--large" disabled={busy}>
              {busy ? "Paying…" : `Pay ${formatMoney(session.amountTotalMinor, session.currency)} (test)`}
            </button>
            <button type="submit" name="intent" value="cancel" className="button button--quiet" disabled={busy}>
              Cancel
            </button>
          </Form>
        ) : (
          <p role="status">
            {session.status === "complete" ? "This payment is complete." : "This payment page has expired. Nothing was charged."}
          </p>
        )}
      </section>
    </div>
  );
}
