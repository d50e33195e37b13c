import { eq, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { bookings, instructors, offerings, slots, type Booking, type Instructor, type Offering, type Slot } from "../../db/schema";
import { legacyTokenHash, type BookingLinks } from "./booking-links.server";

/** A booking with the slot it is for, that slot's offering and instructor: what every page and email about it reads. */
export type BookingDetails = { booking: Booking; slot: Slot; offering: Offering; instructor: Instructor | null };

export async function findBookingDetails(db: Database, where: SQL): Promise<BookingDetails | null> {
  const [row] = await db
    .select({ booking: bookings, slot: slots, offering: offerings, instructor: instructors })
    .from(bookings)
    .innerJoin(slots, eq(slots.id, bookings.slotId))
    .innerJoin(offerings, eq(offerings.id, slots.offeringId))
    .leftJoin(instructors, eq(instructors.id, slots.instructorId))
    .where(where)
    .limit(1);
  return row ?? null;
}

/** A booking by the token in its URL (signed, or a link issued before signing); null when it opens nothing. */
export async function getBookingByToken(db: Database, links: BookingLinks, token: string): Promise<BookingDetails | null> {
  const bookingId = links.bookingIdFrom(token);
  if (bookingId) return findBookingDetails(db, eq(bookings.id, bookingId));
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return null;
  return findBookingDetails(db, eq(bookings.legacyTokenHash, legacyTokenHash(token)));
}
