import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { bookingFormSchema, fieldErrorsFrom, type BookingFieldErrors } from "~/booking/booking-form";
import { getBookableSlot, getBookingByToken, otherOpenSlots } from "~/booking/booking-page.server";
import { holdCookie, readHoldToken } from "~/booking/hold-cookie.server";
import { checkBookingRateLimit, submitBooking } from "~/booking/submit-booking.server";
import { BookingForm } from "~/components/booking-form";
import { BookingSteps } from "~/components/booking-steps";
import { SeatsPill } from "~/components/catalog";
import { appContext } from "~/context.server";
import { pageMeta } from "~/utils/meta";
import { formatMoney } from "../../emails/format/money";
import { formatDuration, formatLongDate, formatSlotWhen, formatTime, formatTimeRange, zoneAbbreviation } from "../../emails/format/time";

const MAX_BODY_BYTES = 32 * 1024;

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) =>
  loaded ? pageMeta(`Book: ${loaded.slot.title}`, `Book a place at ${loaded.slot.title}.`, loaded.studioName) : [];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { database, env } = appContext();
  const now = new Date();
  const slot = await getBookableSlot(database.db, {
    slotId: params.slotId ?? "",
    now,
    closesMinutesBefore: env.booking.closesMinutesBefore,
  });
  if (!slot) throw new Response("Not found", { status: 404 });

  const token = await readHoldToken(request);
  const held = token ? await getBookingByToken(database.db, token) : null;
  const liveHold =
    held &&
    held.slot.id === slot.slotId &&
    held.booking.status === "pending_payment" &&
    held.booking.holdsSeats &&
    (held.booking.holdExpiresAt?.getTime() ?? 0) > now.getTime()
      ? { url: `/bookings/${held.booking.accessToken}`, seats: held.booking.seats, until: held.booking.checkoutExpiresAt!.toISOString() }
      : null;

  const others =
    slot.seatsLeft === 0 || !slot.isOpen
      ? await otherOpenSlots(database.db, { offeringId: slot.offeringId, exceptSlotId: slot.slotId, now })
      : [];
  return {
    studioName: env.studio.name,
    timeZone: env.studio.timeZone,
    closesHours: env.booking.closesMinutesBefore / 60,
    maxSeats: slot.kind === "private" ? 1 : Math.max(1, Math.min(env.booking.maxSeats, slot.seatsLeft)),
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
      instructor: slot.instructor,
      seatsLeft: slot.seatsLeft,
      isOpen: slot.isOpen,
      offeringPath: slot.offeringPath,
    },
    liveHold,
    others,
  };
}

type ActionResult =
  | { kind: "invalid"; errors: BookingFieldErrors; values: Record<string, string> }
  | { kind: "full"; others: Awaited<ReturnType<typeof otherOpenSlots>> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const app = appContext();
  const now = new Date();
  const invalid = (status: number, errors: BookingFieldErrors, values: Record<string, string> = {}, headers?: HeadersInit) =>
    data<ActionResult>({ kind: "invalid", errors, values }, { status, headers });

  const limit = await checkBookingRateLimit(app, { clientIp: context.clientIp, now });
  if (!limit.allowed) {
    return invalid(
      429,
      { form: `That's a lot of booking attempts from here. Please wait ${Math.ceil(limit.retryAfterSeconds / 60)} minute(s) and try again.` },
      {},
      { "Retry-After": String(limit.retryAfterSeconds) },
    );
  }
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_BODY_BYTES) {
    return invalid(413, { form: "That form was far too long to be a booking. Please shorten your notes and try again." });
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return invalid(400, { form: "We couldn't read that form. Please fill it in again." });
  }
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string") return invalid(400, { form: "Files can't be attached to a booking." });
    if (key in values) return invalid(400, { form: "We couldn't read that form. Please fill it in again." });
    values[key] = value;
  }
  // Echo back only what a person typed, trimmed to sane lengths.
  const echo = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, value.slice(0, 1000)]));
  if (values.website) return invalid(400, { form: "We couldn't accept this form. If you're a person, please try again." });

  const parsed = bookingFormSchema({ maxSeats: app.env.booking.maxSeats }).safeParse(values);
  if (!parsed.success) return invalid(400, fieldErrorsFrom(parsed.error), echo);

  const result = await submitBooking(app, { slotId: params.slotId ?? "", values: parsed.data, now });
  switch (result.status) {
    case "redirect":
      return redirect(result.url, { status: 303, headers: { "Set-Cookie": await holdCookie.serialize(result.accessToken) } });
    case "hold_gone":
      return redirect(result.bookingUrl, { status: 303 });
    case "not_found":
      throw new Response("Not found", { status: 404 });
    case "closed":
      return invalid(409, { form: "Booking for this session has closed. Please choose another date." }, echo);
    case "full": {
      const slot = await getBookableSlot(app.database.db, {
        slotId: params.slotId ?? "",
        now,
        closesMinutesBefore: app.env.booking.closesMinutesBefore,
      });
      const others = slot
        ? await otherOpenSlots(app.database.db, { offeringId: slot.offeringId, exceptSlotId: slot.slotId, now })
        : [];
      return data<ActionResult>({ kind: "full", others }, { status: 409 });
    }
    case "provider_error":
      return invalid(
        503,
        {
          form: "We couldn't reach our card payment service just now. Nothing was charged and your place was released. Please try again in a minute.",
        },
        echo,
      );
    case "rate_limited":
      return invalid(429, { form: "Please wait a moment and try again." }, echo);
  }
}

