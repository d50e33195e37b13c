import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { slots, type Slot } from "../../db/schema";
import type { BookingEffects } from "../booking/effects.server";
import { cancelBookingsOfCancelledSlot, type CancelledBookings } from "../booking/slot-changes.server";
import { lockSlot } from "../booking/slot-lock.server";
import { recordAudit } from "../staff/audit.server";
import { refuse, RefusedChange, settle, type Outcome, type ScheduleActor } from "./outcome";

export type CancelDateResult = CancelledBookings & { slot: Slot; alreadyCancelled: boolean };

/**
 * Cancels a date (owners): one transaction under the slot's lock marks it cancelled (so it leaves
 * the catalog), cancels every confirmed booking with a full refund and a "cancelled by the studio"
 * email, and releases every hold. Idempotent: a second run, even at the same moment, waits for the
 * lock, finds the date cancelled and changes nothing, so each booking is refunded exactly once.
 */
export async function cancelDate(
  db: Database,
  effects: BookingEffects,
  { actor, slotId, message, now }: { actor: ScheduleActor; slotId: string; message: string | null; now: Date },
): Promise<Outcome<CancelDateResult>> {
  if (actor.role !== "owner") return refuse("Only the studio's owner can cancel a date, as it refunds everyone booked.", null, 403);
  return settle(() =>
    db.transaction(async (tx) => {
      const locked = await lockSlot(tx, slotId);
      if (!locked) throw new RefusedChange(refuse("That date doesn't exist.", null, 404));
      if (locked.slot.status === "cancelled") {
        return { slot: locked.slot, alreadyCancelled: true, cancelled: 0, refundsRequested: 0, holdsReleased: 0 };
      }
      if (locked.slot.endsAt <= now) throw new RefusedChange(refuse("This date is over, so it can't be cancelled.", null, 409));
      const [slot] = await tx
        .update(slots)
        .set({ status: "cancelled", cancelledAt: now, updatedAt: now })
        .where(eq(slots.id, slotId))
        .returning();
      const outcome = await cancelBookingsOfCancelledSlot({ ...locked, slot: slot! }, effects, { message, now });
      await recordAudit(tx, {
        actor,
        action: "date.cancelled",
        recordType: "slot",
        recordId: slotId,
        changes: { before: { status: "scheduled" }, after: { status: "cancelled", ...outcome } },
        now,
      });
      return { slot: slot!, alreadyCancelled: false, ...outcome };
    }),
  );
}
