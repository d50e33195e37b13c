import { getCollectionProps, getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DateTime } from "luxon";
import { z } from "zod";
import { Confirmation, describedBy, ErrorSummary, Field, FieldError } from "~/components/console-form";
import { InstructorSelect, PlacesField } from "~/components/schedule-fields";
import { pathForOffering } from "~/catalog/catalog.server";
import { appContext } from "~/context.server";
import { cancelDate } from "~/schedule/cancel-date.server";
import { getDateForConsole } from "~/schedule/console-views.server";
import { editDate, skipDate } from "~/schedule/dates.server";
import { cancelDateSchema, editDateSchema, WEEKDAYS } from "~/schedule/forms";
import { listInstructors } from "~/schedule/instructors.server";
import { localParts } from "~/schedule/series-dates";
import { actorOf, idParam, invalid, refused, submittedForm } from "~/staff/console-forms.server";
import { requireStaff } from "~/staff/guard.server";
import { rosterPath } from "~/roster/roster.server";
import { formatLongDate, formatShortDate, formatTime, formatTimeRange, zoneAbbreviation } from "../../emails/format/time";
import { plural } from "../../emails/format/words";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.date.title}, ${data.date.shortWhen}` : "A date"} · Studio console` },
  { name: "robots", content: "noindex, nofollow" },
];

const EDIT_LABELS = { scope: "Change", date: "Date", time: "Start time", capacity: "Places", instructorId: "Instructor" };
const CANCEL_LABELS = { message: "Note to customers", confirm: "Confirm" };
const noFields = z.object({});


/** "Tuesdays and Thursdays at 18:00, from 5 January to 30 March 2027". */
function seriesWords(series: { weekdays: number[]; startTime: string; firstDate: string; lastDate: string }) {
  const days = series.weekdays.map((value) => `${WEEKDAYS.find((day) => day.value === value)?.label ?? value}s`);
  const list = days.length > 1 ? `${days.slice(0, -1).join(", ")} and ${days.at(-1)}` : days[0] ?? "";
  const day = (iso: string) => DateTime.fromISO(iso).toFormat("d MMMM yyyy");
  return `${list} at ${series.startTime}, from ${day(series.firstDate)} to ${day(series.lastDate)}`;
}

