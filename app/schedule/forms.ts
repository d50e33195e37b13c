import { z } from "zod";
import type { OfferingKind } from "../../db/schema/catalog";

/*
 * The schedule's forms, one zod schema each, shared by the browser (conform validates as staff
 * type) and the server (which parses the same schema again before anything is written). Conform
 * hands an empty field over as undefined, so "required" is the message for a missing value.
 */

const required = (what: string) => ({ message: `Please enter ${what}.` });

const text = (what: string, max: number) =>
  z
    .string(required(what))
    .trim()
    .min(1, `Please enter ${what}.`)
    .max(max, `Please keep ${what} under ${max} characters.`);

const optionalText = (what: string, max: number) =>
  z.string().trim().max(max, `Please keep ${what} under ${max} characters.`).optional();

const wholeNumber = (what: string, min: number, max: number) =>
  z
    .number({ message: `Please enter ${what} as a whole number.` })
    .int(`Please enter ${what} as a whole number.`)
    .min(min, `${capitalise(what)} must be at least ${min}.`)
    .max(max, `${capitalise(what)} can be at most ${max}.`);

function capitalise(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

const isRealDate = (value: string) => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};

export const dateField = (what = "a date") =>
  z
    .string(required(what))
    .regex(DATE_PATTERN, `Please enter ${what} as a date, like 2027-01-12.`)
    .refine(isRealDate, "That date doesn't exist.");

export const timeField = z
  .string(required("a start time"))
  .regex(TIME_PATTERN, "Please enter the start time as hours and minutes, like 18:00.");

const idField = z.string({ message: "Please choose from the list." }).uuid("Please choose from the list.");

/** Money as staff type it ("28", "28.50", "£28.50", a leading € or $ too), kept in minor units; the messages say what it is. */
export const moneyField = ({ missing, format }: { missing: string; format: string }) =>
  z
    .string({ message: missing })
    .trim()
    .transform((value) => value.replace(/^[£€$]/, "").replace(/,/g, ""))
    .pipe(z.string().regex(/^\d{1,5}(\.\d{1,2})?$/, format))
    .transform((value) => Math.round(Number(value) * 100));

export const priceField = moneyField({ missing: required("a price").message, format: "Please enter the price in pounds, like 28 or 28.50." });

/** The price as the form shows it back: "28.50", "28". */
export function priceForForm(minor: number): string {
  return minor % 100 === 0 ? String(minor / 100) : (minor / 100).toFixed(2);
}

/** One item per line; blank lines dropped. */
const linesField = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? "")
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.string().max(300, "Please keep each line under 300 characters."))
      .max(12, "Please keep the list to 12 lines or fewer."),
  );

// ─── Instructors ─────────────────────────────────────────────────────────────

export const instructorSchema = z.object({
  name: text("their name", 100),
  bio: optionalText("the bio", 1000),
  email: z.string().trim().max(254).email("Please enter a valid email address, or leave it empty.").optional(),
});
export type InstructorInput = z.output<typeof instructorSchema>;

// ─── Offerings ───────────────────────────────────────────────────────────────

/** The schema's kinds (only the type is imported: this module is also bundled for the browser). */
export const OFFERING_KIND_OPTIONS = [
  { value: "workshop", label: "Group workshop" },
  { value: "private", label: "One-to-one session" },
] as const satisfies readonly { value: OfferingKind; label: string }[];
type EveryKindListed = OfferingKind extends (typeof OFFERING_KIND_OPTIONS)[number]["value"] ? true : never;
const everyKindListed: EveryKindListed = true;
void everyKindListed;

export const offeringSchema = z.object({
  kind: z.enum(["workshop", "private"] as const satisfies readonly OfferingKind[], { message: "Please choose a workshop or a one-to-one session." }),
  title: text("a title", 120),
  /** Made from the title when left empty. */
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .max(80, "Please keep the address under 80 characters.")
    .regex(SLUG_PATTERN, "Use lower-case letters, numbers and single hyphens, like knee-reset-workshop.")
    .optional(),
  summary: text("a one-line summary", 300),
  description: text("a description", 5000),
  whatToBring: linesField,
  durationMinutes: wholeNumber("the length in minutes", 10, 480),
  /** Owners only: the server ignores it from anyone else. */
  price: priceField.optional(),
  defaultCapacity: wholeNumber("the number of places", 1, 200),
  location: text("the location", 200),
  defaultInstructorId: idField.optional(),
});
export type OfferingInput = z.output<typeof offeringSchema>;

// ─── Dates ───────────────────────────────────────────────────────────────────

const capacityField = wholeNumber("the number of places", 1, 200);

export const newDateSchema = z.object({
  offeringId: idField,
  date: dateField(),
  time: timeField,
  capacity: capacityField,
  instructorId: idField.optional(),
});
export type NewDateInput = z.output<typeof newDateSchema>;

/** Editing a date: "this" date only, or (for a series) this and every later date of it. */
export const editDateSchema = z.object({
  date: dateField().optional(),
  time: timeField,
  capacity: capacityField,
  instructorId: idField.optional(),
  scope: z.enum(["this", "later"]).default("this"),
});
export type EditDateInput = z.output<typeof editDateSchema>;

export const cancelDateSchema = z.object({
  message: optionalText("the note to customers", 600),
  confirm: z.literal("yes", { message: "Please tick the box to confirm: this can't be undone." }),
});

// ─── Weekly series ───────────────────────────────────────────────────────────

export const WEEKDAYS = [
  { value: 1, label: "Monday", short: "Mon" },
  { value: 2, label: "Tuesday", short: "Tue" },
  { value: 3, label: "Wednesday", short: "Wed" },
  { value: 4, label: "Thursday", short: "Thu" },
  { value: 5, label: "Friday", short: "Fri" },
  { value: 6, label: "Saturday", short: "Sat" },
  { value: 7, label: "Sunday", short: "Sun" },
] as const;

/** Dates to skip, typed one per line or separated by commas. */
const skipDatesField = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? "")
      .split(/[\s,]+/)
      .map((item) => item.trim())
      .filter(Boolean),
  )
  .pipe(z.array(dateField("each date to skip")).max(100, "Please list at most 100 dates to skip."));

export const seriesSchema = z
  .object({
    offeringId: idField,
    weekdays: z
      .array(z.number().int().min(1).max(7), { message: "Please choose at least one day of the week." })
      .min(1, "Please choose at least one day of the week."),
    startTime: timeField,
    firstDate: dateField("the first date"),
    lastDate: dateField("the last date"),
    capacity: capacityField,
    instructorId: idField.optional(),
    skipDates: skipDatesField,
    /** "preview" shows the dates; "create" saves them (after the preview). */
    intent: z.enum(["preview", "create"]).default("preview"),
    /** The fingerprint of the dates the preview showed: creating checks it still makes exactly those. */
    previewed: z.string().max(128).optional(),
  })
  .refine((value) => value.intent !== "create" || value.previewed, {
    path: ["previewed"],
    message: "Please preview the dates before creating them.",
  })
  .refine((value) => value.lastDate >= value.firstDate, {
    path: ["lastDate"],
    message: "The last date must be on or after the first date.",
  });
export type SeriesInput = z.output<typeof seriesSchema>;
