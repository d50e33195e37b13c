import { createHash } from "node:crypto";
import { and, eq, gte, isNotNull, lte } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Database } from "../../db/client";
import { instructors, offerings, slots, slotSeries, type Offering } from "../../db/schema";
import { recordAudit } from "../staff/audit.server";
import { describeClash, describeSameStart } from "./clashes.server";
import { raceRefusal } from "./dates.server";
import type { SeriesInput } from "./forms";
import { instructorMissing } from "./instructors.server";
import { done, refuse, RefusedChange, type Outcome, type ScheduleActor } from "./outcome";
import { MAX_SERIES_DATES, planSeries } from "./series-dates";

/*
 * A weekly series: the rule (kept in slot_series) and the dates it makes (ordinary slots that
 * point back to it). The preview and the save run the same plan, so what staff saw is what is
 * made (the preview's fingerprint travels with the form, and creating refuses any other dates); a date that would clash is named in the preview and refuses the save, until it is skipped
 * or the time or instructor changes.
 */

export type PreviewDate = { date: string; startsAt: Date; endsAt: Date; clash: string | null };
export type PreviewLeftOut = { date: string; words: string };
export type SeriesPreview = { offering: Offering; dates: PreviewDate[]; leftOut: PreviewLeftOut[] };

/** A short fingerprint of exactly which dates a preview showed (the form sends it back to create them). */
export function previewFingerprint(dates: Pick<PreviewDate, "startsAt" | "endsAt">[]): string {
  const text = dates.map((date) => `${date.startsAt.toISOString()}/${date.endsAt.toISOString()}`).join(",");
  return createHash("sha256").update(text).digest("base64url").slice(0, 22);
}

const dayMonth = (date: string, timeZone: string) => DateTime.fromISO(date, { zone: timeZone }).toFormat("d MMMM");

/** What the series would make: every date with any clash named, and every date left out, with why. */
export async function previewSeries(
  db: Database,
  { input, timeZone, now }: { input: SeriesInput; timeZone: string; now: Date },
): Promise<Outcome<SeriesPreview>> {
  const [offering] = await db.select().from(offerings).where(eq(offerings.id, input.offeringId));
  if (!offering) return refuse("That offering doesn't exist.", "offeringId", 404);
  if (!offering.active) return refuse("This offering is archived: restore it before adding dates.", "offeringId", 409);
  if (offering.kind === "private" && input.capacity !== 1) return refuse("A one-to-one session has exactly one place.", "capacity");
  const missing = await instructorMissing(db, input.instructorId, "instructorId");
  if (missing) return missing;

  const plan = planSeries({ ...input, durationMinutes: offering.durationMinutes, timeZone });
  if (plan.dates.length > MAX_SERIES_DATES) {
    return refuse(`A series can make at most ${MAX_SERIES_DATES} dates at once. Please choose an earlier last date.`, "lastDate");
  }
  const leftOut: PreviewLeftOut[] = plan.leftOut.map(({ date, reason }) => ({
    date,
    words:
      reason === "skipped"
        ? `skipped: ${dayMonth(date, timeZone)} is on your list of dates to skip`
        : `not created: ${dayMonth(date, timeZone)}, ${input.startTime} doesn't exist that day (the clocks go forward)`,
  }));
  const future = plan.dates.filter((planned) => {
    if (planned.startsAt > now) return true;
    leftOut.push({ date: planned.date, words: `not created: ${dayMonth(planned.date, timeZone)} has already passed` });
    return false;
  });
  leftOut.sort((a, b) => a.date.localeCompare(b.date));
  if (future.length === 0) return done({ offering, dates: [], leftOut });

  // Everything the dates could collide with, in one read per kind: this offering's dates at the
  // same starts, and the instructor's dates anywhere in the range.
  const from = future[0]!.startsAt;
  const to = future.at(-1)!.endsAt;
  const sameOffering = await db
    .select({ startsAt: slots.startsAt })
    .from(slots)
    .where(and(eq(slots.offeringId, offering.id), eq(slots.status, "scheduled"), gte(slots.startsAt, from), lte(slots.startsAt, to)));
  const taken = new Set(sameOffering.map((row) => row.startsAt.getTime()));
  const instructorDates = input.instructorId
    ? await db
        .select({ slotId: slots.id, offeringTitle: offerings.title, instructorName: instructors.name, startsAt: slots.startsAt, endsAt: slots.endsAt })
        .from(slots)
        .innerJoin(offerings, eq(offerings.id, slots.offeringId))
        .innerJoin(instructors, eq(instructors.id, slots.instructorId))
        .where(and(eq(slots.instructorId, input.instructorId), isNotNull(slots.instructorId), eq(slots.status, "scheduled"), lte(slots.startsAt, to), gte(slots.endsAt, from)))
    : [];
  const dates = future.map((planned): PreviewDate => {
    if (taken.has(planned.startsAt.getTime())) return { ...planned, clash: describeSameStart(planned.startsAt, planned.endsAt, timeZone) };
    const clash = instructorDates.find((other) => other.startsAt < planned.endsAt && planned.startsAt < other.endsAt);
    return { ...planned, clash: clash ? describeClash(clash, timeZone) : null };
  });
  return done({ offering, dates, leftOut });
}

