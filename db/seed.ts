import { and, eq, inArray } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Database } from "./client";
import { demoOfferings, type WeeklyPattern } from "./demo-data";
import { offerings, slots, type NewSlot } from "./schema";

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
  await db
    .insert(offerings)
    .values(
      demoOfferings.map(({ schedule: _schedule, instructor: _instructor, ...offering }) => ({
        ...offering,
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

  const newSlots: NewSlot[] = [];
  for (const row of rows) {
    const demo = demoOfferings.find((offering) => offering.slug === row.slug);
    if (!demo) continue;
    for (const startsAt of weeklyOccurrences(demo.schedule, { ...options, weeksAhead })) {
      newSlots.push({
        offeringId: row.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + row.durationMinutes * 60_000),
        capacity: row.defaultCapacity,
        instructor: demo.instructor,
      });
    }
  }
  if (newSlots.length === 0) return { slotsAdded: 0 };
  const inserted = await db
    .insert(slots)
    .values(newSlots)
    .onConflictDoNothing({ target: [slots.offeringId, slots.startsAt] })
    .returning({ id: slots.id });
  return { slotsAdded: inserted.length };
}
