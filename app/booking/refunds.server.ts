import { randomUUID } from "node:crypto";
import { and, asc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import {
  bookings,
  refunds,
  type Booking,
  type RefundMethod,
  type RefundReason,
  type RefundRequester,
  type RefundRow,
} from "../../db/schema";
import { enqueueInTransaction, QUEUES, retryOptions } from "../jobs/queue.server";
import { nextEmailSequence, queueEmail } from "../mail/outbox.server";
import type { PaymentGateway, ProviderRefund } from "../payments/gateway.server";
import type { BookingEffects } from "./effects.server";
import { assertRefundTransition } from "./states";
import { log } from "../utils/log.server";

/*
 * Money going back, one `refunds` row per refund. A row is written `pending` (with its job) in the
 * same transaction as the decision; the job asks the provider and records its answer; Stripe's
 * own word (its refund list, on every refund event) reconciles the rows, and adds those made in
 * its dashboard. The database refuses refunds that add up to more than was paid.
 */

const MAX_ERROR_LENGTH = 1_000;
/** A refund still pending after this long is reported to the studio. */
export const REFUND_STUCK_AFTER_MS = 60 * 60_000;

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);

/** What a booking's refunds come to: counting what is done and what is on its way, never what failed. */
export function refundTotals(rows: Pick<RefundRow, "status" | "amountMinor">[]) {
  const sum = (status: RefundRow["status"]) =>
    rows.filter((row) => row.status === status).reduce((total, row) => total + row.amountMinor, 0);
  const succeeded = sum("succeeded");
  const pending = sum("pending");
  return { succeeded, pending, committed: succeeded + pending, failed: sum("failed") };
}

/**
 * What a customer is told about their money: refunded, on its way, and any part that didn't go
 * through and isn't covered by another refund ("we're on it").
 */
export function customerRefundStatus(rows: Pick<RefundRow, "status" | "amountMinor">[], paidMinor: number) {
  const totals = refundTotals(rows);
  return {
    refundedMinor: totals.succeeded,
    onItsWayMinor: totals.pending,
    troubleMinor: Math.max(0, Math.min(totals.failed, paidMinor - totals.committed)),
  };
}

export async function refundsOf(db: Database, bookingId: string): Promise<RefundRow[]> {
  return db.select().from(refunds).where(eq(refunds.bookingId, bookingId)).orderBy(asc(refunds.createdAt), asc(refunds.id));
}

/**
 * Asks for a refund inside the caller's transaction: a pending row and the job that sends it,
 * committed together with the decision. The database trigger refuses it if it would take the
 * booking's refunds past what was paid. A booking paid at the studio is paid back there: its
 * row is written `succeeded` with the method `studio`, and the payment provider is never called.
 */
