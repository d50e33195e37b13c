import { and, asc, eq, gte, ne } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Database } from "../../db/client";
import { offerings, slots, slotSeries, type Slot } from "../../db/schema";
import { formatShortDate } from "../../emails/format/time";
import type { BookingEffects } from "../booking/effects.server";
import { moveBookingsWithSlot } from "../booking/slot-changes.server";
import { lockSlot, type LockedSlot } from "../booking/slot-lock.server";
import { auditDiff, recordAudit } from "../staff/audit.server";
import { violates } from "../utils/db-errors";
import { describeClash, describeSameStart, INSTRUCTOR_OVERLAP, instructorClashes, SAME_START } from "./clashes.server";
import type { EditDateInput, NewDateInput } from "./forms";
import { instructorMissing } from "./instructors.server";
import { refuse, RefusedChange, settle, type Outcome, type ScheduleActor } from "./outcome";
import { localInstant, localParts } from "./series-dates";

/*
 * One date at a time: add it, change its places, instructor or time. The rules every change of a
 * date obeys (a series edit applies them to each date it touches) live in `changeDate`:
 *   - a cancelled date, or one that has started, is not changed;
 *   - places never drop below those taken (booked, or held while someone pays);
 *   - a one-to-one session has one place;
 *   - no instructor in two places at once (checked here to name the clash, and by the database);
 *   - a new time must be in the future, and exist on the studio's clock that day;
 *   - moving a date with bookings tells every customer, with a calendar update, and moves their reminders.
 */

export type DateChange = { startsAt: Date; endsAt: Date; capacity: number; instructorId: string | null };
export type DateChangeResult = { slot: Slot; moved: boolean; customersTold: number };

const AUDITED = ["startsAt", "endsAt", "capacity", "instructorId"] as const;

/** "Tue 1 Dec" in the studio's zone. */
const dayLabel = (at: Date, timeZone: string) => formatShortDate(at, timeZone);

/**
 * Where a date goes when the form says this local date and time: where it is, if that is what
 * it already shows (a form has minutes only, so seconds never count as a move), else the new instant.
 */
function startFor(slot: Slot, date: string, time: string, timeZone: string, field: string): Date {
  const shown = localParts(slot.startsAt, timeZone);
  if (shown.date === date && shown.time === time) return slot.startsAt;
  return instantOrRefusal(date, time, timeZone, field);
}

/** The instant of a local date and time, or a refusal naming a time the clocks skip. */
export function instantOrRefusal(date: string, time: string, timeZone: string, field: string): Date {
  const at = localInstant(date, time, timeZone);
  if (at) return at;
  const day = DateTime.fromISO(date, { zone: timeZone }).toFormat("d MMMM");
  throw new RefusedChange(refuse(`${time} doesn't exist on ${day}: the clocks go forward that night. Please choose another time.`, field));
}

/** Names another scheduled date this change would collide with, or returns quietly. */
async function refuseClashes(
  tx: Database,
  { offeringId, slotId }: { offeringId: string; slotId: string | null },
  change: DateChange,
  timeZone: string,
  exceptSlotIds: string[],
) {
  const [sameStart] = await tx
    .select({ id: slots.id })
    .from(slots)
    .where(
      and(
        eq(slots.offeringId, offeringId),
        eq(slots.startsAt, change.startsAt),
        eq(slots.status, "scheduled"),
        slotId ? ne(slots.id, slotId) : undefined,
      ),
    );
  if (sameStart) throw new RefusedChange(refuse(describeSameStart(change.startsAt, change.endsAt, timeZone), "time", 409));
  if (!change.instructorId) return;
  const [clash] = await instructorClashes(tx, { ...change, instructorId: change.instructorId, exceptSlotIds });
  if (clash) throw new RefusedChange(refuse(describeClash(clash, timeZone), "instructorId", 409));
}

/**
 * Changes one locked date by the rules above. Throws RefusedChange (rolling back the caller's
 * transaction) when a rule says no; `label` names the date in a series edit's messages.
 */
