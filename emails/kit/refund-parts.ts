import type { EmailContext } from "../types";
import { paragraph, type Part } from "./parts";

export const REFUND_TIMING =
  "It goes back to the card you paid with and usually shows on your statement within 5 to 10 working days, depending on your bank.";

/** The amount, in bold, then when the money arrives. */
export function refundAmount(statement: string): Part {
  return paragraph({ strong: statement }, ` ${REFUND_TIMING}`);
}

export function refundQuestions(ctx: EmailContext): Part {
  return paragraph(
    "Questions about your refund? Reply to this email or write to ",
    { href: `mailto:${ctx.studio.email}`, label: ctx.studio.email },
    ".",
  );
}
