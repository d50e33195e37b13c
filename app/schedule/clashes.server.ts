import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { instructors, offerings, slots } from "../../db/schema";
import { formatSlotWhen } from "../../emails/format/time";

/** The exclusion constraint that keeps an instructor in one place at a time (migration 0007). */
export const INSTRUCTOR_OVERLAP = "slots_instructor_no_overlap";
/** One scheduled date per offering and start time. */
export const SAME_START = "slots_offering_starts_at_key";

export type Clash = { slotId: string; offeringTitle: string; instructorName: string; startsAt: Date; endsAt: Date };

/** The instructor's scheduled dates that overlap the time, other than `exceptSlotIds`. */
export async function instructorClashes(
  db: Database,
  { instructorId, startsAt, endsAt, exceptSlotIds = [] }: { instructorId: string; startsAt: Date; endsAt: Date; exceptSlotIds?: string[] },
): Promise<Clash[]> {
  return db
    .select({
      slotId: slots.id,
      offeringTitle: offerings.title,
      instructorName: instructors.name,
      startsAt: slots.startsAt,
      endsAt: slots.endsAt,
    })
    .from(slots)
    .innerJoin(offerings, eq(offerings.id, slots.offeringId))
    .innerJoin(instructors, eq(instructors.id, slots.instructorId))
    .where(
      and(
        eq(slots.instructorId, instructorId),
        eq(slots.status, "scheduled"),
        sql`tstzrange(${slots.startsAt}, ${slots.endsAt}) && tstzrange(${startsAt.toISOString()}::timestamptz, ${endsAt.toISOString()}::timestamptz)`,
        ...exceptSlotIds.map((id) => ne(slots.id, id)),
      ),
    )
    .orderBy(asc(slots.startsAt));
}

/** "Sam Okafor is already teaching Hips & Ankles on Tue 1 Dec, 18:30–20:00 GMT." */
export function describeClash(clash: Clash, timeZone: string): string {
  return `${clash.instructorName} is already teaching ${clash.offeringTitle} on ${formatSlotWhen(clash.startsAt, clash.endsAt, timeZone)}.`;
}

/** "There's already a date of this offering at Tue 1 Dec, 18:30–20:00 GMT." */
export function describeSameStart(startsAt: Date, endsAt: Date, timeZone: string): string {
  return `There's already a date of this offering on ${formatSlotWhen(startsAt, endsAt, timeZone)}.`;
}
