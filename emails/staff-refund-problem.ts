import { formatWhen, shortWhen, customerEmailLink } from "./kit/booking-parts";
import { oneLine } from "./kit/escape";
import { renderDocument } from "./kit/layout";
import { details, paragraph, smallPrint, title } from "./kit/parts";
import { bookingUrl } from "./kit/urls";
import { formatMoney } from "./format/money";
import type { EmailContext, RenderedEmail } from "./types";

export type StaffRefundProblemOptions = {
  refund: {
    id: string;
    amountMinor: number;
    currency: string;
    status: "pending" | "succeeded" | "failed";
    attempts: number;
    lastError: string | null;
    providerRefundId: string | null;
    createdAt: Date;
  };
};

/** To the studio: a refund failed, or is still not through an hour after it was asked for. */
export function renderStaffRefundProblem(ctx: EmailContext, { refund }: StaffRefundProblemOptions): RenderedEmail {
  const { booking, offering } = ctx;
  const amount = formatMoney(refund.amountMinor, refund.currency);
  const failed = refund.status === "failed";
  return renderDocument({
    ctx,
    audience: "staff",
    subject: `${failed ? "Refund failed" : "Refund stuck"}: ${amount} for ${booking.reference}, ${offering.title}, ${shortWhen(ctx)}`,
    preheader: `${booking.reference}: ${refund.lastError ?? "no answer from the payment provider yet"}`,
    parts: [
      title(failed ? "A refund failed" : "A refund is taking too long"),
      paragraph(
        failed
          ? "The payment provider refused this refund and we have stopped retrying. The customer's money has not gone back: please refund it by hand in Stripe, or contact the customer."
          : "This refund was asked for over an hour ago and the payment provider hasn't confirmed it. We are still retrying; please check it in Stripe.",
      ),
      details([
        ["Booking", [booking.reference]],
        ["Customer", [{ name: oneLine(booking.customerName) }]],
        ["Email", [customerEmailLink(booking.customerEmail)]],
        ["Session", [`${offering.title}, ${formatWhen(ctx)}`]],
        ["Amount", [amount]],
        ["Status", [refund.status]],
        ["Attempts", [String(refund.attempts)]],
        ["Provider's error", [refund.lastError ?? "none given"]],
        ["Stripe refund", [refund.providerRefundId ?? "not created"]],
        ["Our refund id", [refund.id]],
      ]),
      smallPrint("The customer's ", { href: bookingUrl(ctx), label: "booking page" }, " shows what they see."),
    ],
  });
}
