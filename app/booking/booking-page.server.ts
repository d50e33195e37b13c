import { and, asc, eq, gt, ne } from "drizzle-orm";
import { isUuid } from "../utils/ids";
import type { Database } from "../../db/client";
import { bookings, offerings, slots } from "../../db/schema";
import { pathForOffering } from "../catalog/catalog.server";


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
      instructor: slots.instructor,
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
    .where(eq(slots.id, slotId));
  if (!row || !row.active) return null;
  const closesAt = new Date(row.startsAt.getTime() - closesMinutesBefore * 60_000);
  return {
    ...row,
    seatsLeft: Math.max(0, row.capacity - row.seatsTaken),
    isOpen: row.status === "scheduled" && closesAt > now,
    closesAt,
    offeringPath: pathForOffering(row),
  };
}

/** Other upcoming dates of the same offering with room, for "this slot just filled up". */
export async function otherOpenSlots(
  db: Database,
  { offeringId, exceptSlotId, now, limit = 4 }: { offeringId: string; exceptSlotId: string; now: Date; limit?: number },
) {
  const rows = await db
    .select({ id: slots.id, startsAt: slots.startsAt, endsAt: slots.endsAt, capacity: slots.capacity, seatsTaken: slots.seatsTaken })
    .from(slots)
    .where(and(eq(slots.offeringId, offeringId), ne(slots.id, exceptSlotId), eq(slots.status, "scheduled"), gt(slots.startsAt, now)))
    .orderBy(asc(slots.startsAt))
    .limit(limit * 3);
  return rows
    .filter((slot) => slot.seatsTaken < slot.capacity)
    .slice(0, limit)
    .map((slot) => ({ id: slot.id, startsAt: slot.startsAt.toISOString(), endsAt: slot.endsAt.toISOString(), seatsLeft: slot.capacity - slot.seatsTaken }));
}

/** A booking by the secret in its URL, with what its page shows; null when there is none. */
export async function getBookingByToken(db: Database, token: string) {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return null;
  const [row] = await db
    .select({ booking: bookings, slot: slots, offering: offerings })
    .from(bookings)
    .innerJoin(slots, eq(slots.id, bookings.slotId))
    .innerJoin(offerings, eq(offerings.id, slots.offeringId))
    .where(eq(bookings.accessToken, token));
  return row ?? null;
}
