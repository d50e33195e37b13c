import { buildBookingIcs } from "./calendar";
import { formatWhen, money, sessionDetails, shortWhen } from "./kit/booking-parts";
import { firstName } from "./kit/escape";
import { renderDocument } from "./kit/layout";
import { button, callout, paragraph, smallPrint, title, type Part } from "./kit/parts";
import { refundAmount, refundTiming, refundQuestions } from "./kit/refund-parts";
import { siteUrl } from "./kit/urls";
import type { EmailContext, RenderedEmail } from "./types";

export type DateCancelledOptions = {
  /** What this cancellation refunds, in minor units: everything not refunded before. */
  refundedMinor: number;
  /** The studio's own words to its customers, if it left any. */
  message: string | null;
  /** DTSTAMP of the attached cancellation; defaults to the current time. */
  now?: Date;
};

/**
 * The studio cancelled the date: an apology, the full refund, the studio's note if there is one,
 * and a calendar cancellation (same UID, higher SEQUENCE) that takes the event out again.
 */
export function renderDateCancelled(ctx: EmailContext, options: DateCancelledOptions): RenderedEmail {
  const { booking, offering } = ctx;
  const refunded = money(ctx, options.refundedMinor);
  const parts: Part[] = [
    title(`We're sorry: ${offering.title} is cancelled`),
    paragraph(
      "Hi ",
      { name: firstName(booking.customerName) },
      `, we've had to cancel ${offering.title} on ${formatWhen(ctx)}. We're sorry for the change to your plans.`,
    ),
  ];
  if (options.message) parts.push(callout([paragraph({ strong: "From the studio: " }, options.message)], "quiet"));
  parts.push(
    options.refundedMinor > 0
      ? refundAmount(ctx, `We're refunding the full ${refunded}.`)
      : paragraph("Your payment had already been refunded in full."),
    sessionDetails(ctx, [
      ["Refunding", [refunded]],
      ["Reference", [booking.reference]],
    ]),
    smallPrint("We've attached a calendar update (cancellation.ics): open it to take the session out of your calendar."),
    paragraph("We'd love to see you at another date:"),
    button(siteUrl(ctx, "/"), "See other dates"),
    refundQuestions(ctx),
  );
  return renderDocument({
    ctx,
    audience: "customer",
    subject: `Cancelled by the studio: ${offering.title}, ${shortWhen(ctx)}. Full refund`,
    preheader: options.refundedMinor > 0 ? `We're refunding all ${refunded}. ${refundTiming(ctx)}` : "Your payment was already refunded.",
    parts,
    attachments: [
      {
        filename: "cancellation.ics",
        content: buildBookingIcs(ctx, "CANCEL", { now: options.now }),
        contentType: "text/calendar; charset=utf-8; method=CANCEL",
      },
    ],
  });
}
