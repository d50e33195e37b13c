import { isStudioDay, monthOf, monthWeeks, studioDayOf, type StudioDay } from "./studio-days";

/** A free time of a one-to-one session type, as the pages show it (ISO strings, UTC). */
export type FreeTime = { id: string; startsAt: string; endsAt: string; instructor: string | null };
/** A studio day with its free times, soonest first. */
export type FreeDay = { day: StudioDay; times: FreeTime[] };

/** Times (soonest first) grouped by the studio's calendar day (not the server's, nor the browser's). */
export function groupByStudioDay<T extends { startsAt: string }>(times: T[], timeZone: string): { day: StudioDay; times: T[] }[] {
  const days: { day: StudioDay; times: T[] }[] = [];
  for (const time of times) {
    const day = studioDayOf(time.startsAt, timeZone);
    const last = days[days.length - 1];
    if (last?.day === day) last.times.push(time);
    else days.push({ day, times: [time] });
  }
  return days;
}

/**
 * A calendar cell: a day with free times (a link), a day without (shown as unavailable), a day
 * already gone, or an empty cell before the 1st or after the last of the month.
 */
export type CalendarCell =
  | { kind: "free"; day: StudioDay; count: number }
  | { kind: "none"; day: StudioDay }
  | { kind: "past"; day: StudioDay }
  | { kind: "blank" };

export type PickerView = {
  /** The chosen day: the one asked for, else the first day with free times; null when there is none. */
  day: StudioDay | null;
  times: FreeTime[];
  month: string;
  weeks: CalendarCell[][];
  /** The first free day of the nearest earlier and later months that have free times. */
  previousMonth: StudioDay | null;
  nextMonth: StudioDay | null;
  /** When the chosen day has no free times: the nearest day that has (later ones first). */
  nearestFreeDay: StudioDay | null;
};

/**
 * What the time picker shows for `?day=` (`requested`, anything a URL may hold): a well-formed
 * day from today on is shown even without free times (with the nearest free day); anything else
 * falls back to the first free day, or to this month when nothing is free.
 */
export function pickerView(days: FreeDay[], { requested, today }: { requested: string | null; today: StudioDay }): PickerView {
  const wanted = isStudioDay(requested) && requested >= today ? requested : null;
  const day = wanted ?? days[0]?.day ?? null;
  const chosen = day ? days.find((candidate) => candidate.day === day) : undefined;
  const month = monthOf(day ?? today);
  const free = new Map(days.map((entry) => [entry.day, entry.times.length]));
  const weeks = monthWeeks(month).map((week) =>
    week.map((cell): CalendarCell => {
      if (cell === null) return { kind: "blank" };
      if (cell < today) return { kind: "past", day: cell };
      const count = free.get(cell);
      return count ? { kind: "free", day: cell, count } : { kind: "none", day: cell };
    }),
  );
  const earlier = days.filter((entry) => monthOf(entry.day) < month);
  const previousMonthKey = earlier.length > 0 ? monthOf(earlier[earlier.length - 1]!.day) : null;
  const nearestFreeDay =
    day && !chosen ? (days.find((entry) => entry.day > day) ?? [...days].reverse().find((entry) => entry.day < day))?.day ?? null : null;
  return {
    day,
    times: chosen?.times ?? [],
    month,
    weeks,
    previousMonth: previousMonthKey ? days.find((entry) => monthOf(entry.day) === previousMonthKey)!.day : null,
    nextMonth: days.find((entry) => monthOf(entry.day) > month)?.day ?? null,
    nearestFreeDay,
  };
}
