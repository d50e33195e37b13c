import { describe, expect, it } from "vitest";
import { periodsAt, weekContaining } from "../../app/week/periods";

const TZ = "Europe/London";

describe("the studio's calendar", () => {
  it("starts weeks on Monday at local midnight, and a week with the spring clock change is 167 hours", () => {
    const week = weekContaining("2027-03-31", new Date(), TZ);
    expect(week.monday).toBe("2027-03-29");
    expect(week.days).toEqual(["2027-03-29", "2027-03-30", "2027-03-31", "2027-04-01", "2027-04-02", "2027-04-03", "2027-04-04"]);
    expect(week.start.toISOString()).toBe("2027-03-28T23:00:00.000Z"); // Monday 00:00 BST

    const change = weekContaining("2027-03-28", new Date(), TZ); // a Sunday: its week began on the 22nd
    expect(change.monday).toBe("2027-03-22");
    expect(change.start.toISOString()).toBe("2027-03-22T00:00:00.000Z"); // GMT
    expect(change.end.toISOString()).toBe("2027-03-28T23:00:00.000Z");
    expect((change.end.getTime() - change.start.getTime()) / 3_600_000).toBe(167);
    expect(change.previousMonday).toBe("2027-03-15");
    expect(change.nextMonday).toBe("2027-03-29");

    const autumn = weekContaining("2027-10-31", new Date(), TZ);
    expect((autumn.end.getTime() - autumn.start.getTime()) / 3_600_000).toBe(169);
  });

  it("falls back to this week for a missing or malformed day", () => {
    const now = new Date("2026-11-26T12:00:00Z"); // a Thursday
    expect(weekContaining(null, now, TZ).monday).toBe("2026-11-23");
    expect(weekContaining("2026-02-31", now, TZ).monday).toBe("2026-11-23");
    expect(weekContaining("next week", now, TZ).monday).toBe("2026-11-23");
  });

  it("knows today, this month and the last four weeks in the studio's zone", () => {
    // 23:30 UTC on 31 May is already 1 June in London (BST).
    const periods = periodsAt(new Date("2027-05-31T23:30:00Z"), TZ);
    expect(periods.today.start.toISOString()).toBe("2027-05-31T23:00:00.000Z");
    expect(periods.month.start.toISOString()).toBe("2027-05-31T23:00:00.000Z");
    expect(periods.month.end.toISOString()).toBe("2027-06-30T23:00:00.000Z");
    expect(periods.lastFourWeeks.start.toISOString()).toBe("2027-05-03T23:30:00.000Z");
  });
});
