import { Link, useNavigate } from "@remix-run/react";
import { useEffect } from "react";
import { plural } from "../../emails/format/words";

/*
 * The console's home, drawn from data its loader prepared: the dashboard strip and the studio's
 * week. A server-rendered CSS grid (seven columns on a wide screen, a day-by-day list on a phone);
 * every state is said in words, colour only helps.
 */

export type Tone = "cancelled" | "full" | "filling" | "open";

export type WeekDateView = {
  slotId: string;
  href: string;
  startsAt: string;
  time: string;
  zone: string;
  offering: string;
  instructor: string | null;
  taken: number;
  capacity: number;
  expected: number;
  /** Confirmed bookings without an attendance mark. */
  unmarked: number;
  tone: Tone;
  words: string;
  cancelled: boolean;
  over: boolean;
};

export type WeekDayView = {
  iso: string;
  weekday: string;
  date: string;
  label: string;
  isToday: boolean;
  isPast: boolean;
  dates: WeekDateView[];
};

export type AttentionView = {
  key: string;
  what: string;
  tone: "warn" | "problem";
  reference: string;
  href: string;
  date: string;
  detail: string;
  when: string;
};

type DashboardProps = {
  today: { dates: number; expected: number };
  bookings: { week: number; month: number; complimentaryWeek: number; complimentaryMonth: number };
  revenue: { week: string; month: string; atStudio: { week: string; month: string } | null };
  occupancy: { percent: number | null; taken: number; capacity: number; dates: number };
  attention: AttentionView[];
};


