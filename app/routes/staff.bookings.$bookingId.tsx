import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { z } from "zod";
import { formatMoney } from "../../emails/format/money";
import { formatShortDate, formatSlotWhen, formatTime, zoneAbbreviation } from "../../emails/format/time";
import { moveBooking } from "~/booking/move-booking.server";
import { resendConfirmation } from "~/booking/resend-confirmation.server";
import { STATUS_WORDS } from "~/booking/states";
import { previewStaffRefund, refundByStaff } from "~/booking/staff-refund.server";
import { rosterPath } from "~/roster/roster.server";
import { Confirmation, describedBy, ErrorSummary, Field } from "~/components/console-form";
import { StatusChip } from "~/components/status-chip";
import { appContext } from "~/context.server";
import { loadBookingFile } from "~/desk/booking-file.server";
import { MOVE_LABELS, moveFormSchema, REFUND_LABELS, refundFormSchema, resendFormSchema } from "~/desk/forms";
import { priceForForm } from "~/schedule/forms";
import { actorOf, idParam, invalid, refused, submittedForm } from "~/staff/console-forms.server";
import { requireStaff } from "~/staff/guard.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.booking.reference ?? "Booking"} · Studio console` },
  { name: "robots", content: "noindex, nofollow" },
];

const DONE = {
  resent: "The confirmation is on its way again. Its delivery shows in the history below.",
  moved: "Moved. The customer is being sent the new time with a calendar update.",
  refunded: "Refund made. The customer is being told the amount.",
  cancelled: "Cancelled, and its places are free again. The customer is being sent the cancellation.",
} as const;

const PAID_WORDS = { card: "by card", studio: "at the studio", complimentary: "complimentary" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const signedIn = await requireStaff(request);
  const { database, env } = appContext();
  const zone = env.studio.timeZone;
  const now = new Date();
  const file = await loadBookingFile(database.db, { bookingId: idParam(params.bookingId, "booking"), now, timeZone: zone });
  if (!file) throw new Response("There's no booking at this address.", { status: 404 });
  const { booking, slot, offering, instructor } = file;
  const currency = booking.paidCurrency ?? booking.currency;
  const money = (minor: number) => formatMoney(minor, currency);
  const at = (value: Date) => `${formatShortDate(value, zone)}, ${formatTime(value, zone)} ${zoneAbbreviation(value, zone)}`;
  const done = new URL(request.url).searchParams.get("done");
  return {
    isOwner: signedIn.user.role === "owner",
    done: done && done in DONE ? DONE[done as keyof typeof DONE] : null,
    booking: {
      id: booking.id,
      reference: booking.reference,
      status: booking.status,
      statusWords: STATUS_WORDS[booking.status],
      name: booking.customerName,
      email: booking.customerEmail,
      phone: booking.customerPhone,
      places: booking.seats,
      source: booking.source,
      total: money(booking.amountTotalMinor),
      paid:
        booking.paymentMethod === "complimentary"
          ? "Complimentary"
          : booking.amountPaidMinor !== null && booking.paymentMethod
            ? `${money(booking.amountPaidMinor)} ${PAID_WORDS[booking.paymentMethod]}`
            : "Nothing yet",
      refunded: file.refundedMinor > 0 ? money(file.refundedMinor) : null,
      refundOnItsWay: file.refundPendingMinor > 0 ? money(file.refundPendingMinor) : null,
      remainingMinor: file.remainingMinor,
      remaining: money(file.remainingMinor),
      cancelledWhy: booking.status === "cancelled" ? booking.statusReason : null,
    },
    session: {
      offering: offering.title,
      when: formatSlotWhen(slot.startsAt, slot.endsAt, zone),
      instructor: instructor?.name ?? null,
      rosterUrl: rosterPath(slot.id, booking.reference),
      started: slot.startsAt <= now,
    },
    timeline: file.timeline.map((entry) => ({ ...entry, at: entry.at.toISOString(), when: at(entry.at) })),
    moveTargets: file.moveTargets.map((target) => ({
      id: target.id,
      label: `${formatSlotWhen(target.startsAt, target.endsAt, zone)} · ${target.placesLeft} ${target.placesLeft === 1 ? "place" : "places"} left`,
    })),
    refundDefault: priceForForm(file.remainingMinor),
  };
}

