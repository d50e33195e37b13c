import { and, inArray, isNotNull, isNull, like, lt, ne, or } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Database } from "../../db/client";
import { bookings, devMailboxMessages, slots } from "../../db/schema";

/*
 * What the terms promise ("How long we keep it"), done by a daily job:
 *   - the intake answers (where it hurts, for how long, notes) are erased 12 months after the
 *     session, and from a booking never paid 7 days after its hold ended;
 *   - the client network noted for the hold limits is erased once the hold is over (within a day).
 * Erasing sets `intake_erased_at`, so an erased answer never reads as "not sure"; copies in the
 * demo mailbox (demo mode only) go with it.
 */
export const INTAKE_KEPT_AFTER_SESSION = { months: 12 } as const;
export const UNPAID_INTAKE_KEPT_DAYS = 7;

export async function eraseExpiredPersonalData(db: Database, now: Date): Promise<{ intakes: number; networks: number }> {
  const afterSession = DateTime.fromJSDate(now).minus(INTAKE_KEPT_AFTER_SESSION).toJSDate();
  const afterUnpaidHold = DateTime.fromJSDate(now).minus({ days: UNPAID_INTAKE_KEPT_DAYS }).toJSDate();
  const erased = await db
    .update(bookings)
    .set({ painLocation: null, painDuration: null, instructorNotes: null, intakeErasedAt: now, updatedAt: now })
    .where(
      and(
        isNull(bookings.intakeErasedAt),
        or(
          inArray(bookings.slotId, db.select({ id: slots.id }).from(slots).where(lt(slots.startsAt, afterSession))),
          and(isNull(bookings.paidAt), lt(bookings.holdExpiresAt, afterUnpaidHold)),
        ),
      ),
    )
    .returning({ id: bookings.id });
  if (erased.length > 0) {
    // A stored demo email names its booking in its Message-ID (<kind.sequence.bookingId.…@host>).
    await db.delete(devMailboxMessages).where(or(...erased.map(({ id }) => like(devMailboxMessages.messageId, `%.${id}.%`))));
  }
  const networks = await db
    .update(bookings)
    .set({ clientNetwork: null })
    .where(
      and(isNotNull(bookings.clientNetwork), or(ne(bookings.status, "pending_payment"), lt(bookings.holdExpiresAt, now))),
    )
    .returning({ id: bookings.id });
  return { intakes: erased.length, networks: networks.length };
}
