import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { DateTime } from "luxon";
import { z } from "zod";
import { Confirmation } from "~/components/console-form";
import { appContext } from "~/context.server";
import { listScheduleForConsole, offeringChoices, SCHEDULE_PAGE_LIMIT } from "~/schedule/console-views.server";
import { requireStaff } from "~/staff/guard.server";
import { rosterPath } from "~/roster/roster.server";
import { formatLongDate, formatShortDate, formatTimeRange, zoneAbbreviation } from "../../emails/format/time";

export const meta: MetaFunction = () => [{ title: "Schedule · Studio console" }, { name: "robots", content: "noindex, nofollow" }];

const WEEK_CHOICES = [1, 2, 4, 8] as const;
const DEFAULT_WEEKS = 8;

const filterSchema = z.object({
  offering: z.uuid().optional().catch(undefined),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .catch(undefined),
  weeks: z.coerce
    .number()
    .refine((value) => (WEEK_CHOICES as readonly number[]).includes(value))
    .optional()
    .catch(undefined),
  created: z.coerce.number().int().min(1).optional().catch(undefined),
});

/** The dates of a window of weeks (from today, by default eight), grouped by the studio's days. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const { database, env } = appContext();
  const zone = env.studio.timeZone;
  const filter = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const today = DateTime.now().setZone(zone).startOf("day");
  const parsedFrom = filter.from ? DateTime.fromISO(filter.from, { zone }) : null;
  const start = parsedFrom?.isValid ? parsedFrom.startOf("day") : today;
  const weeks = filter.weeks ?? DEFAULT_WEEKS;
  const end = start.plus({ weeks });
  const rows = await listScheduleForConsole(database.db, {
    from: start.toJSDate(),
    to: end.toJSDate(),
    offeringId: filter.offering,
  });
  const days = new Map<string, { label: string; iso: string; dates: ReturnType<typeof toRow>[] }>();
  const now = new Date();
  function toRow(row: (typeof rows)[number]) {
    return {
      id: row.id,
      rosterPath: rosterPath(row.id),
      when: `${formatTimeRange(row.startsAt, row.endsAt, zone)} ${zoneAbbreviation(row.startsAt, zone)}`,
      shortDay: formatShortDate(row.startsAt, zone),
      startsAt: row.startsAt.toISOString(),
      offering: row.offeringTitle,
      instructor: row.instructorName,
      taken: row.seatsTaken,
      capacity: row.capacity,
      inSeries: row.seriesId !== null,
      cancelled: row.status === "cancelled",
      over: row.endsAt <= now,
    };
  }
  for (const row of rows) {
    const iso = DateTime.fromJSDate(row.startsAt, { zone }).toISODate()!;
    const day = days.get(iso) ?? { label: formatLongDate(row.startsAt, zone), iso, dates: [] };
    day.dates.push(toRow(row));
    days.set(iso, day);
  }
  const offerings = await offeringChoices(database.db, { activeOnly: false });
  const link = (from: DateTime) =>
    `?${new URLSearchParams({
      from: from.toISODate()!,
      ...(filter.weeks ? { weeks: String(filter.weeks) } : {}),
      ...(filter.offering ? { offering: filter.offering } : {}),
    }).toString()}`;
  return {
    days: [...days.values()],
    truncatedAt: rows.length >= SCHEDULE_PAGE_LIMIT ? SCHEDULE_PAGE_LIMIT : null,
    range: `${formatShortDate(start.toJSDate(), zone)} ${start.year} – ${formatShortDate(end.minus({ days: 1 }).toJSDate(), zone)} ${
      end.minus({ days: 1 }).year
    }`,
    weeks,
    from: start.toISODate()!,
    isToday: start.equals(today),
    earlier: link(start.minus({ weeks })),
    later: link(start.plus({ weeks })),
    offering: filter.offering ?? "",
    offeringTitle: offerings.find((offering) => offering.id === filter.offering)?.title ?? null,
    offerings: offerings.map(({ id, title, active }) => ({ id, title: active ? title : `${title} (archived)` })),
    created: filter.created ?? null,
    zoneName: zone.replace("_", " "),
  };
}

export default function Schedule() {
  const data = useLoaderData<typeof loader>();
  const weeksWords = data.weeks === 1 ? "1 week" : `${data.weeks} weeks`;
  return (
    <div className="console-page">
      <div className="page-title-row">
        <h1>Schedule</h1>
        <p className="button-row">
          <Link
            to={data.offering ? `/staff/schedule/new?offering=${data.offering}` : "/staff/schedule/new"}
            className="button button--primary"
          >
            Add a date
          </Link>
          <Link
            to={data.offering ? `/staff/schedule/series/new?offering=${data.offering}` : "/staff/schedule/series/new"}
            className="button button--quiet"
          >
            Add a weekly series
          </Link>
        </p>
      </div>
      {data.created ? <Confirmation>Created {data.created === 1 ? "1 date" : `${data.created} dates`}.</Confirmation> : null}

      <Form method="get" className="filters filters--schedule" aria-label="Choose which dates to show">
        <div className="field">
          <label htmlFor="offering">Offering</label>
          <select id="offering" name="offering" defaultValue={data.offering}>
            <option value="">Every offering</option>
            {data.offerings.map((offering) => (
              <option key={offering.id} value={offering.id}>
                {offering.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="from">From</label>
          <input id="from" name="from" type="date" defaultValue={data.from} />
        </div>
        <div className="field">
          <label htmlFor="weeks">For</label>
          <select id="weeks" name="weeks" defaultValue={String(data.weeks)}>
            {WEEK_CHOICES.map((weeks) => (
              <option key={weeks} value={weeks}>
                {weeks === 1 ? "1 week" : `${weeks} weeks`}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--primary">
          Show
        </button>
      </Form>

      <nav className="range-nav" aria-label="Weeks">
        <Link to={data.earlier} className="button button--quiet button--small" rel="prev">
          <span aria-hidden="true">←</span> Earlier<span className="visually-hidden"> {weeksWords}</span>
        </Link>
        <p className="range-nav__label">
          <strong>{data.range}</strong>
          <span className="muted"> · studio time ({data.zoneName})</span>
        </p>
        <Link to={data.later} className="button button--quiet button--small" rel="next">
          Later<span className="visually-hidden"> {weeksWords}</span> <span aria-hidden="true">→</span>
        </Link>
      </nav>

      {data.days.length === 0 ? (
        <div className="empty-state">
          <h2>No dates in these weeks</h2>
          <p>
            {data.offeringTitle ? `${data.offeringTitle} has no dates here. ` : ""}
            Add a date, or a weekly series for a whole term; or look later.
          </p>
        </div>
      ) : (
        data.days.map((day) => (
          <section key={day.iso} className="schedule-day" aria-labelledby={`day-${day.iso}`}>
            <h2 id={`day-${day.iso}`} className="schedule-day__title">
              {day.label}
            </h2>
            <ul className="schedule-list">
              {day.dates.map((date) => (
                <li key={date.id} className={date.cancelled ? "schedule-row is-cancelled" : "schedule-row"}>
                  <span className="schedule-row__time">
                    <time dateTime={date.startsAt}>{date.when}</time>
                  </span>
                  <span className="schedule-row__what">
                    <Link to={`/staff/schedule/${date.id}`} className="schedule-row__title">
                      {date.offering}
                      <span className="visually-hidden">
                        , {date.shortDay} {date.when}
                        {date.cancelled ? " (cancelled)" : ""}
                      </span>
                    </Link>
                    <span className="schedule-row__who">{date.instructor ?? "No instructor"}</span>
                  </span>
                  <span className="schedule-row__places">
                    <Places taken={date.taken} capacity={date.capacity} />
                  </span>
                  <span className="schedule-row__marks">
                    {date.inSeries ? (
                      <span className="chip" title="Part of a weekly series">
                        <svg aria-hidden="true" viewBox="0 0 16 16" width="12" height="12" focusable="false">
                          <path d="M2 8a6 6 0 0 1 10.2-4.3M14 8a6 6 0 0 1-10.2 4.3" fill="none" stroke="currentColor" strokeWidth="1.8" />
                          <path d="M12.5 1v3h-3M3.5 15v-3h3" fill="none" stroke="currentColor" strokeWidth="1.8" />
                        </svg>
                        Series
                      </span>
                    ) : null}
                    {date.cancelled ? <span className="chip chip--cancelled">Cancelled</span> : null}
                    {!date.cancelled && date.over ? <span className="chip chip--muted">Over</span> : null}
                    {!date.cancelled && !date.over && date.taken >= date.capacity ? <span className="chip chip--full">Full</span> : null}
                    <Link to={date.rosterPath} className="schedule-row__roster">
                      Roster
                      <span className="visually-hidden">
                        {" "}
                        of {date.offering}, {date.shortDay} {date.when}
                      </span>
                    </Link>
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
      {data.truncatedAt ? (
        <p className="muted">Only the first {data.truncatedAt} dates are shown: choose fewer weeks or one offering.</p>
      ) : null}
    </div>
  );
}

function Places({ taken, capacity }: { taken: number; capacity: number }) {
  return (
    <span className="places">
      <span className="places__numbers">
        {taken}/{capacity}
      </span>
      <span className="visually-hidden"> places taken</span>
      <span className="places__bar" aria-hidden="true">
        <span style={{ width: `${Math.min(100, Math.round((taken / capacity) * 100))}%` }} />
      </span>
    </span>
  );
}
