import { Link } from "@remix-run/react";
import { studioDayOf } from "~/catalog/studio-days";
import { formatShortDate, formatSlotWhen, formatTimeRange, zoneAbbreviation } from "../../emails/format/time";
import { Breadcrumbs } from "./breadcrumbs";
import { SeatsPill } from "./catalog";
import { SlotFacts } from "./slot-facts";
import { TimesByDay, type TimeChoice } from "./time-picker";

/**
 * Why a date or time can't be booked from its booking page: a one-to-one someone else has
 * taken, a workshop date with no places left, or a date whose online booking has closed.
 */
export type UnavailableReason = "taken" | "full" | "closed";

/**
 * Whether a booking page can offer its form: not when the date has no place left (unless this
 * browser holds one of them) or a submit just lost the race for it ("taken" for a one-to-one,
 * never "full"), nor once online booking has closed.
 */
export function unavailableReason(
  slot: { kind: "workshop" | "private"; seatsLeft: number; isOpen: boolean },
  { lostRace, heldHere }: { lostRace: boolean; heldHere: boolean },
): UnavailableReason | null {
  if (lostRace || (slot.seatsLeft === 0 && !heldHere)) return slot.kind === "private" ? "taken" : "full";
  return slot.isOpen ? null : "closed";
}

type OtherDate = { id: string; startsAt: string; endsAt: string; seatsLeft: number };

export type UnavailableSlot = {
  kind: "workshop" | "private";
  title: string;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  priceMinor: number;
  currency: string;
  location: string;
  offeringPath: string;
};

/**
 * The booking page of a date that can't be booked. It leads with where to go instead (a
 * workshop's next dates with room, or the free times nearest a taken one-to-one), never with the
 * booking steps. "Nothing was charged" is said only to someone whose submit lost the race.
 */
export function UnavailableTime({
  reason,
  lostRace,
  slot,
  otherDates,
  nearestTimes,
  timeZone,
  closesHours,
}: {
  reason: UnavailableReason;
  lostRace: boolean;
  slot: UnavailableSlot;
  otherDates: OtherDate[];
  nearestTimes: TimeChoice[];
  timeZone: string;
  closesHours: number;
}) {
  const oneToOne = slot.kind === "private";
  const { title, lead } = wording(reason, lostRace, oneToOne, closesHours);
  const allTimesHref = oneToOne ? `${slot.offeringPath}?day=${studioDayOf(slot.startsAt, timeZone)}#times` : slot.offeringPath;

  return (
    <div className="container">
      <Breadcrumbs trail={[{ to: "/", label: "Home" }, { to: slot.offeringPath, label: slot.title }]} current="Book" />
      <div className="booking-layout booking-layout--unavailable">
        <section aria-labelledby="unavailable-title" className="unavailable" data-testid="unavailable">
          <h1 id="unavailable-title">{title}</h1>
          <p className="lead">{lead}</p>
          {lostRace ? <p className="unavailable__charged">Nothing was charged and nothing was booked.</p> : null}

          <h2 className="unavailable__instead">
            {oneToOne ? "The nearest free times" : reason === "closed" ? "Dates still open" : "Dates with room"}
          </h2>
          {oneToOne ? (
            nearestTimes.length > 0 ? (
              <TimesByDay times={nearestTimes} timeZone={timeZone} />
            ) : (
              <p>There are no other free times just now. New times are added regularly.</p>
            )
          ) : (
            <OtherDates others={otherDates} timeZone={timeZone} />
          )}
          <p className="unavailable__more">
            <Link to={allTimesHref} className="button button--quiet">
              {oneToOne ? "See all free times" : "See all dates"}
              <span className="visually-hidden"> for {slot.title}</span>
            </Link>
          </p>
        </section>

        <aside className="summary summary--unavailable" aria-labelledby="chosen-title">
          <h2 id="chosen-title">{oneToOne ? "The time you chose" : "The date you chose"}</h2>
          <p className="summary__title">{slot.title}</p>
          <SlotFacts
            slot={slot}
            timeZone={timeZone}
            now={<span className="pill pill--full">{reason === "taken" ? "Taken" : reason === "full" ? "Full" : "Booking closed"}</span>}
          />
        </aside>
      </div>
    </div>
  );
}

function wording(reason: UnavailableReason, lostRace: boolean, oneToOne: boolean, closesHours: number) {
  switch (reason) {
    case "taken":
      return lostRace
        ? { title: "Sorry, this time was just taken", lead: "Someone else booked it while you were filling in the form." }
        : { title: "This time has just been taken", lead: "Someone else booked it a moment ago." };
    case "full":
      return lostRace
        ? { title: "Sorry, this date just filled up", lead: "The last places went while you were filling in the form." }
        : { title: "This date is full", lead: "Every place on it has been taken." };
    case "closed":
      return {
        title: oneToOne ? "Booking for this time has closed" : "Booking for this date has closed",
        lead: `Online booking closes ${closesHours} ${closesHours === 1 ? "hour" : "hours"} before a session starts.`,
      };
    default: {
      const unknown: never = reason;
      throw new Error(`Unknown reason: ${String(unknown)}`);
    }
  }
}

function OtherDates({ others, timeZone }: { others: OtherDate[]; timeZone: string }) {
  if (others.length === 0) return <p>There are no other dates with places just now. New dates are added every few weeks.</p>;
  return (
    <ul className="slot-list">
      {others.map((other) => (
        <li key={other.id} className="slot" data-testid="other-date">
          <div>
            <div className="slot__time">{formatShortDate(other.startsAt, timeZone)}</div>
            <div className="slot__who">
              {formatTimeRange(other.startsAt, other.endsAt, timeZone)} {zoneAbbreviation(other.startsAt, timeZone)}
            </div>
          </div>
          <SeatsPill seatsLeft={other.seatsLeft} />
          <div className="slot__action">
            <Link to={`/book/${other.id}`} className="button button--primary">
              Book this date
              <span className="visually-hidden"> ({formatSlotWhen(other.startsAt, other.endsAt, timeZone)})</span>
            </Link>
          </div>
        </li>
      ))}
    </ul>
  );
}
