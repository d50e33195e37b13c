import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { images, instructors, offerings } from "../../db/schema";
import { recordAudit, type AuditAction } from "../staff/audit.server";
import { done, refuse, type Outcome, type ScheduleActor } from "../schedule/outcome";
import { processPhoto } from "./pipeline.server";
import { saveImage } from "./store.server";

/** What a photo belongs to: an offering (its page and cards) or an instructor (beside their dates). */
export type PhotoOwner = "offering" | "instructor";

const TABLES = { offering: offerings, instructor: instructors } as const;
const ACTIONS: Record<PhotoOwner, { set: AuditAction; removed: AuditAction }> = {
  offering: { set: "offering.photo_set", removed: "offering.photo_removed" },
  instructor: { set: "instructor.photo_set", removed: "instructor.photo_removed" },
};

/** The photo as it stands (for the console's form): its key, size and alt text, or null. */
export async function currentPhoto(db: Database, owner: PhotoOwner, id: string) {
  const table = TABLES[owner];
  const [row] = await db
    .select({ key: images.key, width: images.width, height: images.height, alt: table.photoAlt })
    .from(table)
    .innerJoin(images, eq(images.id, table.photoImageId))
    .where(eq(table.id, id));
  return row ? { key: row.key, width: row.width, height: row.height, alt: row.alt ?? "" } : null;
}

export type PhotoChange = { key: string; alt: string; replaced: boolean };

/**
 * Sets the photo of an offering or instructor: a new file (checked and resized first, outside the
 * transaction: that is the slow part), or, with no file, a new alt text for the photo it has.
 * The image, the owner's row and the audit event (its key, size and alt text; never its bytes)
 * are written in one transaction.
 */
export async function setPhoto(
  db: Database,
  { actor, owner, id, file, alt, now }: { actor: ScheduleActor; owner: PhotoOwner; id: string; file: Buffer | null; alt: string; now: Date },
): Promise<Outcome<PhotoChange>> {
  let processed = null;
  if (file) {
    const outcome = await processPhoto(file);
    if (!outcome.ok) return refuse(outcome.message, "photo", outcome.status);
    processed = outcome.image;
  }
  const table = TABLES[owner];
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ imageId: table.photoImageId, alt: table.photoAlt, key: images.key })
      .from(table)
      .leftJoin(images, eq(images.id, table.photoImageId))
      .where(eq(table.id, id))
      .for("update", { of: table });
    if (!before) return refuse(`That ${owner} doesn't exist any more.`, null, 404);
    if (!processed && !before.imageId) return refuse("Please choose a photo to upload.", "photo");
    const imageId = processed ? await saveImage(tx, processed, now) : before.imageId!;
    const key = processed?.key ?? before.key!;
    await tx.update(table).set({ photoImageId: imageId, photoAlt: alt, updatedAt: now }).where(eq(table.id, id));
    const after: Record<string, unknown> = { photo: key, alt };
    if (processed) {
      Object.assign(after, {
        width: processed.width,
        height: processed.height,
        uploadedFormat: processed.sourceFormat,
        uploadedBytes: file!.length,
        renditions: processed.renditions.length,
      });
    }
    await recordAudit(tx, {
      actor,
      action: ACTIONS[owner].set,
      recordType: owner,
      recordId: id,
      changes: { before: before.imageId ? { photo: before.key, alt: before.alt } : undefined, after },
      now,
    });
    return done({ key, alt, replaced: Boolean(processed) });
  });
}

/** Takes the photo off an offering or instructor (the stored image stays: its URLs may be cached). */
export async function removePhoto(
  db: Database,
  { actor, owner, id, now }: { actor: ScheduleActor; owner: PhotoOwner; id: string; now: Date },
): Promise<Outcome<null>> {
  const table = TABLES[owner];
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ imageId: table.photoImageId, alt: table.photoAlt, key: images.key })
      .from(table)
      .leftJoin(images, eq(images.id, table.photoImageId))
      .where(eq(table.id, id))
      .for("update", { of: table });
    if (!before) return refuse(`That ${owner} doesn't exist any more.`, null, 404);
    if (!before.imageId) return done(null);
    await tx.update(table).set({ photoImageId: null, photoAlt: null, updatedAt: now }).where(eq(table.id, id));
    await recordAudit(tx, {
      actor,
      action: ACTIONS[owner].removed,
      recordType: owner,
      recordId: id,
      changes: { before: { photo: before.key, alt: before.alt } },
      now,
    });
    return done(null);
  });
}
