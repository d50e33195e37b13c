import type { BookingEmailKind, EmailMessage, PaymentProblem, RefundRow } from "../../db/schema";
import { renderBookingConfirmed } from "../../emails/booking-confirmed";
import { renderBookingMoved } from "../../emails/booking-moved";
import { renderDateCancelled } from "../../emails/date-cancelled";
import { renderFullRefund, renderPartialRefund } from "../../emails/booking-refunded";
import { renderFinishPayment } from "../../emails/finish-payment";
import { renderLatePaymentRefunded } from "../../emails/late-payment-refunded";
import { renderReminder } from "../../emails/reminder";
import { renderStaffNewBooking } from "../../emails/staff-new-booking";
import { renderStaffPaymentProblem } from "../../emails/staff-payment-problem";
import { renderStaffRefundProblem } from "../../emails/staff-refund-problem";
import type { EmailContext, RenderedEmail } from "../../emails/types";
import { rosterPath } from "../roster/roster.server";
import type { Env } from "../utils/env.server";
import type { BookingDetails } from "./booking-details.server";
import type { BookingLinks } from "./booking-links.server";
import { refundTotals } from "./refunds.server";

export type SendEmailEnv = Pick<Env, "studio" | "publicBaseUrl" | "mail">;

/** A booking as every email sees it: details, and its refunds (for amounts refunded so far). */
export type BookingForEmail = BookingDetails & { refunds: RefundRow[] };

export function buildEmailContext(
  { booking, slot, offering, instructor, refunds }: BookingForEmail,
  env: SendEmailEnv,
  links: BookingLinks,
): EmailContext {
  return {
    studio: {
      name: env.studio.name,
      address: env.studio.address,
      email: env.mail.studioEmail,
      phone: env.studio.phone,
      timeZone: env.studio.timeZone,
      baseUrl: env.publicBaseUrl,
    },
    booking: {
      id: booking.id,
      reference: booking.reference,
      url: `${env.publicBaseUrl}${links.pathFor(booking.id)}`,
      seats: booking.seats,
      amountTotalMinor: booking.amountTotalMinor,
      amountPaidMinor: booking.amountPaidMinor ?? booking.amountTotalMinor,
      amountRefundedMinor: refundTotals(refunds).committed,
      currency: booking.currency,
      customerName: booking.customerName,
      customerEmail: booking.customerEmail,
      customerPhone: booking.customerPhone,
      paymentMethod: booking.paymentMethod,
      painLocation: booking.painLocation,
      calendarSequence: booking.calendarSequence,
    },
    offering: {
      title: offering.title,
      kind: offering.kind,
      durationMinutes: offering.durationMinutes,
      location: offering.location,
      whatToBring: offering.whatToBring,
    },
    slot: { startsAt: slot.startsAt, endsAt: slot.endsAt, instructor: instructor?.name ?? null },
  };
}

function parsePayload(message: EmailMessage): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(message.payload);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const numberOr = (value: unknown, fallback: number) => (typeof value === "number" && Number.isFinite(value) ? value : fallback);

const dateOr = (value: unknown, fallback: Date) => {
  const date = typeof value === "string" ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : fallback;
};

/** The problem a refused payment had, from the booking (the payload repeats it for the record). */
const lateProblem = (problem: PaymentProblem | null) => (problem === "paid_after_start" ? "paid_after_start" : "places_gone");

/** An outbox row about a booking. */
export type BookingEmailMessage = EmailMessage & { bookingId: string; kind: BookingEmailKind };

/** The email an outbox row stands for, rendered from its booking as it is now. */
export function renderBookingEmail(
  message: BookingEmailMessage,
  found: BookingForEmail,
  ctx: EmailContext,
  now: Date,
): RenderedEmail {
  const payload = parsePayload(message);
  const { booking } = found;
  const refund = found.refunds.find((row) => row.id === payload.refundId) ?? null;
  switch (message.kind) {
    case "booking_confirmed":
      return renderBookingConfirmed(ctx, { includeReminderChecklist: payload.includeReminderChecklist === true, now });
    case "staff_new_booking":
      // The intake is read on the roster, never copied into an email.
      return renderStaffNewBooking(ctx, { rosterUrl: `${ctx.studio.baseUrl}${rosterPath(found.slot.id, booking.reference)}` });
    case "reminder":
      return renderReminder(ctx);
    case "booking_refunded":
      return renderPartialRefund(ctx, { refundedMinor: numberOr(payload.refundedMinor, refund?.amountMinor ?? 0) });
    case "booking_cancelled":
      return renderFullRefund(ctx, { refundedMinor: numberOr(payload.refundedMinor, ctx.booking.amountRefundedMinor), now });
    case "late_payment_refunded":
      return renderLatePaymentRefunded(ctx, {
        refundedMinor: refund?.amountMinor ?? ctx.booking.amountPaidMinor,
        problem: lateProblem(booking.paymentProblem),
      });
    case "finish_payment":
      return renderFinishPayment(ctx, { holdUntil: booking.checkoutExpiresAt ?? booking.holdExpiresAt ?? now });
    case "staff_payment_problem":
      return renderStaffPaymentProblem(ctx, {
        problem: booking.paymentProblem === "paid_after_start" ? "paid_after_start" : "payment_mismatch",
        paid: {
          amountMinor: booking.amountPaidMinor ?? 0,
          currency: booking.paidCurrency ?? booking.currency,
          paymentIntentId: booking.paymentIntentId,
        },
        refund: refund ? { id: refund.id, amountMinor: refund.amountMinor, status: refund.status } : null,
      });
    case "staff_refund_problem": {
      if (!refund) throw new Error(`staff_refund_problem ${message.id} names no refund of its booking`);
      return renderStaffRefundProblem(ctx, { refund });
    }
    case "booking_moved":
      // The payload keeps where the date was; the booking and slot say where it is now.
      return renderBookingMoved(ctx, {
        previous: { startsAt: dateOr(payload.previousStartsAt, ctx.slot.startsAt), endsAt: dateOr(payload.previousEndsAt, ctx.slot.endsAt) },
        moved: payload.moved === "booking" ? "booking" : "date",
        now,
      });
    case "date_cancelled":
      return renderDateCancelled(ctx, {
        refundedMinor: numberOr(payload.refundedMinor, 0),
        message: typeof payload.message === "string" && payload.message.trim() ? payload.message.trim() : null,
        now,
      });
    default: {
      const unknownKind: never = message.kind;
      throw new Error(`No template for email kind "${String(unknownKind)}"`);
    }
  }
}
