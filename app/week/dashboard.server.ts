import { and, desc, eq, gte, inArray, isNotNull, lt, lte, or, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { bookings, emailMessages, offerings, refunds, slots } from "../../db/schema";
import { formatMoney } from "../../emails/format/money";
import { REFUND_STUCK_AFTER_MS } from "../booking/refunds.server";
import { periodsAt, type Period } from "./periods";

/*
 * The dashboard strip's figures. Each definition is written once here and in the README
 * ("The week and the dashboard"):
 * - today: dates starting today (not cancelled) and the people expected (places of confirmed bookings);
 * - bookings: bookings confirmed in the period (by when they were confirmed, whatever happened after);
 * - revenue: payments in the studio's currency counted on the day they were paid, minus refunds
 *   counted on the day they succeeded; refused payments count and so do their refunds (net zero);
 *   of it, what was paid at the studio (cash or card terminal, recorded by staff), and beside the
 *   bookings, how many were complimentary (confirmed in the period, nothing paid);
 * - occupancy: confirmed places ÷ capacity over dates that ended in the last four weeks and
 *   weren't cancelled;
 * - needs attention: failed emails (last 30 days), refunds failed or pending over an hour,
 *   payments that didn't match or arrived after the start, late payments refunded (last 30 days).
 */

export const ATTENTION_WINDOW_MS = 30 * 24 * 3_600_000;

export type AttentionKind = "email_failed" | "refund_failed" | "refund_stuck" | "payment_mismatch" | "paid_after_start" | "late_payment_refunded";

export type AttentionItem = {
  kind: AttentionKind;
  /** When it happened, for sorting and for "3 days ago". */
  at: Date;
  bookingReference: string;
  slotId: string;
  offeringTitle: string;
  startsAt: Date;
  /** A short staff-facing detail: the email's kind, the refund's amount and error. */
  detail: string;
};

export type Dashboard = {
  today: { dates: number; expected: number };
  bookings: { week: number; month: number; complimentaryWeek: number; complimentaryMonth: number };
  revenue: { currency: string; weekMinor: number; monthMinor: number; atStudioWeekMinor: number; atStudioMonthMinor: number };
  occupancy: { taken: number; capacity: number; dates: number; ratio: number | null };
  attention: AttentionItem[];
};

async function bookingsConfirmedIn(db: Database, period: Period): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(bookings)
    .where(and(isNotNull(bookings.confirmedAt), gte(bookings.confirmedAt, period.start), lt(bookings.confirmedAt, period.end)));
  return Number(row?.n ?? 0);
}

async function complimentaryConfirmedIn(db: Database, period: Period): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(bookings)
    .where(and(eq(bookings.paymentMethod, "complimentary"), gte(bookings.confirmedAt, period.start), lt(bookings.confirmedAt, period.end)));
  return Number(row?.n ?? 0);
}

/** Payments staff took at the studio in the period (part of the revenue), in the one currency. */
async function paidAtStudioIn(db: Database, period: Period, currency: string): Promise<number> {
  const [paid] = await db
    .select({ total: sql<number>`coalesce(sum(${bookings.amountPaidMinor}), 0)::bigint` })
    .from(bookings)
    .where(and(eq(bookings.paymentMethod, "studio"), eq(bookings.paidCurrency, currency), gte(bookings.paidAt, period.start), lt(bookings.paidAt, period.end)));
  return Number(paid?.total ?? 0);
}

/** Payments in the period minus refunds that succeeded in it, in the one currency. */
export async function revenueIn(db: Database, period: Period, currency: string): Promise<number> {
  const [paid] = await db
    .select({ total: sql<number>`coalesce(sum(${bookings.amountPaidMinor}), 0)::bigint` })
    .from(bookings)
    .where(and(eq(bookings.paidCurrency, currency), gte(bookings.paidAt, period.start), lt(bookings.paidAt, period.end)));
  const [refunded] = await db
    .select({ total: sql<number>`coalesce(sum(${refunds.amountMinor}), 0)::bigint` })
    .from(refunds)
    .where(and(eq(refunds.status, "succeeded"), eq(refunds.currency, currency), gte(refunds.settledAt, period.start), lt(refunds.settledAt, period.end)));
  return Number(paid?.total ?? 0) - Number(refunded?.total ?? 0);
}

