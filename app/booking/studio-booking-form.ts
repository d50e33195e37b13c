import { z } from "zod";
import { PAIN_DURATIONS, PAIN_LOCATIONS } from "../../db/intake";
import { moneyField } from "../schedule/forms";

/*
 * The roster's "Add a booking" form (a walk-in or a phone call), one schema shared by the page
 * (conform checks it as staff type) and the action (which parses it again; the domain then checks
 * what only the database knows: places left under the slot lock, the date not ended, the role).
 * Pure: the page imports it in the browser.
 */

const checkbox = z
  .boolean()
  .optional()
  .transform((value) => value === true);

/** What was paid at the studio, as staff type it, in minor units (a missing one is refused by the form's rule below). */
const amountField = moneyField({ missing: "Please enter the amount paid, like 28 or 28.50.", format: "Please enter the amount paid, like 28 or 28.50." });

export const STUDIO_PAYMENTS = ["studio", "complimentary"] as const;

export const CONSENT_NEEDED = "Please tick that the customer agreed to the studio keeping their knee notes, or leave the knee questions empty.";

/** `maxSeats`: the places left (1 for a one-to-one session), as the page saw them. */
export function studioBookingSchema({ maxSeats }: { maxSeats: number }) {
  return z
    .object({
      name: z
        .string({ message: "Please enter the customer's name." })
        .trim()
        .min(2, "Please enter the customer's name.")
        .max(100, "That name is too long: 100 characters at most.")
        .refine((value) => !/[<>]/.test(value), "Please use letters only, without < or >."),
      email: z
        .string()
        .trim()
        .max(254, "That email address is too long.")
        .pipe(z.email("That doesn't look like an email address. Please check it, or leave it empty."))
        .optional(),
      phone: z
        .string()
        .trim()
        .max(30, "That phone number is too long.")
        .refine((value) => /^\+?[0-9 ()-]{6,}$/.test(value), "Please use digits, spaces and + only.")
        .optional(),
      seats: z
        .number({ message: "Please enter how many places." })
        .int("Please enter a whole number of places.")
        .min(1, "Please book at least one place.")
        .max(maxSeats, maxSeats === 1 ? "Only 1 place can be booked here." : `Only ${maxSeats} places are left.`),
      payment: z.enum(STUDIO_PAYMENTS, { message: "Please choose how it was paid." }),
      /** Required when paid at the studio; ignored for a complimentary place. */
      amount: amountField.optional(),
      sendConfirmation: checkbox,
      consent: checkbox,
      painLocation: z.enum(PAIN_LOCATIONS, { message: "Please choose where the knee hurts (or 'not sure')." }).optional(),
      painDuration: z.enum(PAIN_DURATIONS, { message: "Please choose how long it has bothered them." }).optional(),
      notes: z.string().trim().max(1000, "Please keep this under 1,000 characters.").optional(),
    })
    .superRefine((value, context) => {
      if (value.payment === "studio" && value.amount === undefined) {
        context.addIssue({ code: "custom", path: ["amount"], message: "Please enter the amount paid, like 28 or 28.50 (0 if nothing)." });
      }
      const answered = value.painLocation !== undefined || value.painDuration !== undefined || Boolean(value.notes);
      if (answered && !value.consent) context.addIssue({ code: "custom", path: ["consent"], message: CONSENT_NEEDED });
      if (answered && value.consent && value.painLocation === undefined) {
        context.addIssue({ code: "custom", path: ["painLocation"], message: "Please choose where the knee hurts (or 'not sure')." });
      }
    });
}

export type StudioBookingValues = z.output<ReturnType<typeof studioBookingSchema>>;

/** The knee answers to keep, or null when none were given (consent alone records nothing). */
export function intakeFrom(values: StudioBookingValues) {
  if (values.painLocation === undefined) return null;
  return {
    painLocation: values.painLocation,
    painDuration: values.painDuration ?? null,
    notes: values.notes || null,
    consented: values.consent,
  };
}
