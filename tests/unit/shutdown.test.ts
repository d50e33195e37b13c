import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SHUTDOWN } from "../../app/shutdown";

describe("shutdown deadlines", () => {
  it("the hard stop comes after the slower wait plus the job queue's stop, with room to close the pool", () => {
    const slowerWait = Math.max(SHUTDOWN.openRequestsMs, SHUTDOWN.jobsInFlightMs);
    expect(SHUTDOWN.hardStopMs).toBeGreaterThanOrEqual(slowerWait + SHUTDOWN.jobQueueStopMs + 1_000);
  });

  it("docker compose waits longer than the hard stop before it kills the app", () => {
    const compose = readFileSync("docker-compose.yml", "utf8");
    const grace = compose.match(/stop_grace_period:\s*(\d+)s/);
    expect(grace, "docker-compose.yml sets stop_grace_period in seconds").not.toBeNull();
    expect(Number(grace![1]) * 1000).toBeGreaterThan(SHUTDOWN.hardStopMs);
  });
});
