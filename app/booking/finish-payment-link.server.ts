import type { Database } from "../../db/client";
import type { Booking } from "../../db/schema";
import { lastEmailDueAt, nextEmailSequence, queueEmail } from "../mail/outbox.server";
import type { BookingEffects } from "./effects.server";

/** The link to finish paying goes out at most this often per booking. */
export const FINISH_PAYMENT_LINK_EVERY_MS = 10 * 60_000;

/**
 * Someone asked again for a place the same email already holds, from another browser: the hold
 * isn't handed over, its link is emailed to the address (at most once per 10 minutes per
 * booking, so the form can't be used to flood an inbox). Returns true when an email was queued.
 */
export async function emailFinishPaymentLink(
  db: Database,
  effects: BookingEffects,
  { booking, now }: { booking: Pick<Booking, "id" | "customerEmail">; now: Date },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const last = await lastEmailDueAt(tx, booking.id, "finish_payment");
    if (last && now.getTime() - last.getTime() < FINISH_PAYMENT_LINK_EVERY_MS) return false;
    // Two requests at once compute the same sequence: the unique key lets one of them through.
    const id = await queueEmail(tx, effects, {
      bookingId: booking.id,
      kind: "finish_payment",
      sequence: await nextEmailSequence(tx, booking.id, "finish_payment"),
      to: booking.customerEmail,
      sendAfter: now,
    });
    return id !== null;
  });
}
