import type { BookingStatus } from "../../db/schema";

/**
 * The booking state machine, written down once. (README: "Booking states".)
 *
 *   pending_payment ──paid──────────────▶ confirmed ──full refund────▶ refunded
 *        │                                   │
 *        ├──checkout expired / failed /      └──partial refund──▶ partially_refunded ──rest──▶ refunded
 *        │  cancelled / hold ran out ──▶ expired
 *        │
 *   expired ──late payment, seats still free──▶ confirmed
 *   expired ──late payment, seats gone────────▶ refunded  (refund through Stripe + apology)
 *   confirmed ──cancelled by studio or customer (later issues)──▶ cancelled
 */
export const BOOKING_TRANSITIONS: Record<BookingStatus, readonly BookingStatus[]> = {
  pending_payment: ["confirmed", "expired", "refunded"],
  expired: ["confirmed", "refunded"],
  confirmed: ["refunded", "partially_refunded", "cancelled"],
  partially_refunded: ["partially_refunded", "refunded", "cancelled"],
  refunded: [],
  cancelled: ["refunded", "partially_refunded"],
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
  refunded: "Refunded",
  partially_refunded: "Partly refunded",
  cancelled: "Cancelled",
};