export async function changeDate(
  locked: LockedSlot,
  effects: BookingEffects,
  { change, now, label = "", exceptSlotIds = [] }: { change: DateChange; now: Date; label?: string; exceptSlotIds?: string[] },
): Promise<DateChangeResult> {
  const { slot, offering, lock } = locked;
  const on = label ? `${label}: ` : "";
  if (slot.status !== "scheduled") throw new RefusedChange(refuse(`${on}this date was cancelled, so it can't be changed.`, null, 409));
  if (slot.startsAt <= now) throw new RefusedChange(refuse(`${on}this date has already started, so it can't be changed.`, null, 409));
  if (change.capacity < slot.seatsTaken) {
    const taken = slot.seatsTaken === 1 ? "1 place is" : `${slot.seatsTaken} places are`;
    throw new RefusedChange(refuse(`${on}${taken} already taken (booked, or held while someone pays), so it needs at least ${slot.seatsTaken}.`, "capacity"));
  }
  if (offering.kind === "private" && change.capacity !== 1) throw new RefusedChange(refuse("A one-to-one session has exactly one place.", "capacity"));
  const moved = change.startsAt.getTime() !== slot.startsAt.getTime() || change.endsAt.getTime() !== slot.endsAt.getTime();
  if (moved && change.startsAt <= now) throw new RefusedChange(refuse(`${on}the new time has already passed.`, "time"));
  await refuseClashes(lock.tx, { offeringId: slot.offeringId, slotId: slot.id }, change, effects.timeZone, [slot.id, ...exceptSlotIds]);

  const [updated] = await lock.tx
    .update(slots)
    .set({ startsAt: change.startsAt, endsAt: change.endsAt, capacity: change.capacity, instructorId: change.instructorId, updatedAt: now })
    .where(eq(slots.id, slot.id))
    .returning();
  const customersTold = moved
    ? await moveBookingsWithSlot(locked, effects, { previous: { startsAt: slot.startsAt, endsAt: slot.endsAt }, startsAt: change.startsAt, now })
    : 0;
  return { slot: updated!, moved, customersTold };
}

/** After a rollback, words for a clash the database caught that the checks above didn't see (a race). */
export function raceRefusal(error: unknown) {
  if (violates(error, INSTRUCTOR_OVERLAP)) {
    return refuse("The instructor was given another date at that time a moment ago. Please check the schedule and try again.", "instructorId", 409);
  }
  if (violates(error, SAME_START)) return refuse("Another date was added at that time a moment ago. Please check the schedule.", "time", 409);
  return null;
}

async function settleChange<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return await settle(work);
  } catch (error) {
    const refused = raceRefusal(error);
    if (refused) return refused;
    throw error;
  }
}

/** A new single date of an offering, at a local date and time. */
export async function createDate(
  db: Database,
  effects: BookingEffects,
  { actor, input, now }: { actor: ScheduleActor; input: NewDateInput; now: Date },
): Promise<Outcome<Slot>> {
  return settleChange(() =>
    db.transaction(async (tx) => {
      const [offering] = await tx.select().from(offerings).where(eq(offerings.id, input.offeringId)).for("share");
      if (!offering) throw new RefusedChange(refuse("That offering doesn't exist.", "offeringId", 404));
      if (!offering.active) throw new RefusedChange(refuse("This offering is archived: restore it before adding dates.", "offeringId", 409));
      const missing = await instructorMissing(tx, input.instructorId, "instructorId");
      if (missing) throw new RefusedChange(missing);
      const startsAt = instantOrRefusal(input.date, input.time, effects.timeZone, "time");
      if (startsAt <= now) throw new RefusedChange(refuse("That time has already passed.", "date"));
      if (offering.kind === "private" && input.capacity !== 1) throw new RefusedChange(refuse("A one-to-one session has exactly one place.", "capacity"));
      const endsAt = new Date(startsAt.getTime() + offering.durationMinutes * 60_000);
      const change = { startsAt, endsAt, capacity: input.capacity, instructorId: input.instructorId ?? null };
      // Checked first to name the clash; the database's own constraints catch a race (raceRefusal).
      await refuseClashes(tx, { offeringId: offering.id, slotId: null }, change, effects.timeZone, []);
      const [inserted] = await tx
        .insert(slots)
        .values({ offeringId: offering.id, ...change, createdAt: now, updatedAt: now })
        .returning();
      await recordAudit(tx, { actor, action: "date.created", recordType: "slot", recordId: inserted!.id, changes: auditDiff(null, inserted!, AUDITED), now });
      return inserted!;
    }),
  );
}

