import { Link, useLocation, useNavigation } from "@remix-run/react";
import { groupByStudioDay, pickerView, type CalendarCell, type FreeDay } from "~/catalog/time-picker";
import { WEEKDAY_NAMES, formatMonth, formatStudioDay, formatStudioDayNoYear, studioDayOf, type StudioDay } from "~/catalog/studio-days";
import { formatTimeRange, zoneLabel } from "../../emails/format/time";

/** A time as a button shows it: its booking link, start and end. */
export type TimeChoice = { id: string; startsAt: string; endsAt: string; instructor?: string | null };

const dayLink = (day: StudioDay, anchor: "times" | "choose-time" = "times") => `?day=${day}#${anchor}`;

/**
 * Cal.com-style time picker for a one-to-one session type: a month calendar of studio days (a day
 * with free times is a link to `?day=`, a day without is shown as unavailable) and the chosen
 * day's times as buttons leading to the booking form. Everything is a plain link rendered on the
 * server, so it works without JavaScript; with it, Remix switches days without a reload, and the
 * chosen day shows at once from the times already on the page while fresh ones load.
 */
export function TimePicker({
  days,
  today,
  requestedDay,
  timeZone,
}: {
  days: FreeDay[];
  today: StudioDay;
  requestedDay: string | null;
  timeZone: string;
}) {
  const location = useLocation();
  const navigation = useNavigation();
  const pendingHere = navigation.state === "loading" && navigation.location.pathname === location.pathname;
  const requested = pendingHere ? new URLSearchParams(navigation.location.search).get("day") : requestedDay;
  const view = pickerView(days, { requested, today });
  const freeCount = days.reduce((sum, day) => sum + day.times.length, 0);
  const showCoach = new Set(days.flatMap((day) => day.times.map((time) => time.instructor))).size > 1;

  return (
    <section aria-labelledby="choose-time-title" className="time-picker" id="choose-time">
      <h2 id="choose-time-title">Choose a time</h2>
      {days.length === 0 ? (
        <div className="empty-state">
          <h3>No free times in the next few weeks</h3>
          <p>New times are added regularly. Please check back soon, or join one of the group workshops.</p>
        </div>
      ) : (
        <>
          <p className="muted">
            {freeCount} free {freeCount === 1 ? "time" : "times"} over the next few weeks. Times are studio time (
            {timeZone.replace("_", " ")}).
          </p>
          <div className="time-picker__body">
            <Calendar view={view} today={today} />
            <div className="time-picker__times" id="times" aria-busy={pendingHere || undefined}>
              {view.day ? <h3 className="time-picker__day">{formatStudioDayNoYear(view.day)}</h3> : null}
              <p className="time-picker__meta" role="status">
                {view.day && view.times.length > 0
                  ? `${view.times.length} free ${view.times.length === 1 ? "time" : "times"} · ${zoneLabel(new Date(view.times[0]!.startsAt), timeZone)}`
                  : view.day
                    ? `No free times on ${formatStudioDay(view.day)}.`
                    : null}
              </p>
              {view.times.length > 0 ? (
                <TimeButtons times={view.times} timeZone={timeZone} showCoach={showCoach} />
              ) : view.nearestFreeDay ? (
                <Link to={dayLink(view.nearestFreeDay)} className="button button--quiet" preventScrollReset>
                  See {formatStudioDayNoYear(view.nearestFreeDay)}
                </Link>
              ) : null}
            </div>
          </div>
        </>
      )}
    </section>
  );
}

