import { DateTime } from "luxon";

/*
 * The studio's calendar: weeks start on Monday, days and months begin at midnight, all in the
 * studio's zone. A week that contains a clock change is 167 or 169 hours long, never 168. Pure.
 */

export type Period = { start: Date; end: Date };

export type Week = Period & {
  /** YYYY-MM-DD of its Monday. */
  monday: string;
  /** The seven days, Monday first, YYYY-MM-DD. */
  days: string[];
  previousMonday: string;
  nextMonday: string;
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The local calendar day an instant falls on. */
export function dayOf(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toISODate()!;
}

/** The week (Monday to Monday) containing `day` (YYYY-MM-DD), or today's when it is missing or malformed. */
export function weekContaining(day: string | null | undefined, now: Date, timeZone: string): Week {
  const parsed = day && DATE.test(day) ? DateTime.fromISO(day, { zone: timeZone }) : null;
  const local = parsed?.isValid ? parsed : DateTime.fromJSDate(now, { zone: timeZone });
  const monday = local.startOf("day").minus({ days: local.weekday - 1 });
  const days = Array.from({ length: 7 }, (_, index) => monday.plus({ days: index }).toISODate()!);
  return {
    start: monday.toJSDate(),
    end: monday.plus({ weeks: 1 }).toJSDate(),
    monday: days[0]!,
    days,
    previousMonday: monday.minus({ weeks: 1 }).toISODate()!,
    nextMonday: monday.plus({ weeks: 1 }).toISODate()!,
  };
}

/** Today, this calendar month, and the four weeks before now, on the studio's calendar. */
export function periodsAt(now: Date, timeZone: string): { today: Period; week: Week; month: Period; lastFourWeeks: Period } {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const day = local.startOf("day");
  const month = local.startOf("month");
  return {
    today: { start: day.toJSDate(), end: day.plus({ days: 1 }).toJSDate() },
    week: weekContaining(null, now, timeZone),
    month: { start: month.toJSDate(), end: month.plus({ months: 1 }).toJSDate() },
    lastFourWeeks: { start: local.minus({ weeks: 4 }).toJSDate(), end: now },
  };
}
