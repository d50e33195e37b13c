import { and, asc, count, desc, eq, gte, ilike, lt, or, type SQL } from "drizzle-orm";
import { DateTime } from "luxon";
import { z } from "zod";
import type { Database } from "../../db/client";
import { BOOKING_STATUSES, bookings, offerings, slots, type BookingStatus, type PaymentMethod } from "../../db/schema";

/*
 * Finding a booking while the customer is on the phone: by name, email or reference, narrowed by
 * state, offering and the session's date (days on the studio's calendar), newest session first.
 */

export const BOOKING_SEARCH_PAGE_SIZE = 25;

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-12-01.");

/** The search's query string. Anything that isn't one of these is answered beside its field. */
export const bookingSearchSchema = z.object({
  q: z.string().trim().max(200, "Search for at most 200 characters.").optional().default(""),
  status: z.enum(BOOKING_STATUSES, "Choose a state from the list.").optional(),
  offering: z.uuid("Choose an offering from the list.").optional(),
  from: isoDay.optional(),
  to: isoDay.optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional().default(1),
});
export type BookingSearch = z.infer<typeof bookingSearchSchema>;

export type BookingSearchRow = {
  id: string;
  reference: string;
  name: string;
  email: string | null;
  status: BookingStatus;
  seats: number;
  offeringTitle: string;
  startsAt: Date;
  slotId: string;
  paidMinor: number | null;
  currency: string;
  paymentMethod: PaymentMethod | null;
};

export type BookingSearchResult = { rows: BookingSearchRow[]; total: number; page: number; pages: number };

/** `%` and `_` typed by staff are letters, not wildcards. */
const literal = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function searchBookings(
  db: Database,
  search: BookingSearch,
  { timeZone }: { timeZone: string },
): Promise<BookingSearchResult> {
  const where: SQL[] = [];
  const q = search.q.trim();
  if (q) {
    const like = `%${literal(q)}%`;
    where.push(or(ilike(bookings.customerName, like), ilike(bookings.customerEmail, like), ilike(bookings.reference, like))!);
  }
  if (search.status) where.push(eq(bookings.status, search.status));
  if (search.offering) where.push(eq(slots.offeringId, search.offering));
  const day = (iso: string) => DateTime.fromISO(iso, { zone: timeZone }).startOf("day");
  if (search.from) where.push(gte(slots.startsAt, day(search.from).toJSDate()));
  if (search.to) where.push(lt(slots.startsAt, day(search.to).plus({ days: 1 }).toJSDate()));
  const condition = where.length > 0 ? and(...where) : undefined;

  const [{ total } = { total: 0 }] = await db
    .select({ total: count() })
    .from(bookings)
    .innerJoin(slots, eq(slots.id, bookings.slotId))
    .where(condition);
  const pages = Math.max(1, Math.ceil(total / BOOKING_SEARCH_PAGE_SIZE));
  const page = Math.min(search.page, pages);
  const rows = await db
    .select({
      id: bookings.id,
      reference: bookings.reference,
      name: bookings.customerName,
      email: bookings.customerEmail,
      status: bookings.status,
      seats: bookings.seats,
      offeringTitle: offerings.title,
      startsAt: slots.startsAt,
      slotId: slots.id,
      paidMinor: bookings.amountPaidMinor,
      currency: bookings.currency,
      paymentMethod: bookings.paymentMethod,
    })
    .from(bookings)
    .innerJoin(slots, eq(slots.id, bookings.slotId))
    .innerJoin(offerings, eq(offerings.id, slots.offeringId))
    .where(condition)
    .orderBy(desc(slots.startsAt), asc(bookings.customerName), asc(bookings.id))
    .limit(BOOKING_SEARCH_PAGE_SIZE)
    .offset((page - 1) * BOOKING_SEARCH_PAGE_SIZE);
  return { rows, total, page, pages };
}

/** Offerings for the filter, active first. */
export async function offeringChoices(db: Database): Promise<{ id: string; title: string }[]> {
  return db.select({ id: offerings.id, title: offerings.title }).from(offerings).orderBy(desc(offerings.active), asc(offerings.title));
}
