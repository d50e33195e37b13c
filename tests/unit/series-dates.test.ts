import { describe, expect, it } from "vitest";
import { localInstant, localParts, planSeries } from "../../app/schedule/series-dates";

const LONDON = "Europe/London";

describe("weekly series in the studio's wall-clock time", () => {
  it("keeps 18:00 on both sides of both London clock changes (last Sundays of March and October)", () => {
    const { dates, leftOut } = planSeries({
      weekdays: [7], // Sundays
      startTime: "18:00",
      firstDate: "2027-03-21",
      lastDate: "2027-11-07",
      skipDates: [],
      durationMinutes: 60,
      timeZone: LONDON,
    });
    expect(leftOut).toEqual([]);
    const byDate = Object.fromEntries(dates.map((d) => [d.date, d.startsAt.toISOString()]));
    expect(byDate["2027-03-21"]).toBe("2027-03-21T18:00:00.000Z"); // GMT
    expect(byDate["2027-03-28"]).toBe("2027-03-28T17:00:00.000Z"); // the spring change day, BST
    expect(byDate["2027-10-31"]).toBe("2027-10-31T18:00:00.000Z"); // the autumn change day, GMT again
    for (const { startsAt } of dates) expect(localParts(startsAt, LONDON).time).toBe("18:00");
    expect(dates.at(-1)!.endsAt.getTime() - dates.at(-1)!.startsAt.getTime()).toBe(3_600_000);
  });

  it("leaves out a time that doesn't exist on the spring-forward day, and names it; an ambiguous autumn time takes its first occurrence", () => {
    const spring = planSeries({
      weekdays: [7],
      startTime: "01:30",
      firstDate: "2027-03-21",
      lastDate: "2027-04-04",
      skipDates: [],
      durationMinutes: 60,
      timeZone: LONDON,
    });
    expect(spring.dates.map((d) => d.date)).toEqual(["2027-03-21", "2027-04-04"]);
    expect(spring.leftOut).toEqual([{ date: "2027-03-28", reason: "time_does_not_exist" }]);
    expect(localInstant("2027-03-28", "01:30", LONDON)).toBeNull();
    // 31 October 2027, 01:30 happens twice in London: the first is 00:30 UTC (still BST).
    expect(localInstant("2027-10-31", "01:30", LONDON)?.toISOString()).toBe("2027-10-31T00:30:00.000Z");
  });

  it("takes several weekdays and skips the named dates", () => {
    const { dates, leftOut } = planSeries({
      weekdays: [2, 4], // Tuesdays and Thursdays
      startTime: "07:15",
      firstDate: "2027-05-01",
      lastDate: "2027-05-31",
      skipDates: ["2027-05-04"],
      durationMinutes: 45,
      timeZone: LONDON,
    });
    expect(dates.map((d) => d.date)).toEqual([
      "2027-05-06",
      "2027-05-11",
      "2027-05-13",
      "2027-05-18",
      "2027-05-20",
      "2027-05-25",
      "2027-05-27",
    ]);
    expect(leftOut).toEqual([{ date: "2027-05-04", reason: "skipped" }]);
  });
});
