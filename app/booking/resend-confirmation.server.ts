import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { bookings, slots } from "../../db/schema";
import { nextEmailSequence, queueEmail } from "../mail/outbox.server";
import { refuse, RefusedChange, settle, type Outcome, type ScheduleActor } from "../schedule/outcome";
import { recordAudit } from "../staff/audit.server";
import type { BookingEffects } from "./effects.server";
import { reminderTimeFor } from "./reminders.server";

/**
 * Sends a confirmed booking's confirmation again (a customer lost it): a new outbox row, so the
 * delivery is tracked like any email, rendered from the booking as it is now. Its invite has the
 * booking's calendar UID and current SEQUENCE, so it updates the event a calendar already has
 * rather than adding a second one, and its link is the booking's (links are derived, never stored).
 */
export async function resendConfirmation(
  db: Database,
  effects: BookingEffects,
  { actor, bookingId, now }: { actor: ScheduleActor; bookingId: string; now: Date },
): Promise<Outcome<{ emailMessageId: string; to: string }>> {
  return settle(() =>
    db.transaction(async (tx) => {
      const [found] = await tx
        .select({ booking: bookings, startsAt: slots.startsAt })
        .from(bookings)
        .innerJoin(slots, eq(slots.id, bookings.slotId))
        .where(eq(bookings.id, bookingId))
        .for("update", { of: bookings });
      if (!found) throw new RefusedChange(refuse("That booking doesn't exist.", null, 404));
      const { booking, startsAt } = found;
      if (booking.status !== "confirmed") throw new RefusedChange(refuse("Only a confirmed booking has a confirmation to send.", null, 409));
      if (!booking.customerEmail) throw new RefusedChange(refuse("This booking has no email address to send to.", null, 409));
      const shortLead = reminderTimeFor(startsAt, effects.reminderHoursBefore, effects.timeZone) <= now;
      const id = await queueEmail(tx, effects, {
        bookingId: booking.id,
        kind: "booking_confirmed",
        sequence: await nextEmailSequence(tx, booking.id, "booking_confirmed"),
        to: booking.customerEmail,
        sendAfter: now,
        payload: { includeReminderChecklist: shortLead && startsAt > now, resent: true },
      });
      await recordAudit(tx, {
        actor,
        action: "booking.confirmation_resent",
        recordType: "booking",
        recordId: booking.id,
        changes: { after: { to: booking.customerEmail } },
        now,
      });
      return { emailMessageId: id!, to: booking.customerEmail };
    }),
  );
}
