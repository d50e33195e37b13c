import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { calendarLinksFor } from "~/booking/booking-calendar.server";
import { continueToPayment, loadBookingStatus } from "~/booking/booking-status.server";
import { isHoldLive } from "~/booking/rules";
import { STATUS_WORDS } from "~/booking/states";
import { AddToCalendar, GettingThere, NeedToChange, WhatToBring } from "~/components/after-booking";
import { BookingSteps } from "~/components/booking-steps";
import { appContext } from "~/context.server";
import { pageMeta } from "~/utils/meta";
import { formatMoney } from "../../emails/format/money";
import { formatDuration, formatLongDate, formatTime, formatTimeRange, zoneAbbreviation } from "../../emails/format/time";
import { PAIN_LOCATION_CHOICES } from "../../emails/content/intake";
import { sectionIdForLocation } from "../../emails/content/knee-reading";
import { directionsUrl } from "../../emails/kit/urls";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  ...(data ? pageMeta(`Booking ${data.reference}`, `Your booking for ${data.title}.`, data.studioName) : []),
  // A booking page holds personal details: keep it out of search engines and referrers.
  { name: "robots", content: "noindex, nofollow" },
  { name: "referrer", content: "no-referrer" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const context = appContext();
  const now = new Date();
  const found = await loadBookingStatus(context, { token: params.token ?? "", now });
  if (!found) throw new Response("Not found", { status: 404 });
  const { booking, slot, offering, instructor, money } = found;
  const token = params.token ?? "";
  // Only a confirmed booking can go in a calendar: null for any other state.
  const calendar = calendarLinksFor(found, context);
  return {
    studioName: context.env.studio.name,
    timeZone: context.env.studio.timeZone,
    token,
    reference: booking.reference,
    status: booking.status,
    statusWords: STATUS_WORDS[booking.status],
    statusReason: booking.statusReason,
    paymentProblem: booking.paymentProblem,
    money,
    paying: booking.status === "pending_payment" && Boolean(booking.checkoutSessionId),
    holdLive: isHoldLive(booking, now),
    checkoutUntil: booking.checkoutExpiresAt?.toISOString() ?? null,
    seats: booking.seats,
    customerName: booking.customerName,
    customerEmail: booking.customerEmail,
    painLocation: booking.painLocation,
    // Health notes are never sent back to the page: only whether the coach has some.
    gaveNotes: Boolean(booking.instructorNotes),
    amountTotalMinor: booking.amountTotalMinor,
    amountPaidMinor: booking.amountPaidMinor,
    currency: booking.currency,
    title: offering.title,
    kind: offering.kind,
    // An archived offering has no page any more: other dates are on the home page.
    offeringPath: !offering.active ? "/" : offering.kind === "workshop" ? `/workshops/${offering.slug}` : `/sessions/${offering.slug}`,
    /** The studio cancelled the date itself (not only this booking). */
    dateCancelled: slot.status === "cancelled",
    location: offering.location,
    durationMinutes: offering.durationMinutes,
    startsAt: slot.startsAt.toISOString(),
    endsAt: slot.endsAt.toISOString(),
    instructor: instructor?.name ?? null,
    whatToBring: offering.whatToBring,
    calendar: calendar ? { ...calendar, icsHref: `/bookings/${token}/calendar.ics` } : null,
    directionsHref: directionsUrl(offering.location),
    contact: { email: context.env.mail.studioEmail, phone: context.env.studio.phone },
  };
}

export async function action({ params, request }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => null);
  if (form?.get("intent") !== "pay") return new Response("Unknown action", { status: 400 });
  const result = await continueToPayment(appContext(), { token: params.token ?? "", now: new Date() });
  if (!result) throw new Response("Not found", { status: 404 });
  if (result.status === "redirect") return redirect(result.url, { status: 303 });
  return redirect(`/bookings/${params.token}`, { status: 303 });
}