type RefundPreviewView = { amount: string; amountFormValue: string; cancel: boolean; sentence: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const signedIn = await requireStaff(request);
  const bookingId = idParam(params.bookingId, "booking");
  const form = await submittedForm(request);
  const { database, effects, payments } = appContext();
  const actor = actorOf(signedIn);
  const now = new Date();
  const back = (done: keyof typeof DONE) => redirect(`/staff/bookings/${bookingId}?done=${done}`, { status: 303 });

  switch (form.get("intent")) {
    case "resend": {
      const submission = parseWithZod(form, { schema: resendFormSchema });
      if (submission.status !== "success") return invalid(submission, { form: "resend" as const });
      const outcome = await resendConfirmation(database.db, effects, { actor, bookingId, now });
      if (!outcome.ok) return refused(submission, outcome, { form: "resend" as const });
      return back("resent");
    }
    case "move": {
      const submission = parseWithZod(form, { schema: moveFormSchema });
      if (submission.status !== "success") return invalid(submission, { form: "move" as const });
      const outcome = await moveBooking(database.db, effects, { actor, bookingId, toSlotId: submission.value.slotId, now });
      if (!outcome.ok) return refused(submission, outcome, { form: "move" as const });
      return back("moved");
    }
    case "preview-refund":
    case "refund": {
      const submission = parseWithZod(form, { schema: refundFormSchema });
      if (submission.status !== "success") return invalid(submission, { form: "refund" as const });
      const request = { bookingId, amountMinor: submission.value.amount, cancel: submission.value.cancel };
      if (submission.value.intent === "refund") {
        const outcome = await refundByStaff(database.db, effects, { actor, ...request, now });
        if (!outcome.ok) return refused(submission, outcome, { form: "refund" as const });
        return back(outcome.value.cancelled ? "cancelled" : "refunded");
      }
      const outcome = await previewStaffRefund(database.db, payments, { actor, ...request });
      if (!outcome.ok) return refused(submission, outcome, { form: "refund" as const });
      const preview = outcome.value;
      const money = (minor: number) => formatMoney(minor, preview.currency);
      const where =
        preview.method === "studio"
          ? "paid back at the studio"
          : preview.card
            ? `to the card ending ${preview.card.last4}`
            : "to the card it was paid with";
      const sentence =
        preview.amountMinor === 0
          ? `Cancel booking ${preview.reference} without a refund, and release its places.`
          : `Refund ${money(preview.amountMinor)} of ${money(preview.paidMinor)} ${where}${preview.cancel ? ", cancel the booking and release its places" : ""}.`;
      const view: RefundPreviewView = { amount: money(preview.amountMinor), amountFormValue: priceForForm(preview.amountMinor), cancel: preview.cancel, sentence };
      return data({ form: "refund" as const, result: submission.reply(), preview: view });
    }
    default:
      return data({ form: null, result: undefined, message: "That action isn't one this page offers." }, { status: 400 });
  }
}

