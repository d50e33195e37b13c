import slugify from "@sindresorhus/slugify";
import { and, asc, desc, eq, gt, ne, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { bookings, instructors, offerings, offeringSlugRedirects, slots, type Offering } from "../../db/schema";
import { auditDiff, recordAudit } from "../staff/audit.server";
import { violates } from "../utils/db-errors";
import { SLUG_PATTERN, type OfferingInput } from "./forms";
import { instructorMissing } from "./instructors.server";
import { done, refuse, type Outcome, type ScheduleActor } from "./outcome";

/*
 * Offerings as staff manage them. The slug is the public address: changing it keeps the old one
 * as a redirect, so links already emailed keep working. Archiving (never deleting) takes an
 * offering out of the catalog and stops new bookings; its bookings and their links stand.
 * Prices are the owner's: a price on a form from anyone else is refused.
 */

export type ConsoleOffering = Offering & {
  defaultInstructorName: string | null;
  upcomingDates: number;
  liveBookings: number;
};

/** Every offering, archived ones last, with what is coming up. */
export async function listOfferingsForConsole(db: Database, now: Date): Promise<ConsoleOffering[]> {
  const rows = await db
    .select({
      offering: offerings,
      defaultInstructorName: instructors.name,
      upcomingDates: sql<number>`(select count(*) from ${slots} where ${slots.offeringId} = ${offerings.id} and ${slots.status} = 'scheduled' and ${slots.startsAt} > ${now.toISOString()}::timestamptz)::int`,
      liveBookings: sql<number>`(select count(*) from ${bookings} inner join ${slots} on ${slots.id} = ${bookings.slotId} where ${slots.offeringId} = ${offerings.id} and ${bookings.status} = 'confirmed' and ${slots.startsAt} > ${now.toISOString()}::timestamptz)::int`,
    })
    .from(offerings)
    .leftJoin(instructors, eq(instructors.id, offerings.defaultInstructorId))
    .orderBy(desc(offerings.active), asc(offerings.kind), asc(offerings.title));
  return rows.map((row) => ({
    ...row.offering,
    defaultInstructorName: row.defaultInstructorName,
    upcomingDates: Number(row.upcomingDates),
    liveBookings: Number(row.liveBookings),
  }));
}

export async function getOffering(db: Database, id: string): Promise<Offering | null> {
  const [row] = await db.select().from(offerings).where(eq(offerings.id, id));
  return row ?? null;
}

/** A slug made from the title: "Knee Reset: Workshop!" → "knee-reset-workshop". */
export function slugFromTitle(title: string): string {
  const slug = slugify(title, { decamelize: false }).slice(0, 80).replace(/-+$/, "");
  return SLUG_PATTERN.test(slug) ? slug : "offering";
}

/** Null when the slug is free for this offering; otherwise the refusal, naming who has it. */
async function slugRefusal(db: Database, slug: string, offeringId: string | null) {
  const [current] = await db
    .select({ title: offerings.title })
    .from(offerings)
    .where(and(eq(offerings.slug, slug), offeringId ? ne(offerings.id, offeringId) : undefined));
  if (current) return refuse(`That address is already used by "${current.title}". Please choose another.`, "slug", 409);
  const [old] = await db
    .select({ title: offerings.title })
    .from(offeringSlugRedirects)
    .innerJoin(offerings, eq(offerings.id, offeringSlugRedirects.offeringId))
    .where(and(eq(offeringSlugRedirects.slug, slug), offeringId ? ne(offerings.id, offeringId) : undefined));
  if (old) return refuse(`That address used to belong to "${old.title}" and still leads there. Please choose another.`, "slug", 409);
  return null;
}


const privateCapacity = (kind: Offering["kind"], capacity: number) =>
  kind === "private" && capacity !== 1 ? refuse("A one-to-one session has exactly one place.", "defaultCapacity") : null;

const AUDITED = [
  "kind",
  "slug",
  "title",
  "summary",
  "description",
  "whatToBring",
  "durationMinutes",
  "priceMinor",
  "defaultCapacity",
  "location",
  "defaultInstructorId",
  "active",
] as const;

function fields(input: OfferingInput) {
  return {
    title: input.title,
    summary: input.summary,
    description: input.description,
    whatToBring: input.whatToBring,
    durationMinutes: input.durationMinutes,
    defaultCapacity: input.defaultCapacity,
    location: input.location,
    defaultInstructorId: input.defaultInstructorId ?? null,
  };
}

const slugTaken = () => refuse("That address was taken a moment ago. Please choose another.", "slug", 409);

/** A new offering (owners: it carries a price). Its slug is made from the title unless given. */
export async function createOffering(
  db: Database,
  { actor, input, currency, now }: { actor: ScheduleActor; input: OfferingInput; currency: string; now: Date },
): Promise<Outcome<Offering>> {
  if (actor.role !== "owner") return refuse("Only the studio's owner can add an offering, as it sets a price.", null, 403);
  if (input.price === undefined) return refuse("Please enter a price.", "price");
  const slug = input.slug || slugFromTitle(input.title);
  const refused =
    privateCapacity(input.kind, input.defaultCapacity) ??
    (await instructorMissing(db, input.defaultInstructorId, "defaultInstructorId")) ??
    (await slugRefusal(db, slug, null));
  if (refused) return refused;
  try {
    return done(
      await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(offerings)
          .values({ ...fields(input), kind: input.kind, slug, priceMinor: input.price!, currency, createdAt: now, updatedAt: now })
          .returning();
        await recordAudit(tx, { actor, action: "offering.created", recordType: "offering", recordId: row!.id, changes: auditDiff(null, row!, AUDITED), now });
        return row!;
      }),
    );
  } catch (error) {
    if (violates(error, "offerings_slug_key")) return slugTaken();
    throw error;
  }
}

