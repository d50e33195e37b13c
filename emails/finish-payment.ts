import { formatWhen, sessionDetails } from "./kit/booking-parts";
import { firstName } from "./kit/escape";
import { renderDocument } from "./kit/layout";
import { button, paragraph, smallPrint, title } from "./kit/parts";
import { bookingUrl } from "./kit/urls";
import { formatTime, zoneLabel } from "./format/time";
import type { EmailContext, RenderedEmail } from "./types";

export type FinishPaymentOptions = {
  /** Until when the place is held if paid for. */
  holdUntil: Date;
};

/**
 * The link to finish paying, sent when someone asked again for a place this address already
 * holds, from another browser: the link goes to the address, never to whoever filled in the form.
 */
export function renderFinishPayment(ctx: EmailContext, options: FinishPaymentOptions): RenderedEmail {
  const { booking, offering, studio } = ctx;
  const until = `${formatTime(options.holdUntil, studio.timeZone)} ${zoneLabel(options.holdUntil, studio.timeZone)}`;
  return renderDocument({
    ctx,
    audience: "customer",
    subject: `Finish booking ${offering.title}: your place is held until ${formatTime(options.holdUntil, studio.timeZone)}`,
    preheader: `Your place on ${formatWhen(ctx)} is held for you until ${until}. Pay to confirm it.`,
    parts: [
      title("Your place is waiting"),
      paragraph(
        "Hi ",
        { name: firstName(booking.customerName) },
        `, someone (probably you, on another device) asked to book ${offering.title} with this email address. A place is already held for you, so we haven't taken another one.`,
      ),
      paragraph({ strong: `It's yours until ${until}` }, " if you finish paying. After that it goes back to other runners."),
      sessionDetails(ctx, [["Reference", [booking.reference]]]),
      button(bookingUrl(ctx), "Finish paying"),
      smallPrint(
        "If this wasn't you, you can ignore this email: nothing has been charged, and the place is released when the hold runs out.",
      ),
    ],
  });
}
