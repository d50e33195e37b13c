import type { Booking, EmailMessage } from "../../db/schema";
import { renderBookingConfirmed } from "../../emails/booking-confirmed";
import { renderFullRefund, renderPartialRefund } from "../../emails/booking-refunded";
import { DEFAULT_WHAT_TO_BRING } from "../../emails/content/what-to-bring";
import { renderLatePaymentRefunded } from "../../emails/late-payment-refunded";
import { renderReminder } from "../../emails/reminder";
import { renderStaffNewBooking } from "../../emails/staff-new-booking";
import type { EmailContext, RenderedEmail } from "../../emails/types";
import type { Env } from "../utils/env.server";
import type { BookingDetails } from "./booking-details.server";

export type SendEmailEnv = Pick<Env, "studio" | "publicBaseUrl" | "mail">;

export function buildEmailContext({ booking, slot, offering }: BookingDetails, env: SendEmailEnv): EmailContext {
  return {
    studio: {
      name: env.studio.name,
      address: env.studio.address,
      email: env.mail.studioEmail,
      timeZone: env.studio.timeZone,
      baseUrl: env.publicBaseUrl,
    },
    booking: {
      id: booking.id,
      reference: booking.reference,
      url: `${env.publicBaseUrl}/bookings/${booking.accessToken}`,
      seats: booking.seats,
      amountPaidMinor: booking.amountPaidMinor ?? booking.amountTotalMinor,
      amountRefundedMinor: booking.amountRefundedMinor,
      currency: booking.currency,
      customerName: booking.customerName,
      customerEmail: booking.customerEmail,
      painLocation: booking.painLocation,
      calendarSequence: booking.calendarSequence,
    },
    offering: {
      title: offering.title,
      kind: offering.kind,
      durationMinutes: offering.durationMinutes,
      location: offering.location,
      whatToBring: DEFAULT_WHAT_TO_BRING,
    },
    slot: { startsAt: slot.startsAt, endsAt: slot.endsAt, instructor: slot.instructor },
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

/** The email an outbox row stands for, rendered from its booking as it is now. */
export function renderBookingEmail(message: EmailMessage, booking: Booking, ctx: EmailContext, now: Date): RenderedEmail {
  const payload = parsePayload(message);
  switch (message.kind) {
    case "booking_confirmed":
      return renderBookingConfirmed(ctx, { includeReminderChecklist: payload.includeReminderChecklist === true, now });
    case "staff_new_booking":
      // The intake as the customer gave it, read from the booking (it never changes after booking).
      return renderStaffNewBooking(ctx, {
        intake: { painLocation: ctx.booking.painLocation, painDuration: booking.painDuration, notes: booking.instructorNotes },
      });
    case "reminder":
      return renderReminder(ctx);
    case "booking_refunded": {
      const refundedMinor = numberOr(payload.refundedMinor, ctx.booking.amountRefundedMinor);
      return payload.full === true
        ? renderFullRefund(ctx, { refundedMinor, now })
        : renderPartialRefund(ctx, { refundedMinor });
    }
    case "late_payment_refunded":
      return renderLatePaymentRefunded(ctx, {
        refundedMinor: numberOr(payload.refundedMinor, ctx.booking.amountPaidMinor),
      });
    default: {
      const unknownKind: never = message.kind;
      throw new Error(`No template for email kind "${String(unknownKind)}"`);
    }
  }
}

