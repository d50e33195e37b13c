import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DateTime } from "luxon";
import { DashboardStrip, WeekView, type AttentionView, type WeekDayView } from "~/components/week-view";
import { appContext } from "~/context.server";
import { rosterPath } from "~/roster/roster.server";
import { requireStaff } from "~/staff/guard.server";
import { loadDashboard, type AttentionKind } from "~/week/dashboard.server";
import { dayOf, weekContaining } from "~/week/periods";
import { fullness, listDatesIn } from "~/week/week.server";
import { formatMoney } from "../../emails/format/money";
import { formatLongDate, formatShortDate, formatTime, formatTimeRange, zoneAbbreviation } from "../../emails/format/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Week of ${data.week.heading}` : "The week"} · Studio console` },
  { name: "robots", content: "noindex, nofollow" },
];

const ATTENTION_WORDS: Record<AttentionKind, string> = {
  email_failed: "Email not delivered",
  refund_failed: "Refund failed",
  refund_stuck: "Refund still pending",
  payment_mismatch: "Payment didn't match",
  paid_after_start: "Paid after the start",
  late_payment_refunded: "Late payment refunded",
};

/** "23–29 March 2027", "30 March – 5 April 2027", "28 December 2026 – 3 January 2027". */
function weekHeading(first: string, last: string): string {
  const from = DateTime.fromISO(first).setLocale("en-GB");
  const to = DateTime.fromISO(last).setLocale("en-GB");
  if (from.year !== to.year) return `${from.toFormat("d MMMM yyyy")} – ${to.toFormat("d MMMM yyyy")}`;
  if (from.month !== to.month) return `${from.toFormat("d MMMM")} – ${to.toFormat("d MMMM yyyy")}`;
  return `${from.toFormat("d")}–${to.toFormat("d MMMM yyyy")}`;
}

/**
 * The console's home: the dashboard strip (today, bookings, revenue, occupancy, what needs
 * attention), then the studio's week, Monday to Sunday in the studio's zone (`?week=` any day of it).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request);
  const { database, env } = appContext();
  const zone = env.studio.timeZone;
  const now = new Date();
  const week = weekContaining(new URL(request.url).searchParams.get("week"), now, zone);
  const thisWeek = weekContaining(null, now, zone);
  const [dashboard, dates] = await Promise.all([
    loadDashboard(database.db, { now, timeZone: zone, currency: env.studio.currency }),
    listDatesIn(database.db, week),
  ]);
  const today = dayOf(now, zone);

  const days: WeekDayView[] = week.days.map((iso) => {
    const day = DateTime.fromISO(iso).setLocale("en-GB");
    return {
      iso,
      weekday: day.toFormat("ccc"),
      date: day.toFormat("d MMM"),
      label: day.toFormat("cccc d MMMM"),
      isToday: iso === today,
      isPast: iso < today,
      dates: dates
        .filter((date) => dayOf(date.startsAt, zone) === iso)
        .map((date) => {
          const { tone, words } = fullness(date);
          return {
            slotId: date.slotId,
            href: rosterPath(date.slotId),
            startsAt: date.startsAt.toISOString(),
            time: formatTimeRange(date.startsAt, date.endsAt, zone),
            zone: zoneAbbreviation(date.startsAt, zone),
            offering: date.offeringTitle,
            instructor: date.instructorName,
            taken: date.placesTaken,
            capacity: date.capacity,
            expected: date.expected,
            unmarked: date.unmarked,
            tone,
            words,
            cancelled: date.status === "cancelled",
            over: date.endsAt <= now,
          };
        }),
    };
  });

  const attention: AttentionView[] = dashboard.attention.map((item) => ({
    key: `${item.kind}-${item.bookingReference}-${item.at.getTime()}`,
    what: ATTENTION_WORDS[item.kind],
    tone: item.kind === "email_failed" || item.kind === "refund_stuck" ? "warn" : "problem",
    reference: item.bookingReference,
    href: rosterPath(item.slotId, item.bookingReference),
    date: `${item.offeringTitle}, ${formatShortDate(item.startsAt, zone)} ${formatTime(item.startsAt, zone)} ${zoneAbbreviation(item.startsAt, zone)}`,
    detail: item.detail,
    when: `${formatShortDate(item.at, zone)}, ${formatTime(item.at, zone)}`,
  }));

  const money = (minor: number) => formatMoney(minor, dashboard.revenue.currency);
  return {
    firstName: user.name.split(" ")[0] ?? user.name,
    todayWords: formatLongDate(now, zone),
    zoneName: zone.replace("_", " "),
    dashboard: {
      today: dashboard.today,
      bookings: dashboard.bookings,
      revenue: {
        week: money(dashboard.revenue.weekMinor),
        month: money(dashboard.revenue.monthMinor),
        // Said only when there is some: most weeks everything is paid online.
        atStudio:
          dashboard.revenue.atStudioMonthMinor > 0
            ? { week: money(dashboard.revenue.atStudioWeekMinor), month: money(dashboard.revenue.atStudioMonthMinor) }
            : null,
      },
      occupancy: {
        percent: dashboard.occupancy.ratio === null ? null : Math.round(dashboard.occupancy.ratio * 100),
        taken: dashboard.occupancy.taken,
        capacity: dashboard.occupancy.capacity,
        dates: dashboard.occupancy.dates,
      },
      attention,
    },
    week: {
      monday: week.monday,
      heading: weekHeading(week.days[0]!, week.days[6]!),
      isThisWeek: week.monday === thisWeek.monday,
      previous: `/staff?week=${week.previousMonday}`,
      next: `/staff?week=${week.nextMonday}`,
      thisWeek: "/staff",
      days,
      dateCount: dates.length,
    },
  };
}

export default function StaffHome() {
  const { firstName, todayWords, zoneName, dashboard, week } = useLoaderData<typeof loader>();
  return (
    <div className="console-page console-page--week">
      <div className="home-head">
        <h1>Hello, {firstName}</h1>
        <p className="muted">
          {todayWords} · studio time ({zoneName})
        </p>
      </div>
      <DashboardStrip {...dashboard} />
      <WeekView week={week} />
    </div>
  );
}
