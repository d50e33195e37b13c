import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { auditEvents, bookings, emailMessages, type RefundRow } from "../../db/schema";
import { formatMoney } from "../../emails/format/money";
import { formatShortDate, formatTime, zoneAbbreviation } from "../../emails/format/time";
import { findBookingDetails, type BookingDetails } from "../booking/booking-details.server";
import { nearestDatesWithRoom, type DateWithRoom } from "../booking/move-booking.server";
import { refundsOf, refundTotals } from "../booking/refunds.server";
import { STATUS_WORDS } from "../booking/states";
import { AUDIT_ACTIONS, type AuditAction } from "../staff/audit.server";
import { EMAIL_WORDS } from "../week/dashboard.server";

/*
 * A booking's file, as staff see it on the phone: what, when, who, places, paid, refunded, state,
 * and everything that happened to it in one timeline (created, paid, each email and whether it
 * was delivered, each refund, each move and every staff action). Never the intake: that lives
 * on the date's roster only.
 */

export type TimelineTone = "neutral" | "good" | "warning" | "problem";
export type TimelineEntry = { at: Date; title: string; detail: string | null; tone: TimelineTone };

export type BookingFile = BookingDetails & {
  refunds: RefundRow[];
  refundedMinor: number;
  refundPendingMinor: number;
  remainingMinor: number;
  timeline: TimelineEntry[];
  /** Other dates of the offering with room for this booking, nearest first (for "move"). */
  moveTargets: DateWithRoom[];
};

const PAYMENT_WORDS = { card: "by card", studio: "at the studio", complimentary: "complimentary" } as const;

export async function loadBookingFile(
  db: Database,
  { bookingId, now, timeZone }: { bookingId: string; now: Date; timeZone: string },
): Promise<BookingFile | null> {
  const details = await findBookingDetails(db, eq(bookings.id, bookingId));
  if (!details) return null;
  const { booking, slot } = details;
  const [refunds, emails, audits] = await Promise.all([
    refundsOf(db, booking.id),
    db.select().from(emailMessages).where(eq(emailMessages.bookingId, booking.id)).orderBy(asc(emailMessages.createdAt)),
    db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.recordType, "booking"), eq(auditEvents.recordId, booking.id)))
      .orderBy(asc(auditEvents.occurredAt)),
  ]);
  const money = (minor: number) => formatMoney(minor, booking.paidCurrency ?? booking.currency);
  const totals = refundTotals(refunds);
  const timeline: TimelineEntry[] = [];
  const add = (at: Date | null, title: string, detail: string | null = null, tone: TimelineTone = "neutral") => {
    if (at) timeline.push({ at, title, detail, tone });
  };

  add(
    booking.createdAt,
    booking.source === "studio" ? "Booked at the studio" : "Booked on the website",
    `${booking.seats} ${booking.seats === 1 ? "place" : "places"}, ${money(booking.amountTotalMinor)}`,
  );
  if (booking.paidAt && booking.paymentMethod) {
    add(
      booking.paidAt,
      booking.paymentMethod === "complimentary" ? "Complimentary place" : `Paid ${money(booking.amountPaidMinor ?? 0)} ${PAYMENT_WORDS[booking.paymentMethod]}`,
      booking.paymentProblem ? "The payment couldn't confirm the booking and is refunded in full." : null,
      booking.paymentProblem ? "warning" : "good",
    );
  }
  add(booking.confirmedAt, "Confirmed", null, "good");
  for (const email of emails) {
    const what = EMAIL_WORDS[email.kind] ?? email.kind;
    const title = email.kind.startsWith("staff_") ? `Studio notice: ${what}` : `Email: ${what}`;
    if (email.status === "sent") add(email.sentAt ?? email.updatedAt, title, `Delivered to ${email.toAddress}`, "good");
    else if (email.status === "failed") add(email.updatedAt, title, `Couldn't be delivered to ${email.toAddress}: ${email.lastError ?? "no reason given"}`, "problem");
    else if (email.status === "cancelled") add(email.updatedAt, title, "Not sent: no longer needed");
    else {
      const retry = email.attempts > 0 ? `, tried ${email.attempts} ${email.attempts === 1 ? "time" : "times"} so far` : "";
      add(email.sendAfter, title, `${email.sendAfter > now ? "Due to go" : "On its way"} to ${email.toAddress}${retry}`, email.attempts > 0 ? "warning" : "neutral");
    }
  }
  for (const refund of refunds) {
    const how = refund.method === "studio" ? "paid back at the studio" : "to the card";
    add(refund.createdAt, `Refund of ${money(refund.amountMinor)} asked for`, `${refundWho(refund)}, ${how}`);
    if (refund.status === "succeeded" && refund.settledAt && refund.method === "card") add(refund.settledAt, `Refund of ${money(refund.amountMinor)} went through`, null, "good");
    if (refund.status === "failed") add(refund.settledAt ?? refund.updatedAt, `Refund of ${money(refund.amountMinor)} failed`, refund.lastError, "problem");
  }
  for (const event of audits) {
    add(event.occurredAt, AUDIT_ACTIONS[event.action as AuditAction] ?? event.action, `By ${event.staffName}${describeAudit(event.changes, timeZone)}`);
  }
  if (booking.status === "cancelled") {
    add(booking.cancelledAt, "Cancelled", `By ${booking.cancelledBy === "customer" ? "the customer" : booking.cancelledBy === "staff" ? "staff" : "the studio"}${booking.statusReason ? `: ${booking.statusReason}` : ""}`, "warning");
  }
  if (booking.status === "expired") add(booking.updatedAt, STATUS_WORDS.expired, booking.statusReason ?? "The hold ran out before payment.", "neutral");
  timeline.sort((a, b) => a.at.getTime() - b.at.getTime());

  const moveTargets =
    booking.status === "confirmed"
      ? await nearestDatesWithRoom(db, { offeringId: slot.offeringId, around: slot.startsAt, seats: booking.seats, exceptSlotIds: [slot.id], now, limit: 8 })
      : [];
  moveTargets.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  return {
    ...details,
    refunds,
    refundedMinor: totals.succeeded,
    refundPendingMinor: totals.pending,
    remainingMinor: Math.max(0, (booking.amountPaidMinor ?? 0) - totals.committed),
    timeline,
    moveTargets,
  };
}

function refundWho(refund: RefundRow): string {
  if (refund.requestedBy === "stripe_dashboard") return "Made in Stripe's dashboard";
  if (refund.reason === "date_cancelled") return "The date was cancelled";
  if (refund.requestedBy === "staff") return "Asked for by staff";
  return "The payment couldn't confirm the booking";
}

/** A move names the dates; other actions say nothing more than who. */
function describeAudit(changes: { before?: Record<string, unknown>; after?: Record<string, unknown> }, timeZone: string): string {
  const to = changes.after?.["startsAt"];
  const from = changes.before?.["startsAt"];
  if (typeof to !== "string" || typeof from !== "string") return "";
  const when = (iso: string) => {
    const at = new Date(iso);
    return `${formatShortDate(at, timeZone)}, ${formatTime(at, timeZone)} ${zoneAbbreviation(at, timeZone)}`;
  };
  return `: from ${when(from)} to ${when(to)}`;
}
