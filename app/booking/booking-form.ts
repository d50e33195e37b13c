import { z } from "zod";
import { PAIN_DURATIONS, PAIN_LOCATIONS } from "../../db/intake";

/** The one schema for the booking form: the route's action and the form (in the browser) both use it. */

/** The longest name we take. Longer is refused with a message, never cut short. */
export const NAME_MAX_LENGTH = 100;

const checkbox = (message: string) =>
  z.preprocess((value) => value === "on" || value === "true" || value === true, z.literal(true, { message }));

/**
 * The booking form's rules for a form offering up to `maxSeats` places. Built once per number of
 * places (a handful): building it took longer than checking a form with it.
 */
export function bookingFormSchema({ maxSeats }: { maxSeats: number }) {
  let schema = schemas.get(maxSeats);
  if (!schema) {
    schema = buildBookingFormSchema(maxSeats);
    schemas.set(maxSeats, schema);
  }
  return schema;
}

const schemas = new Map<number, ReturnType<typeof buildBookingFormSchema>>();

function buildBookingFormSchema(maxSeats: number) {
  return z.object({
    name: z
      .string({ message: "Please tell us your name." })
      .trim()
      .min(2, "Please tell us your name.")
      .max(NAME_MAX_LENGTH, `That name is too long: please shorten it to ${NAME_MAX_LENGTH} characters or fewer.`)
      .refine((value) => !/[<>]/.test(value), "Please use letters only, without < or >."),
    email: z
      .string({ message: "Please give an email address so we can send your confirmation." })
      .trim()
      .min(1, "Please give an email address so we can send your confirmation.")
      .max(254, "That email address is too long.")
      .pipe(z.email("That doesn't look like an email address. Please check it.")),
    phone: z
      .string()
      .trim()
      .max(30, "That phone number is too long.")
      .refine((value) => value === "" || /^\+?[0-9 ()-]{6,}$/.test(value), "Please use digits, spaces and + only.")
      .optional()
      .transform((value) => (value ? value : null)),
    seats: z.coerce
      .number({ message: "Please choose how many places." })
      .int("Please choose a whole number of places.")
      .min(1, "Please book at least one place.")
      .max(maxSeats, `You can book up to ${maxSeats} places at a time.`),
    painLocation: z.enum(PAIN_LOCATIONS, { message: "Please choose where your knee hurts (or 'not sure')." }),
    painDuration: z
      .enum(PAIN_DURATIONS, {
        message: "Please choose how long it has been bothering you.",
      })
      .optional()
      .or(z.literal("").transform(() => undefined)),
    notes: z
      .string()
      .trim()
      .max(1000, "Please keep this under 1,000 characters.")
      .optional()
      .transform((value) => (value ? value : null)),
    consentTerms: checkbox("Please agree to the booking terms to continue."),
    consentHealth: checkbox("Please agree to us keeping your knee notes, so your coach can prepare."),
    /** Honeypot: people never see it; bots fill it in. */
    website: z.string().max(0, "Please leave this field empty.").optional(),
  });
}

export type BookingFormValues = z.infer<ReturnType<typeof bookingFormSchema>>;
export type BookingFieldErrors = Partial<Record<keyof BookingFormValues | "form", string>>;

/**
 * The fields a person can fix, in the order the form shows them: the error summary lists them in
 * this order, each linking to the control with the field's name as its id.
 */
export const BOOKING_FIELDS = [
  "name",
  "email",
  "phone",
  "seats",
  "painLocation",
  "painDuration",
  "notes",
  "consentTerms",
  "consentHealth",
] as const satisfies readonly (keyof BookingFormValues)[];

/** First error message per field, for showing beside each field. */
export function fieldErrorsFrom(error: z.ZodError): BookingFieldErrors {
  const errors: BookingFieldErrors = {};
  for (const issue of error.issues) {
    const key = (issue.path[0] ?? "form") as keyof BookingFieldErrors;
    errors[key] ??= issue.message;
  }
  return errors;
}

/** The form's fields as the browser would send them, checked: the field errors, none when valid. */
export function bookingFieldErrors(fields: Record<string, unknown>, { maxSeats }: { maxSeats: number }): BookingFieldErrors {
  const parsed = bookingFormSchema({ maxSeats }).safeParse(fields);
  return parsed.success ? {} : fieldErrorsFrom(parsed.error);
}
