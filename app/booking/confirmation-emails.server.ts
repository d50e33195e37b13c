import type { Database } from "../../db/client";
import type { Booking } from "../../db/schema";
import { queueEmail } from "../mail/outbox.server";
import type { BookingEffects } from "./effects.server";
import { reminderTimeFor } from "./reminders.server";

/**
 * What the customer of a newly confirmed booking gets, queued in the confirming transaction: the
 * confirmation, and the reminder (or, when the session is too close for one, the reminder's
 * checklist inside the confirmation). Paid online or made by staff at the studio alike; staff may
 * leave the confirmation out (`sendConfirmation: false`), and a booking without an email address
 * gets nothing (queueEmail queues nothing for no address).
 */
export async function queueCustomerConfirmation(
  tx: Database,
  effects: BookingEffects,
  {
    booking,
    startsAt,
    now,
    sendConfirmation = true,
  }: { booking: Pick<Booking, "id" | "customerEmail">; startsAt: Date; now: Date; sendConfirmation?: boolean },
): Promise<void> {
  const remindAt = reminderTimeFor(startsAt, effects.reminderHoursBefore, effects.timeZone);
  const shortLead = remindAt <= now;
  if (sendConfirmation) {
    await queueEmail(tx, effects, {
      bookingId: booking.id,
      kind: "booking_confirmed",
      to: booking.customerEmail,
      sendAfter: now,
      payload: { includeReminderChecklist: shortLead },
    });
  }
  if (!shortLead) {
    await queueEmail(tx, effects, { bookingId: booking.id, kind: "reminder", to: booking.customerEmail, sendAfter: remindAt });
  }
}
