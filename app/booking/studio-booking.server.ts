import type { Database } from "../../db/client";
import type { PainDuration, PainLocation } from "../../db/intake";
import { eq } from "drizzle-orm";
import { offerings, slots, type Booking, type Offering, type Slot } from "../../db/schema";
import { refuse, RefusedChange, settle, type Outcome, type ScheduleActor } from "../schedule/outcome";
import { recordAudit } from "../staff/audit.server";
import { isUuid } from "../utils/ids";
import { queueCustomerConfirmation } from "./confirmation-emails.server";
import type { BookingEffects } from "./effects.server";
import { placesForBooking, placesLeft } from "./rules";
import { CONSENT_NEEDED } from "./studio-booking-form";
import { lockSlot } from "./slot-lock.server";
import { takePlaces } from "./take-places.server";

/** How a booking made at the studio is paid: at the desk (cash or card terminal), or not at all (owners). */
export type StudioPayment = { method: "studio"; amountMinor: number } | { method: "complimentary" };

export type StudioBookingInput = {
  actor: ScheduleActor;
  slotId: string;
  seats: number;
  customer: { name: string; email: string | null; phone: string | null };
  payment: StudioPayment;
  /** Staff may leave the confirmation out; without an email nothing is sent anyway. */
  sendConfirmation: boolean;
  /** The knee answers, only with the customer's agreement that the studio keeps them. */
  intake: null | { painLocation: PainLocation; painDuration: PainDuration | null; notes: string | null; consented: boolean };
  now: Date;
};

export const CLOSED_WORDS = {
  cancelled: "This date was cancelled, so it takes no bookings.",
  ended: "This date has ended, so it takes no more bookings.",
  archived: "This offering is archived, so it takes no new bookings. Restore it first.",
} as const;

/**
 * A booking staff make on a date's roster (a walk-in or a phone call). It takes its places
 * through takePlaces under the slot lock, like the website's hold, so capacity holds whoever
 * books; of the website's rules only capacity applies (no close time, no per-booking maximum, no
 * hold limits, no rate limit), and the date can be booked until it ends. It starts `confirmed`:
 * it is paid at the studio (the amount staff took) or complimentary (owners only), so there is no
 * hold and no checkout. Its customer gets the confirmation and the reminder as an online booking's
 * would, unless staff leave the confirmation out or there is no email; the studio's new-booking
 * notice is for bookings made online, which staff didn't see happen. An audit event records it,
 * never the intake.
 */
export async function bookAtStudio(db: Database, effects: BookingEffects, input: StudioBookingInput): Promise<Outcome<Booking>> {
  const { actor, payment, intake, now } = input;
  if (!isUuid(input.slotId)) return refuse("There's no date at this address.", null, 404);
  if (payment.method === "complimentary" && actor.role !== "owner") {
    return refuse("Only the studio's owner can give a complimentary place.", "payment", 403);
  }
  if (payment.method === "studio" && (!Number.isInteger(payment.amountMinor) || payment.amountMinor < 0)) {
    return refuse("Please enter the amount paid, like 28 or 28.50 (0 or more).", "amount");
  }
  if (intake && !intake.consented) {
    return refuse(CONSENT_NEEDED, "consent");
  }
  const email = input.customer.email?.trim().toLowerCase() || null;

  return settle(() =>
    db.transaction(async (tx) => {
      const locked = await lockSlot(tx, input.slotId);
      if (!locked) throw new RefusedChange(refuse("There's no date at this address.", null, 404));
      const { slot, offering } = locked;
      const closed = studioBookingClosed(slot, offering, now);
      if (closed) throw new RefusedChange(refuse(CLOSED_WORDS[closed], null, 409));

      const seats = placesForBooking(offering.kind, input.seats);
      const paidMinor = payment.method === "studio" ? payment.amountMinor : 0;
      const taken = await takePlaces(locked, {
        seats,
        now,
        booking: {
          customerName: input.customer.name,
          customerEmail: email,
          customerPhone: input.customer.phone,
          status: "confirmed",
          source: "studio",
          bookedByStaffId: actor.id,
          unitPriceMinor: offering.priceMinor,
          amountTotalMinor: paidMinor,
          currency: offering.currency,
          paymentMethod: payment.method,
          amountPaidMinor: paidMinor,
          paidCurrency: offering.currency,
          paidAt: now,
          confirmedAt: now,
          painLocation: intake?.painLocation ?? null,
          painDuration: intake?.painDuration ?? null,
          instructorNotes: intake?.notes ?? null,
          // The column defaults to now; a booking without answers has no consent to record.
          consentedAt: intake ? now : null,
        },
      });
      if (taken.status === "full") {
        throw new RefusedChange(
          taken.seatsLeft === 0
            ? refuse("This date is full: no places are left.", null, 409)
            : refuse(`Only ${taken.seatsLeft} ${taken.seatsLeft === 1 ? "place is" : "places are"} left on this date.`, "seats", 409),
        );
      }
      const { booking } = taken;

      const sendConfirmation = input.sendConfirmation && email !== null;
      await queueCustomerConfirmation(tx, effects, { booking, startsAt: slot.startsAt, now, sendConfirmation });
      await recordAudit(tx, {
        actor,
        action: "booking.made_at_studio",
        recordType: "booking",
        recordId: booking.id,
        changes: {
          after: {
            reference: booking.reference,
            places: seats,
            payment: payment.method,
            amountPaidMinor: paidMinor,
            currency: offering.currency,
            email: email !== null,
            confirmationSent: sendConfirmation,
          },
        },
        now,
      });
      return booking;
    }),
  );
}

/** Why a date takes no booking at the studio now, or null when it does (places aside). */
export function studioBookingClosed(slot: Pick<Slot, "status" | "endsAt">, offering: Pick<Offering, "active">, now: Date): "cancelled" | "ended" | "archived" | null {
  if (slot.status === "cancelled") return "cancelled";
  if (slot.endsAt <= now) return "ended";
  if (!offering.active) return "archived";
  return null;
}

/** A date as the "Add a booking" page shows it: the date, its offering and price, and the places left now. */
export async function dateForStudioBooking(
  db: Database,
  slotId: string,
  now: Date,
): Promise<{ slot: Slot; offering: Offering; placesLeft: number; closed: ReturnType<typeof studioBookingClosed> } | null> {
  if (!isUuid(slotId)) return null;
  const [row] = await db.select({ slot: slots, offering: offerings }).from(slots).innerJoin(offerings, eq(offerings.id, slots.offeringId)).where(eq(slots.id, slotId));
  if (!row) return null;
  const left = row.offering.kind === "private" ? Math.min(1, placesLeft(row.slot)) : placesLeft(row.slot);
  return { ...row, placesLeft: left, closed: studioBookingClosed(row.slot, row.offering, now) };
}
