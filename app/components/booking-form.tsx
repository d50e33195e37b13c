import { Form, Link, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent, type MouseEvent, type RefObject } from "react";
import { BOOKING_FIELDS, bookingFieldErrors, type BookingFieldErrors } from "~/booking/booking-form";
import { KneeDiagramChooser } from "~/components/knee-diagram";
import { formatMoney } from "../../emails/format/money";
import { PAIN_DURATIONS, PAIN_LOCATIONS, type PainLocation } from "../../db/intake";
import { PAIN_DURATION_LABELS, PAIN_LOCATION_CHOICES } from "../../emails/content/intake";

type Values = Partial<Record<string, string>>;
type FieldName = (typeof BOOKING_FIELDS)[number];

const NO_VALUES: Values = {};
const NO_ERRORS: BookingFieldErrors = {};

function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p className="field-error" id={id}>
      <span aria-hidden="true">⚠ </span>
      {message}
    </p>
  );
}

function TextField({
  name,
  label,
  hint,
  type = "text",
  autoComplete,
  required = true,
  values,
  errors,
  inputMode,
  autoCapitalize,
}: {
  name: FieldName;
  label: string;
  hint?: string;
  type?: string;
  autoComplete?: string;
  required?: boolean;
  values: Values;
  errors: BookingFieldErrors;
  inputMode?: "email" | "tel" | "text";
  autoCapitalize?: "none" | "words";
}) {
  const error = errors[name];
  const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={error ? "field has-error" : "field"}>
      <label htmlFor={name}>
        {label}
        {required ? null : <span className="optional"> (optional)</span>}
      </label>
      {hint ? (
        <p className="field-hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      {/* No maxLength: it cuts a paste short without a word. Too long is refused with a message. */}
      <input
        id={name}
        name={name}
        type={type}
        inputMode={inputMode}
        autoComplete={autoComplete}
        required={required}
        defaultValue={values[name] ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        autoCapitalize={autoCapitalize}
        spellCheck={false}
      />
      <FieldError id={`${name}-error`} message={error} />
    </div>
  );
}

/**
 * After a failed submit: what went wrong, each field's problem a link to its control (GOV.UK's
 * error summary). It takes focus when it appears (the autofocus attribute does it without
 * JavaScript); the form moves focus back to it after each answer from the server.
 */
function ErrorSummary({
  errors,
  linkable,
  summaryRef,
}: {
  errors: BookingFieldErrors;
  linkable: readonly FieldName[];
  summaryRef: RefObject<HTMLDivElement>;
}) {
  const problems = BOOKING_FIELDS.filter((name) => errors[name]);
  if (!errors.form && problems.length === 0) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="booking-problem-title" tabIndex={-1} ref={summaryRef} autoFocus>
      <h2 id="booking-problem-title">There's a problem</h2>
      {errors.form ? <p>{errors.form}</p> : null}
      {problems.length > 0 ? (
        <ul>
          {problems.map((name) => (
            <li key={name}>
              {linkable.includes(name) ? (
                <a href={`#${name}`} onClick={(event) => focusField(event, name)}>
                  {errors[name]}
                </a>
              ) : (
                errors[name]
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * A summary link moves focus to its field, with the field's question in view (a sticky header
 * or a long legend would otherwise hide it). Handled here rather than by the browser's jump to
 * the fragment, which would also be a navigation and clear the server's answer.
 */
function focusField(event: MouseEvent<HTMLAnchorElement>, id: string) {
  const control = document.getElementById(id);
  if (!control) return;
  event.preventDefault();
  control.closest(".field")?.scrollIntoView({ block: "start" });
  control.focus({ preventScroll: true });
}

export function BookingForm({
  maxSeats,
  oneToOne,
  priceMinor,
  currency,
  values = NO_VALUES,
  errors: answered = NO_ERRORS,
}: {
  maxSeats: number;
  oneToOne: boolean;
  priceMinor: number;
  currency: string;
  /** What was sent, from the server's last answer. */
  values?: Values;
  /** The server's last answer's errors: a new object for each answer. */
  errors?: BookingFieldErrors;
}) {
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";
  const [seats, setSeats] = useState(Number(values.seats ?? 1) || 1);
  const kneeChooser = useRef<HTMLDivElement>(null);
  const summary = useRef<HTMLDivElement>(null);

  // The errors shown: the server's answer, then each one dropped (or reworded) as its field is fixed.
  const [errors, setErrors] = useState(answered);
  const [shownAnswer, setShownAnswer] = useState(answered);
  if (shownAnswer !== answered) {
    setShownAnswer(answered);
    setErrors(answered);
  }
  useEffect(() => {
    if (Object.keys(answered).length > 0) summary.current?.focus();
  }, [answered]);

  // Without JavaScript the places chosen can change after the page was drawn: no total until hydrated.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const payLabel =
    oneToOne || hydrated ? `Continue to payment · ${formatMoney(priceMinor * (oneToOne ? 1 : seats), currency)}` : "Continue to payment";

  /** A field with an error is checked again as it changes and as it is left; the summary follows. */
  function recheck(event: FormEvent<HTMLFormElement>) {
    const name = (event.target as Partial<HTMLInputElement>).name as FieldName | undefined;
    if (!name || !errors[name]) return;
    const now = bookingFieldErrors(Object.fromEntries(new FormData(event.currentTarget)), { maxSeats })[name];
    if (now === errors[name]) return;
    setErrors((current) => {
      const next = { ...current };
      if (now) next[name] = now;
      else delete next[name];
      return next;
    });
  }

  /** A tap on the diagram chooses its radio, as a click on the radio's label would. */
  function chooseKneeArea(location: PainLocation) {
    kneeChooser.current?.querySelector<HTMLInputElement>(`input[name="painLocation"][value="${location}"]`)?.click();
  }

  const linkable = oneToOne ? BOOKING_FIELDS.filter((name) => name !== "seats") : BOOKING_FIELDS;

  return (
    <Form method="post" className="booking-form" noValidate onInput={recheck} onBlur={recheck}>
      <ErrorSummary errors={errors} linkable={linkable} summaryRef={summary} />
      <fieldset>
        <legend>You</legend>
        <TextField name="name" label="Your name" autoComplete="name" autoCapitalize="words" values={values} errors={errors} />
        <TextField
          name="email"
          label="Email"
          type="email"
          inputMode="email"
          autoComplete="email"
          autoCapitalize="none"
          hint="Your confirmation and pre-session reading go here."
          values={values}
          errors={errors}
        />
        <TextField
          name="phone"
          label="Phone"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          required={false}
          hint="Only used if we need to reach you on the day."
          values={values}
          errors={errors}
        />
        {oneToOne ? (
          <input type="hidden" name="seats" value="1" />
        ) : (
          <div className={errors.seats ? "field has-error" : "field"}>
            <label htmlFor="seats">Places</label>
            <select
              id="seats"
              name="seats"
              defaultValue={String(seats)}
              onChange={(event) => setSeats(Number(event.currentTarget.value))}
              aria-invalid={errors.seats ? true : undefined}
              aria-describedby={errors.seats ? "seats-error" : undefined}
            >
              {Array.from({ length: maxSeats }, (_, index) => index + 1).map((count) => (
                <option key={count} value={count}>
                  {count} {count === 1 ? "place" : "places"}
                </option>
              ))}
            </select>
            <FieldError id="seats-error" message={errors.seats} />
          </div>
        )}
      </fieldset>

      <fieldset>
        <legend>Your knee</legend>
        <div className={errors.painLocation ? "field has-error" : "field"}>
          <fieldset className="choice-group" aria-describedby={errors.painLocation ? "painLocation-error" : "painLocation-hint"}>
            <legend>Where does it hurt?</legend>
            <p className="field-hint" id="painLocation-hint">
              We'll send you the part of our guide that fits, before your session.
            </p>
            <div className="knee-chooser" ref={kneeChooser}>
              <KneeDiagramChooser onChoose={chooseKneeArea} />
              <div className="knee-chooser__choices">
                {PAIN_LOCATIONS.map((location, index) => (
                  <label key={location} className="choice">
                    <input
                      id={index === 0 ? "painLocation" : `painLocation-${location}`}
                      type="radio"
                      name="painLocation"
                      value={location}
                      defaultChecked={values.painLocation === location}
                      aria-invalid={errors.painLocation ? true : undefined}
                      required
                    />
                    <span>
                      <strong>{PAIN_LOCATION_CHOICES[location].label}</strong>
                      <span className="choice__hint">{PAIN_LOCATION_CHOICES[location].hint}</span>
                    </span>
                  </label>
                ))}
              </div>
            </div>
            <FieldError id="painLocation-error" message={errors.painLocation} />
          </fieldset>
        </div>
        <div className={errors.painDuration ? "field has-error" : "field"}>
          <label htmlFor="painDuration">
            How long has it bothered you?<span className="optional"> (optional)</span>
          </label>
          <select
            id="painDuration"
            name="painDuration"
            defaultValue={values.painDuration ?? ""}
            aria-describedby={errors.painDuration ? "painDuration-error" : undefined}
            aria-invalid={errors.painDuration ? true : undefined}
          >
            <option value="">Choose…</option>
            {PAIN_DURATIONS.map((duration) => (
              <option key={duration} value={duration}>
                {PAIN_DURATION_LABELS[duration]}
              </option>
            ))}
          </select>
          <FieldError id="painDuration-error" message={errors.painDuration} />
        </div>
        <div className={errors.notes ? "field has-error" : "field"}>
          <label htmlFor="notes">
            Anything your coach should know?<span className="optional"> (optional)</span>
          </label>
          <p className="field-hint" id="notes-hint">
            Past injuries, races you're training for, what makes it better or worse.
          </p>
          <textarea
            id="notes"
            name="notes"
            rows={4}
            defaultValue={values.notes ?? ""}
            aria-describedby={errors.notes ? "notes-hint notes-error" : "notes-hint"}
            aria-invalid={errors.notes ? true : undefined}
          />
          <FieldError id="notes-error" message={errors.notes} />
        </div>
      </fieldset>

      <fieldset>
        <legend>Your consent</legend>
        <div className={errors.consentTerms ? "field has-error" : "field"}>
          <label className="choice">
            <input
              id="consentTerms"
              type="checkbox"
              name="consentTerms"
              defaultChecked={values.consentTerms === "on"}
              aria-describedby={errors.consentTerms ? "consentTerms-error" : undefined}
              aria-invalid={errors.consentTerms ? true : undefined}
            />
            <span>
              I agree to the{" "}
              <Link to="/terms" target="_blank" rel="noreferrer">
                booking terms (opens in a new tab)
              </Link>
              .
            </span>
          </label>
          <FieldError id="consentTerms-error" message={errors.consentTerms} />
        </div>
        <div className={errors.consentHealth ? "field has-error" : "field"}>
          <label className="choice">
            <input
              id="consentHealth"
              type="checkbox"
              name="consentHealth"
              defaultChecked={values.consentHealth === "on"}
              aria-describedby={errors.consentHealth ? "consentHealth-error" : "consentHealth-hint"}
              aria-invalid={errors.consentHealth ? true : undefined}
            />
            <span>
              I'm happy for the studio to keep my knee notes to prepare my session.
              <span className="choice__hint" id="consentHealth-hint">
                Deleted 12 months after your session; see{" "}
                <Link to="/terms#privacy" target="_blank" rel="noreferrer">
                  how we keep your data (opens in a new tab)
                </Link>
                .
              </span>
            </span>
          </label>
          <FieldError id="consentHealth-error" message={errors.consentHealth} />
        </div>
      </fieldset>

      <div className="honeypot" aria-hidden="true">
        <label htmlFor="website">Leave this empty</label>
        <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>

      <div className="form-actions">
        <button type="submit" className="button button--primary button--large" disabled={submitting}>
          {submitting ? "Holding your place…" : payLabel}
        </button>
        <p className="muted small">Your place is held for 30 minutes while you pay. No card details are stored here.</p>
      </div>
    </Form>
  );
}
