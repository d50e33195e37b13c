import { and, asc, eq, gt, lt, ne, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { instructors, slots } from "../../db/schema";
import { groupByStudioDay, type FreeDay, type FreeTime } from "./time-picker";

/** Scheduled, not yet full, and starting after `startsAfter` (the caller's earliestBookableStart). */
const isFreeTime = (startsAfter: Date) =>
  and(eq(slots.status, "scheduled"), gt(slots.startsAt, startsAfter), lt(slots.seatsTaken, slots.capacity));

const freeTimeColumns = { id: slots.id, startsAt: slots.startsAt, endsAt: slots.endsAt, instructor: instructors.name };

const toFreeTime = (row: { id: string; startsAt: Date; endsAt: Date; instructor: string | null }): FreeTime => ({
  id: row.id,
  startsAt: row.startsAt.toISOString(),
  endsAt: row.endsAt.toISOString(),
  instructor: row.instructor,
});

/**
 * The free times of a session type grouped by the studio's day, soonest first: the days the
 * time picker offers. A time held by someone paying right now is not free (its place is taken).
 */
export async function listFreeTimesByStudioDay(
  db: Database,
  { offeringId, startsAfter, timeZone, limit = 200 }: { offeringId: string; startsAfter: Date; timeZone: string; limit?: number },
): Promise<FreeDay[]> {
  const rows = await db
    .select(freeTimeColumns)
    .from(slots)
    .leftJoin(instructors, eq(instructors.id, slots.instructorId))
    .where(and(eq(slots.offeringId, offeringId), isFreeTime(startsAfter)))
    .orderBy(asc(slots.startsAt))
    .limit(limit);
  return groupByStudioDay(rows.map(toFreeTime), timeZone);
}

/**
 * The free times of the same session type nearest to a time someone else just took (before or
 * after it, the closest first), returned soonest first: "just taken, here are the nearest".
 */
export async function nearestFreeTimes(
  db: Database,
  { slotId, startsAfter, limit = 6 }: { slotId: string; startsAfter: Date; limit?: number },
): Promise<FreeTime[]> {
  const taken = db.select({ offeringId: slots.offeringId, startsAt: slots.startsAt }).from(slots).where(eq(slots.id, slotId)).as("taken");
  const rows = await db
    .select(freeTimeColumns)
    .from(slots)
    .innerJoin(taken, eq(taken.offeringId, slots.offeringId))
    .leftJoin(instructors, eq(instructors.id, slots.instructorId))
    .where(and(ne(slots.id, slotId), isFreeTime(startsAfter)))
    .orderBy(sql`abs(extract(epoch from ${slots.startsAt} - ${taken.startsAt}))`, asc(slots.startsAt))
    .limit(limit);
  return rows.map(toFreeTime).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}