/**
 * Confirmed places per date, as a subquery to join on (a correlated subquery would lose its table
 * name: Drizzle leaves columns unqualified when a query reads one table).
 */
function confirmedSeats(db: Database) {
  return db
    .select({ slotId: bookings.slotId, seats: sql<number>`sum(${bookings.seats})`.as("confirmed_seats") })
    .from(bookings)
    .where(eq(bookings.status, "confirmed"))
    .groupBy(bookings.slotId)
    .as("confirmed");
}

/** Confirmed places over capacity for dates that ended in the period and weren't cancelled. */
export async function occupancyIn(db: Database, period: Period) {
  const confirmed = confirmedSeats(db);
  const [row] = await db
    .select({
      dates: sql<number>`count(*)::int`,
      capacity: sql<number>`coalesce(sum(${slots.capacity}), 0)::int`,
      taken: sql<number>`coalesce(sum(${confirmed.seats}), 0)::int`,
    })
    .from(slots)
    .leftJoin(confirmed, eq(confirmed.slotId, slots.id))
    .where(and(eq(slots.status, "scheduled"), gte(slots.endsAt, period.start), lte(slots.endsAt, period.end)));
  const capacity = Number(row?.capacity ?? 0);
  const taken = Number(row?.taken ?? 0);
  return { taken, capacity, dates: Number(row?.dates ?? 0), ratio: capacity > 0 ? taken / capacity : null };
}

async function expectedIn(db: Database, period: Period) {
  const confirmed = confirmedSeats(db);
  const [row] = await db
    .select({
      dates: sql<number>`count(*)::int`,
      expected: sql<number>`coalesce(sum(${confirmed.seats}), 0)::int`,
    })
    .from(slots)
    .leftJoin(confirmed, eq(confirmed.slotId, slots.id))
    .where(and(eq(slots.status, "scheduled"), gte(slots.startsAt, period.start), lt(slots.startsAt, period.end)));
  return { dates: Number(row?.dates ?? 0), expected: Number(row?.expected ?? 0) };
}

const bookingContext = {
  bookingReference: bookings.reference,
  slotId: slots.id,
  offeringTitle: offerings.title,
  startsAt: slots.startsAt,
};

/** What staff call each email, in sentences such as "the confirmation failed". */
export const EMAIL_WORDS: Record<string, string> = {
  booking_confirmed: "confirmation",
  staff_new_booking: "new-booking notice to the studio",
  reminder: "reminder",
  booking_refunded: "refund email",
  booking_cancelled: "cancellation",
  late_payment_refunded: "late-payment apology",
  finish_payment: "finish-payment link",
  staff_payment_problem: "payment problem notice",
  staff_refund_problem: "refund problem notice",
  booking_moved: "new-time email",
  date_cancelled: "date-cancelled email",
};

