import { formatWhen, money, shortWhen, customerEmailLink } from "./kit/booking-parts";
import { oneLine } from "./kit/escape";
import { renderDocument } from "./kit/layout";
import { details, paragraph, smallPrint, title } from "./kit/parts";
import { bookingUrl } from "./kit/urls";
import { formatMoney } from "./format/money";
import type { EmailContext, RenderedEmail } from "./types";

export type StaffPaymentProblemOptions = {
  problem: "payment_mismatch" | "paid_after_start";
  /** What was actually paid, as the payment provider reported it. */
  paid: { amountMinor: number; currency: string; paymentIntentId: string | null };
  /** The refund row asked for, if a refund could be asked for. */
  refund: { id: string; amountMinor: number; status: string } | null;
};

const PROBLEM: Record<StaffPaymentProblemOptions["problem"], { subject: string; explain: string }> = {
  payment_mismatch: {
    subject: "a payment that didn't match its booking",
    explain:
      "The payment didn't match the booking (another checkout session, currency or amount), so it confirmed nothing. Someone may have tampered with the checkout: worth a look in Stripe.",
  },
  paid_after_start: {
    subject: "a payment after the session started",
    explain: "The payment arrived after the session had started, so it confirmed nothing. The customer has been told.",
  },
};

/** To the studio: a payment was refused and is being refunded in full. */
export function renderStaffPaymentProblem(ctx: EmailContext, options: StaffPaymentProblemOptions): RenderedEmail {
  const { booking, offering } = ctx;
  const problem = PROBLEM[options.problem];
  const paid = formatMoney(options.paid.amountMinor, options.paid.currency);
  return renderDocument({
    ctx,
    audience: "staff",
    subject: `Refunded ${problem.subject}: ${booking.reference}, ${offering.title}, ${shortWhen(ctx)}`,
    preheader: `${booking.reference}: ${paid} paid and refunded in full.`,
    parts: [
      title("A payment was refused and refunded"),
      paragraph(problem.explain),
      details([
        ["Booking", [booking.reference]],
        ["Customer", [{ name: oneLine(booking.customerName) }]],
        ["Email", [customerEmailLink(booking.customerEmail)]],
        ["Session", [`${offering.title}, ${formatWhen(ctx)}`]],
        ["Booking total", [money(ctx, booking.amountTotalMinor)]],
        ["Paid", [paid]],
        ["Payment", [options.paid.paymentIntentId ?? "unknown"]],
        [
          "Refund",
          [options.refund ? `${formatMoney(options.refund.amountMinor, options.paid.currency)}, ${options.refund.status}` : "none: there is nothing to refund automatically"],
        ],
      ]),
      smallPrint("The customer's ", { href: bookingUrl(ctx), label: "booking page" }, " shows what they see."),
    ],
  });
}