const PROBLEM_WORDS: Record<"payment_mismatch" | "paid_after_start" | "places_gone", string> = {
  places_gone: "We're sorry: your payment arrived just after the last place was taken, so we couldn't confirm your booking.",
  paid_after_start: "We're sorry: your payment arrived after the session had started, so we couldn't confirm your booking.",
  payment_mismatch:
    "Your payment didn't match this booking, so we couldn't confirm it. We've let the studio know, and they'll be in touch.",
};

function expiredWords(reason: string | null): string {
  if (reason === "cancelled at checkout") return "You cancelled at the payment step, so your place was released and nothing was charged.";
  if (reason === "the payment page could not be opened in time") {
    return "The payment page couldn't be opened in time, so the place was released and nothing was charged. Please start again.";
  }
  return "The payment wasn't finished in time, so the place was released. Nothing was charged.";
}

/** What happened to the money: refunded, on its way, or "we're on it". */
function RefundNotice({
  money,
  currency,
}: {
  money: { refundedMinor: number; onItsWayMinor: number; troubleMinor: number };
  currency: string;
}) {
  if (money.refundedMinor + money.onItsWayMinor + money.troubleMinor === 0) return null;
  return (
    <ul className="refund-notice" role="status">
      {money.refundedMinor > 0 ? (
        <li>
          <strong>Refunded {formatMoney(money.refundedMinor, currency)}</strong> to the card you paid with. It can take 5 to 10
          working days to show on your statement.
        </li>
      ) : null}
      {money.onItsWayMinor > 0 ? (
        <li>
          <strong>A refund of {formatMoney(money.onItsWayMinor, currency)} is on its way.</strong> This page shows when it has
          gone through.
        </li>
      ) : null}
      {money.troubleMinor > 0 ? (
        <li>
          <strong>A refund of {formatMoney(money.troubleMinor, currency)} didn't go through.</strong> We're on it and will be in
          touch: you don't need to do anything.
        </li>
      ) : null}
    </ul>
  );
}

/** While payment is processing, look again every few seconds (with JavaScript; a meta refresh without). */
function useRefreshWhile(active: boolean) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 3000);
    return () => clearInterval(timer);
  }, [active, revalidator]);
}

