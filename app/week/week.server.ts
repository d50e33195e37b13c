import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { bookings, instructors, offerings, slots } from "../../db/schema";
import type { Period } from "./periods";

export type WeekDate = {
  slotId: string;
  startsAt: Date;
  endsAt: Date;
  status: "scheduled" | "cancelled";
  offeringTitle: string;
  offeringKind: "workshop" | "private";
  instructorName: string | null;
  capacity: number;
  /** Places booked or held while someone pays. */
  placesTaken: number;
  /** People expected: places of confirmed bookings. */
  expected: number;
  /** Confirmed bookings nobody has marked attended or no-show yet (the week flags ended dates with some). */
  unmarked: number;
  seriesId: string | null;
};

/**
 * Every date starting in the period, cancelled ones too (the week shows them struck through).
 * (The query joins other tables, so Drizzle names each column's table in the subqueries.)
 */
export async function listDatesIn(db: Database, period: Period): Promise<WeekDate[]> {
  const rows = await db
    .select({
      slotId: slots.id,
      startsAt: slots.startsAt,
      endsAt: slots.endsAt,
      status: slots.status,
      offeringTitle: offerings.title,
      offeringKind: offerings.kind,
      instructorName: instructors.name,
      capacity: slots.capacity,
      placesTaken: slots.seatsTaken,
      expected: sql<number>`coalesce((select sum(${bookings.seats}) from ${bookings} where ${bookings.slotId} = ${slots.id} and ${bookings.status} = 'confirmed'), 0)::int`,
      unmarked: sql<number>`(select count(*) from ${bookings} where ${bookings.slotId} = ${slots.id} and ${bookings.status} = 'confirmed' and ${bookings.attendance} is null)::int`,
      seriesId: slots.seriesId,
    })
    .from(slots)
    .innerJoin(offerings, eq(offerings.id, slots.offeringId))
    .leftJoin(instructors, eq(instructors.id, slots.instructorId))
    .where(and(gte(slots.startsAt, period.start), lt(slots.startsAt, period.end)))
    .orderBy(asc(slots.startsAt), asc(offerings.title));
  return rows.map((row) => ({ ...row, expected: Number(row.expected), unmarked: Number(row.unmarked) }));
}

/** How full a date is, in words and as a tone the page colours (the words carry it without colour). */
export function fullness(date: Pick<WeekDate, "status" | "placesTaken" | "capacity">): { tone: "cancelled" | "full" | "filling" | "open"; words: string } {
  if (date.status === "cancelled") return { tone: "cancelled", words: "Cancelled" };
  if (date.placesTaken >= date.capacity) return { tone: "full", words: "Full" };
  if (date.placesTaken * 4 >= date.capacity * 3) return { tone: "filling", words: "Nearly full" };
  return { tone: "open", words: date.placesTaken === 0 ? "No bookings yet" : "Places left" };
}