function Calendar({ view, today }: { view: ReturnType<typeof pickerView>; today: StudioDay }) {
  const monthTitle = formatMonth(view.month);
  const chosen = view.day;
  return (
    <div className="calendar">
      <div className="calendar__head">
        <MonthLink day={view.previousMonth} direction="previous" />
        <h3 className="calendar__month" id="calendar-month">
          {monthTitle}
        </h3>
        <MonthLink day={view.nextMonth} direction="next" />
      </div>
      <table className="calendar__grid" aria-labelledby="calendar-month">
        <thead>
          <tr>
            {WEEKDAY_NAMES.map(([short, long]) => (
              <th key={short} scope="col">
                <abbr title={long}>{short}</abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.weeks.map((week, index) => (
            <tr key={index}>
              {week.map((cell, column) => (
                <td key={column}>
                  <CalendarDay cell={cell} chosen={chosen} today={today} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="calendar__key" aria-hidden="true">
        <span className="calendar__key-free">Free times</span>
        <span className="calendar__key-today">Today</span>
      </p>
    </div>
  );
}

function CalendarDay({ cell, chosen, today }: { cell: CalendarCell; chosen: StudioDay | null; today: StudioDay }) {
  if (cell.kind === "blank") return null;
  const number = Number(cell.day.slice(8));
  const isChosen = cell.day === chosen;
  const words = `${formatStudioDayNoYear(cell.day)}${cell.day === today ? " (today)" : ""}`;
  const classes = (kind: string) =>
    ["calendar__day", `calendar__day--${kind}`, isChosen ? "is-chosen" : "", cell.day === today ? "is-today" : ""].filter(Boolean).join(" ");
  if (cell.kind === "free") {
    return (
      <Link
        to={dayLink(cell.day)}
        preventScrollReset
        className={classes("free")}
        aria-current={isChosen ? "date" : undefined}
        data-day={cell.day}
      >
        <span aria-hidden="true">{number}</span>
        <span className="visually-hidden">
          {words}: {cell.count} free {cell.count === 1 ? "time" : "times"}
        </span>
      </Link>
    );
  }
  return (
    <span
      className={classes(cell.kind)}
      aria-current={isChosen ? "date" : undefined}
      data-day={cell.day}
    >
      <span aria-hidden="true">{number}</span>
      <span className="visually-hidden">{words}: no free times</span>
    </span>
  );
}

function MonthLink({ day, direction }: { day: StudioDay | null; direction: "previous" | "next" }) {
  const icon = (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path
        d={direction === "previous" ? "M15 5l-7 7 7 7" : "M9 5l7 7-7 7"}
        fill="none"
        stroke="currentColor"
        strokeWidth="2.5"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
  if (!day) return <span className="calendar__nav calendar__nav--off">{icon}</span>;
  return (
    <Link to={dayLink(day, "choose-time")} preventScrollReset className="calendar__nav">
      {icon}
      <span className="visually-hidden">
        {direction === "previous" ? "Earlier month" : "Later month"}: {formatMonth(day.slice(0, 7))}
      </span>
    </Link>
  );
}

/**
 * Free times as buttons to the booking form, soonest first. The button shows the time; its
 * accessible name adds the zone and the day, so a list of "10:00" links stays tellable apart.
 */
export function TimeButtons({ times, timeZone, showCoach = false }: { times: TimeChoice[]; timeZone: string; showCoach?: boolean }) {
  return (
    <ul className="time-list">
      {times.map((time) => (
        <li key={time.id}>
          <Link to={`/book/${time.id}`} className="time-button" data-testid="time-button">
            <span className="time-button__when">{formatTimeRange(time.startsAt, time.endsAt, timeZone)}</span>
            {showCoach && time.instructor ? <span className="time-button__who">with {time.instructor}</span> : null}
            <span className="visually-hidden">
              {" "}
              {zoneLabel(new Date(time.startsAt), timeZone)}, {formatStudioDay(studioDayOf(time.startsAt, timeZone))}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** Times of several days, under a heading per studio day (the "nearest free times" of a taken one). */
export function TimesByDay({ times, timeZone, headingLevel = 3 }: { times: TimeChoice[]; timeZone: string; headingLevel?: 3 | 4 }) {
  const days = groupByStudioDay(times, timeZone);
  const Heading = headingLevel === 3 ? "h3" : "h4";
  return (
    <div className="times-by-day">
      {days.map((entry) => (
        <div key={entry.day} className="times-by-day__day">
          <Heading className="time-picker__day">{formatStudioDayNoYear(entry.day)}</Heading>
          <TimeButtons times={entry.times} timeZone={timeZone} />
        </div>
      ))}
    </div>
  );
}
