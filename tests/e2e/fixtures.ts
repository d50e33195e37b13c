/** Data the browser tests add to their fresh database before the server starts. */
export const DST_FIXTURE = {
  slug: "evening-mobility-dst-check",
  title: "Evening Mobility (clock-change check)",
  // 18:00 in London on both sides of a clock change: BST in March, GMT in November.
  startsAt: ["2027-03-30T17:00:00.000Z", "2027-11-02T18:00:00.000Z"],
  durationMinutes: 60,
};

/** A staff account the browser tests lock out (the demo owner stays usable for the others). */
export const LOCKABLE_STAFF = {
  email: "coach.lockable@painfreeme.example",
  name: "Lockable Coach",
  password: "lantern hamstring river morning",
};
