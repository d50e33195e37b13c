import { DateTime } from "luxon";

/*
 * Dates in the studio's wall-clock time. A weekly series at 18:00 stays at 18:00 on both sides of
 * a clock change; a time that doesn't exist on a spring-forward day is left out and named; an
 * ambiguous autumn time takes its first occurrence. Pure: no database, no clock.
 */

export type SeriesRule = {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  /** "HH:MM" in the studio's zone. */
  startTime: string;
  /** YYYY-MM-DD, inclusive. */
  firstDate: string;
  lastDate: string;
  /** YYYY-MM-DD dates to leave out (a bank holiday). */
  skipDates: string[];
  durationMinutes: number;
  timeZone: string;
};

export type PlannedDate = { date: string; startsAt: Date; endsAt: Date };
export type LeftOut = { date: string; reason: "skipped" | "time_does_not_exist" };

/** The longest series the console makes at once (a year of daily dates). */
export const MAX_SERIES_DATES = 366;

/**
 * The instant a local date and time names in the zone, or null when that time doesn't exist
 * there (it falls in a spring-forward gap). Luxon resolves an ambiguous time to its first
 * occurrence (the earlier, summer offset), which is what we want.
 */
export function localInstant(date: string, time: string, timeZone: string): Date | null {
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  const local = DateTime.fromISO(date, { zone: timeZone }).set({ hour, minute, second: 0, millisecond: 0 });
  if (!local.isValid || local.hour !== hour || local.minute !== minute) return null;
  return local.toJSDate();
}

/** Every date the rule makes, and every date it leaves out with why. */
export function planSeries(rule: SeriesRule): { dates: PlannedDate[]; leftOut: LeftOut[] } {
  const dates: PlannedDate[] = [];
  const leftOut: LeftOut[] = [];
  const skip = new Set(rule.skipDates);
  const last = DateTime.fromISO(rule.lastDate, { zone: rule.timeZone });
  for (let day = DateTime.fromISO(rule.firstDate, { zone: rule.timeZone }); day <= last; day = day.plus({ days: 1 })) {
    if (!rule.weekdays.includes(day.weekday)) continue;
    const date = day.toISODate()!;
    if (skip.has(date)) {
      leftOut.push({ date, reason: "skipped" });
      continue;
    }
    const startsAt = localInstant(date, rule.startTime, rule.timeZone);
    if (!startsAt) {
      leftOut.push({ date, reason: "time_does_not_exist" });
      continue;
    }
    dates.push({ date, startsAt, endsAt: new Date(startsAt.getTime() + rule.durationMinutes * 60_000) });
    if (dates.length > MAX_SERIES_DATES) break;
  }
  return { dates, leftOut };
}

/** The local date and time of an instant in the zone: what a form shows and takes back. */
export function localParts(at: Date, timeZone: string): { date: string; time: string } {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  return { date: local.toISODate()!, time: local.toFormat("HH:mm") };
}