export default function BookingPage() {
  const data = useLoaderData<typeof loader>();
  const when = `${formatLongDate(data.startsAt, data.timeZone)}, ${formatTimeRange(data.startsAt, data.endsAt, data.timeZone)} ${zoneAbbreviation(data.startsAt, data.timeZone)}`;
  const processing = data.paying && data.holdLive;
  useRefreshWhile(processing);
  const confirmed = data.status === "confirmed";
  const readingHref = `/knee-pain-after-running#${sectionIdForLocation(data.painLocation)}`;

  return (
    <div className="container narrow">
      {processing ? <noscript><meta httpEquiv="refresh" content="5" /></noscript> : null}
      <div className="page-head">
        <BookingSteps current={confirmed ? 2 : 1} />
        <p className="eyebrow">
          Booking {data.reference} · <span className={`status status--${data.status}`}>{data.statusWords}</span>
        </p>
        {confirmed ? (
          <>
            <h1>
              You're booked, <bdi>{data.customerName.split(" ")[0]}</bdi>!
            </h1>
            <p className="lead">
              A confirmation with a calendar invite is on its way to <strong>{data.customerEmail}</strong>.
            </p>
            <RefundNotice money={data.money} currency={data.currency} />
          </>
        ) : data.status === "pending_payment" && data.holdLive ? (
          processing ? (
            <>
              <h1>Payment processing…</h1>
              <p className="lead" role="status">
                We're waiting for the card payment to be confirmed. This usually takes a few seconds; this page updates by itself.
              </p>
              <Form method="post">
                <input type="hidden" name="intent" value="pay" />
                <p className="button-row">
                  <button type="submit" className="button button--quiet">
                    Back to the payment page
                  </button>
                  <Link to={`/bookings/${data.token}/cancel`} className="button button--quiet">
                    Cancel and release my place
                  </Link>
                </p>
              </Form>
            </>
          ) : (
            <>
              <h1>Your place is held</h1>
              <p className="lead">
                It's yours until {data.checkoutUntil ? formatTime(data.checkoutUntil, data.timeZone) : "soon"} if you pay now.
              </p>
              <Form method="post" className="button-row">
                <input type="hidden" name="intent" value="pay" />
                <button type="submit" className="button button--primary">
                  Continue to payment
                </button>
                <Link to={`/bookings/${data.token}/cancel`} className="button button--quiet">
                  Release my place
                </Link>
              </Form>
            </>
          )
        ) : data.status === "cancelled" ? (
          <>
            {data.dateCancelled ? (
              <>
                <h1>The studio cancelled this date</h1>
                <p className="lead">
                  We're sorry: we had to cancel this session, so your booking is cancelled and everything you paid is refunded.
                </p>
              </>
            ) : (
              <>
                <h1>Your booking is cancelled</h1>
                <p className="lead">Your place has been released. We're sorry we won't see you this time.</p>
              </>
            )}
            <RefundNotice money={data.money} currency={data.currency} />
            <p>
              <Link to={data.offeringPath} className="button button--primary">
                See other dates
              </Link>
            </p>
          </>
        ) : data.paymentProblem ? (
          <>
            <h1>We couldn't confirm this booking</h1>
            <p className="lead">
              {data.dateCancelled
                ? "The studio cancelled this date just as your payment arrived, so we couldn't confirm your booking. All of it is being refunded."
                : PROBLEM_WORDS[data.paymentProblem]}
            </p>
            <RefundNotice money={data.money} currency={data.currency} />
            <p>
              <Link to={data.offeringPath} className="button button--primary">
                See other dates
              </Link>
            </p>
          </>
        ) : (
          <>
            <h1>This booking wasn't completed</h1>
            <p className="lead">
              {data.dateCancelled
                ? "The studio cancelled this date before your payment went through, so nothing was charged. We're sorry."
                : expiredWords(data.statusReason)}
            </p>
            <p>
              <Link to={data.offeringPath} className="button button--primary">
                Choose a date
              </Link>
            </p>
          </>
        )}
      </div>

      {data.calendar ? <AddToCalendar calendar={data.calendar} /> : null}

      <section className="summary" aria-labelledby="details-title">
        <h2 id="details-title">Your booking</h2>
        <dl className="summary__facts">
          <dt>What</dt>
          <dd>{data.title}</dd>
          <dt>When</dt>
          <dd>
            <time dateTime={data.startsAt}>{when}</time>
          </dd>
          <dt>Length</dt>
          <dd>{formatDuration(data.durationMinutes)}</dd>
          <dt>Where</dt>
          <dd>{data.location}</dd>
          <dt>{data.kind === "private" ? "Session" : "Places"}</dt>
          <dd>{data.kind === "private" ? "One-on-one" : data.seats}</dd>
          <dt>{data.amountPaidMinor !== null ? "Paid" : "Total"}</dt>
          <dd>
            {formatMoney(data.amountPaidMinor ?? data.amountTotalMinor, data.currency)}
            {data.money.refundedMinor > 0 ? ` (${formatMoney(data.money.refundedMinor, data.currency)} refunded)` : ""}
          </dd>
          <dt>Name</dt>
          <dd>
            <bdi>{data.customerName}</bdi>
          </dd>
          <dt>Your knee</dt>
          <dd>
            {data.painLocation ? PAIN_LOCATION_CHOICES[data.painLocation].label : "Your answers have been deleted, as our terms say."}
            {data.gaveNotes ? <span className="muted"> · your coach has your notes</span> : null}
          </dd>
        </dl>
      </section>

      {confirmed ? (
        <div className="after-grid">
          <GettingThere location={data.location} directionsHref={data.directionsHref} />
          <WhatToBring items={data.whatToBring} />
          <NeedToChange reference={data.reference} contact={data.contact} />
        </div>
      ) : null}

      {confirmed ? (
        <aside className="promo" aria-labelledby="before-title">
          <h2 id="before-title">Before you come</h2>
          <p>
            We've picked the part of our knee pain guide that matches what you told us. Have a read before your session:
            it gives us a shared starting point.
          </p>
          <Link to={readingHref} className="button button--quiet">
            Read your pre-session guide
          </Link>
        </aside>
      ) : null}
    </div>
  );
}
