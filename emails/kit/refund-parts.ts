import type { EmailContext } from "../types";
import { paragraph, type Part } from "./parts";

/** Where the money goes and when: back to the card, or paid back at the studio for a booking paid there. */
export function refundTiming(ctx: EmailContext): string {
  return ctx.booking.paymentMethod === "studio"
    ? "You paid at the studio, so it is paid back to you there."
    : "It goes back to the card you paid with and usually shows on your statement within 5 to 10 working days, depending on your bank.";
}

/** The amount, in bold, then when the money arrives. */
export function refundAmount(ctx: EmailContext, statement: string): Part {
  return paragraph({ strong: statement }, ` ${refundTiming(ctx)}`);
}

export function refundQuestions(ctx: EmailContext): Part {
  return paragraph(
    "Questions about your refund? Reply to this email or write to ",
    { href: `mailto:${ctx.studio.email}`, label: ctx.studio.email },
    ".",
  );
}
