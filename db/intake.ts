/**
 * The booking intake's vocabulary, written once: the keys the database stores (and its CHECK
 * constraints allow), the form offers and the emails read. The words a person sees for each key
 * live in `emails/content/intake.ts`, typed by these lists so none can be missing.
 *
 * Pure data with no server code: the booking form imports it in the browser too.
 */
export const PAIN_LOCATIONS = ["front", "outer", "tendon", "unsure"] as const;
export type PainLocation = (typeof PAIN_LOCATIONS)[number];

export const PAIN_DURATIONS = ["under-2-weeks", "2-6-weeks", "6-weeks-to-6-months", "over-6-months"] as const;
export type PainDuration = (typeof PAIN_DURATIONS)[number];