export async function requestRefund(
  tx: Database,
  effects: BookingEffects,
  {
    booking,
    amountMinor,
    reason,
    requestedBy,
    now,
  }: { booking: Booking; amountMinor: number; reason: RefundReason; requestedBy: RefundRequester; now: Date },
): Promise<RefundRow> {
  const id = randomUUID();
  const method: RefundMethod = booking.paymentMethod === "studio" ? "studio" : "card";
  const [row] = await tx
    .insert(refunds)
    .values({
      id,
      bookingId: booking.id,
      amountMinor,
      currency: booking.paidCurrency ?? booking.currency,
      reason,
      requestedBy,
      idempotencyKey: `refund-${id}`,
      method,
      status: method === "studio" ? "succeeded" : "pending",
      settledAt: method === "studio" ? now : null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (method === "studio") return row!;
  await enqueueInTransaction(effects.jobs, tx, QUEUES.sendRefund, { refundId: id }, retryOptions(effects.retry.refund));
  return row!;
}

/**
 * The refund job: asks the provider for one pending row (with the row's idempotency key, so a
 * retry after a crash never refunds twice) and records the answer. A refusal is counted on the
 * row and rethrown, so pg-boss retries with backoff; the last refusal marks the row failed and
 * tells the studio.
 */
export async function sendRefund(
  db: Database,
  payments: PaymentGateway,
  effects: BookingEffects,
  { refundId, now, isLastAttempt }: { refundId: string; now: Date; isLastAttempt: boolean },
): Promise<"sent" | "skipped"> {
  const [found] = await db
    .select({ refund: refunds, paymentIntentId: bookings.paymentIntentId })
    .from(refunds)
    .innerJoin(bookings, eq(bookings.id, refunds.bookingId))
    .where(eq(refunds.id, refundId));
  if (!found || found.refund.status !== "pending" || found.refund.providerRefundId) return "skipped";
  const { refund, paymentIntentId } = found;

  let answer: ProviderRefund;
  try {
    if (!paymentIntentId) throw new Error("The booking has no recorded payment to refund");
    answer = await payments.refund({
      paymentIntentId,
      amountMinor: refund.amountMinor,
      idempotencyKey: refund.idempotencyKey,
      bookingId: refund.bookingId,
      refundId: refund.id,
    });
  } catch (error) {
    await db.transaction(async (tx) => {
      const [updated] = await tx
        .update(refunds)
        .set({
          attempts: sql`${refunds.attempts} + 1`,
          lastError: errorText(error),
          updatedAt: now,
          ...(isLastAttempt ? { status: "failed" as const, settledAt: now } : {}),
        })
        .where(and(eq(refunds.id, refund.id), eq(refunds.status, "pending")))
        .returning();
      if (updated && isLastAttempt) await reportRefundProblem(tx, effects, updated, now);
    });
    if (isLastAttempt) {
      log.error(`Refund NOT made, giving up: refund ${refund.id} for booking ${refund.bookingId}`, { err: error });
    }
    throw error;
  }
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(refunds).where(eq(refunds.id, refund.id)).for("update");
    await tx
      .update(refunds)
      .set({ attempts: sql`${refunds.attempts} + 1`, updatedAt: now })
      .where(eq(refunds.id, refund.id));
    if (row) await settleRefund(tx, effects, row, answer, now);
  });
  return "sent";
}

/**
 * Records the provider's word on one of our rows: its refund id, and its status once it is final.
 * A refund that fails is reported to the studio (once). Returns true when something changed.
 */
async function settleRefund(tx: Database, effects: BookingEffects, row: RefundRow, answer: ProviderRefund, now: Date) {
  if (row.status === "failed" && answer.status !== "failed") {
    // Failed is final here (the money may have been asked for again). Say so loudly: a person must look.
    log.error(`Refund ${row.id} is failed here but ${answer.status} at the payment provider (${answer.id}).`);
  }
  const idChanged = row.providerRefundId !== answer.id;
  const statusChanged = row.status !== answer.status && row.status !== "failed";
  if (!idChanged && !statusChanged) return false;
  if (statusChanged) assertRefundTransition(row.status, answer.status);
  const [updated] = await tx
    .update(refunds)
    .set({
      providerRefundId: answer.id,
      ...(statusChanged
        ? {
            status: answer.status,
            settledAt: answer.status === "pending" ? null : now,
            lastError: answer.status === "failed" ? (answer.failureReason ?? "refused by the payment provider") : null,
          }
        : {}),
      updatedAt: now,
    })
    .where(eq(refunds.id, row.id))
    .returning();
  if (statusChanged && answer.status === "failed") await reportRefundProblem(tx, effects, updated!, now);
  return true;
}

/** Tells the studio, once, that a refund failed or is stuck; marks the row reported. */
async function reportRefundProblem(tx: Database, effects: BookingEffects, refund: RefundRow, now: Date): Promise<void> {
  const [claimed] = await tx
    .update(refunds)
    .set({ reportedAt: now })
    .where(and(eq(refunds.id, refund.id), isNull(refunds.reportedAt)))
    .returning({ id: refunds.id });
  if (!claimed) return;
  await queueEmail(tx, effects, {
    bookingId: refund.bookingId,
    kind: "staff_refund_problem",
    sequence: await nextEmailSequence(tx, refund.bookingId, "staff_refund_problem"),
    to: effects.studioEmail,
    sendAfter: now,
    payload: { refundId: refund.id },
  });
}