/**
 * Edits an offering. The kind stays what it was made as; a new slug leaves the old one behind as
 * a redirect (and an offering taking back one of its own old slugs takes it off the redirects).
 */
export async function updateOffering(
  db: Database,
  { actor, id, input, now }: { actor: ScheduleActor; id: string; input: OfferingInput; now: Date },
): Promise<Outcome<Offering>> {
  const before = await getOffering(db, id);
  if (!before) return refuse("That offering doesn't exist.", null, 404);
  if (input.price !== undefined && input.price !== before.priceMinor && actor.role !== "owner") {
    return refuse("Only the studio's owner can change the price.", "price", 403);
  }
  const slug = input.slug || before.slug;
  const refused =
    privateCapacity(before.kind, input.defaultCapacity) ??
    (await instructorMissing(db, input.defaultInstructorId, "defaultInstructorId")) ??
    (slug === before.slug ? null : await slugRefusal(db, slug, id));
  if (refused) return refused;
  try {
    return done(
      await db.transaction(async (tx) => {
        const [row] = await tx
          .update(offerings)
          .set({ ...fields(input), slug, priceMinor: input.price ?? before.priceMinor, updatedAt: now })
          .where(eq(offerings.id, id))
          .returning();
        if (slug !== before.slug) {
          await tx.delete(offeringSlugRedirects).where(eq(offeringSlugRedirects.slug, slug));
          await tx
            .insert(offeringSlugRedirects)
            .values({ slug: before.slug, offeringId: id, createdAt: now })
            .onConflictDoUpdate({ target: offeringSlugRedirects.slug, set: { offeringId: id, createdAt: now } });
        }
        const changes = auditDiff(before, row!, AUDITED);
        await recordAudit(tx, { actor, action: "offering.updated", recordType: "offering", recordId: id, changes, now });
        return row!;
      }),
    );
  } catch (error) {
    if (violates(error, "offerings_slug_key")) return slugTaken();
    throw error;
  }
}

/** Archives (active = false) or restores an offering. Bookings are untouched either way. */
export async function setOfferingArchived(
  db: Database,
  { actor, id, archived, now }: { actor: ScheduleActor; id: string; archived: boolean; now: Date },
): Promise<Outcome<Offering>> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(offerings).where(eq(offerings.id, id)).for("update");
    if (!before) return refuse("That offering doesn't exist.", null, 404);
    if (before.active === !archived) return done(before);
    const [row] = await tx.update(offerings).set({ active: !archived, updatedAt: now }).where(eq(offerings.id, id)).returning();
    await recordAudit(tx, {
      actor,
      action: archived ? "offering.archived" : "offering.restored",
      recordType: "offering",
      recordId: id,
      changes: auditDiff(before, row!, ["active"]),
      now,
    });
    return done(row!);
  });
}

/** An offering's dates from `from` on (cancelled ones too), for its console page. */
export async function upcomingDatesOf(db: Database, offeringId: string, from: Date) {
  return db
    .select({ slot: slots, instructorName: instructors.name })
    .from(slots)
    .leftJoin(instructors, eq(instructors.id, slots.instructorId))
    .where(and(eq(slots.offeringId, offeringId), gt(slots.endsAt, from)))
    .orderBy(asc(slots.startsAt))
    .limit(200);
}
