import { describe, expect, it } from "vitest";
import { reminderTimeFor } from "../../app/booking/reminders.server";

const LONDON = "Europe/London";

describe("reminder run time", () => {
  it("24 hours before an 18:00 session is 18:00 the day before, on both sides of the spring clock change", () => {
    // Sunday 28 March 2027: clocks go forward at 01:00 GMT.
    const sundayEvening = new Date("2027-03-28T17:00:00Z"); // 18:00 BST
    expect(reminderTimeFor(sundayEvening, 24, LONDON).toISOString()).toBe("2027-03-27T18:00:00.000Z"); // 18:00 GMT
    const mondayEvening = new Date("2027-03-29T17:00:00Z"); // 18:00 BST
    expect(reminderTimeFor(mondayEvening, 24, LONDON).toISOString()).toBe("2027-03-28T17:00:00.000Z"); // 18:00 BST
  });

  it("across the autumn change too, and hours beyond whole days count in real time", () => {
    // Sunday 31 October 2027: clocks go back at 02:00 BST.
    const sunday = new Date("2027-10-31T18:00:00Z"); // 18:00 GMT
    expect(reminderTimeFor(sunday, 24, LONDON).toISOString()).toBe("2027-10-30T17:00:00.000Z"); // 18:00 BST
    expect(reminderTimeFor(sunday, 2, LONDON).toISOString()).toBe("2027-10-31T16:00:00.000Z");
    expect(reminderTimeFor(sunday, 26, LONDON).toISOString()).toBe("2027-10-30T15:00:00.000Z");
  });
});
