import { formatWhen, money } from "./kit/booking-parts";
import { firstName } from "./kit/escape";
import { renderDocument } from "./kit/layout";
import { button, details, paragraph, title } from "./kit/parts";
import { refundAmount, refundQuestions } from "./kit/refund-parts";
import { siteUrl } from "./kit/urls";
import type { EmailContext, RenderedEmail } from "./types";

export type LatePaymentRefundedOptions = {
  /** The amount refunded, in minor units: everything that was paid. */
  refundedMinor: number;
};

/**
 * The apology for a payment that arrived after the last place was taken: it never became a
 * booking, so no calendar invitation was ever sent and there is none to cancel.
 */
export function renderLatePaymentRefunded(ctx: EmailContext, options: LatePaymentRefundedOptions): RenderedEmail {
  const { booking, offering } = ctx;
  const refunded = money(ctx, options.refundedMinor);
  return renderDocument({
    ctx,
    audience: "customer",
    subject: `Sorry, ${offering.title} filled up: your ${refunded} is refunded`,
    preheader: `Your payment arrived just after the last place was taken. We've refunded ${refunded}.`,
    parts: [
      title("We're sorry: that session filled up"),
      paragraph(
        `Hi ${firstName(booking.customerName)}, your payment for ${offering.title} on ${formatWhen(ctx)} reached us just after the last place had been taken, so we couldn't confirm your booking. We're sorry for the disappointment.`,
      ),
      refundAmount(`We've refunded the full ${refunded}.`),
      details([
        ["Refunded", [refunded]],
        ["Reference", [booking.reference]],
      ]),
      paragraph("We'd still love to help with your knee. There are other dates to choose from:"),
      button(siteUrl(ctx, "/"), "See other dates"),
      refundQuestions(ctx),
    ],
  });
}
