import { describe, expect, it } from "vitest";
import { UserError } from "../../app/utils/errors.server";
import { describeError } from "../../app/utils/log.server";
import { useTestDatabase } from "../helpers/db";
import { createBooking, createOffering, createSlot } from "../helpers/fixtures";
import { captureLogs } from "../helpers/logs";
import { log } from "../../app/utils/log.server";

/** A database error, as the driver really throws it, logs its code and constraint and nothing the row held. */
describe("logging errors", () => {
  const testDatabase = useTestDatabase();

  it("a refused row logs SQLSTATE, constraint, table and severity, never the query, parameters or row", async () => {
    const { db } = testDatabase();
    const offering = await createOffering(db, { slug: "error-logs-workshop" });
    const slot = await createSlot(db, offering, "2027-01-05T18:00:00Z");
    const secrets = { customerName: "Zebedee Quillfeather", customerEmail: "zebedee@example.test", instructorNotes: "Knee clicks on the descent" };
    const error = await createBooking(db, slot, { ...secrets, seats: 0 }).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(Error);

    const logs = captureLogs();
    try {
      log.error("Booking failed", { err: error });
    } finally {
      logs.restore();
    }
    const [line] = logs.lines;
    expect(line?.err).toMatchObject({
      name: "DrizzleQueryError",
      cause: { code: "23514", constraint: "bookings_seats_check", table: "bookings", severity: "ERROR" },
    });
    expect(line?.err).not.toHaveProperty("message");
    for (const secret of [...Object.values(secrets), "Failing row", "params", "insert into"]) {
      expect(logs.text().toLowerCase()).not.toContain(secret.toLowerCase());
    }
  });

  it("keeps our own messages, and only the frames of a foreign error's stack", () => {
    expect(describeError(new UserError("Please try again in 3 minutes.", 429))).toMatchObject({
      name: "UserError",
      message: "Please try again in 3 minutes.",
      status: 429,
    });
    const foreign = describeError(new Error("Recipient address rejected: <ann@example.com>\nsecond line"));
    expect(foreign).toMatchObject({ name: "Error" });
    expect(foreign.frames?.length).toBeGreaterThan(0);
    expect(JSON.stringify(foreign)).not.toContain("ann@example.com");
    expect(JSON.stringify(foreign)).not.toContain("second line");
    expect(describeError("a string")).toEqual({ name: "string" });
  });
});
