/*
 * What an uploaded photo may be, in one place: the upload form, the server's body limit, the
 * pipeline and the README all say these numbers. (No server code: the browser imports it.)
 */

/** The largest file accepted: 10 MB. */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
/** The most pixels decoded: 40 megapixels (a 7,700 × 5,200 photo). */
export const PHOTO_MAX_PIXELS = 40_000_000;
/** Room for the rest of the multipart form around the file (alt text, boundaries, headers). */
export const PHOTO_FORM_OVERHEAD_BYTES = 64 * 1024;
/** Widths of the renditions; a photo narrower than one is never upscaled to it. */
export const PHOTO_WIDTHS = [480, 960, 1600] as const;
/** The longest alt text: a sentence, not a story. */
export const PHOTO_ALT_MAX = 250;
export const PHOTO_ACCEPT = "image/jpeg,image/png,image/webp";

export const PHOTO_RULES_IN_WORDS = "A JPEG, PNG or WebP photo up to 10 MB and 40 megapixels.";
