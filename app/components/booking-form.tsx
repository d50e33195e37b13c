import { Form, Link, useNavigation } from "@remix-run/react";
import { useRef, useState } from "react";
import type { BookingFieldErrors } from "~/booking/booking-form";
import { KneeDiagramChooser } from "~/components/knee-diagram";
import { formatMoney } from "../../emails/format/money";
import { PAIN_DURATIONS, PAIN_LOCATIONS, type PainLocation } from "../../db/intake";
import { PAIN_DURATION_LABELS, PAIN_LOCATION_CHOICES } from "../../emails/content/intake";

type Values = Partial<Record<string, string>>;

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
}: {
  name: string;
  label: string;
  hint?: string;
  type?: string;
  autoComplete?: string;
  required?: boolean;
  values: Values;
  errors: BookingFieldErrors;
  inputMode?: "email" | "tel" | "text";
}) {
  const error = errors[name as keyof BookingFieldErrors];
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
        maxLength={type === "email" ? 254 : 100}
      />
      <FieldError id={`${name}-error`} message={error} />
    </div>
  );
}

export function BookingForm({
  maxSeats,
  oneToOne,
  priceMinor,
  currency,
  values,
  errors,
}: {
  maxSeats: number;
  oneToOne: boolean;
  priceMinor: number;
  currency: string;
  values: Values;
  errors: BookingFieldErrors;
}) {
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";
  const [seats, setSeats] = useState(Number(values.seats ?? 1) || 1);
  const total = formatMoney(priceMinor * (oneToOne ? 1 : seats), currency);
  const kneeChooser = useRef<HTMLDivElement>(null);

  /** A tap on the diagram chooses its radio, as a click on the radio's label would. */
  function chooseKneeArea(location: PainLocation) {
    kneeChooser.current?.querySelector<HTMLInputElement>(`input[name="painLocation"][value="${location}"]`)?.click();
  }

  return (
    <Form method="post" className="booking-form" noValidate>
      {errors.form ? (
        <div className="form-alert" role="alert">
          {errors.form}
        </div>
      ) : Object.keys(errors).length > 0 ? (
        <div className="form-alert" role="alert">
          Please check the {Object.keys(errors).length === 1 ? "field" : "fields"} marked below.
        </div>
      ) : null}

      <fieldset>
        <legend>You</legend>
        <TextField name="name" label="Your name" autoComplete="name" values={values} errors={errors} />
        <TextField
          name="email"
          label="Email"
          type="email"
          inputMode="email"
          autoComplete="email"
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
                {PAIN_LOCATIONS.map((location) => (
                  <label key={location} className="choice">
                    <input
                      type="radio"
                      name="painLocation"
                      value={location}
                      defaultChecked={values.painLocation === location}
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
            maxLength={1000}
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
              type="checkbox"
              name="consentHealth"
              defaultChecked={values.consentHealth === "on"}
              aria-describedby={errors.consentHealth ? "consentHealth-error" : "consentHealth-hint"}
              aria-invalid={errors.consentHealth ? true : undefined}
            />
            <span>
              I'm happy for the studio to keep my knee notes to prepare my session.
              <span className="choice__hint" id="consentHealth-hint">
                Deleted 12 months after your session; see <Link to="/terms#privacy">privacy</Link>.
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
          {submitting ? "Holding your place…" : `Continue to payment · ${total}`}
        </button>
        <p className="muted small">Your place is held for 30 minutes while you pay. No card details are stored here.</p>
      </div>
    </Form>
  );
}
