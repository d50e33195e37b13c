import { PHOTO_WIDTHS } from "./limits";

/** The widths to make for a picture `width` wide: every standard width it reaches, or its own width when narrower. */
export function renditionWidthsFor(width: number): number[] {
  const widths = PHOTO_WIDTHS.filter((candidate) => candidate <= width);
  return widths.length > 0 ? [...widths] : [width];
}
