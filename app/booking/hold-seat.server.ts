import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import type { PainDuration, PainLocation } from "../../db/intake";
import { bookings, type Booking } from "../../db/schema";
import { isUuid } from "../utils/ids";
import { releaseExpiredHoldsOnSlot } from "./holds.server";
import { newAccessToken, newBookingReference } from "./reference.server";
import { isBookingOpen, placesForBooking, placesLeft } from "./rules";
import { adjustSeatsTaken, lockSlot } from "./slot-lock.server";

export type BookingRules = {
  maxSeats: number;
  closesMinutesBefore: number;
  checkoutMinutes: number;
  holdGraceMinutes: number;
};

export type HoldSeatInput = {
  slotId: string;
  seats: number;
  customer: { name: string; email: string; phone: string | null };
  intake: { painLocation: PainLocation; painDuration: PainDuration | null; notes: string | null };
  /** The booking token this browser's hold cookie names, if any: only that browser may resume its hold. */
  holdToken: string | null;
  now: Date;
  rules: BookingRules;
};

export type HoldSeatResult =
  | { status: "held"; booking: Booking }
  | { status: "resumed"; booking: Booking }
  | { status: "already_held"; booking: Booking }
  | { status: "full"; seatsLeft: number }
  | { status: "closed" }
  | { status: "not_found" };

const MINUTE = 60_000;

/**
 * Holds places on a slot for a customer, in one transaction: lock the slot row, release its
 * expired holds, re-check that it is open and has room, and write a pending booking with its
 * hold. The slot's seats_taken counter moves in the same transaction and its CHECK constraint
 * refuses an oversell whatever happens here.
 *
 * The same email asking again for the same slot while its hold is live takes no more places:
 * the browser whose hold cookie names that hold gets it back ("resumed"); anyone else gets
 * nothing of it ("already_held": the owner of the email is sent the link instead), because
 * knowing an email and a date must not open someone's booking.
 */
export async function holdSeat(db: Database, input: HoldSeatInput): Promise<HoldSeatResult> {
  const { now, rules } = input;
  if (!isUuid(input.slotId)) return { status: "not_found" };
  const email = input.customer.email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    const locked = await lockSlot(tx, input.slotId);
    if (!locked || !locked.offering.active) return { status: "not_found" } as const;
    const { lock, slot, offering } = locked;
    if (!isBookingOpen(slot, now, rules.closesMinutesBefore)) return { status: "closed" } as const;

    const released = await releaseExpiredHoldsOnSlot(lock, now);

    const [live] = await tx
      .select()
      .from(bookings)
      .where(
        and(
          eq(bookings.slotId, slot.id),
          eq(bookings.customerEmail, email),
          eq(bookings.status, "pending_payment"),
          eq(bookings.holdsSeats, true),
        ),
      )
      .limit(1);
    if (live) {
      const sameBrowser = input.holdToken !== null && input.holdToken === live.accessToken;
      return { status: sameBrowser ? "resumed" : "already_held", booking: live } as const;
    }

    const seats = placesForBooking(offering.kind, input.seats);
    const seatsLeft = placesLeft({ capacity: slot.capacity, seatsTaken: slot.seatsTaken - released });
    if (seats > seatsLeft) return { status: "full", seatsLeft } as const;

    const checkoutExpiresAt = new Date(now.getTime() + rules.checkoutMinutes * MINUTE);
    const holdExpiresAt = new Date(checkoutExpiresAt.getTime() + rules.holdGraceMinutes * MINUTE);
    let booking: Booking | undefined;
    for (let attempt = 0; attempt < 8 && !booking; attempt++) {
      [booking] = await tx
        .insert(bookings)
        .values({
          reference: newBookingReference(),
          accessToken: newAccessToken(),
          slotId: slot.id,
          seats,
          customerName: input.customer.name,
          customerEmail: email,
          customerPhone: input.customer.phone,
          status: "pending_payment",
          unitPriceMinor: offering.priceMinor,
          amountTotalMinor: offering.priceMinor * seats,
          currency: offering.currency,
          holdsSeats: true,
          holdExpiresAt,
          checkoutExpiresAt,
          painLocation: input.intake.painLocation,
          painDuration: input.intake.painDuration,
          instructorNotes: input.intake.notes,
          consentedAt: now,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing({ target: bookings.reference })
        .returning();
    }
    if (!booking) throw new Error("Could not find a free booking reference");
    await adjustSeatsTaken(lock, seats, now);
    return { status: "held", booking } as const;
  });
}
