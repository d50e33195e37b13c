import { buildBookingIcs } from "./calendar";
import { formatWhen, money, sessionDetails, shortWhen } from "./kit/booking-parts";
import { firstName } from "./kit/escape";
import { renderDocument } from "./kit/layout";
import { button, paragraph, smallPrint, title, type DetailRow, type Part } from "./kit/parts";
import { refundAmount, refundTiming, refundQuestions } from "./kit/refund-parts";
import { bookingUrl, siteUrl } from "./kit/urls";
import type { EmailContext, RenderedEmail } from "./types";

/*
 * A refund of a booking that was confirmed: a partial one leaves the booking standing, a full
 * one cancels it (and its calendar entry). The late-payment apology is late-payment-refunded.ts.
 */

export type PartialRefundOptions = {
  /** The amount of this refund, in minor units. */
  refundedMinor: number;
};

export type FullRefundOptions = {
  /** The amount of this refund, in minor units: what was left of the payment. */
  refundedMinor: number;
  /** DTSTAMP of the attached cancellation; defaults to the current time. */
  now?: Date;
};

function refundPreheader(ctx: EmailContext, refunded: string): string {
  return `We've refunded ${refunded}. ${refundTiming(ctx)}`;
}

/** The session, this refund and, after an earlier one, the total refunded so far. */
function refundDetails(ctx: EmailContext, refundedMinor: number): Part {
  const { booking } = ctx;
  const earlierRefunds: DetailRow[] =
    booking.amountRefundedMinor > refundedMinor
      ? [["Refunded in total", [`${money(ctx, booking.amountRefundedMinor)} of ${money(ctx, booking.amountPaidMinor)}`]]]
      : [];
  return sessionDetails(ctx, [
    ["Refunded now", [money(ctx, refundedMinor)]],
    ...earlierRefunds,
    ["Reference", [booking.reference]],
  ]);
}

/** Part of the payment back; the booking stands. */
export function renderPartialRefund(ctx: EmailContext, options: PartialRefundOptions): RenderedEmail {
  const { booking, offering } = ctx;
  const refunded = money(ctx, options.refundedMinor);
  return renderDocument({
    ctx,
    audience: "customer",
    subject: `We've refunded ${refunded} for ${offering.title}`,
    preheader: refundPreheader(ctx, refunded),
    parts: [
      title(`We've refunded ${refunded}`),
      paragraph(
        "Hi ",
        { name: firstName(booking.customerName) },
        `, we've refunded part of your payment for ${offering.title} on ${formatWhen(ctx)}. Everything else about your booking stays as it is.`,
      ),
      refundAmount(ctx, `We've refunded ${refunded} of the ${money(ctx, booking.amountPaidMinor)} you paid.`),
      refundDetails(ctx, options.refundedMinor),
      paragraph("Your booking page has the details:"),
      button(bookingUrl(ctx), "View your booking"),
      refundQuestions(ctx),
    ],
  });
}

/**
 * The booking is cancelled, and so is the event in the customer's calendar: usually with
 * everything paid back; staff may cancel with part of it, or none (a complimentary place).
 */
export function renderFullRefund(ctx: EmailContext, options: FullRefundOptions): RenderedEmail {
  const { booking, offering } = ctx;
  const refunded = money(ctx, options.refundedMinor);
  const whole = options.refundedMinor >= booking.amountPaidMinor;
  const refundParts =
    options.refundedMinor === 0
      ? []
      : [
          refundAmount(
            ctx,
            whole ? `We've refunded the full ${refunded}.` : `We've refunded ${refunded} of the ${money(ctx, booking.amountPaidMinor)} you paid.`,
          ),
          refundDetails(ctx, options.refundedMinor),
        ];
  return renderDocument({
    ctx,
    audience: "customer",
    subject: `Cancelled: ${offering.title}, ${shortWhen(ctx)}${options.refundedMinor > 0 ? `. ${refunded} refunded` : ""}`,
    preheader: options.refundedMinor > 0 ? refundPreheader(ctx, refunded) : "Your booking has been cancelled.",
    parts: [
      title("Your booking is cancelled"),
      paragraph("Hi ", { name: firstName(booking.customerName) }, `, your booking for ${offering.title} on ${formatWhen(ctx)} has been cancelled.`),
      ...refundParts,
      smallPrint(
        "We've attached a calendar update (cancellation.ics): open it to take the session out of your calendar.",
      ),
      paragraph("Whenever you're ready, we'd love to see you at another session."),
      button(siteUrl(ctx, "/"), "See other dates"),
      refundQuestions(ctx),
    ],
    attachments: [
      {
        filename: "cancellation.ics",
        content: buildBookingIcs(ctx, "CANCEL", { now: options.now }),
        contentType: "text/calendar; charset=utf-8; method=CANCEL",
      },
    ],
  });
}
