import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { imageRenditions, images, type ImageFormat } from "../../db/schema";
import type { ProcessedImage } from "./pipeline.server";

/**
 * Keeps an image and its renditions (in the caller's transaction); the same upload twice is
 * stored once, since its key is a hash of the bytes. Returns the image's id.
 */
export async function saveImage(tx: Database, image: ProcessedImage, now: Date): Promise<string> {
  const [inserted] = await tx
    .insert(images)
    .values({ key: image.key, width: image.width, height: image.height, sourceFormat: image.sourceFormat, createdAt: now })
    .onConflictDoNothing({ target: images.key })
    .returning({ id: images.id });
  const id = inserted?.id ?? (await tx.select({ id: images.id }).from(images).where(eq(images.key, image.key)))[0]!.id;
  await tx
    .insert(imageRenditions)
    .values(image.renditions.map((rendition) => ({ imageId: id, ...rendition })))
    .onConflictDoNothing();
  return id;
}

/** One rendition's bytes, by the parts of its URL; null when there is none. */
export async function findRendition(
  db: Database,
  { key, width, format }: { key: string; width: number; format: ImageFormat },
): Promise<Buffer | null> {
  const [row] = await db
    .select({ bytes: imageRenditions.bytes })
    .from(imageRenditions)
    .innerJoin(images, eq(images.id, imageRenditions.imageId))
    .where(and(eq(images.key, key), eq(imageRenditions.width, width), eq(imageRenditions.format, format)));
  return row?.bytes ?? null;
}
