import type { BookingStatus, RefundStatus } from "../../db/schema";

/**
 * The booking's life, written down once. (README: "Booking states"; decision record 001.)
 * Money is not a state: what was paid is recorded on the booking, and each refund is a row in
 * `refunds` with a life of its own (pending → succeeded | failed).
 *
 *   pending_payment ──paid, checks pass──────────────────▶ confirmed ──cancelled (customer / staff / studio,
 *        │                                                     ▲          or refunded in full)──▶ cancelled
 *        └──hold ran out / checkout expired or cancelled /     │
 *           payment failed / payment refused ──▶ expired ──────┘ late payment, places still free
 *
 *   A refused payment (mismatch, after the start, places gone) leaves the booking expired, with the
 *   payment recorded and a refund row for all of it.
 *
 *   A booking staff make at the studio (bookAtStudio) is written `confirmed`, paid at the desk or
 *   complimentary: where a booking starts is not a transition, so nothing here changes for it.
 */
export const BOOKING_TRANSITIONS: Record<BookingStatus, readonly BookingStatus[]> = {
  pending_payment: ["confirmed", "expired"],
  expired: ["confirmed"],
  confirmed: ["cancelled"],
  cancelled: [],
};

export function canTransition(from: BookingStatus, to: BookingStatus): boolean {
  return BOOKING_TRANSITIONS[from].includes(to);
}

/**
 * Every status change in the domain code goes through this, so the table above is the rule and
 * not only its description: a change it doesn't allow is a bug, and throws before anything is written.
 */
export function assertTransition(from: BookingStatus, to: BookingStatus): void {
  if (!canTransition(from, to)) throw new Error(`Booking state machine: ${from} → ${to} is not allowed`);
}

/** What a customer reads for each state. */
export const STATUS_WORDS: Record<BookingStatus, string> = {
  pending_payment: "Waiting for payment",
  confirmed: "Confirmed",
  expired: "Not completed",
  cancelled: "Cancelled",
};

/**
 * A refund's life: asked for (`pending`), then the provider's answer. A refund can fail even
 * after it succeeded (the card issuer returns it), so `succeeded → failed` is allowed; a failed
 * refund stays failed, and the money is asked for again with a new row.
 */
export const REFUND_TRANSITIONS: Record<RefundStatus, readonly RefundStatus[]> = {
  pending: ["succeeded", "failed"],
  succeeded: ["failed"],
  failed: [],
};

export function assertRefundTransition(from: RefundStatus, to: RefundStatus): void {
  if (!REFUND_TRANSITIONS[from].includes(to)) throw new Error(`Refund state machine: ${from} → ${to} is not allowed`);
}