/** What the address says just happened (the action redirects here after each change). */
function noticeFrom(search: URLSearchParams): string | null {
  const count = (name: string) => Number(search.get(name) ?? 0) || 0;
  if (search.has("added")) return "Added. It's on the public site now.";
  if (search.has("skipped")) return "Skipped: this date is off the public site, and the series leaves it out.";
  if (search.has("already-cancelled")) return "This date was already cancelled: nothing more was changed.";
  if (search.has("cancelled")) {
    const bookings = count("bookings");
    const holds = count("holds");
    const parts = [
      bookings > 0
        ? `${plural(bookings, "booking")} cancelled with a full refund (on its way) and an email to ${
            bookings === 1 ? "the customer" : "each customer"
          }`
        : "nobody had booked",
      holds > 0 ? `${plural(holds, "payment")} in progress stopped and ${holds === 1 ? "its place" : "their places"} released` : null,
    ].filter(Boolean);
    return `Cancelled: ${parts.join("; ")}.`;
  }
  if (search.has("saved")) {
    const dates = count("dates");
    const told = count("told");
    const what = dates > 1 ? `Saved ${plural(dates, "date")}.` : "Saved.";
    return told > 0 ? `${what} ${plural(told, "customer")} emailed the new time, with an updated calendar invite.` : what;
  }
  return null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request);
  const { database, env } = appContext();
  const zone = env.studio.timeZone;
  const now = new Date();
  const found = await getDateForConsole(database.db, idParam(params.slotId, "date"), now);
  if (!found) throw new Response("There's no date at this address.", { status: 404 });
  const { slot, offering, series, bookings, instructorName } = found;
  const instructors = await listInstructors(database.db);
  const local = localParts(slot.startsAt, zone);
  return {
    date: {
      id: slot.id,
      title: offering.title,
      offeringId: offering.id,
      kind: offering.kind,
      day: formatLongDate(slot.startsAt, zone),
      time: `${formatTimeRange(slot.startsAt, slot.endsAt, zone)} ${zoneAbbreviation(slot.startsAt, zone)}`,
      shortWhen: formatShortDate(slot.startsAt, zone),
      startsAt: slot.startsAt.toISOString(),
      cancelled: slot.status === "cancelled",
      cancelledAt: slot.cancelledAt
        ? `${formatShortDate(slot.cancelledAt, zone)} at ${formatTime(slot.cancelledAt, zone)} ${zoneAbbreviation(slot.cancelledAt, zone)}`
        : null,
      started: slot.startsAt <= now,
      over: slot.endsAt <= now,
      taken: slot.seatsTaken,
      capacity: slot.capacity,
      instructorName,
      publicPath: offering.active && slot.status === "scheduled" ? pathForOffering(offering) : null,
      rosterPath: rosterPath(slot.id),
    },
    series: series
      ? { words: seriesWords(series), skipped: series.skipDates.map((iso) => DateTime.fromISO(iso).toFormat("d MMMM")) }
      : null,
    bookings,
    defaults: { scope: "this", date: local.date, time: local.time, capacity: String(slot.capacity), instructorId: slot.instructorId ?? "" },
    instructors: instructors.map(({ id, name }) => ({ id, name })),
    isOwner: user.role === "owner",
    zoneName: zone.replace("_", " "),
    notice: noticeFrom(new URL(request.url).searchParams),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const signedIn = await requireStaff(request);
  const slotId = idParam(params.slotId, "date");
  const { database, effects, env } = appContext();
  const actor = actorOf(signedIn);
  const form = await submittedForm(request);
  const intent = form.get("intent");
  const back = (query: string) => redirect(`/staff/schedule/${slotId}?${query}`, { status: 303 });

  if (intent === "edit") {
    const submission = parseWithZod(form, { schema: editDateSchema });
    if (submission.status !== "success") return invalid(submission, { intent });
    const outcome = await editDate(database.db, effects, { actor, slotId, input: submission.value, now: new Date() });
    if (!outcome.ok) return refused(submission, outcome, { intent });
    const told = outcome.value.changed.reduce((sum, change) => sum + change.customersTold, 0);
    return back(`saved&dates=${outcome.value.changed.length}&told=${told}`);
  }
  if (intent === "skip") {
    const submission = parseWithZod(form, { schema: noFields });
    const outcome = await skipDate(database.db, { actor, slotId, timeZone: env.studio.timeZone, now: new Date() });
    if (!outcome.ok) return refused(submission, outcome, { intent });
    return back("skipped");
  }
  if (intent === "cancel") {
    await requireStaff(request, { role: "owner" });
    const submission = parseWithZod(form, { schema: cancelDateSchema });
    if (submission.status !== "success") return invalid(submission, { intent });
    const outcome = await cancelDate(database.db, effects, { actor, slotId, message: submission.value.message ?? null, now: new Date() });
    if (!outcome.ok) return refused(submission, outcome, { intent });
    if (outcome.value.alreadyCancelled) return back("already-cancelled");
    return back(`cancelled&bookings=${outcome.value.cancelled}&holds=${outcome.value.holdsReleased}`);
  }
  throw new Response("That form isn't one this page knows. Please reload the page and try again.", { status: 400 });
}

