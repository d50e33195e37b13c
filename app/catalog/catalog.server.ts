import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { instructors, offeringSlugRedirects, offerings, slots, type Offering, type OfferingKind } from "../../db/schema";

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
>;

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
    .leftJoin(instructors, eq(instructors.id, slots.instructorId))
    .where(and(eq(offerings.kind, "workshop"), eq(offerings.active, true), isOpenSlot(startsAfter)))
    .orderBy(asc(slots.startsAt), asc(offerings.title))
    .limit(limit);
  return rows.map((row) => ({ offering: row.offering, slot: toCatalogSlot(row.slot) }));
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
    .leftJoin(slots, and(eq(slots.offeringId, offerings.id), isOpenSlot(startsAfter)))
    .where(and(eq(offerings.kind, "private"), eq(offerings.active, true)))
    .groupBy(offerings.id)
    .orderBy(asc(offerings.title));
  return rows.map((row) => ({
    ...row,
    nextFreeStartsAt: row.nextFreeStartsAt === null ? null : new Date(row.nextFreeStartsAt).toISOString(),
    freeSlotCount: Number(row.freeSlotCount),
  }));
}

/** An active offering by its slug, with its upcoming slots; null when there is no such offering. */
export async function getOfferingWithUpcomingSlots(
  db: Database,
  { slug, startsAfter, limit = 120 }: { slug: string; startsAfter: Date; limit?: number },
): Promise<{ offering: CatalogOffering; slots: CatalogSlot[] } | null> {
  const [offering] = await db
    .select(offeringColumns)
    .from(offerings)
    .where(and(eq(offerings.slug, slug), eq(offerings.active, true)))
    .limit(1);
  if (!offering) return null;
  const rows = await db
    .select(slotColumns)
    .from(slots)
    .leftJoin(instructors, eq(instructors.id, slots.instructorId))
    .where(and(eq(slots.offeringId, offering.id), isOpenSlot(startsAfter)))
    .orderBy(asc(slots.startsAt))
    .limit(limit);
  return { offering, slots: rows.map(toCatalogSlot) };
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