/** The length a date keeps when it moves: its own (an offering's length may have changed since). */
const lengthOf = (slot: Slot) => slot.endsAt.getTime() - slot.startsAt.getTime();

/**
 * Edits one date, or (scope "later", for a date of a series) this and every later scheduled date
 * of its series: the same time of day on each date's own day, the same places and instructor.
 * All or nothing: one date that can't take the change refuses the whole edit, named.
 */
export async function editDate(
  db: Database,
  effects: BookingEffects,
  { actor, slotId, input, now }: { actor: ScheduleActor; slotId: string; input: EditDateInput; now: Date },
): Promise<Outcome<{ changed: DateChangeResult[] }>> {
  const missing = await instructorMissing(db, input.instructorId, "instructorId");
  if (missing) return missing;
  return settleChange(() =>
    db.transaction(async (tx) => {
      const first = await lockSlot(tx, slotId);
      if (!first) throw new RefusedChange(refuse("That date doesn't exist.", null, 404));
      const tz = effects.timeZone;
      if (input.scope === "this" || !first.slot.seriesId) {
        const date = input.date ?? localParts(first.slot.startsAt, tz).date;
        const startsAt = startFor(first.slot, date, input.time, tz, "time");
        const result = await changeDate(first, effects, {
          change: { startsAt, endsAt: new Date(startsAt.getTime() + lengthOf(first.slot)), capacity: input.capacity, instructorId: input.instructorId ?? null },
          now,
        });
        await recordAudit(tx, { actor, action: "date.updated", recordType: "slot", recordId: slotId, changes: auditDiff(first.slot, result.slot, AUDITED), now });
        return { changed: [result] };
      }
      return { changed: await editSeriesFrom(tx, effects, { actor, first, input, now }) };
    }),
  );
}

/** "This and later": each later date of the series, locked in time order, then the rule itself. */
async function editSeriesFrom(
  tx: Database,
  effects: BookingEffects,
  { actor, first, input, now }: { actor: ScheduleActor; first: LockedSlot; input: EditDateInput; now: Date },
): Promise<DateChangeResult[]> {
  const tz = effects.timeZone;
  const seriesId = first.slot.seriesId!;
  const later = await tx
    .select({ id: slots.id })
    .from(slots)
    .where(and(eq(slots.seriesId, seriesId), eq(slots.status, "scheduled"), gte(slots.startsAt, first.slot.startsAt)))
    .orderBy(asc(slots.startsAt), asc(slots.id));
  const ids = later.map((row) => row.id);
  const results: DateChangeResult[] = [];
  for (const id of ids) {
    const locked = id === first.slot.id ? first : await lockSlot(tx, id);
    if (!locked) continue;
    const label = dayLabel(locked.slot.startsAt, tz);
    const { date } = localParts(locked.slot.startsAt, tz);
    let startsAt: Date;
    try {
      startsAt = startFor(locked.slot, date, input.time, tz, "time");
    } catch (error) {
      throw error instanceof RefusedChange ? new RefusedChange(refuse(`${label}: ${error.message}`, "time")) : error;
    }
    results.push(
      await changeDate(locked, effects, {
        change: { startsAt, endsAt: new Date(startsAt.getTime() + lengthOf(locked.slot)), capacity: input.capacity, instructorId: input.instructorId ?? null },
        now,
        label,
        exceptSlotIds: ids,
      }),
    );
  }
  await splitSeriesAt(tx, { seriesId, from: localParts(first.slot.startsAt, tz).date, slotIds: ids, input, actor, now });
  return results;
}

/**
 * The rule changes from `from` on: the series keeps its earlier dates and ends the day before, and
 * a new series (the new rule) takes the changed dates. A series edited from its first date is
 * simply changed.
 */
