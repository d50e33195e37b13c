import type { ReactNode } from "react";
import { formatMoney } from "../../emails/format/money";
import { formatDuration, formatLongDate, formatTimeRange, zoneAbbreviation } from "../../emails/format/time";

export type SlotFactsSlot = {
  kind: "workshop" | "private";
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  location: string;
  priceMinor: number;
  currency: string;
};

/**
 * A date's facts beside the booking form and the "can't be booked" page: when (in the studio's
 * zone), length, where, price. `now` says how it stands (after "When"), `after` adds lines at the end.
 */
export function SlotFacts({ slot, timeZone, now, after }: { slot: SlotFactsSlot; timeZone: string; now?: ReactNode; after?: ReactNode }) {
  const when = `${formatLongDate(slot.startsAt, timeZone)}, ${formatTimeRange(slot.startsAt, slot.endsAt, timeZone)} ${zoneAbbreviation(slot.startsAt, timeZone)}`;
  return (
    <dl className="summary__facts">
      <dt>When</dt>
      <dd>
        <time dateTime={slot.startsAt}>{when}</time>
      </dd>
      {now ? (
        <>
          <dt>Now</dt>
          <dd>{now}</dd>
        </>
      ) : null}
      <dt>Length</dt>
      <dd>{formatDuration(slot.durationMinutes)}</dd>
      <dt>Where</dt>
      <dd>{slot.location}</dd>
      <dt>Price</dt>
      <dd>
        {formatMoney(slot.priceMinor, slot.currency)} {slot.kind === "private" ? "per session" : "per place"}
      </dd>
      {after}
    </dl>
  );
}
