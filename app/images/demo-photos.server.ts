import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { demoHeroIllustration, demoInstructorIllustrations, demoOfferingIllustrations, type DemoIllustration } from "../../db/demo-illustrations";
import { instructors, offerings, sitePhotos } from "../../db/schema";
import { processPhoto } from "./pipeline.server";
import { saveImage } from "./store.server";

/**
 * Gives the demo offerings, instructors and the home page's hero their illustrations, drawn as SVG
 * and rendered through the photo pipeline into the images table, exactly as an upload would be.
 * Only what has no picture yet gets one (a photo staff uploaded is never replaced), so it is
 * cheap after the first start. Returns how many pictures it added.
 */
export async function topUpDemoPhotos(db: Database, { now }: { now: Date }): Promise<{ photosAdded: number }> {
  let photosAdded = 0;
  const store = async (art: DemoIllustration) => {
    const outcome = await processPhoto(Buffer.from(art.svg), { allowSvg: true });
    if (!outcome.ok) throw new Error(`A demo illustration didn't render: ${outcome.message}`);
    photosAdded += 1;
    return saveImage(db, outcome.image, now);
  };

  const bareOfferings = await db
    .select({ id: offerings.id, slug: offerings.slug })
    .from(offerings)
    .where(and(inArray(offerings.slug, Object.keys(demoOfferingIllustrations)), isNull(offerings.photoImageId)));
  for (const offering of bareOfferings) {
    const art = demoOfferingIllustrations[offering.slug]!;
    const imageId = await store(art);
    await db
      .update(offerings)
      .set({ photoImageId: imageId, photoAlt: art.alt })
      .where(and(eq(offerings.id, offering.id), isNull(offerings.photoImageId)));
  }

  const bareInstructors = await db
    .select({ id: instructors.id, name: instructors.name })
    .from(instructors)
    .where(and(inArray(instructors.name, Object.keys(demoInstructorIllustrations)), isNull(instructors.photoImageId)));
  for (const instructor of bareInstructors) {
    const art = demoInstructorIllustrations[instructor.name]!;
    const imageId = await store(art);
    await db
      .update(instructors)
      .set({ photoImageId: imageId, photoAlt: art.alt })
      .where(and(eq(instructors.id, instructor.id), isNull(instructors.photoImageId)));
  }

  const [hero] = await db.select({ place: sitePhotos.place }).from(sitePhotos).where(eq(sitePhotos.place, "home_hero"));
  if (!hero) {
    const imageId = await store(demoHeroIllustration);
    await db
      .insert(sitePhotos)
      .values({ place: "home_hero", imageId, alt: demoHeroIllustration.alt, updatedAt: now })
      .onConflictDoNothing();
  }
  return { photosAdded };
}
