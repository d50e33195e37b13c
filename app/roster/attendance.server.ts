import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { bookings, slots, type Attendance } from "../../db/schema";
import { refuse, RefusedChange, settle, type Outcome, type ScheduleActor } from "../schedule/outcome";
import { recordAudit } from "../staff/audit.server";

/**
 * Marks whether a confirmed booking's customer came (or clears the mark), once the session has
 * started: the front desk checks people in as they arrive, and a date that has ended asks for it.
 * The audit event records the mark only, never anything of the intake.
 */
export async function markAttendance(
  db: Database,
  {
    actor,
    slotId,
    bookingId,
    attendance,
    now,
  }: { actor: ScheduleActor; slotId: string; bookingId: string; attendance: Attendance | null; now: Date },
): Promise<Outcome<{ attendance: Attendance | null }>> {
  return settle(() =>
    db.transaction(async (tx) => {
      const [found] = await tx
        .select({ booking: bookings, startsAt: slots.startsAt })
        .from(bookings)
        .innerJoin(slots, eq(slots.id, bookings.slotId))
        .where(and(eq(bookings.id, bookingId), eq(bookings.slotId, slotId)))
        .for("update", { of: bookings });
      if (!found) throw new RefusedChange(refuse("That booking isn't on this date's roster.", null, 404));
      const { booking } = found;
      if (booking.status !== "confirmed") throw new RefusedChange(refuse(`${booking.reference} isn't a confirmed booking, so there's no attendance to mark.`, null, 409));
      if (found.startsAt > now) throw new RefusedChange(refuse("Attendance can be marked once the session has started.", null, 409));
      if (booking.attendance === attendance) return { attendance };
      await tx
        .update(bookings)
        .set({ attendance, attendanceMarkedAt: attendance ? now : null, updatedAt: now })
        .where(eq(bookings.id, bookingId));
      await recordAudit(tx, {
        actor,
        action: "booking.attendance_marked",
        recordType: "booking",
        recordId: bookingId,
        changes: { before: { reference: booking.reference, attendance: booking.attendance }, after: { reference: booking.reference, attendance } },
        now,
      });
      return { attendance };
    }),
  );
}