function OtherDates({ others, timeZone }: { others: { id: string; startsAt: string; endsAt: string; seatsLeft: number }[]; timeZone: string }) {
  if (others.length === 0) return <p>There are no other dates with places just now. New dates are added every few weeks.</p>;
  return (
    <ul className="slot-list">
      {others.map((other) => (
        <li key={other.id} className="slot">
          <div className="slot__time">{formatSlotWhen(other.startsAt, other.endsAt, timeZone)}</div>
          <SeatsPill seatsLeft={other.seatsLeft} />
          <div className="slot__action">
            <Link to={`/book/${other.id}`} className="button button--primary">
              Book this date
            </Link>
          </div>
        </li>
      ))}
    </ul>
  );
}

export default function BookSlot() {
  const { slot, timeZone, maxSeats, liveHold, others, closesHours } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const oneToOne = slot.kind === "private";
  const when = `${formatLongDate(slot.startsAt, timeZone)}, ${formatTimeRange(slot.startsAt, slot.endsAt, timeZone)} ${zoneAbbreviation(slot.startsAt, timeZone)}`;

  let body: JSX.Element;
  if (actionData?.kind === "full" || (slot.seatsLeft === 0 && !liveHold)) {
    body = (
      <section className="notice notice--full" aria-labelledby="full-title">
        <h2 id="full-title">{actionData?.kind === "full" ? "Sorry, this session just filled up" : "This session is full"}</h2>
        <p>Nothing was charged and nothing was booked. These dates still have room:</p>
        <OtherDates others={actionData?.kind === "full" ? actionData.others : others} timeZone={timeZone} />
      </section>
    );
  } else if (!slot.isOpen) {
    body = (
      <section className="notice" aria-labelledby="closed-title">
        <h2 id="closed-title">Booking for this session has closed</h2>
        <p>Online booking closes {closesHours} hours before a session starts. These dates are still open:</p>
        <OtherDates others={others} timeZone={timeZone} />
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
        values={actionData?.kind === "invalid" ? actionData.values : {}}
        errors={actionData?.kind === "invalid" ? actionData.errors : {}}
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
          <dl className="summary__facts">
            <dt>When</dt>
            <dd>
              <time dateTime={slot.startsAt}>{when}</time>
            </dd>
            <dt>Length</dt>
            <dd>{formatDuration(slot.durationMinutes)}</dd>
            <dt>Where</dt>
            <dd>{slot.location}</dd>
            {slot.instructor ? (
              <>
                <dt>Coach</dt>
                <dd>{slot.instructor}</dd>
              </>
            ) : null}
            <dt>Price</dt>
            <dd>
              {formatMoney(slot.priceMinor, slot.currency)} {oneToOne ? "per session" : "per place"}
            </dd>
            {!oneToOne ? (
              <>
                <dt>Places left</dt>
                <dd>
                  <SeatsPill seatsLeft={slot.seatsLeft} />
                </dd>
              </>
            ) : null}
          </dl>
        </aside>
      </div>
    </div>
  );
}