export default function DatePage() {
  const { date, series, bookings, defaults, instructors, isOwner, zoneName, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busyWith = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData.result : undefined);

  const [editForm, edit] = useForm<z.input<typeof editDateSchema>, z.output<typeof editDateSchema>>({
    id: "edit-date",
    lastResult: resultFor("edit"),
    defaultValue: defaults,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: editDateSchema }),
  });
  const [skipForm] = useForm({ id: "skip-date", lastResult: resultFor("skip") });
  const [cancelForm, cancel] = useForm<z.input<typeof cancelDateSchema>, z.output<typeof cancelDateSchema>>({
    id: "cancel-date",
    lastResult: resultFor("cancel"),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: cancelDateSchema }),
  });

  const open = !date.cancelled && !date.started;
  const booked = bookings.confirmed > 0;
  const thisAndLater = edit.scope.value === "later";
  const takenWords =
    date.taken === 0
      ? "No places are taken yet."
      : `${plural(date.taken, "place is", "places are")} taken (booked, or held while someone pays), so it can't go below ${date.taken}.`;

  return (
    <div className="console-page console-page--form">
      <p className="console-back">
        <Link to={`/staff/schedule?from=${defaults.date}`}>Schedule</Link>
      </p>
      <p className="eyebrow">{date.day}</p>
      <h1 className={date.cancelled ? "is-struck" : undefined}>
        {date.title}, {date.time}
      </h1>
      <p className="button-row date-marks">
        {date.cancelled ? <span className="chip chip--cancelled">Cancelled{date.cancelledAt ? ` on ${date.cancelledAt}` : ""}</span> : null}
        {!date.cancelled && date.over ? <span className="chip chip--muted">This date is over</span> : null}
        {!date.cancelled && date.started && !date.over ? <span className="chip chip--muted">Happening now</span> : null}
        {series ? <span className="chip">Part of a weekly series</span> : null}
      </p>
      {notice ? <Confirmation>{notice}</Confirmation> : null}

      <dl className="facts-grid">
        <div>
          <dt>Places taken</dt>
          <dd>
            {date.taken} of {date.capacity}
          </dd>
        </div>
        <div>
          <dt>Bookings</dt>
          <dd>
            {plural(bookings.confirmed, "confirmed", "confirmed")}
            {bookings.confirmed > 0 ? ` (${plural(bookings.confirmedPlaces, "place")})` : ""}
            {bookings.beingPaid > 0 ? (
              <span className="cell-meta">
                {bookings.beingPaid} being paid for ({plural(bookings.beingPaidPlaces, "place")})
              </span>
            ) : null}
            <span className="cell-meta">
              <Link to={date.rosterPath}>Open the roster</Link>
            </span>
          </dd>
        </div>
        <div>
          <dt>Instructor</dt>
          <dd>{date.instructorName ?? "No instructor"}</dd>
        </div>
        <div>
          <dt>Offering</dt>
          <dd>
            <Link to={`/staff/offerings/${date.offeringId}`}>{date.title}</Link>
            {date.publicPath ? (
              <span className="cell-meta">
                <a href={date.publicPath}>Public page</a>
              </span>
            ) : null}
          </dd>
        </div>
        {series ? (
          <div className="facts-grid__wide">
            <dt>Series</dt>
            <dd>
              {series.words}.{series.skipped.length > 0 ? ` Skipped: ${series.skipped.join(", ")}.` : ""}
            </dd>
          </div>
        ) : null}
      </dl>

      {date.cancelled ? (
        <p className="notice-line">
          This date is cancelled: it's off the public site and can't be changed. To run it again, add a new date.
        </p>
      ) : date.started ? (
        <p className="notice-line">{date.over ? "This date is over" : "This date has started"}, so it can't be changed.</p>
      ) : null}

      {open ? (
        <section className="console-panel" aria-labelledby="edit-title">
          <h2 id="edit-title">Change this date</h2>
          <p className="muted">
            Moving a date that has bookings emails every customer the new time, with an updated calendar invite, and moves their reminders.
            {booked
              ? ` This date has ${plural(bookings.confirmed, "booking")}: ${bookings.confirmed === 1 ? "they'll" : "they'll all"} be told.`
              : ""}
          </p>
          <ErrorSummary form={editForm} labels={EDIT_LABELS} lastResult={resultFor("edit")} title="The date wasn't changed" />
          <Form method="post" {...getFormProps(editForm)} className="console-form">
            <input type="hidden" name="intent" value="edit" />
            {series ? (
              <fieldset className="choice-group field" id={edit.scope.id}>
                <legend>Change</legend>
                <div className="choice-row">
                  {getCollectionProps(edit.scope, { type: "radio", options: ["this", "later"] }).map(({ key, ...props }) => (
                    <label key={key} className="choice" htmlFor={props.id}>
                      <input {...props} />
                      <span>
                        {props.value === "this" ? "This date only" : "This and later dates"}
                        <span className="choice__hint">
                          {props.value === "this"
                            ? "The rest of the series stays as it is."
                            : "The time, places and instructor of every later date of the series change too."}
                        </span>
                      </span>
                    </label>
                  ))}
                </div>
                <FieldError meta={edit.scope} />
              </fieldset>
            ) : (
              <input type="hidden" name={edit.scope.name} value="this" />
            )}
            <div className="field-row">
              <Field
                meta={edit.date}
                label="Date"
                className="field--date"
                hint={series ? "For this date only: later dates keep their own days." : undefined}
              >
                <input
                  {...getInputProps(edit.date, { type: "date", ...describedBy(edit.date, Boolean(series)) })}
                  disabled={thisAndLater}
                />
              </Field>
              <Field meta={edit.time} label="Start time" hint={`Studio time (${zoneName}).`} className="field--short">
                <input {...getInputProps(edit.time, { type: "time", ...describedBy(edit.time, true) })} />
              </Field>
              {date.kind === "private" ? (
                <div className="field field--short">
                  <input type="hidden" name={edit.capacity.name} value="1" />
                  <p className="field-static">
                    <span className="field-static__label">Places</span> 1: a one-to-one session
                  </p>
                </div>
              ) : (
                <PlacesField field={edit.capacity} hint={takenWords} />
              )}
            </div>
            <InstructorSelect field={edit.instructorId} instructors={instructors} />
            <div className="form-actions-row">
              <button type="submit" className="button button--primary" disabled={busyWith != null}>
                {busyWith === "edit" ? "Saving…" : "Save changes"}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {open && series ? (
        <section className="console-panel console-panel--quiet" aria-labelledby="skip-title">
          <h2 id="skip-title">Skip this date</h2>
          {date.taken === 0 ? (
            <>
              <p>
                Leaves this one date out of the series (a bank holiday, a week away): it comes off the public site. Nobody has booked it.
              </p>
              <ErrorSummary form={skipForm} labels={{}} lastResult={resultFor("skip")} title="The date wasn't skipped" />
              <Form method="post" {...getFormProps(skipForm)}>
                <input type="hidden" name="intent" value="skip" />
                <button type="submit" className="button button--quiet" disabled={busyWith != null}>
                  {busyWith === "skip" ? "Skipping…" : "Skip this date"}
                </button>
              </Form>
            </>
          ) : (
            <p>
              This date has places taken, so it can't simply be skipped.{" "}
              {isOwner
                ? "Cancel it below: that refunds everyone booked."
                : "The studio's owner can cancel it, which refunds everyone booked."}
            </p>
          )}
        </section>
      ) : null}

      {open && isOwner ? (
        <section className="console-panel console-panel--danger" aria-labelledby="cancel-title">
          <h2 id="cancel-title">Cancel this date</h2>
          <p>Cancelling takes this date off the public site at once, and:</p>
          <ul className="consequences">
            <li>
              {booked
                ? `${plural(bookings.confirmed, "paid booking")} (${plural(bookings.confirmedPlaces, "place")}) ${
                    bookings.confirmed === 1 ? "is" : "are"
                  } cancelled and refunded in full, and ${
                    bookings.confirmed === 1 ? "the customer is" : "every customer is"
                  } emailed, with your note and a calendar cancellation.`
                : "Nobody has paid for a place, so nobody needs a refund."}
            </li>
            <li>
              {bookings.beingPaid > 0
                ? `${plural(bookings.beingPaid, "payment")} in progress ${bookings.beingPaid === 1 ? "is" : "are"} stopped and ${
                    bookings.beingPaid === 1 ? "its place" : "their places"
                  } released.`
                : "Nobody is paying right now."}
            </li>
            <li>It can't be undone: to run it after all, add a new date.</li>
          </ul>
          <ErrorSummary form={cancelForm} labels={CANCEL_LABELS} lastResult={resultFor("cancel")} title="The date wasn't cancelled" />
          <Form method="post" {...getFormProps(cancelForm)} className="console-form">
            <input type="hidden" name="intent" value="cancel" />
            <Field
              meta={cancel.message}
              label="Note to customers"
              optional
              hint="Added to the cancellation email, such as why, or what you'd suggest instead."
            >
              <textarea {...getTextareaProps(cancel.message, describedBy(cancel.message, true))} rows={3} />
            </Field>
            <div className={cancel.confirm.errors ? "field has-error" : "field"}>
              <label className="choice" htmlFor={cancel.confirm.id}>
                <input {...getInputProps(cancel.confirm, { type: "checkbox", value: "yes" })} />
                <span>Yes, cancel this date{booked ? " and refund everyone booked" : ""}</span>
              </label>
              <FieldError meta={cancel.confirm} />
            </div>
            <button type="submit" className="button button--danger" disabled={busyWith != null}>
              {busyWith === "cancel" ? "Cancelling…" : "Cancel this date"}
            </button>
          </Form>
        </section>
      ) : open ? (
        <p className="muted">Only the studio's owner can cancel a date, as it refunds everyone booked.</p>
      ) : null}
    </div>
  );
}
