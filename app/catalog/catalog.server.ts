import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "../../db/client";
import { images, instructors, offeringSlugRedirects, offerings, sitePhotos, slots, type Offering, type OfferingKind, type SitePhotoPlace } from "../../db/schema";
import type { Photo } from "../images/photo";

/**
 * The public catalog: only active offerings, and only their future, scheduled slots.
 * Times leave here as ISO strings (UTC); pages render them in the studio's zone.
 */
export type CatalogSlot = {
  id: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  seatsLeft: number;
  instructor: string | null;
};

export type CatalogOffering = Pick<
  Offering,
  | "id"
  | "kind"
  | "slug"
  | "title"
  | "summary"
  | "description"
  | "durationMinutes"
  | "priceMinor"
  | "currency"
  | "defaultCapacity"
  | "location"
  | "whatToBring"
> & { photo: Photo | null };

/** An instructor as the public pages introduce them: name, short bio, photo. */
export type CatalogInstructor = { id: string; name: string; bio: string; photo: Photo | null };

const offeringPhoto = alias(images, "offering_photo");
const instructorPhoto = alias(images, "instructor_photo");
/** A left-joined photo's columns, flat (Drizzle nests one level only). */
const photoColumns = (image: typeof offeringPhoto | typeof instructorPhoto, alt: typeof offerings.photoAlt | typeof instructors.photoAlt) => ({
  photoKey: image.key,
  photoWidth: image.width,
  photoHeight: image.height,
  photoAlt: sql<string>`coalesce(${alt}, '')`,
});
type PhotoRow = { photoKey: string | null; photoWidth: number | null; photoHeight: number | null; photoAlt: string };
/** A row with a left-joined photo, the photo gathered: null when the row has none. */
export function withPhoto<T extends PhotoRow>({ photoKey, photoWidth, photoHeight, photoAlt, ...rest }: T): Omit<T, keyof PhotoRow> & { photo: Photo | null } {
  const photo = photoKey && photoWidth && photoHeight ? { key: photoKey, width: photoWidth, height: photoHeight, alt: photoAlt } : null;
  return { ...rest, photo };
}

const offeringColumns = {
  id: offerings.id,
  kind: offerings.kind,
  slug: offerings.slug,
  title: offerings.title,
  summary: offerings.summary,
  description: offerings.description,
  durationMinutes: offerings.durationMinutes,
  priceMinor: offerings.priceMinor,
  currency: offerings.currency,
  defaultCapacity: offerings.defaultCapacity,
  location: offerings.location,
  whatToBring: offerings.whatToBring,
  ...photoColumns(offeringPhoto, offerings.photoAlt),
};

/** The SQL forms of `placesLeft` (booking/rules.ts): places left, and "has room". */
const slotColumns = {
  id: slots.id,
  startsAt: slots.startsAt,
  endsAt: slots.endsAt,
  capacity: slots.capacity,
  seatsLeft: sql<number>`(${slots.capacity} - ${slots.seatsTaken})::int`.as("seats_left"),
  instructor: instructors.name,
};

/** Scheduled slots starting after `startsAfter` (the caller's earliestBookableStart). */
const isOpenSlot = (startsAfter: Date) => and(eq(slots.status, "scheduled"), gt(slots.startsAt, startsAfter));

function toCatalogSlot(row: {
  id: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  seatsLeft: number;
  instructor: string | null;
}): CatalogSlot {
  return {
    ...row,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    seatsLeft: Math.max(0, Number(row.seatsLeft)),
  };
}

export function pathForOffering(offering: { kind: OfferingKind; slug: string }): string {
  return offering.kind === "workshop" ? `/workshops/${offering.slug}` : `/sessions/${offering.slug}`;
}

