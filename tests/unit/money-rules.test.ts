import { describe, expect, it } from "vitest";
import { paymentProblem } from "../../app/booking/fulfil-checkout.server";
import { customerRefundStatus, refundTotals } from "../../app/booking/refunds.server";
import { assertRefundTransition, REFUND_TRANSITIONS } from "../../app/booking/states";
import { RETRY_POLICIES, retryOptions, retrySpanSeconds } from "../../app/jobs/queue.server";
import { REFUND_STATUSES } from "../../db/schema";

const NOW = new Date("2027-03-01T10:00:00Z");
const booking = { checkoutSessionId: "cs_1", currency: "GBP", amountTotalMinor: 5600, holdsSeats: true, seats: 2 };
const slot = { startsAt: new Date("2027-03-02T18:00:00Z"), status: "scheduled" as const, capacity: 10, seatsTaken: 2 };
const session = { id: "cs_1", currency: "GBP", amountTotalMinor: 5600 };

describe("which payments may confirm a booking", () => {
  it("accepts its own session, in its currency, for exactly its total, before the start", () => {
    expect(paymentProblem(booking, slot, session, NOW)).toBeNull();
    // A session id not stored yet (a crash between creating and saving it) is still ours by its booking id.
    expect(paymentProblem({ ...booking, checkoutSessionId: null }, slot, session, NOW)).toBeNull();
  });

  it.each([
    ["another session", { id: "cs_2" }],
    ["another currency", { currency: "USD" }],
    ["less than the total", { amountTotalMinor: 1 }],
    ["more than the total", { amountTotalMinor: 5601 }],
    ["no amount at all", { amountTotalMinor: null }],
  ])("refuses %s as a mismatch", (_, change) => {
    expect(paymentProblem(booking, slot, { ...session, ...change }, NOW)).toBe("payment_mismatch");
  });

  it("refuses a payment at or after the start", () => {
    expect(paymentProblem(booking, slot, session, slot.startsAt)).toBe("paid_after_start");
    expect(paymentProblem(booking, slot, session, new Date(slot.startsAt.getTime() - 1))).toBeNull();
  });

  it("takes a late payment only while its places are free on a scheduled slot", () => {
    const late = { ...booking, holdsSeats: false };
    expect(paymentProblem(late, { ...slot, seatsTaken: 8 }, session, NOW)).toBeNull();
    expect(paymentProblem(late, { ...slot, seatsTaken: 9 }, session, NOW)).toBe("places_gone");
    expect(paymentProblem(late, { ...slot, status: "cancelled" }, session, NOW)).toBe("places_gone");
    // A live hold already counts its own places.
    expect(paymentProblem(booking, { ...slot, seatsTaken: 10 }, session, NOW)).toBeNull();
  });
});

describe("refund totals", () => {
  const rows = [
    { status: "succeeded" as const, amountMinor: 1000 },
    { status: "pending" as const, amountMinor: 500 },
    { status: "failed" as const, amountMinor: 2000 },
  ];
  it("count what is done and what is on its way, never what failed", () => {
    expect(refundTotals(rows)).toEqual({ succeeded: 1000, pending: 500, committed: 1500, failed: 2000 });
  });
  it("tell the customer about a failed part only while no other refund covers it", () => {
    expect(customerRefundStatus(rows, 5600)).toEqual({ refundedMinor: 1000, onItsWayMinor: 500, troubleMinor: 2000 });
    expect(customerRefundStatus(rows, 2500)).toEqual({ refundedMinor: 1000, onItsWayMinor: 500, troubleMinor: 1000 });
    expect(customerRefundStatus(rows, 1500).troubleMinor).toBe(0);
  });
  it("follow the refund state machine: pending → succeeded | failed, succeeded → failed, failed is final", () => {
    expect(Object.keys(REFUND_TRANSITIONS).sort()).toEqual([...REFUND_STATUSES].sort());
    expect(() => assertRefundTransition("pending", "succeeded")).not.toThrow();
    expect(() => assertRefundTransition("succeeded", "failed")).not.toThrow();
    expect(() => assertRefundTransition("failed", "succeeded")).toThrow(/failed → succeeded/);
    expect(() => assertRefundTransition("succeeded", "pending")).toThrow();
  });
});

describe("retry policies", () => {
  it("email: 12 retries with backoff, over about a day and a half at most", () => {
    expect(RETRY_POLICIES.email).toEqual({ retryLimit: 12, retryDelay: 30, retryBackoff: true });
    const hours = retrySpanSeconds(RETRY_POLICIES.email) / 3600;
    expect(hours).toBeGreaterThan(24);
    expect(hours).toBeLessThan(72);
  });
  it("refund: 10 retries with backoff", () => {
    expect(RETRY_POLICIES.refund).toEqual({ retryLimit: 10, retryDelay: 60, retryBackoff: true });
  });
  it.each(Object.entries(RETRY_POLICIES))("%s: a job is kept longer than all its retries can take", (_, policy) => {
    const options = retryOptions(policy);
    expect(options).toMatchObject(policy);
    expect(options.retentionSeconds).toBeGreaterThan(retrySpanSeconds(policy));
    // pg-boss would otherwise archive it after 14 days, whatever its retries.
    expect(options.retentionSeconds).toBeDefined();
  });
  it("computes the span pg-boss's backoff can reach (each wait up to delay·2^(n+1))", () => {
    expect(retrySpanSeconds({ retryLimit: 3, retryDelay: 10, retryBackoff: true })).toBe(10 * (2 + 4 + 8));
    expect(retrySpanSeconds({ retryLimit: 3, retryDelay: 10, retryBackoff: false })).toBe(30);
    expect(retrySpanSeconds({ retryLimit: 0, retryDelay: 10, retryBackoff: true })).toBe(0);
  });
});
