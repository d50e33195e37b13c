import { and, asc, eq, gt, ne, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { images, instructors, offerings, slots } from "../../db/schema";
import { pathForOffering, withPhoto } from "../catalog/catalog.server";
import { isUuid } from "../utils/ids";
import { bookingClosesAt, earliestBookableStart, isBookingOpen, placesLeft } from "./rules";

/** What the booking form shows about a slot; null for an unknown or unlisted slot. */
export async function getBookableSlot(
  db: Database,
  { slotId, now, closesMinutesBefore }: { slotId: string; now: Date; closesMinutesBefore: number },
) {
  if (!isUuid(slotId)) return null;
  const [row] = await db
    .select({
      slotId: slots.id,
      startsAt: slots.startsAt,
      endsAt: slots.endsAt,
      capacity: slots.capacity,
      seatsTaken: slots.seatsTaken,
      status: slots.status,
      instructor: instructors.name,
      instructorBio: instructors.bio,
      photoKey: images.key,
      photoWidth: images.width,
      photoHeight: images.height,
      photoAlt: sql<string>`coalesce(${instructors.photoAlt}, '')`,
      offeringId: offerings.id,
      kind: offerings.kind,
      slug: offerings.slug,
      title: offerings.title,
      summary: offerings.summary,
      durationMinutes: offerings.durationMinutes,
      priceMinor: offerings.priceMinor,
      currency: offerings.currency,
      location: offerings.location,
      active: offerings.active,
    })
    .from(slots)
    .innerJoin(offerings, eq(offerings.id, slots.offeringId))
    .leftJoin(instructors, eq(instructors.id, slots.instructorId))
    .leftJoin(images, eq(images.id, instructors.photoImageId))
    .where(eq(slots.id, slotId));
  if (!row || !row.active) return null;
  const { photo, instructorBio, ...slot } = withPhoto(row);
  return {
    ...slot,
    /** Who teaches it, as the booking summary introduces them. */
    coach: slot.instructor ? { name: slot.instructor, bio: instructorBio ?? "", photo } : null,
    seatsLeft: placesLeft(slot),
    isOpen: isBookingOpen(slot, now, closesMinutesBefore),
    closesAt: bookingClosesAt(slot.startsAt, closesMinutesBefore),
    offeringPath: pathForOffering(slot),
  };
}

export type BookableSlot = NonNullable<Awaited<ReturnType<typeof getBookableSlot>>>;
export type OtherSlot = { id: string; startsAt: string; endsAt: string; seatsLeft: number };

/** Other dates of the same offering still open for booking and with room, for "this slot just filled up". */
export async function otherOpenSlots(
  db: Database,
  {
    offeringId,
    exceptSlotId,
    now,
    closesMinutesBefore,
    limit = 4,
  }: { offeringId: string; exceptSlotId: string; now: Date; closesMinutesBefore: number; limit?: number },
): Promise<OtherSlot[]> {
  const rows = await db
    .select({ id: slots.id, startsAt: slots.startsAt, endsAt: slots.endsAt, capacity: slots.capacity, seatsTaken: slots.seatsTaken })
    .from(slots)
    .where(and(eq(slots.offeringId, offeringId), ne(slots.id, exceptSlotId), eq(slots.status, "scheduled"), gt(slots.startsAt, earliestBookableStart(now, closesMinutesBefore))))
    .orderBy(asc(slots.startsAt))
    .limit(limit * 3);
  return rows
    .map((slot) => ({ id: slot.id, startsAt: slot.startsAt.toISOString(), endsAt: slot.endsAt.toISOString(), seatsLeft: placesLeft(slot) }))
    .filter((slot) => slot.seatsLeft > 0)
    .slice(0, limit);
}
