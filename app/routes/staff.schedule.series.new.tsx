import { getCollectionProps, getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { z } from "zod";
import { useEffect, useState } from "react";
import { describedBy, ErrorSummary, Field, FieldError } from "~/components/console-form";
import { fillFromOffering, InstructorSelect, OfferingSelect, offeringDefaults, PlacesField } from "~/components/schedule-fields";
import { appContext } from "~/context.server";
import { offeringChoices } from "~/schedule/console-views.server";
import { seriesSchema, WEEKDAYS } from "~/schedule/forms";
import { listInstructors } from "~/schedule/instructors.server";
import { createSeries, previewFingerprint, previewSeries, type SeriesPreview } from "~/schedule/series.server";
import { actorOf, invalid, refused, submittedForm } from "~/staff/console-forms.server";
import { requireStaff } from "~/staff/guard.server";
import { formatLongDate, formatTimeRange, zoneAbbreviation } from "../../emails/format/time";

export const meta: MetaFunction = () => [
  { title: "Add a weekly series · Studio console" },
  { name: "robots", content: "noindex, nofollow" },
];

const LABELS = {
  offeringId: "Offering",
  weekdays: "Days of the week",
  startTime: "Start time",
  firstDate: "First date",
  lastDate: "Last date",
  capacity: "Places",
  instructorId: "Instructor",
  skipDates: "Dates to skip",
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const { database, env } = appContext();
  const offerings = await offeringChoices(database.db, { activeOnly: true });
  const instructors = await listInstructors(database.db);
  const chosen = offerings.find((offering) => offering.id === new URL(request.url).searchParams.get("offering"));
  return {
    offerings: offerings.map(({ id, title, kind, defaultCapacity, defaultInstructorId }) => ({
      id,
      title,
      kind,
      defaultCapacity,
      defaultInstructorId,
    })),
    instructors: instructors.map(({ id, name }) => ({ id, name })),
    defaults: offeringDefaults(chosen),
    zoneName: env.studio.timeZone.replace("_", " "),
  };
}

/** The preview in words, in the studio's zone: what would be made, what is left out and why. */
function describePreview(preview: SeriesPreview, timeZone: string) {
  const capital = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);
  return {
    offering: preview.offering.title,
    dates: preview.dates.map((date) => ({
      date: date.date,
      day: formatLongDate(date.startsAt, timeZone),
      time: `${formatTimeRange(date.startsAt, date.endsAt, timeZone)} ${zoneAbbreviation(date.startsAt, timeZone)}`,
      clash: date.clash,
    })),
    leftOut: preview.leftOut.map((left) => ({ date: left.date, words: capital(left.words) })),
    clashes: preview.dates.filter((date) => date.clash).length,
    fingerprint: previewFingerprint(preview.dates),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const signedIn = await requireStaff(request);
  const { database, env } = appContext();
  const timeZone = env.studio.timeZone;
  const submission = parseWithZod(await submittedForm(request), { schema: seriesSchema });
  const none = { preview: null };
  if (submission.status !== "success") return invalid(submission, none);
  const input = submission.value;
  if (input.intent === "preview") {
    const outcome = await previewSeries(database.db, { input, timeZone, now: new Date() });
    if (!outcome.ok) return refused(submission, outcome, none);
    return data({ result: submission.reply(), preview: describePreview(outcome.value, timeZone) });
  }
  const outcome = await createSeries(database.db, { actor: actorOf(signedIn), input, timeZone, now: new Date() });
  if (!outcome.ok) return refused(submission, outcome, none);
  const dates = outcome.value.preview.dates;
  const shown = new URLSearchParams({ created: String(dates.length), from: dates[0]!.date, offering: input.offeringId });
  return redirect(`/staff/schedule?${shown.toString()}`, { status: 303 });
}

export default function NewSeries() {
  const { offerings, instructors, defaults, zoneName } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const lastResult = actionData?.result;
  const preview = actionData?.preview ?? null;
  const navigation = useNavigation();
  const busyWith = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  // A preview is for the choices it was made from: changing any of them asks for a new one.
  const [stale, setStale] = useState(false);
  useEffect(() => setStale(false), [actionData]);
  const [form, fields] = useForm<z.input<typeof seriesSchema>, z.output<typeof seriesSchema>>({
    id: "series",
    lastResult,
    defaultValue: defaults,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: seriesSchema }),
  });
  const count = preview?.dates.length ?? 0;
  const canCreate = preview !== null && !stale && count > 0 && preview.clashes === 0;
  return (
    <div className="console-page console-page--form">
      <p className="console-back">
        <Link to="/staff/schedule">Schedule</Link>
      </p>
      <h1>Add a weekly series</h1>
      <p className="lead">
        The same time on chosen days of the week, from a first date to a last: a term's dates at once. You'll see every date before anything
        is saved.
      </p>
      <ErrorSummary form={form} labels={LABELS} lastResult={lastResult} title="The series needs a change" />
      {offerings.length === 0 ? (
        <div className="empty-state">
          <h2>No offerings to add dates to</h2>
          <p>
            Every offering is archived, or there are none yet. <Link to="/staff/offerings">Go to the offerings</Link>.
          </p>
        </div>
      ) : (
        <Form method="post" {...getFormProps(form)} className="console-form" onChange={() => preview && setStale(true)}>
          <div className="console-panel">
            <OfferingSelect field={fields.offeringId} offerings={offerings} onChange={fillFromOffering(fields, offerings)} />
            <fieldset
              className="choice-group field"
              id={fields.weekdays.id}
              aria-describedby={fields.weekdays.errors ? fields.weekdays.errorId : undefined}
            >
              <legend>Days of the week</legend>
              <div className="weekday-picker">
                {getCollectionProps(fields.weekdays, {
                  type: "checkbox",
                  options: WEEKDAYS.map((day) => String(day.value)),
                  ariaAttributes: false,
                }).map(({ key, ...props }) => {
                  const day = WEEKDAYS.find((weekday) => String(weekday.value) === props.value)!;
                  return (
                    <label key={key} className="weekday" htmlFor={props.id}>
                      <input {...props} />
                      <span aria-hidden="true">{day.short}</span>
                      <span className="visually-hidden">{day.label}</span>
                    </label>
                  );
                })}
              </div>
              <FieldError meta={fields.weekdays} />
            </fieldset>
            <div className="field-row">
              <Field
                meta={fields.startTime}
                label="Start time"
                hint={`Studio time (${zoneName}), the same all term.`}
                className="field--short"
              >
                <input {...getInputProps(fields.startTime, { type: "time", ...describedBy(fields.startTime, true) })} />
              </Field>
              <Field meta={fields.firstDate} label="First date" className="field--date">
                <input {...getInputProps(fields.firstDate, { type: "date" })} />
              </Field>
              <Field meta={fields.lastDate} label="Last date" className="field--date">
                <input {...getInputProps(fields.lastDate, { type: "date" })} />
              </Field>
            </div>
            <div className="field-row">
              <PlacesField field={fields.capacity} />
              <div className="field-row__grow">
                <InstructorSelect field={fields.instructorId} instructors={instructors} />
              </div>
            </div>
            <Field
              meta={fields.skipDates}
              label="Dates to skip"
              optional
              hint="A bank holiday, a week away: one per line, like 2027-04-05."
            >
              <textarea {...getTextareaProps(fields.skipDates, describedBy(fields.skipDates, true))} rows={3} spellCheck={false} />
            </Field>
            <div className="form-actions-row">
              <button
                type="submit"
                name="intent"
                value="preview"
                className={canCreate ? "button button--quiet" : "button button--primary"}
                disabled={busyWith != null}
              >
                {busyWith === "preview" ? "Working out the dates…" : preview ? "Preview again" : "Preview dates"}
              </button>
              <Link to="/staff/schedule" className="button button--quiet">
                Cancel
              </Link>
            </div>
          </div>

          {preview ? (
            <section className="series-preview" aria-labelledby="preview-title" aria-live="polite">
              <h2 id="preview-title">
                {count === 0 ? "These choices make no dates" : `${count} ${count === 1 ? "date" : "dates"} of ${preview.offering}`}
              </h2>
              {stale ? (
                <p className="notice-line notice-line--warn">
                  You've changed the form since this preview: preview the dates again before creating them.
                </p>
              ) : preview.clashes > 0 ? (
                <p className="notice-line notice-line--warn">
                  {preview.clashes === 1 ? "One date clashes" : `${preview.clashes} dates clash`} with the schedule. Add{" "}
                  {preview.clashes === 1 ? "it" : "them"} to the dates to skip, or choose another time or instructor, then preview again.
                </p>
              ) : null}
              {count > 0 ? (
                <ol className="preview-list">
                  {preview.dates.map((date) => (
                    <li key={date.date} className={date.clash ? "preview-date has-clash" : "preview-date"}>
                      <span className="preview-date__day">{date.day}</span>
                      <span className="preview-date__time">{date.time}</span>
                      {date.clash ? (
                        <span className="preview-date__clash">
                          <strong>Clash:</strong> {date.clash}
                        </span>
                      ) : null}
                    </li>
                  ))}
                </ol>
              ) : null}
              {preview.leftOut.length > 0 ? (
                <>
                  <h3 className="preview-subtitle">Left out</h3>
                  <ul className="preview-left-out">
                    {preview.leftOut.map((left) => (
                      <li key={left.date}>{left.words}</li>
                    ))}
                  </ul>
                </>
              ) : null}
              {canCreate ? (
                <div className="form-actions-row">
                  <input type="hidden" name="previewed" value={preview.fingerprint} />
                  <button
                    type="submit"
                    name="intent"
                    value="create"
                    className="button button--primary button--large"
                    disabled={busyWith != null}
                  >
                    {busyWith === "create" ? "Creating…" : `Create ${count} ${count === 1 ? "date" : "dates"}`}
                  </button>
                </div>
              ) : null}
            </section>
          ) : null}
        </Form>
      )}
    </div>
  );
}