export function DashboardStrip({ today, bookings, revenue, occupancy, attention }: DashboardProps) {
  return (
    <section className="dashboard" aria-labelledby="dashboard-title">
      <h2 id="dashboard-title" className="visually-hidden">
        At a glance
      </h2>
      <dl className="stats">
        <div className="stat">
          <dt>Today</dt>
          <dd>
            <span className="stat__figure">{plural(today.expected, "person", "people")}</span>
            <span className="stat__meta">expected at {plural(today.dates, "date")}</span>
          </dd>
        </div>
        <div className="stat">
          <dt>Bookings confirmed</dt>
          <dd>
            <span className="stat__figure">{bookings.week}</span>
            <span className="stat__meta">
              this week · <strong>{bookings.month}</strong> this month
            </span>
            {bookings.complimentaryMonth > 0 ? (
              <span className="stat__meta">
                complimentary: {bookings.complimentaryWeek} this week · {bookings.complimentaryMonth} this month
              </span>
            ) : null}
          </dd>
        </div>
        <div className="stat">
          <dt>Revenue</dt>
          <dd>
            <span className="stat__figure">{revenue.week}</span>
            <span className="stat__meta">
              this week · <strong>{revenue.month}</strong> this month
            </span>
            {revenue.atStudio ? (
              <span className="stat__meta">
                paid at the studio: {revenue.atStudio.week} this week · {revenue.atStudio.month} this month
              </span>
            ) : null}
          </dd>
        </div>
        <div className="stat">
          <dt>Occupancy, last 4 weeks</dt>
          <dd>
            {occupancy.percent === null ? (
              <>
                <span className="stat__figure">–</span>
                <span className="stat__meta">no dates ended in the last 4 weeks</span>
              </>
            ) : (
              <>
                <span className="stat__figure">{occupancy.percent}%</span>
                <span className="stat__meta">
                  {occupancy.taken} of {plural(occupancy.capacity, "place")} over {plural(occupancy.dates, "date")}
                </span>
              </>
            )}
          </dd>
        </div>
      </dl>

      <section className={attention.length > 0 ? "attention attention--open" : "attention"} aria-labelledby="attention-title">
        <h2 id="attention-title" className="attention__title">
          Needs attention{attention.length > 0 ? <span className="count-badge">{attention.length}</span> : null}
        </h2>
        {attention.length === 0 ? (
          <p className="attention__clear">
            <svg aria-hidden="true" viewBox="0 0 20 20" width="18" height="18" focusable="false">
              <circle cx="10" cy="10" r="9" fill="none" stroke="currentColor" strokeWidth="2" />
              <path d="M6 10.5l2.6 2.6L14.2 7.5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            All is well: every email delivered, every refund through, every payment matched.
          </p>
        ) : (
          <ul className="attention__list">
            {attention.map((item) => (
              <li key={item.key} className="attention-item">
                <span className={`chip chip--${item.tone === "problem" ? "cancelled" : "full"}`}>{item.what}</span>
                <span className="attention-item__what">
                  <Link to={item.href} className="attention-item__ref">
                    {item.reference}
                  </Link>{" "}
                  <span className="attention-item__date">{item.date}</span>
                </span>
                <span className="attention-item__detail">
                  {item.detail} <span className="muted">({item.when})</span>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}

type WeekProps = {
  week: {
    heading: string;
    isThisWeek: boolean;
    previous: string;
    next: string;
    thisWeek: string;
    days: WeekDayView[];
    dateCount: number;
  };
};

/** P, N and T move between weeks, as in most calendars (not while typing, nor with a modifier). */
function useWeekShortcuts(links: { previous: string; next: string; thisWeek: string }) {
  const navigate = useNavigate();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.repeat) return;
      const target = event.target;
      if (target instanceof HTMLElement && target.closest("input, textarea, select, [contenteditable]")) return;
      const to = { p: links.previous, n: links.next, t: links.thisWeek }[event.key.toLowerCase()];
      if (!to) return;
      event.preventDefault();
      navigate(to);
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [navigate, links.previous, links.next, links.thisWeek]);
}

export function WeekView({ week }: WeekProps) {
  useWeekShortcuts(week);
  return (
    <section className="week" aria-labelledby="week-title">
      <div className="week-head">
        <h2 id="week-title" className="week-head__title">
          <span className="week-head__eyebrow">{week.isThisWeek ? "This week" : "Week of"}</span> {week.heading}
        </h2>
        <nav className="week-nav" aria-label="Weeks">
          <Link to={week.previous} className="button button--quiet button--small" rel="prev" aria-keyshortcuts="p">
            <span aria-hidden="true">←</span> Previous<span className="visually-hidden"> week</span>
          </Link>
          <Link
            to={week.thisWeek}
            className="button button--quiet button--small"
            aria-current={week.isThisWeek ? "page" : undefined}
            aria-keyshortcuts="t"
          >
            This week
          </Link>
          <Link to={week.next} className="button button--quiet button--small" rel="next" aria-keyshortcuts="n">
            Next<span className="visually-hidden"> week</span> <span aria-hidden="true">→</span>
          </Link>
        </nav>
      </div>
      <p className="week-hint muted">
        {week.dateCount === 0 ? "No dates this week. " : `${plural(week.dateCount, "date")}. `}
        Choose a date for its roster.<span className="week-hint__keys"> Keys: P previous week, N next, T this week.</span>
      </p>
      <ol className="week-grid">
        {week.days.map((day) => (
          <li
            key={day.iso}
            className={["week-day", day.isToday ? "is-today" : "", day.isPast ? "is-past" : "", day.dates.length === 0 ? "is-empty" : ""]
              .filter(Boolean)
              .join(" ")}
            aria-current={day.isToday ? "date" : undefined}
          >
            <h3 className="week-day__title" id={`day-${day.iso}`}>
              <span className="week-day__weekday">{day.weekday}</span> <span className="week-day__date">{day.date}</span>
              {day.isToday ? <span className="today-mark">Today</span> : null}
            </h3>
            {day.dates.length === 0 ? (
              <p className="week-day__empty">Nothing on</p>
            ) : (
              <ul className="week-dates">
                {day.dates.map((date) => (
                  <li key={date.slotId}>
                    <WeekDateCard date={date} dayLabel={day.label} />
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function WeekDateCard({ date, dayLabel }: { date: WeekDateView; dayLabel: string }) {
  const classes = ["week-date", `week-date--${date.tone}`, date.cancelled ? "is-cancelled" : "", date.over ? "is-over" : ""].filter(Boolean).join(" ");
  return (
    <Link to={date.href} className={classes} prefetch="intent">
      <span className="week-date__time">
        <time dateTime={date.startsAt}>{date.time}</time> <span className="week-date__zone">{date.zone}</span>
      </span>
      <span className="week-date__title">{date.offering}</span>
      <span className="week-date__who">{date.instructor ?? "No instructor"}</span>
      <span className="week-date__foot">
        <span className="week-date__places">
          {date.taken}/{date.capacity}
          <span className="visually-hidden"> places taken</span>
        </span>
        <span className={`fill-pill fill-pill--${date.tone}`}>{date.words}</span>
        {date.over && !date.cancelled ? (
          <span className="week-date__ended">{date.unmarked > 0 ? `Ended · ${date.unmarked} to mark` : "Ended"}</span>
        ) : null}
      </span>
      <span className="visually-hidden">, {dayLabel}. Open the roster.</span>
    </Link>
  );
}