/** The next workshop slots across all workshops, soonest first. */
export async function listUpcomingWorkshopSlots(
  db: Database,
  { startsAfter, limit }: { startsAfter: Date; limit: number },
): Promise<{ offering: CatalogOffering; slot: CatalogSlot }[]> {
  const rows = await db
    .select({ offering: offeringColumns, slot: slotColumns })
    .from(slots)
    .innerJoin(offerings, eq(offerings.id, slots.offeringId))
    .leftJoin(offeringPhoto, eq(offeringPhoto.id, offerings.photoImageId))
    .leftJoin(instructors, eq(instructors.id, slots.instructorId))
    .where(and(eq(offerings.kind, "workshop"), eq(offerings.active, true), isOpenSlot(startsAfter)))
    .orderBy(asc(slots.startsAt), asc(offerings.title))
    .limit(limit);
  return rows.map((row) => ({ offering: withPhoto(row.offering), slot: toCatalogSlot(row.slot) }));
}

/**
 * Every active workshop once, with its next few dates (full ones too, marked by their places
 * left): the home page's cards. Workshops with a date come first, soonest first; those without
 * one follow by title.
 */
export async function listWorkshopsWithNextDates(
  db: Database,
  { startsAfter, datesEach }: { startsAfter: Date; datesEach: number },
): Promise<{ offering: CatalogOffering; dates: CatalogSlot[] }[]> {
  const nextDates = db
    .select({ ...slotColumns, rank: sql<number>`row_number() over (partition by ${slots.offeringId} order by ${slots.startsAt})`.as("rank"), offeringId: slots.offeringId })
    .from(slots)
    .innerJoin(offerings, eq(offerings.id, slots.offeringId))
    .leftJoin(instructors, eq(instructors.id, slots.instructorId))
    .where(and(eq(offerings.kind, "workshop"), eq(offerings.active, true), isOpenSlot(startsAfter)))
    .as("next_dates");
  const rows = await db
    .select({
      offering: offeringColumns,
      slot: {
        id: nextDates.id,
        startsAt: nextDates.startsAt,
        endsAt: nextDates.endsAt,
        capacity: nextDates.capacity,
        seatsLeft: nextDates.seatsLeft,
        instructor: nextDates.instructor,
      },
    })
    .from(offerings)
    .leftJoin(offeringPhoto, eq(offeringPhoto.id, offerings.photoImageId))
    .leftJoin(nextDates, and(eq(nextDates.offeringId, offerings.id), sql`${nextDates.rank} <= ${datesEach}`))
    .where(and(eq(offerings.kind, "workshop"), eq(offerings.active, true)))
    .orderBy(asc(offerings.id), asc(nextDates.startsAt));
  const cards = new Map<string, { offering: CatalogOffering; dates: CatalogSlot[] }>();
  for (const row of rows) {
    const card = cards.get(row.offering.id) ?? { offering: withPhoto(row.offering), dates: [] };
    cards.set(row.offering.id, card);
    if (row.slot) card.dates.push(toCatalogSlot(row.slot));
  }
  const next = (card: { dates: CatalogSlot[] }) => (card.dates[0] ? Date.parse(card.dates[0].startsAt) : Infinity);
  return [...cards.values()].sort((a, b) => next(a) - next(b) || a.offering.title.localeCompare(b.offering.title));
}

/** One-on-one session types, each with its next free time (if any). */
export async function listPrivateOfferings(
  db: Database,
  { startsAfter }: { startsAfter: Date },
): Promise<(CatalogOffering & { nextFreeStartsAt: string | null; freeSlotCount: number })[]> {
  const rows = await db
    .select({
      ...offeringColumns,
      nextFreeStartsAt: sql<Date | string | null>`min(${slots.startsAt}) filter (where ${slots.seatsTaken} < ${slots.capacity})`,
      freeSlotCount: sql<number>`(count(${slots.id}) filter (where ${slots.seatsTaken} < ${slots.capacity}))::int`,
    })
    .from(offerings)
    .leftJoin(offeringPhoto, eq(offeringPhoto.id, offerings.photoImageId))
    .leftJoin(slots, and(eq(slots.offeringId, offerings.id), isOpenSlot(startsAfter)))
    .where(and(eq(offerings.kind, "private"), eq(offerings.active, true)))
    .groupBy(offerings.id, offeringPhoto.id)
    .orderBy(asc(offerings.title));
  return rows.map((row) => ({
    ...withPhoto(row),
    nextFreeStartsAt: row.nextFreeStartsAt === null ? null : new Date(row.nextFreeStartsAt).toISOString(),
    freeSlotCount: Number(row.freeSlotCount),
  }));
}

