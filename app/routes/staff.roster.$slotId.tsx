import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { Confirmation } from "~/components/console-form";
import { AttendanceControl, AttendanceNotice, PrintButton, type AttendanceAnswer } from "~/components/roster-view";
import { appContext } from "~/context.server";
import { markAttendance } from "~/roster/attendance.server";
import { ATTENDANCE_WORDS, attendanceSchema } from "~/roster/attendance-form";
import { loadRoster, rosterPath, type RosterEntry } from "~/roster/roster.server";
import { actorOf, idParam, invalid, refused, submittedForm } from "~/staff/console-forms.server";
import { requireStaff } from "~/staff/guard.server";
import { dayOf } from "~/week/periods";
import { PAIN_DURATION_LABELS, PAIN_LOCATION_CHOICES } from "../../emails/content/intake";
import { formatMoney } from "../../emails/format/money";
import { formatLongDate, formatShortDate, formatTime, formatTimeRange, zoneAbbreviation } from "../../emails/format/time";
import { plural } from "../../emails/format/words";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Roster: ${data.date.title}, ${data.date.shortWhen}` : "Roster"} · Studio console` },
  { name: "robots", content: "noindex, nofollow" },
];


const REFUSED_WORDS: Record<string, string> = {
  payment_mismatch: "The payment didn't match the booking",
  paid_after_start: "Paid after the session had started",
  places_gone: "Paid after the places had gone",
};

/** The confirmation after "Add a booking": who, how many places, how it was paid, what was emailed. */
function addedNotice(entry: RosterEntry): string {
  const how = entry.paymentMethod === "complimentary" ? "complimentary" : "paid at the studio";
  const email = entry.email ? "" : " No email, so nothing will be sent.";
  return `Booked ${entry.name} (${entry.reference}), ${plural(entry.seats, "place")}, ${how}.${email}`;
}

const CANCELLED_BY_WORDS: Record<string, string> = { customer: "by the customer", staff: "by staff", studio: "by the studio (date cancelled)" };

