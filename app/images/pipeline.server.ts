import { createHash } from "node:crypto";
import type { Metadata } from "sharp";
import type { ImageFormat } from "../../db/schema";
import { PHOTO_MAX_BYTES, PHOTO_MAX_PIXELS } from "./limits";
import { renditionWidthsFor } from "./widths";

/**
 * Turns an uploaded file into the renditions the site serves. The file is trusted for nothing:
 * its type comes from decoding it (never its name or Content-Type), its size is checked from the
 * decoded header before any pixel is decoded, and every rendition is re-encoded from the pixels,
 * upright (EXIF orientation applied), in sRGB, with no metadata at all (sharp keeps none unless
 * asked: no EXIF, GPS, XMP or camera details leave this function).
 */

/** Bump when the renditions would come out different for the same upload: it changes every new URL. */
const PIPELINE_VERSION = "1";
const ACCEPTED_FORMATS = new Set(["jpeg", "png", "webp"]);
/** Behind transparent parts of a PNG or WebP, in the JPEG renditions: the site's warm background. */
const JPEG_BACKGROUND = "#fbf6ef";

export type Rendition = { format: ImageFormat; width: number; height: number; bytes: Buffer };
export type ProcessedImage = {
  key: string;
  width: number;
  height: number;
  sourceFormat: string;
  renditions: Rendition[];
};

export type PhotoRefusal = {
  reason: "too_large" | "too_many_pixels" | "not_an_image" | "empty";
  status: 400 | 413;
  message: string;
};
export type ProcessOutcome = { ok: true; image: ProcessedImage } | ({ ok: false } & PhotoRefusal);

// libvips (sharp) is loaded the first time a photo is processed, not in every app process at
// start: most processes never process one, and it costs about 10 MB of memory (README "Performance").
let sharpModule: Promise<typeof import("sharp")> | undefined;
const loadSharp = async () => (await (sharpModule ??= import("sharp"))).default;

const refusal = (reason: PhotoRefusal["reason"], status: PhotoRefusal["status"], message: string): ProcessOutcome => ({
  ok: false,
  reason,
  status,
  message,
});

/**
 * Checks and resizes an upload. `allowSvg` is for the demo illustrations the seed draws (our own
 * SVG, never an upload): they go through the same renditions and storage as a photo.
 */
export async function processPhoto(bytes: Buffer, { allowSvg = false }: { allowSvg?: boolean } = {}): Promise<ProcessOutcome> {
  if (bytes.length === 0) return refusal("empty", 400, "That file is empty. Please choose a photo.");
  if (bytes.length > PHOTO_MAX_BYTES) {
    return refusal("too_large", 413, `That file is ${megabytes(bytes.length)}; photos can be up to 10 MB. Please choose a smaller one.`);
  }
  const notAnImage = refusal("not_an_image", 400, "That file isn't a JPEG, PNG or WebP photo we can read. Please choose another.");
  const options = { limitInputPixels: PHOTO_MAX_PIXELS, failOn: "error" } as const;
  const sharp = await loadSharp();
  let metadata: Metadata;
  try {
    // Reads the header only. sharp refuses a header naming more than PHOTO_MAX_PIXELS.
    metadata = await sharp(bytes, options).metadata();
  } catch (error) {
    if (!(error instanceof Error && /pixel limit/i.test(error.message))) return notAnImage;
    // Read the header once more, without the limit, only to say how big it is.
    metadata = await sharp(bytes, { ...options, limitInputPixels: false }).metadata().catch(() => ({ width: 0, height: 0 }) as Metadata);
  }
  if (!ACCEPTED_FORMATS.has(metadata.format) && !(allowSvg && metadata.format === "svg")) return notAnImage;
  if (!metadata.width || !metadata.height) return notAnImage;
  if (metadata.width * metadata.height > PHOTO_MAX_PIXELS) {
    const megapixels = Math.round((metadata.width * metadata.height) / 1_000_000);
    return refusal(
      "too_many_pixels",
      413,
      `That photo is ${metadata.width} × ${metadata.height} pixels (${megapixels} megapixels); photos can be up to 40 megapixels. Please choose a smaller one.`,
    );
  }
  const { width, height } = metadata.autoOrient;
  try {
    // One decode, upright, in sRGB and no wider than the largest rendition: every rendition is
    // made from these pixels. A truncated or corrupt file fails here.
    const widths = renditionWidthsFor(width);
    const base = await sharp(bytes, options)
      .autoOrient()
      .resize({ width: widths[widths.length - 1], withoutEnlargement: true })
      .toColourspace("srgb")
      .raw({ depth: "uchar" })
      .toBuffer({ resolveWithObject: true });
    const pixels = () => sharp(base.data, { raw: { width: base.info.width, height: base.info.height, channels: base.info.channels } });
    const renditions: Rendition[] = [];
    for (const targetWidth of widths) {
      const webp = await pixels().resize({ width: targetWidth }).webp({ quality: 78, effort: 4 }).toBuffer({ resolveWithObject: true });
      const jpeg = await pixels()
        .resize({ width: targetWidth })
        .flatten({ background: JPEG_BACKGROUND })
        .jpeg({ quality: 80, progressive: true, mozjpeg: true })
        .toBuffer({ resolveWithObject: true });
      renditions.push({ format: "webp", width: webp.info.width, height: webp.info.height, bytes: webp.data });
      renditions.push({ format: "jpeg", width: jpeg.info.width, height: jpeg.info.height, bytes: jpeg.data });
    }
    const key = createHash("sha256").update(`pfm-images-v${PIPELINE_VERSION}\n`).update(bytes).digest("hex").slice(0, 16);
    return { ok: true, image: { key, width, height, sourceFormat: metadata.format, renditions } };
  } catch {
    return notAnImage;
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