/** An active offering by its slug, with its upcoming slots; null when there is no such offering. */
export async function getOfferingWithUpcomingSlots(
  db: Database,
  { slug, startsAfter, limit = 120 }: { slug: string; startsAfter: Date; limit?: number },
): Promise<{ offering: CatalogOffering; slots: CatalogSlot[]; instructors: CatalogInstructor[] } | null> {
  const [found] = await db
    .select({ ...offeringColumns, defaultInstructorId: offerings.defaultInstructorId })
    .from(offerings)
    .leftJoin(offeringPhoto, eq(offeringPhoto.id, offerings.photoImageId))
    .where(and(eq(offerings.slug, slug), eq(offerings.active, true)))
    .limit(1);
  if (!found) return null;
  const { defaultInstructorId, ...offeringRow } = found;
  const offering = withPhoto(offeringRow);
  const rows = await db
    .select({ ...slotColumns, instructorId: slots.instructorId })
    .from(slots)
    .leftJoin(instructors, eq(instructors.id, slots.instructorId))
    .where(and(eq(slots.offeringId, offering.id), isOpenSlot(startsAfter)))
    .orderBy(asc(slots.startsAt))
    .limit(limit);
  // The coaches of its coming dates (the default one first), or its default coach when it has no dates.
  const coachIds = [...new Set([defaultInstructorId, ...rows.map((row) => row.instructorId)].filter((id): id is string => id !== null))];
  return {
    offering,
    slots: rows.map(({ instructorId: _instructorId, ...row }) => toCatalogSlot(row)),
    instructors: await catalogInstructors(db, coachIds),
  };
}

/** Instructors by id, in the order given: name, bio and photo. */
export async function catalogInstructors(db: Database, ids: string[]): Promise<CatalogInstructor[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      id: instructors.id,
      name: instructors.name,
      bio: instructors.bio,
      ...photoColumns(instructorPhoto, instructors.photoAlt),
    })
    .from(instructors)
    .leftJoin(instructorPhoto, eq(instructorPhoto.id, instructors.photoImageId))
    .where(inArray(instructors.id, ids));
  return ids.flatMap((id) => {
    const row = rows.find((candidate) => candidate.id === id);
    return row ? [withPhoto(row)] : [];
  });
}

/** Where an offering's old slug leads now (it was renamed), or null. Archived offerings lead nowhere. */
export async function pathForOldSlug(db: Database, slug: string): Promise<string | null> {
  const [row] = await db
    .select({ kind: offerings.kind, slug: offerings.slug })
    .from(offeringSlugRedirects)
    .innerJoin(offerings, eq(offerings.id, offeringSlugRedirects.offeringId))
    .where(and(eq(offeringSlugRedirects.slug, slug), eq(offerings.active, true)));
  return row ? pathForOffering(row) : null;
}

/** A photo of the site itself (the home page's hero), or null when it has none. */
export async function getSitePhoto(db: Database, place: SitePhotoPlace): Promise<Photo | null> {
  const [row] = await db
    .select({ key: images.key, width: images.width, height: images.height, alt: sitePhotos.alt })
    .from(sitePhotos)
    .innerJoin(images, eq(images.id, sitePhotos.imageId))
    .where(eq(sitePhotos.place, place));
  return row ?? null;
}