/** What someone should look at, newest first. Never health data: references, kinds, amounts. */
export async function needsAttention(db: Database, now: Date): Promise<AttentionItem[]> {
  const since = new Date(now.getTime() - ATTENTION_WINDOW_MS);
  const stuckBefore = new Date(now.getTime() - REFUND_STUCK_AFTER_MS);
  const emails = await db
    .select({ ...bookingContext, at: emailMessages.updatedAt, kind: emailMessages.kind })
    .from(emailMessages)
    .innerJoin(bookings, eq(bookings.id, emailMessages.bookingId))
    .innerJoin(slots, eq(slots.id, bookings.slotId))
    .innerJoin(offerings, eq(offerings.id, slots.offeringId))
    .where(and(eq(emailMessages.status, "failed"), gte(emailMessages.updatedAt, since)))
    .orderBy(desc(emailMessages.updatedAt))
    .limit(50);
  const refundRows = await db
    .select({ ...bookingContext, at: refunds.updatedAt, status: refunds.status, amountMinor: refunds.amountMinor, currency: refunds.currency, lastError: refunds.lastError, createdAt: refunds.createdAt })
    .from(refunds)
    .innerJoin(bookings, eq(bookings.id, refunds.bookingId))
    .innerJoin(slots, eq(slots.id, bookings.slotId))
    .innerJoin(offerings, eq(offerings.id, slots.offeringId))
    .where(
      or(
        and(eq(refunds.status, "failed"), gte(refunds.updatedAt, since)),
        and(eq(refunds.status, "pending"), lt(refunds.createdAt, stuckBefore)),
      ),
    )
    .orderBy(desc(refunds.updatedAt))
    .limit(50);
  const payments = await db
    .select({ ...bookingContext, at: bookings.paidAt, problem: bookings.paymentProblem })
    .from(bookings)
    .innerJoin(slots, eq(slots.id, bookings.slotId))
    .innerJoin(offerings, eq(offerings.id, slots.offeringId))
    .where(and(inArray(bookings.paymentProblem, ["payment_mismatch", "paid_after_start", "places_gone"]), gte(bookings.paidAt, since)))
    .orderBy(desc(bookings.paidAt))
    .limit(50);

  const items: AttentionItem[] = [
    ...emails.map(({ kind, at, ...rest }) => ({ ...rest, at, kind: "email_failed" as const, detail: `The ${EMAIL_WORDS[kind] ?? kind} couldn't be delivered.` })),
    ...refundRows.map(({ status, at, amountMinor, currency, lastError, createdAt, ...rest }) =>
      status === "failed"
        ? { ...rest, at, kind: "refund_failed" as const, detail: `A refund of ${formatMoney(amountMinor, currency)} failed${lastError ? `: ${lastError.slice(0, 200)}` : "."}` }
        : { ...rest, at: createdAt, kind: "refund_stuck" as const, detail: `A refund of ${formatMoney(amountMinor, currency)} has been pending for over an hour.` },
    ),
    ...payments.map(({ problem, at, ...rest }) => ({
      ...rest,
      at: at ?? now,
      kind: problem === "places_gone" ? ("late_payment_refunded" as const) : problem === "paid_after_start" ? ("paid_after_start" as const) : ("payment_mismatch" as const),
      detail:
        problem === "places_gone"
          ? "Paid after the places were gone: refunded in full."
          : problem === "paid_after_start"
            ? "Paid after the session had started: refunded in full."
            : "The payment didn't match the booking: refunded in full.",
    })),
  ];
  return items.sort((a, b) => b.at.getTime() - a.at.getTime());
}

export async function loadDashboard(db: Database, { now, timeZone, currency }: { now: Date; timeZone: string; currency: string }): Promise<Dashboard> {
  const periods = periodsAt(now, timeZone);
  const [today, weekBookings, monthBookings, weekRevenue, monthRevenue, occupancy, attention] = await Promise.all([
    expectedIn(db, periods.today),
    bookingsConfirmedIn(db, periods.week),
    bookingsConfirmedIn(db, periods.month),
    revenueIn(db, periods.week, currency),
    revenueIn(db, periods.month, currency),
    occupancyIn(db, periods.lastFourWeeks),
    needsAttention(db, now),
  ]);
  const [complimentaryWeek, complimentaryMonth, atStudioWeek, atStudioMonth] = await Promise.all([
    complimentaryConfirmedIn(db, periods.week),
    complimentaryConfirmedIn(db, periods.month),
    paidAtStudioIn(db, periods.week, currency),
    paidAtStudioIn(db, periods.month, currency),
  ]);
  return {
    today,
    bookings: { week: weekBookings, month: monthBookings, complimentaryWeek, complimentaryMonth },
    revenue: { currency, weekMinor: weekRevenue, monthMinor: monthRevenue, atStudioWeekMinor: atStudioWeek, atStudioMonthMinor: atStudioMonth },
    occupancy,
    attention,
  };
}