async function splitSeriesAt(
  tx: Database,
  {
    seriesId,
    from,
    slotIds,
    input,
    actor,
    now,
  }: { seriesId: string; from: string; slotIds: string[]; input: EditDateInput; actor: ScheduleActor; now: Date },
) {
  const [series] = await tx.select().from(slotSeries).where(eq(slotSeries.id, seriesId)).for("update");
  if (!series) return;
  const rule = { startTime: input.time, capacity: input.capacity, instructorId: input.instructorId ?? null };
  const [earlier] = await tx
    .select({ id: slots.id })
    .from(slots)
    .where(and(eq(slots.seriesId, seriesId), ne(slots.status, "cancelled")))
    .orderBy(asc(slots.startsAt))
    .limit(1);
  const startsWithThis = !earlier || slotIds.includes(earlier.id);
  if (startsWithThis) {
    const [updated] = await tx.update(slotSeries).set({ ...rule, updatedAt: now }).where(eq(slotSeries.id, seriesId)).returning();
    await recordAudit(tx, { actor, action: "series.updated", recordType: "slot_series", recordId: seriesId, changes: auditDiff(series, updated!, ["startTime", "capacity", "instructorId"]), now });
    return;
  }
  const dayBefore = DateTime.fromISO(from).minus({ days: 1 }).toISODate()!;
  await tx
    .update(slotSeries)
    .set({ lastDate: dayBefore < series.firstDate ? series.firstDate : dayBefore, skipDates: series.skipDates.filter((d) => d < from), updatedAt: now })
    .where(eq(slotSeries.id, seriesId));
  const [created] = await tx
    .insert(slotSeries)
    .values({
      offeringId: series.offeringId,
      weekdays: series.weekdays,
      firstDate: from,
      lastDate: series.lastDate < from ? from : series.lastDate,
      skipDates: series.skipDates.filter((d) => d >= from),
      ...rule,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  for (const id of slotIds) await tx.update(slots).set({ seriesId: created!.id }).where(eq(slots.id, id));
  await recordAudit(tx, {
    actor,
    action: "series.updated",
    recordType: "slot_series",
    recordId: created!.id,
    changes: { before: { seriesId, startTime: series.startTime, capacity: series.capacity, instructorId: series.instructorId }, after: { firstDate: from, ...rule, dates: slotIds.length } },
    now,
  });
}

/**
 * Leaves one date of a series out (a bank holiday found late): only while nobody has booked or
 * is paying for it. A date with bookings is cancelled instead, which refunds them (owners).
 */
export async function skipDate(
  db: Database,
  { actor, slotId, timeZone, now }: { actor: ScheduleActor; slotId: string; timeZone: string; now: Date },
): Promise<Outcome<Slot>> {
  return settle(() =>
    db.transaction(async (tx) => {
      const locked = await lockSlot(tx, slotId);
      if (!locked) throw new RefusedChange(refuse("That date doesn't exist.", null, 404));
      const { slot } = locked;
      if (!slot.seriesId) throw new RefusedChange(refuse("This date isn't part of a series.", null, 409));
      if (slot.status !== "scheduled") return slot;
      if (slot.seatsTaken > 0) {
        throw new RefusedChange(refuse("This date has bookings, so it can't simply be skipped. The owner can cancel it, which refunds everyone booked.", null, 409));
      }
      const [updated] = await tx.update(slots).set({ status: "cancelled", cancelledAt: now, updatedAt: now }).where(eq(slots.id, slotId)).returning();
      const { date } = localParts(slot.startsAt, timeZone);
      const [series] = await tx.select().from(slotSeries).where(eq(slotSeries.id, slot.seriesId)).for("update");
      if (series && !series.skipDates.includes(date)) {
        await tx.update(slotSeries).set({ skipDates: [...series.skipDates, date].sort(), updatedAt: now }).where(eq(slotSeries.id, series.id));
      }
      await recordAudit(tx, { actor, action: "date.skipped", recordType: "slot", recordId: slotId, changes: auditDiff(slot, updated!, ["status"]), now });
      return updated!;
    }),
  );
}
