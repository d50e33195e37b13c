import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { PAIN_LOCATIONS, type PainLocation } from "../../db/intake";
import { KNEE_EMAIL_IMAGE, kneeDiagramSvg, kneeImagePath } from "../content/knee-diagram";
import { COLOR } from "../kit/palette";

/*
 * The email's knee pictures, rasterised from the same SVG the site draws. Email clients can't be
 * trusted with SVG, so `npm run build` writes one PNG per answer into public/email/ (served at
 * kneeImagePath). Build-time only: resvg is a dev dependency and the app never imports this file.
 */

export type KneePng = { location: PainLocation; file: string; png: Buffer; width: number; height: number };

export function renderKneePngs(): KneePng[] {
  const width = KNEE_EMAIL_IMAGE.width * KNEE_EMAIL_IMAGE.scale;
  return PAIN_LOCATIONS.map((location) => {
    // The card's colour behind the knee: a dark-mode mail app then shows a light card, not a lost outline.
    const rendered = new Resvg(kneeDiagramSvg(location, COLOR.card), {
      fitTo: { mode: "width", value: width },
      font: { loadSystemFonts: false },
    }).render();
    return {
      location,
      file: path.posix.basename(kneeImagePath(location)),
      png: rendered.asPng(),
      width: rendered.width,
      height: rendered.height,
    };
  });
}

/** Writes every picture into `folder` (public/email for the site); returns what it wrote. */
export async function writeKneePngs(folder: string): Promise<KneePng[]> {
  await mkdir(folder, { recursive: true });
  const images = renderKneePngs();
  await Promise.all(images.map((image) => writeFile(path.join(folder, image.file), image.png)));
  return images;
}
