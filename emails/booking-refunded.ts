import { buildBookingIcs } from "./calendar";
import { formatWhen, money, sessionDetails, shortWhen } from "./kit/booking-parts";
import { firstName } from "./kit/escape";
import { renderDocument } from "./kit/layout";
import { button, details, paragraph, smallPrint, title, type Inline, type Part } from "./kit/parts";
import { bookingUrl, siteUrl } from "./kit/urls";
import type { EmailAttachment, EmailContext, RenderedEmail } from "./types";

export type RefundReason = "late_payment" | "refund" | "cancelled";

export type BookingRefundedOptions = {
  /** The amount of this refund, in minor units. */
  refundedMinor: number;
  /** True when everything paid has been refunded and the booking no longer stands. */
  full: boolean;
  reason: RefundReason;
  /** DTSTAMP of the attached cancellation; defaults to the current time. */
  now?: Date;
};

const REFUND_TIMING =
  "It goes back to the card you paid with and usually shows on your statement within 5 to 10 working days, depending on your bank.";

export function renderBookingRefunded(ctx: EmailContext, options: BookingRefundedOptions): RenderedEmail {
  const { booking, offering } = ctx;
  const refunded = money(ctx, options.refundedMinor);
  const paid = money(ctx, booking.amountPaidMinor);
  const when = formatWhen(ctx);
  const hi = `Hi ${firstName(booking.customerName)},`;
  const otherDates = siteUrl(ctx, "/");
  // A late payment never became a booking, so no invitation was ever sent to cancel.
  const sendCancellation = options.full && options.reason !== "late_payment";

  let subject: string;
  let preheader: string;
  const parts: Part[] = [];

  if (options.reason === "late_payment") {
    subject = `Sorry, ${offering.title} filled up: your ${refunded} is refunded`;
    preheader = `Your payment arrived just after the last place was taken. We've refunded ${refunded}.`;
    parts.push(
      title("We're sorry: that session filled up"),
      paragraph(
        `${hi} your payment for ${offering.title} on ${when} reached us just after the last place had been taken, so we couldn't confirm your booking. We're sorry for the disappointment.`,
      ),
      paragraph(
        options.full ? { strong: `We've refunded the full ${refunded}.` } : { strong: `We've refunded ${refunded}.` },
        ` ${REFUND_TIMING}`,
      ),
      details([
        ["Refunded", [refunded]],
        ["Reference", [booking.reference]],
      ]),
      paragraph("We'd still love to help with your knee. There are other dates to choose from:"),
      button(otherDates, "See other dates"),
    );
  } else {
    const cancelled = options.full || options.reason === "cancelled";
    subject = cancelled
      ? `Cancelled: ${offering.title}, ${shortWhen(ctx)}. ${refunded} refunded`
      : `We've refunded ${refunded} for ${offering.title}`;
    preheader = `We've refunded ${refunded}. ${REFUND_TIMING}`;
    parts.push(
      title(cancelled ? "Your booking is cancelled" : `We've refunded ${refunded}`),
      paragraph(
        cancelled
          ? `${hi} your booking for ${offering.title} on ${when} has been cancelled.`
          : `${hi} we've refunded part of your payment for ${offering.title} on ${when}. Everything else about your booking stays as it is.`,
      ),
      paragraph(
        { strong: options.full ? `We've refunded the full ${refunded}.` : `We've refunded ${refunded} of the ${paid} you paid.` },
        ` ${REFUND_TIMING}`,
      ),
      sessionDetails(ctx, [
        ["Refunded now", [refunded]],
        ...(booking.amountRefundedMinor > options.refundedMinor
          ? ([["Refunded in total", [`${money(ctx, booking.amountRefundedMinor)} of ${paid}`]]] as [string, Inline[]][])
          : []),
        ["Reference", [booking.reference]],
      ]),
    );
    if (sendCancellation) {
      parts.push(
        smallPrint(
          "We've attached a calendar update (cancellation.ics): open it to take the session out of your calendar.",
        ),
      );
    }
    parts.push(
      cancelled
        ? paragraph("Whenever you're ready, we'd love to see you at another session.")
        : paragraph("Your booking page has the details: ", { href: bookingUrl(ctx), label: bookingUrl(ctx) }),
      cancelled ? button(otherDates, "See other dates") : button(bookingUrl(ctx), "View your booking"),
    );
  }
  parts.push(
    paragraph(
      "Questions about your refund? Reply to this email or write to ",
      { href: `mailto:${ctx.studio.email}`, label: ctx.studio.email },
      ".",
    ),
  );

  const attachments: EmailAttachment[] = sendCancellation
    ? [
        {
          filename: "cancellation.ics",
          content: buildBookingIcs(ctx, "CANCEL", { now: options.now }),
          contentType: "text/calendar; charset=utf-8; method=CANCEL",
        },
      ]
    : [];
  return renderDocument({ ctx, audience: "customer", subject, preheader, parts, attachments });
}
