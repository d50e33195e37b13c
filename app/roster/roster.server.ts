import { and, asc, eq, inArray, isNotNull, or } from "drizzle-orm";
import type { Database } from "../../db/client";
import {
  bookings,
  instructors,
  offerings,
  refunds,
  slots,
  type Attendance,
  type BookingSource,
  type BookingStatus,
  type PaymentMethod,
  type PaymentProblem,
} from "../../db/schema";
import type { PainDuration, PainLocation } from "../../db/intake";
import { refundTotals } from "../booking/refunds.server";

/*
 * A date's roster: who is coming, how they paid, and (only here and on a booking's own console
 * page) the intake they gave. Lists, exports, logs and the audit log never carry the intake.
 */

/** How each payment method reads on the roster, in its export and on the dashboard. */
export const PAID_BY_WORDS: Record<PaymentMethod, string> = { card: "Card", studio: "At the studio", complimentary: "Complimentary" };

/** The console's address of a date's roster; `#booking-REF` jumps to one booking. */
export const rosterPath = (slotId: string, reference?: string) => `/staff/roster/${slotId}${reference ? `#booking-${reference}` : ""}`;

export type RosterEntry = {
  bookingId: string;
  reference: string;
  status: BookingStatus;
  seats: number;
  name: string;
  email: string | null;
  phone: string | null;
  bookedAt: Date;
  confirmedAt: Date | null;
  paid: { amountMinor: number; currency: string; at: Date | null } | null;
  /** How it was paid: card (online), at the studio, or complimentary (nothing paid). */
  paymentMethod: PaymentMethod | null;
  /** Made on the website, or by staff at the studio (then the email and the intake may be missing). */
  source: BookingSource;
  refunds: { succeededMinor: number; pendingMinor: number; failedMinor: number };
  attendance: Attendance | null;
  attendanceMarkedAt: Date | null;
  cancelledBy: string | null;
  /** Why a payment couldn't confirm this booking (it was refunded in full), for refused payments. */
  paymentProblem: PaymentProblem | null;
  intake: {
    painLocation: PainLocation | null;
    painDuration: PainDuration | null;
    notes: string | null;
    consentedAt: Date | null;
    erasedAt: Date | null;
  };
};

export type Roster = {
  slot: { id: string; startsAt: Date; endsAt: Date; status: "scheduled" | "cancelled"; capacity: number; placesTaken: number };
  offering: { id: string; title: string; kind: "workshop" | "private"; location: string };
  instructorName: string | null;
  /** Confirmed bookings: the people expected. */
  attendees: RosterEntry[];
  /** Places held by people still paying. */
  beingPaidFor: { bookings: number; places: number };
  /** Bookings of this date that were cancelled (by the customer, staff or the studio). */
  cancelled: RosterEntry[];
  /** Payments for this date we couldn't accept (mismatched, too late, places gone): refunded in full. */
  refusedPayments: RosterEntry[];
};

export async function loadRoster(db: Database, slotId: string): Promise<Roster | null> {
  const [head] = await db
    .select({ slot: slots, offering: offerings, instructorName: instructors.name })
    .from(slots)
    .innerJoin(offerings, eq(offerings.id, slots.offeringId))
    .leftJoin(instructors, eq(instructors.id, slots.instructorId))
    .where(eq(slots.id, slotId));
  if (!head) return null;
  const rows = await db
    .select()
    .from(bookings)
    .where(
      and(
        eq(bookings.slotId, slotId),
        or(inArray(bookings.status, ["confirmed", "pending_payment", "cancelled"]), isNotNull(bookings.paymentProblem)),
      ),
    )
    .orderBy(asc(bookings.customerName), asc(bookings.createdAt));
  const refundRows = rows.length
    ? await db.select().from(refunds).where(inArray(refunds.bookingId, rows.map((row) => row.id)))
    : [];
  const entries = rows.map((row): RosterEntry => {
    const totals = refundTotals(refundRows.filter((refund) => refund.bookingId === row.id));
    return {
      bookingId: row.id,
      reference: row.reference,
      status: row.status,
      seats: row.seats,
      name: row.customerName,
      email: row.customerEmail,
      phone: row.customerPhone,
      bookedAt: row.createdAt,
      confirmedAt: row.confirmedAt,
      paid: row.amountPaidMinor === null ? null : { amountMinor: row.amountPaidMinor, currency: row.paidCurrency ?? row.currency, at: row.paidAt },
      paymentMethod: row.paymentMethod,
      source: row.source,
      refunds: { succeededMinor: totals.succeeded, pendingMinor: totals.pending, failedMinor: totals.failed },
      attendance: row.attendance,
      attendanceMarkedAt: row.attendanceMarkedAt,
      cancelledBy: row.cancelledBy,
      paymentProblem: row.paymentProblem,
      intake: {
        painLocation: row.painLocation,
        painDuration: row.painDuration,
        notes: row.instructorNotes,
        consentedAt: row.consentedAt,
        erasedAt: row.intakeErasedAt,
      },
    };
  });
  const holding = new Set(rows.filter((row) => row.status === "pending_payment" && row.holdsSeats).map((row) => row.id));
  const pending = entries.filter((entry) => holding.has(entry.bookingId));
  return {
    slot: {
      id: head.slot.id,
      startsAt: head.slot.startsAt,
      endsAt: head.slot.endsAt,
      status: head.slot.status,
      capacity: head.slot.capacity,
      placesTaken: head.slot.seatsTaken,
    },
    offering: { id: head.offering.id, title: head.offering.title, kind: head.offering.kind, location: head.offering.location },
    instructorName: head.instructorName,
    attendees: entries.filter((entry) => entry.status === "confirmed"),
    beingPaidFor: { bookings: pending.length, places: pending.reduce((sum, entry) => sum + entry.seats, 0) },
    cancelled: entries.filter((entry) => entry.status === "cancelled"),
    refusedPayments: entries.filter((entry) => entry.status === "expired" && entry.paymentProblem !== null),
  };
}
