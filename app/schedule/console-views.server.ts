import { and, asc, desc, eq, gt, gte, lt, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import {
  bookings,
  instructors,
  offerings,
  slots,
  slotSeries,
  type Instructor,
  type Offering,
  type Slot,
  type SlotSeries,
} from "../../db/schema";

/*
 * What the console's schedule pages read: the dates in a window, one date with its bookings
 * counted, and the choices its forms offer. Read-only; every change goes through the domain
 * functions beside this file, which write the audit events.
 */

export type ScheduleRow = {
  id: string;
  startsAt: Date;
  endsAt: Date;
  status: Slot["status"];
  capacity: number;
  seatsTaken: number;
  seriesId: string | null;
  offeringId: string;
  offeringTitle: string;
  offeringKind: Offering["kind"];
  instructorName: string | null;
};

/** The most dates one page of the schedule lists (a busy studio's eight weeks fit easily). */
export const SCHEDULE_PAGE_LIMIT = 600;

/** Dates starting in [from, to), cancelled ones too, soonest first; optionally of one offering. */
export async function listScheduleForConsole(
  db: Database,
  { from, to, offeringId }: { from: Date; to: Date; offeringId?: string }
): Promise<ScheduleRow[]> {
  return db
    .select({
      id: slots.id,
      startsAt: slots.startsAt,
      endsAt: slots.endsAt,
      status: slots.status,
      capacity: slots.capacity,
      seatsTaken: slots.seatsTaken,
      seriesId: slots.seriesId,
      offeringId: offerings.id,
      offeringTitle: offerings.title,
      offeringKind: offerings.kind,
      instructorName: instructors.name,
    })
    .from(slots)
    .innerJoin(offerings, eq(offerings.id, slots.offeringId))
    .leftJoin(instructors, eq(instructors.id, slots.instructorId))
    .where(and(gte(slots.startsAt, from), lt(slots.startsAt, to), offeringId ? eq(slots.offeringId, offeringId) : undefined))
    .orderBy(asc(slots.startsAt), asc(offerings.title))
    .limit(SCHEDULE_PAGE_LIMIT);
}

export type DateBookings = {
  /** Paid bookings, and the places they hold. */
  confirmed: number;
  confirmedPlaces: number;
  /** Live holds: someone is paying right now. */
  beingPaid: number;
  beingPaidPlaces: number;
};

export type ConsoleDate = {
  slot: Slot;
  offering: Offering;
  instructorName: string | null;
  series: SlotSeries | null;
  bookings: DateBookings;
};

/** One date as its console page shows it, or null when there is no such date. */
export async function getDateForConsole(db: Database, slotId: string, now: Date): Promise<ConsoleDate | null> {
  const [row] = await db
    .select({ slot: slots, offering: offerings, instructorName: instructors.name, series: slotSeries })
    .from(slots)
    .innerJoin(offerings, eq(offerings.id, slots.offeringId))
    .leftJoin(instructors, eq(instructors.id, slots.instructorId))
    .leftJoin(slotSeries, eq(slotSeries.id, slots.seriesId))
    .where(eq(slots.id, slotId));
  if (!row) return null;
  const [counts] = await db
    .select({
      confirmed: sql<number>`(count(*) filter (where ${bookings.status} = 'confirmed'))::int`,
      confirmedPlaces: sql<number>`(coalesce(sum(${bookings.seats}) filter (where ${bookings.status} = 'confirmed'), 0))::int`,
      beingPaid: sql<number>`(count(*) filter (where ${liveHold(now)}))::int`,
      beingPaidPlaces: sql<number>`(coalesce(sum(${bookings.seats}) filter (where ${liveHold(now)}), 0))::int`,
    })
    .from(bookings)
    .where(eq(bookings.slotId, slotId));
  return {
    slot: row.slot,
    offering: row.offering,
    instructorName: row.instructorName,
    series: row.series,
    bookings: {
      confirmed: Number(counts?.confirmed ?? 0),
      confirmedPlaces: Number(counts?.confirmedPlaces ?? 0),
      beingPaid: Number(counts?.beingPaid ?? 0),
      beingPaidPlaces: Number(counts?.beingPaidPlaces ?? 0),
    },
  };
}

/** The SQL form of `isHoldLive` (booking/rules.ts). */
const liveHold = (now: Date) =>
  sql`${bookings.status} = 'pending_payment' and ${bookings.holdsSeats} and ${bookings.holdExpiresAt} > ${now.toISOString()}::timestamptz`;

export type OfferingChoice = Pick<Offering, "id" | "title" | "kind" | "defaultCapacity" | "defaultInstructorId" | "active">;

/** Offerings for a select: active first, then by title; `activeOnly` for forms that add dates. */
export async function offeringChoices(db: Database, { activeOnly }: { activeOnly: boolean }): Promise<OfferingChoice[]> {
  return db
    .select({
      id: offerings.id,
      title: offerings.title,
      kind: offerings.kind,
      defaultCapacity: offerings.defaultCapacity,
      defaultInstructorId: offerings.defaultInstructorId,
      active: offerings.active,
    })
    .from(offerings)
    .where(activeOnly ? eq(offerings.active, true) : undefined)
    .orderBy(desc(offerings.active), asc(offerings.title));
}

export type ConsoleInstructor = Instructor & { upcomingDates: number };

/** Every instructor, by name, with how many scheduled dates they teach from now on. */
export async function listInstructorsForConsole(db: Database, now: Date): Promise<ConsoleInstructor[]> {
  const rows = await db
    .select({
      instructor: instructors,
      upcomingDates: sql<number>`(select count(*) from ${slots} where ${slots.instructorId} = ${instructors.id} and ${
        slots.status
      } = 'scheduled' and ${slots.startsAt} > ${now.toISOString()}::timestamptz)::int`,
    })
    .from(instructors)
    .orderBy(asc(instructors.name));
  return rows.map((row) => ({ ...row.instructor, upcomingDates: Number(row.upcomingDates) }));
}

/** How many scheduled dates an offering has from now on (its archive button says what stays). */
export async function upcomingDateCount(db: Database, offeringId: string, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(slots)
    .where(and(eq(slots.offeringId, offeringId), eq(slots.status, "scheduled"), gt(slots.startsAt, now)));
  return Number(row?.n ?? 0);
}
