import type { PainDuration, PainLocation } from "../../db/intake";

/** Where it hurts, in words a runner understands: the booking form's choices and every email's label. */
export const PAIN_LOCATION_CHOICES: Record<PainLocation, { label: string; hint: string }> = {
  front: {
    label: "Front of the knee, around or behind the kneecap",
    hint: "Often worse on long runs, going downhill or taking the stairs.",
  },
  outer: {
    label: "Outside of the knee",
    hint: "Tends to build up as the run goes on.",
  },
  tendon: {
    label: "Just under or just over the kneecap",
    hint: "Usually more of a dull ache than a sharp pain.",
  },
  unsure: {
    label: "Not sure, or somewhere else",
    hint: "That's absolutely fine: we'll work it out together.",
  },
};

/** For how long it has bothered them: the booking form's options and the studio's email. */
export const PAIN_DURATION_LABELS: Record<PainDuration, string> = {
  "under-2-weeks": "Less than two weeks",
  "2-6-weeks": "Two to six weeks",
  "6-weeks-to-6-months": "Six weeks to six months",
  "over-6-months": "More than six months",
};
