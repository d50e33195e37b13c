import { getCollectionProps, getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { z } from "zod";
import { describedBy, ErrorSummary, Field, FieldError, useSteadySubmitButtons } from "~/components/console-form";
import { appContext } from "~/context.server";
import { intakeFrom, studioBookingSchema } from "~/booking/studio-booking-form";
import { bookAtStudio, CLOSED_WORDS, dateForStudioBooking } from "~/booking/studio-booking.server";
import { rosterPath } from "~/roster/roster.server";
import { priceForForm } from "~/schedule/forms";
import { actorOf, idParam, invalid, refused, submittedForm } from "~/staff/console-forms.server";
import { requireStaff } from "~/staff/guard.server";
import { PAIN_DURATIONS, PAIN_LOCATIONS } from "../../db/intake";
import { PAIN_DURATION_LABELS, PAIN_LOCATION_CHOICES } from "../../emails/content/intake";
import { formatMoney } from "../../emails/format/money";
import { formatLongDate, formatTimeRange, zoneAbbreviation } from "../../emails/format/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Add a booking${data ? `: ${data.date.title}, ${data.date.day}` : ""} · Studio console` },
  { name: "robots", content: "noindex, nofollow" },
];

const LABELS = {
  name: "Name",
  email: "Email",
  phone: "Phone",
  seats: "Places",
  payment: "Payment",
  amount: "Amount paid",
  sendConfirmation: "Confirmation email",
  consent: "Knee notes agreement",
  painLocation: "Where it hurts",
  painDuration: "How long",
  notes: "Notes for the coach",
};

/** The most places the form offers: what is left (at least 1, so a full date's refusal comes from the domain). */
const maxSeatsFor = (placesLeft: number) => Math.max(1, placesLeft);

function currencySymbol(currency: string): string {
  return new Intl.NumberFormat("en-GB", { style: "currency", currency }).formatToParts(0).find((part) => part.type === "currency")?.value ?? currency;
}

