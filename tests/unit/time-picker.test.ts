import { describe, expect, it } from "vitest";
import { addDays, formatMonth, formatStudioDay, isStudioDay, monthWeeks, studioDayOf, weekdayOf } from "../../app/catalog/studio-days";
import { groupByStudioDay, pickerView, type FreeDay } from "../../app/catalog/time-picker";

const LONDON = "Europe/London";

describe("studio days", () => {
  it("are the studio's calendar days across both clock changes, whatever the machine's zone", () => {
    // The tests run in America/New_York: a local-date bug would move every one of these.
    expect(studioDayOf("2027-10-30T22:30:00Z", LONDON)).toBe("2027-10-30"); // 23:30 BST
    expect(studioDayOf("2027-10-30T23:30:00Z", LONDON)).toBe("2027-10-31"); // 00:30 BST, the night the clocks go back
    expect(studioDayOf("2027-10-31T23:30:00Z", LONDON)).toBe("2027-10-31"); // 23:30 GMT
    expect(studioDayOf("2027-03-27T23:30:00Z", LONDON)).toBe("2027-03-27"); // 23:30 GMT
    expect(studioDayOf("2027-03-28T23:30:00Z", LONDON)).toBe("2027-03-29"); // 00:30 BST
    expect(studioDayOf("2027-03-28T23:30:00Z", "America/Los_Angeles")).toBe("2027-03-28");
  });

  it("accept only real dates written YYYY-MM-DD", () => {
    expect(isStudioDay("2028-02-29")).toBe(true);
    for (const bad of ["2027-02-29", "2026-13-01", "2026-1-5", "2026-11-26T00:00", "", null, "<script>"]) {
      expect(isStudioDay(bad)).toBe(false);
    }
  });

  it("count days and weekdays in the calendar, not in hours (a clock change is no different)", () => {
    expect(addDays("2027-10-30", 1)).toBe("2027-10-31");
    expect(addDays("2027-10-31", 1)).toBe("2027-11-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(weekdayOf("2026-11-29")).toBe(7); // a Sunday
    expect(weekdayOf("2026-11-30")).toBe(1);
    expect(formatStudioDay("2027-10-31")).toBe("Sunday 31 October 2027");
    expect(formatMonth("2026-11")).toBe("November 2026");
  });

  it("lay a month out Monday to Sunday", () => {
    const november = monthWeeks("2026-11"); // 1 November 2026 is a Sunday
    expect(november).toHaveLength(6);
    expect(november[0]).toEqual([null, null, null, null, null, null, "2026-11-01"]);
    expect(november[5]).toEqual(["2026-11-30", null, null, null, null, null, null]);
    const february = monthWeeks("2027-02"); // starts on a Monday, 28 days: four full weeks
    expect(february).toHaveLength(4);
    expect(february.flat().filter(Boolean)).toHaveLength(28);
  });
});

describe("the time picker's view", () => {
  const time = (iso: string) => ({ id: iso, startsAt: iso, endsAt: iso, instructor: null });
  const days: FreeDay[] = groupByStudioDay(
    ["2026-11-27T16:00:00Z", "2026-11-30T10:00:00Z", "2026-11-30T14:00:00Z", "2026-12-02T10:00:00Z", "2027-01-04T10:00:00Z"].map(time),
    LONDON,
  );
  const today = "2026-11-26";

  it("groups free times by studio day, soonest first", () => {
    expect(days.map((day) => [day.day, day.times.length])).toEqual([
      ["2026-11-27", 1],
      ["2026-11-30", 2],
      ["2026-12-02", 1],
      ["2027-01-04", 1],
    ]);
  });

  it("chooses the first day with free times by default, and marks each day of its month", () => {
    const view = pickerView(days, { requested: null, today });
    expect(view.day).toBe("2026-11-27");
    expect(view.times.map((entry) => entry.startsAt)).toEqual(["2026-11-27T16:00:00Z"]);
    expect(view.month).toBe("2026-11");
    const cells = view.weeks.flat();
    expect(cells.find((cell) => cell.kind !== "blank" && cell.day === "2026-11-25")).toMatchObject({ kind: "past" });
    expect(cells.find((cell) => cell.kind !== "blank" && cell.day === "2026-11-28")).toMatchObject({ kind: "none" });
    expect(cells.find((cell) => cell.kind !== "blank" && cell.day === "2026-11-30")).toMatchObject({ kind: "free", count: 2 });
    expect(view.previousMonth).toBeNull();
    expect(view.nextMonth).toBe("2026-12-02");
  });

  it("shows the day asked for, even one with nothing free (pointing to the nearest that has)", () => {
    expect(pickerView(days, { requested: "2026-11-30", today }).times).toHaveLength(2);
    const empty = pickerView(days, { requested: "2026-12-10", today });
    expect(empty).toMatchObject({ day: "2026-12-10", times: [], nearestFreeDay: "2027-01-04", previousMonth: "2026-11-27", nextMonth: "2027-01-04" });
    expect(pickerView(days, { requested: "2027-02-01", today }).nearestFreeDay).toBe("2027-01-04");
  });

  it("ignores a day gone by or a malformed one, and falls back to the first free day", () => {
    for (const requested of ["2026-11-20", "2026-02-30", "tomorrow", "2026-11-27'--"]) {
      expect(pickerView(days, { requested, today }).day).toBe("2026-11-27");
    }
  });

  it("has no day to show when nothing is free, and shows this month", () => {
    expect(pickerView([], { requested: null, today })).toMatchObject({ day: null, times: [], month: "2026-11", nextMonth: null });
  });
});
