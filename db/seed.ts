import { and, eq, inArray } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Database } from "./client";
import { demoInstructors, demoOfferings, type WeeklyPattern } from "./demo-data";
import { instructors, offerings, slots, type NewSlot } from "./schema";

export type TopUpOptions = {
  now: Date;
  timeZone: string;
  currency: string;
  location: string;
  weeksAhead?: number;
};

/** Local start times of a weekly pattern over [now, now + weeks], as UTC instants. */
export function weeklyOccurrences(
  pattern: WeeklyPattern,
  { now, timeZone, weeksAhead }: { now: Date; timeZone: string; weeksAhead: number },
): Date[] {
  const start = DateTime.fromJSDate(now, { zone: timeZone }).startOf("day");
  const result: Date[] = [];
  for (let day = 0; day <= weeksAhead * 7; day++) {
    const date = start.plus({ days: day });
    for (const rule of pattern) {
      if (rule.weekday !== date.weekday) continue;
      for (const time of rule.times) {
        const [hour, minute] = time.split(":").map(Number);
        const local = DateTime.fromObject(
          { year: date.year, month: date.month, day: date.day, hour, minute },
          { zone: timeZone },
        );
        if (local.toMillis() > now.getTime()) result.push(local.toUTC().toJSDate());
      }
    }
  }
  return result;
}

/**
 * Makes sure the demo offerings exist and have slots up to `weeksAhead` weeks from now.
 * Idempotent: offerings are matched by slug and never overwritten, slots by offering and start
 * time, so existing slots (and their bookings) are never touched.
 */
export async function topUpDemoData(db: Database, options: TopUpOptions): Promise<{ slotsAdded: number }> {
  const weeksAhead = options.weeksAhead ?? 6;
  await db.insert(instructors).values(demoInstructors).onConflictDoNothing();
  const coaches = await db.select({ id: instructors.id, name: instructors.name }).from(instructors);
  const coachId = (name: string) => coaches.find((coach) => coach.name.toLowerCase() === name.toLowerCase())?.id ?? null;
  await db
    .insert(offerings)
    .values(
      demoOfferings.map(({ schedule: _schedule, instructor, ...offering }) => ({
        ...offering,
        defaultInstructorId: coachId(instructor),
        currency: options.currency,
        location: options.location,
      })),
    )
    .onConflictDoNothing({ target: offerings.slug });

  const rows = await db
    .select()
    .from(offerings)
    .where(
      and(
        inArray(
          offerings.slug,
          demoOfferings.map((offering) => offering.slug),
        ),
        eq(offerings.active, true),
      ),
    );

  // A time that has (or had) a date, even a cancelled or moved one, is left alone: staff decided.
  const existing = new Set(
    (
      await db
        .select({ offeringId: slots.offeringId, startsAt: slots.startsAt })
        .from(slots)
        .where(inArray(slots.offeringId, rows.map((row) => row.id)))
    ).map((slot) => `${slot.offeringId}|${slot.startsAt.getTime()}`),
  );
  const newSlots: NewSlot[] = [];
  for (const row of rows) {
    const demo = demoOfferings.find((offering) => offering.slug === row.slug);
    if (!demo) continue;
    for (const startsAt of weeklyOccurrences(demo.schedule, { ...options, weeksAhead })) {
      if (existing.has(`${row.id}|${startsAt.getTime()}`)) continue;
      newSlots.push({
        offeringId: row.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + row.durationMinutes * 60_000),
        capacity: row.defaultCapacity,
        instructorId: row.defaultInstructorId,
      });
    }
  }
  if (newSlots.length === 0) return { slotsAdded: 0 };
  const inserted = await db
    .insert(slots)
    .values(newSlots)
    // No target: a time taken by another process, or a coach already busy then (the exclusion
    // constraint), is skipped rather than failing the start.
    .onConflictDoNothing()
    .returning({ id: slots.id });
  return { slotsAdded: inserted.length };
}