/**
 * The periodic check behind "a refund can't vanish": every refund that failed, or is still
 * pending an hour after it was asked for, is reported to the studio once, with the provider's error.
 */
export async function reportStuckRefunds(db: Database, effects: BookingEffects, now: Date): Promise<number> {
  const stuck = await db
    .select()
    .from(refunds)
    .where(
      and(
        isNull(refunds.reportedAt),
        or(
          eq(refunds.status, "failed"),
          and(eq(refunds.status, "pending"), lt(refunds.createdAt, new Date(now.getTime() - REFUND_STUCK_AFTER_MS))),
        ),
      ),
    );
  for (const refund of stuck) await db.transaction((tx) => reportRefundProblem(tx, effects, refund, now));
  return stuck.length;
}

export type ReconcileOutcome = { recorded: RefundRow[]; changed: number };

/**
 * Brings a booking's refund rows in line with the provider's list of refunds on its payment
 * (caller holds the booking's lock). Our own rows are matched by the provider's id or by our row
 * id in its metadata, and take its status. A refund we don't know (made in Stripe's dashboard) is
 * recorded as it stands; `recorded` returns those, for the caller to act on.
 */
export async function reconcileRefundRows(
  tx: Database,
  effects: BookingEffects,
  { booking, providerRefunds, now }: { booking: Booking; providerRefunds: ProviderRefund[]; now: Date },
): Promise<ReconcileOutcome> {
  const outcome: ReconcileOutcome = { recorded: [], changed: 0 };
  // Ours first, whatever order the provider lists them in (Stripe: newest first), so a refund of
  // ours it has made is never mistaken for an unsent one that a dashboard refund covers.
  const before = await refundsOf(tx, booking.id);
  const unknown: ProviderRefund[] = [];
  for (const answer of providerRefunds) {
    const ours = before.find((row) => row.providerRefundId === answer.id) ?? before.find((row) => row.id === answer.refundId);
    if (!ours) unknown.push(answer);
    else if (await settleRefund(tx, effects, ours, answer, now)) outcome.changed += 1;
  }
  if (unknown.length === 0) return outcome;
  const rows = outcome.changed > 0 ? await refundsOf(tx, booking.id) : before;
  for (const answer of unknown) {
    // A refund that failed moved no money: nothing to record.
    if (answer.status === "failed") continue;
    await makeRoomFor(tx, booking, rows, answer.amountMinor, now);
    const [recorded] = await tx
      .insert(refunds)
      .values({
        bookingId: booking.id,
        amountMinor: answer.amountMinor,
        currency: booking.paidCurrency ?? booking.currency,
        reason: "requested_in_stripe",
        requestedBy: "stripe_dashboard",
        idempotencyKey: `stripe-${answer.id}`,
        status: answer.status,
        providerRefundId: answer.id,
        settledAt: answer.status === "succeeded" ? now : null,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: refunds.idempotencyKey })
      .returning();
    if (recorded) {
      rows.push(recorded);
      outcome.recorded.push(recorded);
      outcome.changed += 1;
    }
  }
  return outcome;
}

/**
 * A refund made in the dashboard while one of ours was still waiting to be sent can cover the
 * same money. Stripe never refunds more than was paid, so ours is the one that is no longer
 * needed: it is closed as failed (and marked reported: nobody needs to act) instead of the
 * dashboard's being refused by the database.
 */
async function makeRoomFor(tx: Database, booking: Booking, rows: RefundRow[], amountMinor: number, now: Date) {
  const paid = booking.amountPaidMinor ?? 0;
  let committed = refundTotals(rows).committed;
  for (const row of rows) {
    if (committed + amountMinor <= paid) return;
    if (row.status !== "pending" || row.providerRefundId) continue;
    await tx
      .update(refunds)
      .set({ status: "failed", lastError: "not sent: a refund made in Stripe's dashboard covered it", settledAt: now, reportedAt: now, updatedAt: now })
      .where(eq(refunds.id, row.id));
    row.status = "failed";
    committed -= row.amountMinor;
  }
}
