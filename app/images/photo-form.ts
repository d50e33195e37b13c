import { z } from "zod";
import { PHOTO_ALT_MAX } from "./limits";

/*
 * The photo form of an offering or instructor (one schema for the browser and the server). The
 * file itself is checked on the server by decoding it (app/images/pipeline.server.ts); the form
 * checks the alt text, which every photo needs.
 */
export const PHOTO_LABELS = { photo: "Photo", alt: "Alt text" };

export const photoSchema = z.object({
  /** The file: checked on the server by decoding it, never by its name or type. */
  photo: z.unknown().optional(),
  alt: z
    .string({ message: "Please describe the photo for people who can't see it." })
    .trim()
    .min(1, "Please describe the photo for people who can't see it.")
    .max(PHOTO_ALT_MAX, `Please keep the alt text under ${PHOTO_ALT_MAX} characters.`),
});
export type PhotoInput = z.output<typeof photoSchema>;