/**
 * "Add a booking" on a date's roster: a walk-in or a phone call, paid at the studio or (owners)
 * complimentary. Only capacity applies of the website's rules, until the date ends.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request);
  const slotId = idParam(params.slotId, "date");
  const { database, env } = appContext();
  const zone = env.studio.timeZone;
  const found = await dateForStudioBooking(database.db, slotId, new Date());
  if (!found) throw new Response("There's no date at this address.", { status: 404 });
  const { slot, offering, placesLeft, closed } = found;
  return {
    date: {
      id: slot.id,
      title: offering.title,
      kind: offering.kind,
      day: formatLongDate(slot.startsAt, zone),
      time: `${formatTimeRange(slot.startsAt, slot.endsAt, zone)} ${zoneAbbreviation(slot.startsAt, zone)}`,
      capacity: slot.capacity,
      placesLeft,
      rosterPath: rosterPath(slot.id),
      closed: closed ? CLOSED_WORDS[closed] : null,
    },
    price: {
      minor: offering.priceMinor,
      each: formatMoney(offering.priceMinor, offering.currency),
      symbol: currencySymbol(offering.currency),
    },
    isOwner: user.role === "owner",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const signedIn = await requireStaff(request);
  const slotId = idParam(params.slotId, "date");
  const { database, effects } = appContext();
  const form = await submittedForm(request);
  const now = new Date();
  const found = await dateForStudioBooking(database.db, slotId, now);
  if (!found) throw new Response("There's no date at this address.", { status: 404 });
  const submission = parseWithZod(form, { schema: studioBookingSchema({ maxSeats: maxSeatsFor(found.placesLeft) }) });
  if (submission.status !== "success") return invalid(submission);
  const value = submission.value;
  const outcome = await bookAtStudio(database.db, effects, {
    actor: actorOf(signedIn),
    slotId,
    seats: value.seats,
    customer: { name: value.name, email: value.email ?? null, phone: value.phone ?? null },
    payment: value.payment === "complimentary" ? { method: "complimentary" } : { method: "studio", amountMinor: value.amount ?? 0 },
    sendConfirmation: value.sendConfirmation,
    intake: intakeFrom(value),
    now,
  });
  if (!outcome.ok) return refused(submission, outcome);
  const { reference } = outcome.value;
  return redirect(`${rosterPath(slotId)}?added=${encodeURIComponent(reference)}#booking-${reference}`, { status: 303 });
}

type Schema = ReturnType<typeof studioBookingSchema>;

export default function AddBooking() {
  const { date, price, isOwner } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const busy = useNavigation().state === "submitting";
  const schema = studioBookingSchema({ maxSeats: maxSeatsFor(date.placesLeft) });
  const [form, fields] = useForm<z.input<Schema>, z.output<Schema>>({
    id: "studio-booking",
    lastResult,
    defaultValue: { seats: 1, payment: "studio", amount: priceForForm(price.minor), sendConfirmation: true },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  useSteadySubmitButtons();

  // With JavaScript, the knee questions open once the agreement is ticked; without it they are
  // always there, and the server refuses answers without the tick.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const consented = fields.consent.value === "on";
  const complimentary = fields.payment.value === "complimentary";
  const hasEmail = typeof fields.email.value === "string" && fields.email.value.trim() !== "";

  // The amount follows the places (price × places) until staff type their own.
  const autoAmount = useRef(priceForForm(price.minor));
  const onSeatsInput = (event: React.FormEvent<HTMLInputElement>) => {
    const seats = Number(event.currentTarget.value);
    const amount = event.currentTarget.form?.elements.namedItem(fields.amount.name);
    if (!(amount instanceof HTMLInputElement) || !Number.isInteger(seats) || seats < 1) return;
    if (amount.value.trim() !== autoAmount.current) return;
    autoAmount.current = priceForForm(price.minor * seats);
    amount.value = autoAmount.current;
    amount.dispatchEvent(new Event("input", { bubbles: true }));
  };

  return (
    <div className="console-page console-page--form">
      <p className="console-back">
        <Link to={date.rosterPath}>The roster</Link>
      </p>
      <p className="eyebrow">Add a booking · {date.day}</p>
      <h1>
        {date.title}, {date.time}
      </h1>
      {date.closed ? (
        <div className="empty-state">
          <p>{date.closed}</p>
          <p>
            <Link to={date.rosterPath}>Back to the roster</Link>
          </p>
        </div>
      ) : date.placesLeft === 0 ? (
        <div className="empty-state">
          <h2>This date is full</h2>
          <p>All {date.capacity} places are taken or being paid for. A place frees up if someone cancels or stops paying.</p>
          <p>
            <Link to={date.rosterPath}>Back to the roster</Link>
          </p>
        </div>
      ) : (
        <>
          <p className="lead">
            A walk-in or a phone call. {date.placesLeft === 1 ? "1 place is" : `${date.placesLeft} places are`} left of {date.capacity}; the
            date can be booked until it ends.
          </p>
          <ErrorSummary form={form} labels={LABELS} lastResult={lastResult} title="The booking wasn't added" />
          <Form method="post" {...getFormProps(form)} className="console-form studio-booking-form">
            <fieldset className="form-group">
              <legend>The customer</legend>
              <Field meta={fields.name} label="Name">
                <input {...getInputProps(fields.name, { type: "text" })} autoComplete="off" />
              </Field>
              <Field meta={fields.email} label="Email" optional hint="Without one, no emails are sent.">
                <input
                  {...getInputProps(fields.email, { type: "email", ...describedBy(fields.email, true) })}
                  autoComplete="off"
                  autoCapitalize="none"
                  spellCheck={false}
                />
              </Field>
              <Field meta={fields.phone} label="Phone" optional>
                <input {...getInputProps(fields.phone, { type: "tel" })} autoComplete="off" />
              </Field>
            </fieldset>

            <fieldset className="form-group">
              <legend>Places and payment</legend>
              {date.kind === "private" ? (
                <div className="field">
                  <input type="hidden" name={fields.seats.name} value="1" />
                  <p className="field-static">
                    <span className="field-static__label">Places</span> One-to-one session: 1 place
                  </p>
                </div>
              ) : (
                <Field meta={fields.seats} label="Places" hint={`${date.placesLeft} left.`} className="field--short">
                  <input
                    {...getInputProps(fields.seats, { type: "number", ...describedBy(fields.seats, true) })}
                    min={1}
                    max={date.placesLeft}
                    inputMode="numeric"
                    onInput={onSeatsInput}
                  />
                </Field>
              )}
              {isOwner ? (
                <fieldset className="choice-group field" id={fields.payment.id} aria-describedby={fields.payment.errors ? fields.payment.errorId : undefined}>
                  <legend>Payment</legend>
                  <div className="choice-row">
                    {getCollectionProps(fields.payment, { type: "radio", options: ["studio", "complimentary"] }).map(({ key, ...props }) => (
                      <label key={key} className="choice" htmlFor={props.id}>
                        <input {...props} />
                        <span>
                          {props.value === "studio" ? "Paid at the studio" : "Complimentary"}
                          <span className="choice__hint">{props.value === "studio" ? "Cash or the card terminal." : "No charge (owners only)."}</span>
                        </span>
                      </label>
                    ))}
                  </div>
                  <FieldError meta={fields.payment} />
                </fieldset>
              ) : (
                <div className={fields.payment.errors ? "field has-error" : "field"}>
                  <input type="hidden" name={fields.payment.name} value="studio" />
                  <p className="field-static" id={fields.payment.id}>
                    <span className="field-static__label">Payment</span> Paid at the studio (cash or the card terminal)
                  </p>
                  <FieldError meta={fields.payment} />
                </div>
              )}
              {hydrated && complimentary ? null : (
                <Field
                  meta={fields.amount}
                  label="Amount paid"
                  hint={`${price.each} a place. Change it if they paid something else${isOwner ? " (ignored for a complimentary place)" : ""}.`}
                  className="field--short"
                >
                  <span className="money-input">
                    <span aria-hidden="true">{price.symbol}</span>
                    <input
                      {...getInputProps(fields.amount, { type: "text", ...describedBy(fields.amount, true) })}
                      inputMode="decimal"
                      autoComplete="off"
                    />
                  </span>
                </Field>
              )}
              <div className={fields.sendConfirmation.errors ? "field has-error" : "field"}>
                <label className="choice" htmlFor={fields.sendConfirmation.id}>
                  <input {...getInputProps(fields.sendConfirmation, { type: "checkbox" })} aria-describedby={`${fields.sendConfirmation.id}-hint`} />
                  <span>
                    Email them the confirmation
                    <span className="choice__hint" id={`${fields.sendConfirmation.id}-hint`}>
                      {hydrated && !hasEmail
                        ? "Needs an email address: without one, nothing is sent."
                        : "With the calendar invite. The reminder before the session goes to the email either way."}
                    </span>
                  </span>
                </label>
                <FieldError meta={fields.sendConfirmation} />
              </div>
            </fieldset>

            <fieldset className="form-group">
              <legend>
                Their knee<span className="optional"> (optional)</span>
              </legend>
              <div className={fields.consent.errors ? "field has-error" : "field"}>
                <label className="choice" htmlFor={fields.consent.id}>
                  <input
                    {...getInputProps(fields.consent, { type: "checkbox" })}
                    aria-describedby={[`${fields.consent.id}-hint`, fields.consent.errors ? fields.consent.errorId : ""].filter(Boolean).join(" ")}
                  />
                  <span>
                    The customer agreed to the studio keeping their knee notes to prepare the session.
                    <span className="choice__hint" id={`${fields.consent.id}-hint`}>
                      Tick this before entering any answers. The notes are deleted 12 months after the session.
                    </span>
                  </span>
                </label>
                <FieldError meta={fields.consent} />
              </div>
              <fieldset className="studio-booking-form__knee" disabled={hydrated && !consented} aria-label="Knee questions">
                {hydrated && !consented ? <p className="muted small">Tick the agreement above to enter their answers.</p> : null}
                <fieldset
                  className="choice-group field"
                  id={fields.painLocation.id}
                  aria-describedby={fields.painLocation.errors ? fields.painLocation.errorId : undefined}
                >
                  <legend>Where does it hurt?</legend>
                  {getCollectionProps(fields.painLocation, { type: "radio", options: [...PAIN_LOCATIONS] }).map(({ key, ...props }) => (
                    <label key={key} className="choice" htmlFor={props.id}>
                      <input {...props} />
                      <span>
                        <strong>{PAIN_LOCATION_CHOICES[props.value as (typeof PAIN_LOCATIONS)[number]].label}</strong>
                        <span className="choice__hint">{PAIN_LOCATION_CHOICES[props.value as (typeof PAIN_LOCATIONS)[number]].hint}</span>
                      </span>
                    </label>
                  ))}
                  <FieldError meta={fields.painLocation} />
                </fieldset>
                <Field meta={fields.painDuration} label="How long has it bothered them?" optional>
                  <select {...getSelectProps(fields.painDuration)}>
                    <option value="">Choose…</option>
                    {PAIN_DURATIONS.map((duration) => (
                      <option key={duration} value={duration}>
                        {PAIN_DURATION_LABELS[duration]}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field
                  meta={fields.notes}
                  label="Anything the coach should know?"
                  optional
                  hint="Past injuries, races they're training for, what makes it better or worse."
                >
                  <textarea {...getTextareaProps(fields.notes, describedBy(fields.notes, true))} rows={4} maxLength={1000} />
                </Field>
              </fieldset>
            </fieldset>

            <div className="form-actions-row">
              <button type="submit" className="button button--primary" disabled={busy}>
                {busy ? "Adding…" : "Add booking"}
              </button>
              <Link to={date.rosterPath} className="button button--quiet">
                Cancel
              </Link>
            </div>
          </Form>
        </>
      )}
    </div>
  );
}
