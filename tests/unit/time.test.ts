import { describe, expect, it } from "vitest";
import { weeklyOccurrences } from "../../db/seed";
import {
  dateBadgeParts,
  formatDuration,
  formatLongDate,
  formatTime,
  formatTimeRange,
  zoneAbbreviation,
} from "../../emails/format/time";

const LONDON = "Europe/London";

describe("times in the studio's zone", () => {
  it("runs in a machine zone that is not the studio's, so the zone must come from the studio", () => {
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe("America/New_York");
  });

  it("shows an 18:00 London slot as 18:00 in summer time (March) and in winter time (November)", () => {
    const march = new Date("2027-03-30T17:00:00Z"); // BST, UTC+1
    const november = new Date("2027-11-02T18:00:00Z"); // GMT, UTC+0
    expect(formatTime(march, LONDON)).toBe("18:00");
    expect(formatTime(november, LONDON)).toBe("18:00");
    expect(zoneAbbreviation(march, LONDON)).toBe("BST");
    expect(zoneAbbreviation(november, LONDON)).toBe("GMT");
    expect(formatTimeRange(march, new Date("2027-03-30T18:30:00Z"), LONDON)).toBe("18:00–19:30");
  });

  it("puts a late-evening UTC instant on the studio's calendar day", () => {
    // 23:30 UTC on 31 May is already 1 June in London (BST).
    const instant = "2027-05-31T23:30:00Z";
    expect(formatLongDate(instant, LONDON)).toBe("Tuesday 1 June 2027");
    expect(dateBadgeParts(instant, LONDON)).toEqual({ weekday: "Tue", day: "1", month: "Jun" });
  });

  it("formats durations in plain words", () => {
    expect(formatDuration(50)).toBe("50 min");
    expect(formatDuration(60)).toBe("1 hr");
    expect(formatDuration(90)).toBe("1 hr 30 min");
  });
});

describe("weekly schedule across the spring DST change", () => {
  it("keeps 18:00 local on both sides of the clocks going forward", () => {
    // Clocks go forward in London on Sunday 28 March 2027.
    const occurrences = weeklyOccurrences([{ weekday: 2, times: ["18:00"] }], {
      now: new Date("2027-03-20T00:00:00Z"),
      timeZone: LONDON,
      weeksAhead: 2,
    });
    expect(occurrences.map((date) => date.toISOString())).toEqual([
      "2027-03-23T18:00:00.000Z", // GMT
      "2027-03-30T17:00:00.000Z", // BST
    ]);
  });

  it("never schedules a slot in the past", () => {
    const now = new Date("2027-03-23T18:30:00Z");
    const occurrences = weeklyOccurrences([{ weekday: 2, times: ["18:00"] }], { now, timeZone: LONDON, weeksAhead: 1 });
    expect(occurrences.every((date) => date > now)).toBe(true);
    expect(occurrences).toHaveLength(1);
  });
});
