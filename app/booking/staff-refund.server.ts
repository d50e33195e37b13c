import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { bookings, type Booking, type RefundMethod, type RefundRow } from "../../db/schema";
import { formatMoney } from "../../emails/format/money";
import { nextEmailSequence, queueEmail } from "../mail/outbox.server";
import type { PaymentCard, PaymentGateway } from "../payments/gateway.server";
import { done, refuse, RefusedChange, settle, type Outcome, type Refused, type ScheduleActor } from "../schedule/outcome";
import { recordAudit } from "../staff/audit.server";
import { cancelConfirmedBooking } from "./cancel-booking.server";
import type { BookingEffects } from "./effects.server";
import { refundsOf, refundTotals, requestRefund } from "./refunds.server";
import { lockBookingAndSlot } from "./slot-lock.server";

/*
 * Staff give money back (owners only): part of a payment, leaving the booking as it is, or a
 * cancellation with all, part or none of it. Previewed first ("refund £12.00 of £18.00 to the
 * card ending 4242"), then done in one transaction under the booking's lock, so two owners at the
 * same moment queue up: the second sees the first's refund. The database refuses refunds past
 * what was paid whatever happens here (refunds_total_within_paid).
 */

export type StaffRefundRequest = { bookingId: string; amountMinor: number; cancel: boolean };

export type StaffRefundPreview = StaffRefundRequest & {
  reference: string;
  paidMinor: number;
  refundedMinor: number;
  remainingMinor: number;
  currency: string;
  method: RefundMethod;
  /** The card the payment used, when the provider can say (card payments only). */
  card: PaymentCard | null;
};

export type StaffRefundDone = { booking: Booking; refund: RefundRow | null; cancelled: boolean };

const CANCELLED_BY_STAFF = "cancelled by staff";

/** What the rules say of a refund of `amountMinor` on this booking, with these refunds. */
function refundProblem(
  booking: Booking,
  rows: RefundRow[],
  { amountMinor, cancel }: Pick<StaffRefundRequest, "amountMinor" | "cancel">,
): Refused | null {
  if (booking.status !== "confirmed") {
    return refuse("Only a confirmed booking can be refunded or cancelled here.", null, 409);
  }
  if (rows.some((row) => row.status === "pending")) {
    return refuse("A refund for this booking is still on its way. Try again once it has gone through.", null, 409);
  }
  const remaining = remainingOf(booking, rows);
  const money = (minor: number) => formatMoney(minor, booking.paidCurrency ?? booking.currency);
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) return refuse("Enter an amount of 0 or more.", "amount");
  if (amountMinor === 0 && !cancel) return refuse("Enter the amount to refund.", "amount");
  if (amountMinor > remaining) {
    return refuse(
      remaining === 0 ? "Nothing is left to refund on this booking." : `At most ${money(remaining)} can still be refunded.`,
      "amount",
    );
  }
  return null;
}

function remainingOf(booking: Booking, rows: RefundRow[]): number {
  return Math.max(0, (booking.amountPaidMinor ?? 0) - refundTotals(rows).committed);
}

function ownersOnly(actor: ScheduleActor): Refused | null {
  return actor.role === "owner" ? null : refuse("Only the studio's owner can refund or cancel a booking.", null, 403);
}

/** What a refund would do, for staff to confirm; nothing changes. */
export async function previewStaffRefund(
  db: Database,
  payments: PaymentGateway,
  { actor, ...request }: StaffRefundRequest & { actor: ScheduleActor },
): Promise<Outcome<StaffRefundPreview>> {
  const forbidden = ownersOnly(actor);
  if (forbidden) return forbidden;
  const [booking] = await db.select().from(bookings).where(eq(bookings.id, request.bookingId));
  if (!booking) return refuse("That booking doesn't exist.", null, 404);
  const rows = await refundsOf(db, booking.id);
  const problem = refundProblem(booking, rows, request);
  if (problem) return problem;
  const method: RefundMethod = booking.paymentMethod === "studio" ? "studio" : "card";
  return done({
    ...request,
    reference: booking.reference,
    paidMinor: booking.amountPaidMinor ?? 0,
    refundedMinor: refundTotals(rows).committed,
    remainingMinor: remainingOf(booking, rows),
    currency: booking.paidCurrency ?? booking.currency,
    method,
    card: method === "card" && booking.paymentIntentId && request.amountMinor > 0 ? await cardOrNull(payments, booking.paymentIntentId) : null,
  });
}

/** The card is a courtesy in the preview: if the provider can't say, the preview still stands. */
async function cardOrNull(payments: PaymentGateway, paymentIntentId: string): Promise<PaymentCard | null> {
  try {
    return await payments.cardOf(paymentIntentId);
  } catch {
    return null;
  }
}

/**
 * Refunds (and, with `cancel`, cancels) a booking as previewed. The refund goes back the way it
 * was paid (requestRefund); a cancellation releases the places and sends the customer the
 * cancellation with its calendar update; a refund alone tells them the amount.
 */
export async function refundByStaff(
  db: Database,
  effects: BookingEffects,
  { actor, bookingId, amountMinor, cancel, now }: StaffRefundRequest & { actor: ScheduleActor; now: Date },
): Promise<Outcome<StaffRefundDone>> {
  const forbidden = ownersOnly(actor);
  if (forbidden) return forbidden;
  return settle(() =>
    db.transaction(async (tx) => {
      const locked = await lockBookingAndSlot(tx, eq(bookings.id, bookingId));
      if (!locked) throw new RefusedChange(refuse("That booking doesn't exist.", null, 404));
      const { booking } = locked;
      const rows = await refundsOf(tx, booking.id);
      const problem = refundProblem(booking, rows, { amountMinor, cancel });
      if (problem) throw new RefusedChange(problem);

      const refund =
        amountMinor > 0
          ? await requestRefund(tx, effects, { booking, amountMinor, reason: "staff_refund", requestedBy: "staff", now })
          : null;
      let after = booking;
      if (cancel) {
        after = await cancelConfirmedBooking(locked, { by: "staff", reason: CANCELLED_BY_STAFF, now });
        await queueEmail(tx, effects, {
          bookingId: booking.id,
          kind: "booking_cancelled",
          to: booking.customerEmail,
          sendAfter: now,
          payload: { refundedMinor: amountMinor },
        });
      } else {
        await queueEmail(tx, effects, {
          bookingId: booking.id,
          kind: "booking_refunded",
          sequence: await nextEmailSequence(tx, booking.id, "booking_refunded"),
          to: booking.customerEmail,
          sendAfter: now,
          payload: { refundId: refund!.id, refundedMinor: amountMinor },
        });
      }
      await recordAudit(tx, {
        actor,
        action: cancel ? "booking.cancelled" : "booking.refunded",
        recordType: "booking",
        recordId: booking.id,
        changes: {
          before: { status: booking.status, refundedMinor: refundTotals(rows).committed },
          after: { status: after.status, refundedMinor: refundTotals(rows).committed + amountMinor, refundMethod: refund?.method ?? null },
        },
        now,
      });
      return { booking: after, refund, cancelled: cancel };
    }),
  );
}
