import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { loadBookingFormPage } from "~/booking/booking-form-page.server";
import { holdCookie, readHoldToken } from "~/booking/hold-cookie.server";
import { submitBooking, type SubmitBookingResult } from "~/booking/submit-booking.server";
import { BookingForm } from "~/components/booking-form";
import { BookingSteps } from "~/components/booking-steps";
import { SeatsPill } from "~/components/catalog";
import { UnavailableTime, unavailableReason } from "~/components/unavailable-time";
import { CoachIntro } from "~/components/coach";
import { SlotFacts } from "~/components/slot-facts";
import { appContext } from "~/context.server";
import type { SharesRender } from "~/http/shared-renders.server";
import { rethrowAsResponse } from "~/utils/errors.server";
import { readFormFields } from "~/utils/forms.server";
import { pageMeta } from "~/utils/meta";
import kneePicturesHref from "~/styles/knee-pictures.css";
import { formatTime } from "../../emails/format/time";

/**
 * Everyone who lost the race for a date's last places gets the same page (the date, the other
 * dates, nothing of theirs): it is rendered once for all of them (app/http/shared-renders.server.ts).
 */
const sharesRender: SharesRender = ({ status, actionData }) => status === 409 && (actionData as ActionResult | undefined)?.kind === "full";
export const handle = { sharesRender };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: kneePicturesHref }];

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) =>
  loaded ? pageMeta(`Book: ${loaded.slot.title}`, `Book a place at ${loaded.slot.title}.`, loaded.studioName) : [];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const context = appContext();
  const { env } = context;
  const holdToken = await readHoldToken(request, env.mode);
  const page = await loadBookingFormPage(context, { slotId: params.slotId ?? "", holdToken, now: new Date() });
  if (!page) throw new Response("Not found", { status: 404 });
  const { slot } = page;
  return {
    studioName: env.studio.name,
    timeZone: env.studio.timeZone,
    closesHours: env.booking.closesMinutesBefore / 60,
    maxSeats: page.maxSeats,
    slot: {
      id: slot.slotId,
      kind: slot.kind,
      title: slot.title,
      summary: slot.summary,
      startsAt: slot.startsAt.toISOString(),
      endsAt: slot.endsAt.toISOString(),
      durationMinutes: slot.durationMinutes,
      priceMinor: slot.priceMinor,
      currency: slot.currency,
      location: slot.location,
      coach: slot.coach,
      seatsLeft: slot.seatsLeft,
      isOpen: slot.isOpen,
      offeringPath: slot.offeringPath,
    },
    liveHold: page.liveHold,
    others: page.others,
    nearestTimes: page.nearestTimes,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const app = appContext();
  const { mode } = app.env;
  const form = await readFormFields(request);
  const outcome = await submitBooking(app, {
    slotId: params.slotId ?? "",
    form,
    holdToken: await readHoldToken(request, mode),
    clientIp: context.clientIp,
    now: new Date(),
  }).catch(rethrowAsResponse);
  if (outcome.kind === "redirect") {
    const headers = outcome.holdToken ? { "Set-Cookie": await holdCookie(mode).serialize(outcome.holdToken) } : undefined;
    return redirect(outcome.url, { status: 303, headers });
  }
  return data(outcome, { status: outcome.status, headers: outcome.headers });
}

type ActionResult = Exclude<SubmitBookingResult, { kind: "redirect" }>;

export default function BookSlot() {
  const { slot, timeZone, maxSeats, liveHold, others, nearestTimes, closesHours } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const oneToOne = slot.kind === "private";

  // A date that can't be booked leads with where to go instead, without the booking steps.
  const lostRace = actionData?.kind === "full";
  const unavailable = actionData?.kind === "check_email" ? null : unavailableReason(slot, { lostRace, heldHere: Boolean(liveHold) });
  if (unavailable) {
    const fallback = actionData?.kind === "full" ? actionData.others : [];
    return (
      <UnavailableTime
        reason={unavailable}
        lostRace={lostRace}
        slot={slot}
        otherDates={others.length > 0 ? others : fallback}
        nearestTimes={nearestTimes.length > 0 ? nearestTimes : fallback}
        timeZone={timeZone}
        closesHours={closesHours}
      />
    );
  }


  let body: JSX.Element;
  if (actionData?.kind === "check_email") {
    body = (
      <section className="notice notice--held" aria-labelledby="check-email-title">
        <h2 id="check-email-title" tabIndex={-1}>
          Check your email
        </h2>
        <p role="status">
          A place on this session is already being held for <strong>{actionData.email}</strong>. We've sent the link to
          finish paying to that address, so only its owner can use it.
        </p>
        <p>Nothing was charged. If you don't finish paying, the place is released when the hold runs out.</p>
      </section>
    );
  } else if (liveHold) {
    body = (
      <section className="notice notice--held" aria-labelledby="held-title">
        <h2 id="held-title">
          You have {liveHold.seats === 1 ? "a place" : `${liveHold.seats} places`} held until {formatTime(liveHold.until, timeZone)}
        </h2>
        <p>Finish paying to confirm it, or let it go so someone else can have it.</p>
        <p className="button-row">
          <Link to={liveHold.url} className="button button--primary">
            Continue to payment
          </Link>
          <Link to={`${liveHold.url}/cancel`} className="button button--quiet">
            Release my place
          </Link>
        </p>
      </section>
    );
  } else {
    body = (
      <BookingForm
        maxSeats={maxSeats}
        oneToOne={oneToOne}
        priceMinor={slot.priceMinor}
        currency={slot.currency}
        values={actionData?.kind === "invalid" ? actionData.values : undefined}
        errors={actionData?.kind === "invalid" ? actionData.errors : undefined}
      />
    );
  }

  return (
    <div className="container">
      <Breadcrumbs trail={[{ to: "/", label: "Home" }, { to: slot.offeringPath, label: slot.title }]} current="Book" />
      <BookingSteps current={0} />
      <h1>Book {oneToOne ? "your session" : "your place"}</h1>
      <div className="booking-layout">
        <div>{body}</div>
        <aside className="summary" aria-labelledby="summary-title">
          <h2 id="summary-title">You're booking</h2>
          <p className="summary__title">{slot.title}</p>
          <SlotFacts
            slot={slot}
            timeZone={timeZone}
            after={
              !oneToOne ? (
                <>
                  <dt>Places left</dt>
                  <dd>
                    <SeatsPill seatsLeft={slot.seatsLeft} />
                  </dd>
                </>
              ) : null
            }
          />
          {slot.coach ? (
            <section className="summary__coach" aria-labelledby="summary-coach-title">
              <h3 id="summary-coach-title">Your coach</h3>
              <CoachIntro coach={slot.coach} compact />
            </section>
          ) : null}
        </aside>
      </div>
    </div>
  );
}