/**
 * A date's roster: who is coming, how they paid, their intake (the only list in the console that
 * shows it), and their attendance once the session has started. Print it, or download the CSV
 * (without the intake).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const slotId = idParam(params.slotId, "date");
  const { database, env } = appContext();
  const zone = env.studio.timeZone;
  const now = new Date();
  const roster = await loadRoster(database.db, slotId);
  if (!roster) throw new Response("There's no date at this address.", { status: 404 });
  const { slot, offering } = roster;
  const at = (value: Date) => `${formatShortDate(value, zone)}, ${formatTime(value, zone)} ${zoneAbbreviation(value, zone)}`;

  const money = (entry: RosterEntry) => {
    const currency = entry.paid?.currency ?? env.studio.currency;
    const lines: { words: string; tone: "ok" | "muted" | "warn" | "problem" }[] = [];
    if (entry.paymentMethod === "complimentary") lines.push({ words: "Complimentary", tone: "ok" });
    else if (entry.paid) {
      const where = entry.paymentMethod === "studio" ? " at the studio" : "";
      lines.push({ words: `${formatMoney(entry.paid.amountMinor, currency)} paid${where}`, tone: "ok" });
    } else lines.push({ words: "No payment", tone: "muted" });
    if (entry.refunds.succeededMinor > 0) lines.push({ words: `${formatMoney(entry.refunds.succeededMinor, currency)} refunded`, tone: "muted" });
    if (entry.refunds.pendingMinor > 0) lines.push({ words: `${formatMoney(entry.refunds.pendingMinor, currency)} refund on its way`, tone: "warn" });
    if (entry.refunds.failedMinor > 0) lines.push({ words: `${formatMoney(entry.refunds.failedMinor, currency)} refund failed`, tone: "problem" });
    return lines;
  };

  const attendees = roster.attendees.map((entry) => ({
    bookingId: entry.bookingId,
    reference: entry.reference,
    anchor: `booking-${entry.reference}`,
    name: entry.name,
    seats: entry.seats,
    email: entry.email,
    phone: entry.phone,
    phoneHref: entry.phone ? `tel:${entry.phone.replace(/[^\d+]/g, "")}` : null,
    payment: money(entry),
    madeAtStudio: entry.source === "studio",
    intake: entry.intake.erasedAt
      ? { kind: "missing" as const, words: `Erased under the retention rule on ${formatLongDate(entry.intake.erasedAt, zone)}.` }
      : entry.intake.consentedAt === null
        ? // Only a booking made at the studio can come without answers (not asked, or not agreed to).
          { kind: "missing" as const, words: "No knee notes: booked at the studio without them." }
        : {
          kind: "given" as const,
          erased: null,
          location: entry.intake.painLocation ? PAIN_LOCATION_CHOICES[entry.intake.painLocation].label : "Not given",
          duration: entry.intake.painDuration ? PAIN_DURATION_LABELS[entry.intake.painDuration] : "Not given",
          notes: entry.intake.notes?.trim() || null,
          consented: entry.intake.consentedAt ? at(entry.intake.consentedAt) : null,
        },
    attendance: entry.attendance,
    markedAt: entry.attendanceMarkedAt ? at(entry.attendanceMarkedAt) : null,
  }));

  const added = new URL(request.url).searchParams.get("added");
  const addedEntry = added ? roster.attendees.find((entry) => entry.reference === added) : undefined;
  const started = slot.startsAt <= now;
  const over = slot.endsAt <= now;
  const unmarked = roster.attendees.filter((entry) => entry.attendance === null).length;
  return {
    date: {
      id: slot.id,
      title: offering.title,
      kind: offering.kind,
      location: offering.location,
      day: formatLongDate(slot.startsAt, zone),
      shortWhen: formatShortDate(slot.startsAt, zone),
      time: `${formatTimeRange(slot.startsAt, slot.endsAt, zone)} ${zoneAbbreviation(slot.startsAt, zone)}`,
      startTime: `${formatTime(slot.startsAt, zone)} ${zoneAbbreviation(slot.startsAt, zone)}`,
      instructorName: roster.instructorName,
      taken: slot.placesTaken,
      capacity: slot.capacity,
      cancelled: slot.status === "cancelled",
      started,
      over,
      // Staff can add a booking (a walk-in, a phone call) until the date ends, unless it was cancelled.
      addPath: slot.status === "cancelled" || over ? null : `${rosterPath(slot.id)}/new`,
      weekPath: `/staff?week=${dayOf(slot.startsAt, zone)}`,
      path: rosterPath(slot.id),
      datePath: `/staff/schedule/${slot.id}`,
      exportPath: `${rosterPath(slot.id)}/export`,
    },
    attendees,
    notice: addedEntry ? addedNotice(addedEntry) : null,
    expected: roster.attendees.reduce((sum, entry) => sum + entry.seats, 0),
    marks: {
      unmarked,
      attended: roster.attendees.filter((entry) => entry.attendance === "attended").length,
      noShow: roster.attendees.filter((entry) => entry.attendance === "no_show").length,
    },
    beingPaidFor: roster.beingPaidFor,
    cancelled: roster.cancelled.map((entry) => ({
      bookingId: entry.bookingId,
      reference: entry.reference,
      anchor: `booking-${entry.reference}`,
      name: entry.name,
      seats: entry.seats,
      by: entry.cancelledBy ? (CANCELLED_BY_WORDS[entry.cancelledBy] ?? entry.cancelledBy) : null,
      payment: money(entry),
    })),
    // Where "needs attention" sends staff for a refused payment: who paid, why it was refused, the refund.
    refused: roster.refusedPayments.map((entry) => ({
      bookingId: entry.bookingId,
      reference: entry.reference,
      anchor: `booking-${entry.reference}`,
      name: entry.name,
      email: entry.email,
      why: entry.paymentProblem ? (REFUSED_WORDS[entry.paymentProblem] ?? entry.paymentProblem) : "",
      payment: money(entry),
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const signedIn = await requireStaff(request);
  const slotId = idParam(params.slotId, "date");
  const { database } = appContext();
  const form = await submittedForm(request);
  const submission = parseWithZod(form, { schema: attendanceSchema });
  const sent = form.get("bookingId");
  const bookingId = typeof sent === "string" ? sent : null;
  if (submission.status !== "success") return invalid(submission, { bookingId });
  const { attendance } = submission.value;
  const outcome = await markAttendance(database.db, {
    actor: actorOf(signedIn),
    slotId,
    bookingId: submission.value.bookingId,
    attendance: attendance === "clear" ? null : attendance,
    now: new Date(),
  });
  if (!outcome.ok) return refused(submission, outcome, { bookingId });
  return data({ bookingId, result: submission.reply() });
}

export default function RosterPage() {
  const { date, attendees, notice, expected, marks, beingPaidFor, cancelled, refused } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as AttendanceAnswer | undefined;
  // A link from the week or the dashboard names one booking: it is marked (CSS :target misses
  // the client-side navigations that brought staff here).
  const { hash } = useLocation();
  const open = date.started && !date.cancelled;
  const people = attendees.length;

  return (
    <div className="console-page roster">
      <p className="console-back">
        <Link to={date.weekPath}>The week</Link>
      </p>
      <p className="eyebrow">Roster · {date.day}</p>
      <h1 className={date.cancelled ? "is-struck" : undefined}>
        {date.title}, {date.time}
      </h1>
      <div className="roster-bar">
        <p className="date-marks roster-bar__marks">
          {date.cancelled ? <span className="chip chip--cancelled">Cancelled</span> : null}
          {!date.cancelled && date.over ? <span className="chip chip--muted">Ended</span> : null}
          {!date.cancelled && date.started && !date.over ? <span className="chip">Happening now</span> : null}
        </p>
        <p className="button-row roster-actions">
          {date.addPath ? (
            <Link to={date.addPath} className="button button--primary button--small">
              Add a booking<span className="visually-hidden"> to this date</span>
            </Link>
          ) : null}
          <PrintButton />
          <a href={date.exportPath} className="button button--quiet button--small" download>
            Download CSV<span className="visually-hidden"> of this roster (contact and attendance, no knee notes)</span>
          </a>
          <Link to={date.datePath} className="button button--quiet button--small">
            The date's page<span className="visually-hidden">: change or cancel it</span>
          </Link>
        </p>
      </div>

      {notice ? <Confirmation>{notice}</Confirmation> : null}

      <dl className="facts-grid roster-facts">
        <div>
          <dt>Places taken</dt>
          <dd>
            {date.taken} of {date.capacity}
          </dd>
        </div>
        <div>
          <dt>Expected</dt>
          <dd>{plural(expected, "person", "people")}</dd>
        </div>
        <div>
          <dt>Instructor</dt>
          <dd>{date.instructorName ?? "No instructor"}</dd>
        </div>
        <div>
          <dt>Where</dt>
          <dd className="roster-facts__where">{date.location}</dd>
        </div>
      </dl>

      <AttendanceNotice date={date} marks={marks} people={people} />
      {beingPaidFor.bookings > 0 ? (
        <p className="notice-line roster-paying">
          {beingPaidFor.bookings === 1 ? "1 person is" : `${beingPaidFor.bookings} people are`} paying for{" "}
          {plural(beingPaidFor.places, "place")} right now: they join this list once paid.
        </p>
      ) : null}

      <section className="roster-people" aria-labelledby="people-title">
        <h2 id="people-title">
          Who's coming <span className="muted roster-people__count">{people === 0 ? "nobody yet" : `${plural(people, "booking")}, ${plural(expected, "place")}`}</span>
        </h2>
        {people === 0 ? (
          <div className="empty-state">
            <p>{date.cancelled ? "This date was cancelled: its bookings are listed below." : "Nobody has booked this date yet."}</p>
          </div>
        ) : (
          <div className="table-wrap roster-table-wrap">
            <table className="console-table console-table--stack roster-table">
              <caption className="visually-hidden">
                Bookings for {date.title}, {date.day} {date.time}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Who</th>
                  <th scope="col">Contact</th>
                  <th scope="col">Payment</th>
                  <th scope="col">Knee (intake)</th>
                  <th scope="col">Attendance</th>
                </tr>
              </thead>
              <tbody>
                {attendees.map((person) => (
                  <tr key={person.bookingId} id={person.anchor} className={hash === `#${person.anchor}` ? "is-target" : undefined}>
                    <td data-label="Who">
                      <div>
                        <span className="roster-name">{person.name}</span>
                        <span className="cell-meta">
                          <Link to={`/staff/bookings/${person.bookingId}`} aria-label={`Booking ${person.reference}: its page, history and changes`}>
                            <code>{person.reference}</code>
                          </Link>
                          <span>{plural(person.seats, "place")}</span>
                          {person.madeAtStudio ? <span>booked at the studio</span> : null}
                        </span>
                      </div>
                    </td>
                    <td data-label="Contact">
                      <div className="roster-contact">
                        {person.email ? <a href={`mailto:${person.email}`}>{person.email}</a> : <span className="muted">No email</span>}
                        {person.phone && person.phoneHref ? <a href={person.phoneHref}>{person.phone}</a> : <span className="muted">No phone</span>}
                      </div>
                    </td>
                    <td data-label="Payment">
                      <ul className="roster-money">
                        {person.payment.map((line) => (
                          <li key={line.words} className={`roster-money__${line.tone}`}>
                            {line.words}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td data-label="Knee">
                      <div className="roster-intake">
                        {person.intake.kind === "missing" ? (
                          <p className="muted">{person.intake.words}</p>
                        ) : (
                          <dl>
                            <div>
                              <dt>Where</dt>
                              <dd>{person.intake.location}</dd>
                            </div>
                            <div>
                              <dt>How long</dt>
                              <dd>{person.intake.duration}</dd>
                            </div>
                            <div>
                              <dt>Notes</dt>
                              <dd className="roster-notes">{person.intake.notes ?? <span className="muted">None</span>}</dd>
                            </div>
                            <div className="roster-intake__consent">
                              <dt>Consent</dt>
                              <dd>{person.intake.consented}</dd>
                            </div>
                          </dl>
                        )}
                      </div>
                    </td>
                    <td data-label="Attendance">
                      <AttendanceControl
                        person={person}
                        words={ATTENDANCE_WORDS}
                        open={open}
                        action={`${date.path}#${person.anchor}`}
                        answer={actionData?.bookingId === person.bookingId ? actionData : undefined}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {refused.length > 0 ? (
        <section className="roster-refused" aria-labelledby="refused-title">
          <h2 id="refused-title">Payments we couldn't accept</h2>
          <p className="muted small">Each was refunded in full; the customer was told. Nobody here holds a place.</p>
          <ul className="record-list">
            {refused.map((entry) => (
              <li key={entry.bookingId} id={entry.anchor} className="record">
                <span className="record__main">
                  <span className="record__title">{entry.name}</span>
                  <code className="record__meta">{entry.reference}</code>
                  <a className="record__meta" href={`mailto:${entry.email}`}>
                    {entry.email}
                  </a>
                </span>
                <span className="record__aside">
                  {entry.why} · {entry.payment.map((line) => line.words).join(", ")}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {cancelled.length > 0 ? (
        <details className="roster-cancelled">
          <summary>
            Cancelled bookings <span className="count-badge count-badge--muted">{cancelled.length}</span>
          </summary>
          <ul className="record-list">
            {cancelled.map((entry) => (
              <li key={entry.bookingId} id={entry.anchor} className="record">
                <span className="record__main">
                  <span className="record__title">{entry.name}</span>
                  <code className="record__meta">{entry.reference}</code>
                  <span className="record__meta">{plural(entry.seats, "place")}</span>
                </span>
                <span className="record__aside">
                  Cancelled{entry.by ? ` ${entry.by}` : ""} · {entry.payment.map((line) => line.words).join(", ")}
                </span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
