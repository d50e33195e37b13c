/**
 * What to bring and wear, written once: the confirmation and the reminder emails and the
 * booking page all show this list. Every offering uses it for now.
 */
export const DEFAULT_WHAT_TO_BRING: readonly string[] = [
  "Comfortable clothes you can move freely in: think gym or running kit, nothing tight at the hips or knees.",
  "A bottle of water.",
  "The trainers or running shoes you usually run in. We look at how you move in them during the gait assessment, so bring the pair you actually use.",
  "Please arrive 10 minutes early, so we can say hello and start calmly and on time.",
];
