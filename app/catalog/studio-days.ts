/**
 * Calendar days in the studio's time zone, written "YYYY-MM-DD" (the `?day=` of the time picker).
 * A day is a plain calendar date: arithmetic on it runs in UTC, where every day has 24 hours, and
 * only `studioDayOf` looks at a time zone, through the same ICU data that formats the times.
 */
export type StudioDay = string;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The studio's calendar day at an instant: 23:30 UTC on 30 Oct 2027 is 31 Oct in London (BST). */
export function studioDayOf(instant: Date | string, timeZone: string): StudioDay {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(typeof instant === "string" ? new Date(instant) : instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** A well-formed, real calendar date ("2026-02-30" is not). */
export function isStudioDay(value: string | null | undefined): value is StudioDay {
  const match = value ? DAY_PATTERN.exec(value) : null;
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

const toUtcDate = (day: StudioDay) => new Date(`${day}T00:00:00Z`);
const fromUtcDate = (date: Date): StudioDay => date.toISOString().slice(0, 10);

export function addDays(day: StudioDay, days: number): StudioDay {
  const date = toUtcDate(day);
  date.setUTCDate(date.getUTCDate() + days);
  return fromUtcDate(date);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekdayOf(day: StudioDay): number {
  return toUtcDate(day).getUTCDay() || 7;
}

/** "2026-11" */
export function monthOf(day: StudioDay): string {
  return day.slice(0, 7);
}

/** A month as weeks from Monday to Sunday; days of the neighbouring months are null. */
export function monthWeeks(month: string): (StudioDay | null)[][] {
  const first = `${month}-01`;
  const weeks: (StudioDay | null)[][] = [];
  let week: (StudioDay | null)[] = Array.from({ length: weekdayOf(first) - 1 }, () => null);
  for (let day = first; monthOf(day) === month; day = addDays(day, 1)) {
    week.push(day);
    if (week.length === 7) {
      weeks.push(week);
      week = [];
    }
  }
  if (week.length > 0) weeks.push([...week, ...Array.from({ length: 7 - week.length }, () => null)]);
  return weeks;
}

/** Words for a day, with no time zone involved: noon UTC of the date, formatted in UTC. */
const dayWords = (day: StudioDay, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", ...options }).formatToParts(new Date(`${day}T12:00:00Z`));

function partsOf(day: StudioDay, style: "long" | "short") {
  const parts = dayWords(day, { weekday: style, day: "numeric", month: style, year: "numeric" });
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value ?? "";
  return { weekday: get("weekday"), day: get("day"), month: get("month"), year: get("year") };
}

/** "Friday 27 November 2026" (assembled in a fixed order, like emails/format/time). */
export function formatStudioDay(day: StudioDay): string {
  const { weekday, day: date, month, year } = partsOf(day, "long");
  return `${weekday} ${date} ${month} ${year}`;
}

/** "Friday 27 November" */
export function formatStudioDayNoYear(day: StudioDay): string {
  const { weekday, day: date, month } = partsOf(day, "long");
  return `${weekday} ${date} ${month}`;
}

/** "November 2026" */
export function formatMonth(month: string): string {
  const { month: name, year } = partsOf(`${month}-01`, "long");
  return `${name} ${year}`;
}

/** Monday-first weekday names for a calendar's column heads: ["Mon", "Monday"], … */
export const WEEKDAY_NAMES: readonly (readonly [short: string, long: string])[] = [
  ["Mon", "Monday"],
  ["Tue", "Tuesday"],
  ["Wed", "Wednesday"],
  ["Thu", "Thursday"],
  ["Fri", "Friday"],
  ["Sat", "Saturday"],
  ["Sun", "Sunday"],
];
