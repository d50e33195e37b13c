import { z } from "zod";
import { moneyField } from "../schedule/forms";

/*
 * The forms on a booking's page, one schema each; the page and its action both use them. The
 * action tells them apart by the `intent` its submit button sends.
 */

/** An amount as staff type it ("12", "12.50", "£12.50"), in minor units; 0 is allowed (cancel with no refund). */
const amountField = moneyField({
  missing: "Enter the amount to refund, like 12 or 12.50 (0 to cancel without a refund).",
  format: "Enter the amount in pounds, like 12 or 12.50.",
});

/** "Refund" (owners): previewed first, then confirmed with the same values. */
export const refundFormSchema = z.object({
  intent: z.enum(["preview-refund", "refund"]),
  amount: amountField,
  cancel: z.boolean().optional().default(false),
});

/** "Move to another date". */
export const moveFormSchema = z.object({
  intent: z.literal("move"),
  slotId: z.uuid("Choose the date to move to."),
});

/** "Resend the confirmation". */
export const resendFormSchema = z.object({ intent: z.literal("resend") });

export const REFUND_LABELS = { amount: "Amount to refund", cancel: "Cancel the booking" };
export const MOVE_LABELS = { slotId: "New date" };