/**
 * Saves the series: the rule and every date of the preview, in one transaction. Refused, naming
 * them, while any date clashes; refused when there is nothing to create.
 */
export async function createSeries(
  db: Database,
  { actor, input, timeZone, now }: { actor: ScheduleActor; input: SeriesInput; timeZone: string; now: Date },
): Promise<Outcome<{ seriesId: string; preview: SeriesPreview }>> {
  const previewed = await previewSeries(db, { input, timeZone, now });
  if (!previewed.ok) return previewed;
  const preview = previewed.value;
  if (preview.dates.length === 0) return refuse("These choices make no dates. Please check the days and the first and last dates.");
  if (input.previewed !== undefined && input.previewed !== previewFingerprint(preview.dates)) {
    return refuse("The dates have changed since the preview (the form or the schedule changed). Please preview them again.", null, 409);
  }
  const clashes = preview.dates.filter((date) => date.clash);
  if (clashes.length > 0) {
    const named = clashes.slice(0, 3).map((date) => `${dayMonth(date.date, timeZone)}: ${date.clash}`);
    const more = clashes.length > 3 ? ` (and ${clashes.length - 3} more)` : "";
    return refuse(
      `${clashes.length === 1 ? "One date clashes" : `${clashes.length} dates clash`} with the schedule. ${named.join(" ")}${more} Add ${clashes.length === 1 ? "it" : "them"} to the dates to skip, or choose another time or instructor.`,
      null,
      409,
    );
  }
  try {
    const seriesId = await db.transaction(async (tx) => {
      const [series] = await tx
        .insert(slotSeries)
        .values({
          offeringId: preview.offering.id,
          weekdays: [...input.weekdays].sort(),
          startTime: input.startTime,
          firstDate: input.firstDate,
          lastDate: input.lastDate,
          capacity: input.capacity,
          instructorId: input.instructorId ?? null,
          skipDates: [...new Set(input.skipDates)].sort(),
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await tx.insert(slots).values(
        preview.dates.map((date) => ({
          offeringId: preview.offering.id,
          seriesId: series!.id,
          startsAt: date.startsAt,
          endsAt: date.endsAt,
          capacity: input.capacity,
          instructorId: input.instructorId ?? null,
          createdAt: now,
          updatedAt: now,
        })),
      );
      await recordAudit(tx, {
        actor,
        action: "series.created",
        recordType: "slot_series",
        recordId: series!.id,
        changes: {
          after: {
            offering: preview.offering.title,
            weekdays: series!.weekdays,
            startTime: series!.startTime,
            firstDate: series!.firstDate,
            lastDate: series!.lastDate,
            dates: preview.dates.length,
          },
        },
        now,
      });
      return series!.id;
    });
    return done({ seriesId, preview });
  } catch (error) {
    const refused = raceRefusal(error);
    if (refused) return refuse(`${refused.fieldErrors.instructorId?.[0] ?? refused.fieldErrors.time?.[0]} Preview the series again.`, null, 409);
    if (error instanceof RefusedChange) return error.refused;
    throw error;
  }
}

/** A series' rule, for the date page ("part of a weekly series: Tuesdays at 18:00 …"). */
export async function getSeries(db: Database, id: string) {
  const [row] = await db.select().from(slotSeries).where(eq(slotSeries.id, id));
  return row ?? null;
}
