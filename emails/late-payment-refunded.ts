import { formatWhen, money } from "./kit/booking-parts";
import { firstName } from "./kit/escape";
import { renderDocument } from "./kit/layout";
import { button, details, paragraph, title } from "./kit/parts";
import { refundAmount, refundQuestions } from "./kit/refund-parts";
import { bookingUrl, siteUrl } from "./kit/urls";
import type { EmailContext, RenderedEmail } from "./types";

export type LatePaymentRefundedOptions = {
  /** The amount being refunded, in minor units: everything that was paid. */
  refundedMinor: number;
  /** Why the payment couldn't confirm the booking. */
  problem: "places_gone" | "paid_after_start";
};

const WHY: Record<LatePaymentRefundedOptions["problem"], { subject: string; title: string; because: string }> = {
  places_gone: {
    subject: "filled up",
    title: "We're sorry: that session filled up",
    because: "reached us just after the last place had been taken",
  },
  paid_after_start: {
    subject: "had already started",
    title: "We're sorry: that session had already started",
    because: "reached us after the session had already started",
  },
};

/**
 * The apology for a payment that couldn't become a booking: no calendar invitation was ever sent,
 * so there is none to cancel. The refund is on its way when this is sent; the booking page shows
 * when it has gone through.
 */
export function renderLatePaymentRefunded(ctx: EmailContext, options: LatePaymentRefundedOptions): RenderedEmail {
  const { booking, offering } = ctx;
  const refunded = money(ctx, options.refundedMinor);
  const why = WHY[options.problem];
  return renderDocument({
    ctx,
    audience: "customer",
    subject: `Sorry, ${offering.title} ${why.subject}: your ${refunded} is being refunded`,
    preheader: `Your payment ${why.because}. We're refunding all ${refunded}.`,
    parts: [
      title(why.title),
      paragraph(
        "Hi ",
        { name: firstName(booking.customerName) },
        `, your payment for ${offering.title} on ${formatWhen(ctx)} ${why.because}, so we couldn't confirm your booking. We're sorry for the disappointment.`,
      ),
      refundAmount(ctx, `Your refund of the full ${refunded} is on its way.`),
      details([
        ["Refunding", [refunded]],
        ["Reference", [booking.reference]],
      ]),
      paragraph("Your ", { href: bookingUrl(ctx), label: "booking page" }, " shows when the refund has gone through."),
      paragraph("We'd still love to help with your knee. There are other dates to choose from:"),
      button(siteUrl(ctx, "/"), "See other dates"),
      refundQuestions(ctx),
    ],
  });
}