export default function BookingPage() {
  const { booking, session, timeline, moveTargets, isOwner, done, refundDefault } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const resultFor = (name: "resend" | "move" | "refund") => (answer && "form" in answer && answer.form === name ? answer.result : undefined);
  const preview = answer && "preview" in answer ? (answer.preview as RefundPreviewView) : null;
  const [resendForm] = useForm({ id: "resend", lastResult: resultFor("resend") });
  const [moveForm, moveFields] = useForm<z.input<typeof moveFormSchema>, z.output<typeof moveFormSchema>>({
    id: "move",
    lastResult: resultFor("move"),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: moveFormSchema }),
  });
  const [refundForm, refundFields] = useForm<z.input<typeof refundFormSchema>, z.output<typeof refundFormSchema>>({
    id: "refund",
    lastResult: resultFor("refund"),
    defaultValue: { amount: refundDefault, cancel: true },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: refundFormSchema }),
  });
  const confirmed = booking.status === "confirmed";
  return (
    <div className="console-page booking-file">
      <p className="console-back">
        <Link to="/staff/bookings">Find another booking</Link>
      </p>
      <h1>
        {booking.reference} <StatusChip status={booking.status} words={booking.statusWords} />
      </h1>
      {done ? <Confirmation>{done}</Confirmation> : null}
      {answer && "message" in answer && answer.message ? <p role="alert" className="error-summary">{answer.message}</p> : null}

      <dl className="facts-grid">
        <div>
          <dt>Customer</dt>
          <dd>{booking.name}</dd>
        </div>
        <div>
          <dt>Email</dt>
          <dd>{booking.email ? <a href={`mailto:${booking.email}`}>{booking.email}</a> : "None given"}</dd>
        </div>
        <div>
          <dt>Phone</dt>
          <dd>{booking.phone ? <a href={`tel:${booking.phone.replace(/\s+/g, "")}`}>{booking.phone}</a> : "None given"}</dd>
        </div>
        <div>
          <dt>Session</dt>
          <dd>{session.offering}</dd>
        </div>
        <div>
          <dt>When</dt>
          <dd>{session.when}</dd>
        </div>
        <div>
          <dt>Instructor</dt>
          <dd>{session.instructor ?? "Not set"}</dd>
        </div>
        <div>
          <dt>Places</dt>
          <dd>{booking.places}</dd>
        </div>
        <div>
          <dt>Paid</dt>
          <dd>{booking.paid}</dd>
        </div>
        <div>
          <dt>Refunded</dt>
          <dd>
            {booking.refunded ?? "Nothing"}
            {booking.refundOnItsWay ? ` (${booking.refundOnItsWay} on its way)` : ""}
          </dd>
        </div>
        {booking.cancelledWhy ? (
          <div className="facts-grid__wide">
            <dt>Why it was cancelled</dt>
            <dd>{booking.cancelledWhy}</dd>
          </div>
        ) : null}
        <div className="facts-grid__wide">
          <dt>On the roster</dt>
          <dd>
            <Link to={session.rosterUrl}>Open this date's roster</Link> (knee notes are there, for the coach)
          </dd>
        </div>
      </dl>

      {confirmed ? (
        <section aria-labelledby="actions-heading" className="booking-actions">
          <h2 id="actions-heading">Change this booking</h2>

          <div className="console-panel stack">
            <h3>Resend the confirmation</h3>
            <p>
              {booking.email
                ? `Sends the confirmation again to ${booking.email}, with the same calendar event and a working link to the booking.`
                : "This booking has no email address, so there is nothing to send."}
            </p>
            <ErrorSummary form={resendForm} labels={{}} lastResult={resultFor("resend")} title="The confirmation wasn't sent" />
            {booking.email ? (
              <Form method="post" {...getFormProps(resendForm)}>
                <button type="submit" name="intent" value="resend" className="button button--quiet" disabled={busy}>
                  Resend the confirmation
                </button>
              </Form>
            ) : null}
          </div>

          <div className="console-panel stack">
            <h3>Move to another date</h3>
            <ErrorSummary form={moveForm} labels={MOVE_LABELS} lastResult={resultFor("move")} title="The booking wasn't moved" />
            {moveTargets.length === 0 ? (
              <p>No other date of {session.offering} has room for {booking.places === 1 ? "this booking" : `${booking.places} places`}.</p>
            ) : (
              <Form method="post" {...getFormProps(moveForm)} className="stack">
                <fieldset
                  className="choice-group field"
                  aria-invalid={moveFields.slotId.errors ? true : undefined}
                  aria-describedby={moveFields.slotId.errors ? moveFields.slotId.errorId : undefined}
                  id={moveFields.slotId.id}
                >
                  <legend>New date (the payment carries over; the customer gets the new time)</legend>
                  {moveTargets.map((target) => (
                    <label key={target.id} className="choice">
                      <input type="radio" name={moveFields.slotId.name} value={target.id} />
                      <span>{target.label}</span>
                    </label>
                  ))}
                  {moveFields.slotId.errors ? (
                    <p className="field-error" id={moveFields.slotId.errorId}>
                      {moveFields.slotId.errors.join(" ")}
                    </p>
                  ) : null}
                </fieldset>
                <button type="submit" name="intent" value="move" className="button button--primary" disabled={busy}>
                  Move the booking
                </button>
              </Form>
            )}
          </div>

          {isOwner ? (
            <div className="console-panel stack">
              <h3>Refund or cancel</h3>
              <p>
                {booking.remainingMinor > 0
                  ? `Up to ${booking.remaining} can still be refunded. You'll see what will happen before anything is done.`
                  : "Nothing is left to refund: the booking can still be cancelled (with a refund of 0)."}
              </p>
              <ErrorSummary form={refundForm} labels={REFUND_LABELS} lastResult={resultFor("refund")} title="Nothing was refunded" />
              {preview ? (
                <div className="refund-preview" role="status" aria-live="polite">
                  <h4>Please confirm</h4>
                  <p className="refund-preview__sentence">{preview.sentence}</p>
                  <Form method="post" className="button-row">
                    <input type="hidden" name="amount" value={preview.amountFormValue} />
                    {preview.cancel ? <input type="hidden" name="cancel" value="on" /> : null}
                    <button type="submit" name="intent" value="refund" className="button button--danger" disabled={busy}>
                      {preview.cancel ? "Confirm: refund and cancel" : "Confirm the refund"}
                    </button>
                    <Link to="." className="button button--quiet" preventScrollReset>
                      Don't do it
                    </Link>
                  </Form>
                </div>
              ) : null}
              <Form method="post" {...getFormProps(refundForm)} className="stack">
                <Field meta={refundFields.amount} label="Amount to refund" hint={`In pounds, like 12 or 12.50. At most ${booking.remaining}.`}>
                  <input {...getInputProps(refundFields.amount, { type: "text", ...describedBy(refundFields.amount, true) })} inputMode="decimal" autoComplete="off" />
                </Field>
                <div className="field">
                  <label className="choice" htmlFor={refundFields.cancel.id}>
                    <input {...getInputProps(refundFields.cancel, { type: "checkbox" })} />
                    <span>
                      Cancel the booking too
                      <span className="choice__hint">Its places are released and the customer's calendar event is cancelled.</span>
                    </span>
                  </label>
                </div>
                <button type="submit" name="intent" value="preview-refund" className="button button--primary" disabled={busy}>
                  Check the refund
                </button>
              </Form>
            </div>
          ) : (
            <p className="console-panel">Refunds and cancellations are made by the studio's owner.</p>
          )}
        </section>
      ) : null}

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        <ol className="timeline">
          {timeline.map((entry, index) => (
            <li key={index} className={`timeline__item timeline__item--${entry.tone}`}>
              <time dateTime={entry.at}>{entry.when}</time>
              <p className="timeline__title">
                {entry.tone === "problem" ? <span className="visually-hidden">Problem: </span> : null}
                {entry.title}
              </p>
              {entry.detail ? <p className="timeline__detail">{entry.detail}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
