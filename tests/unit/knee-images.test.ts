import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { inflateSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { PAIN_LOCATIONS } from "../../db/intake";
import { KNEE_EMAIL_IMAGE, kneeImagePath } from "../../emails/content/knee-diagram";
import { writeKneePngs } from "../../emails/images/knee-pngs";

/** Decodes a PNG far enough to trust it: signature, its chunks, IHDR, and IDAT inflating to every row. */
function decodePng(png: Buffer): { width: number; height: number; colourType: number } {
  expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  let offset = 8;
  let header: { width: number; height: number; bitDepth: number; colourType: number } | undefined;
  const data: Buffer[] = [];
  let ended = false;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString("latin1", offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), bitDepth: body[8]!, colourType: body[9]! };
    } else if (type === "IDAT") data.push(body);
    else if (type === "IEND") ended = true;
    offset += 12 + length;
  }
  expect(ended, "the PNG ends with IEND").toBe(true);
  expect(header, "the PNG has a header").toBeDefined();
  const { width, height, bitDepth, colourType } = header!;
  expect(bitDepth).toBe(8);
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colourType];
  expect(channels, `colour type ${colourType}`).toBeDefined();
  // One filter byte per row, then the row's pixels.
  expect(inflateSync(Buffer.concat(data)).length).toBe(height * (1 + width * channels!));
  return { width, height, colourType };
}

describe("the email's knee pictures (npm run build:images)", () => {
  let folder = "";
  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it("writes one decodable PNG per answer to 'Where does it hurt?', at twice the size the email shows", async () => {
    folder = await mkdtemp(path.join(tmpdir(), "knee-pngs-"));
    const written = await writeKneePngs(folder);
    expect((await readdir(folder)).sort()).toEqual(PAIN_LOCATIONS.map((location) => path.basename(kneeImagePath(location))).sort());
    for (const image of written) {
      const decoded = decodePng(await readFile(path.join(folder, image.file)));
      expect(decoded).toMatchObject({
        width: KNEE_EMAIL_IMAGE.width * KNEE_EMAIL_IMAGE.scale,
        height: KNEE_EMAIL_IMAGE.height * KNEE_EMAIL_IMAGE.scale,
      });
      expect([image.width, image.height]).toEqual([decoded.width, decoded.height]);
    }
  });

  it("draws each area differently (the highlight is really there)", async () => {
    const files = await Promise.all(PAIN_LOCATIONS.map((location) => readFile(path.join(folder, `knee-${location}.png`))));
    expect(new Set(files.map((file) => file.toString("base64"))).size).toBe(PAIN_LOCATIONS.length);
  });
});
