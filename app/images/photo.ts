import type { ImageFormat } from "../../db/schema";
import { renditionWidthsFor } from "./widths";

/**
 * A photo as pages show it: which stored image, its upright size and its alt text. The widths
 * its renditions come in follow from its width (never upscaled), so no page asks the database
 * for them. (No server code: components import it.)
 */
export type Photo = { key: string; width: number; height: number; alt: string };

const EXTENSIONS: Record<ImageFormat, string> = { webp: "webp", jpeg: "jpg" };

/** The immutable, content-hashed URL of one rendition. */
export function photoUrl(key: string, width: number, format: ImageFormat): string {
  return `/images/${key}-${width}.${EXTENSIONS[format]}`;
}

/** `srcset` for one format: every rendition with its width. */
export function photoSrcSet(photo: Photo, format: ImageFormat): string {
  return renditionWidthsFor(photo.width)
    .map((width) => `${photoUrl(photo.key, width, format)} ${width}w`)
    .join(", ");
}

/** The rendition closest to `wanted` wide, for `src` (browsers without srcset) and social cards. */
export function photoSrc(photo: Photo, wanted: number, format: ImageFormat = "jpeg"): string {
  const widths = renditionWidthsFor(photo.width);
  const width = widths.find((candidate) => candidate >= wanted) ?? widths[widths.length - 1]!;
  return photoUrl(photo.key, width, format);
}

/** Reads a rendition's file name back: `<key>-<width>.<webp|jpg>`; null when it can't name one. */
export function parsePhotoFileName(name: string): { key: string; width: number; format: ImageFormat } | null {
  const match = /^([0-9a-f]{16})-([1-9][0-9]{0,4})\.(webp|jpg)$/.exec(name);
  if (!match) return null;
  return { key: match[1]!, width: Number(match[2]), format: match[3] === "jpg" ? "jpeg" : "webp" };
}
