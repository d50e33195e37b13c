import { Link } from "@remix-run/react";
import { workshopEventJsonLd } from "~/catalog/event-json-ld";
import type { OfferingPageData } from "~/catalog/offering-page.server";
import { formatMoney } from "../../emails/format/money";
import { formatLongDate, formatTimeRange, zoneAbbreviation } from "../../emails/format/time";
import { JsonLd, SeatsPill } from "./catalog";

type Slot = OfferingPageData["slots"][number];

function groupByStudioDay(slots: Slot[], timeZone: string) {
  const groups = new Map<string, Slot[]>();
  for (const slot of slots) {
    const day = formatLongDate(slot.startsAt, timeZone);
    const group = groups.get(day);
    if (group) group.push(slot);
    else groups.set(day, [slot]);
  }
  return [...groups.entries()];
}

/** A workshop's upcoming dates by studio day, each with its places left and a booking link. */
export function WorkshopDates({ data }: { data: OfferingPageData }) {
  const { offering, slots, timeZone } = data;
  const openSlots = slots.filter((slot) => slot.seatsLeft > 0);
  const days = groupByStudioDay(slots, timeZone);
  const price = formatMoney(offering.priceMinor, offering.currency);
  return (
    <section aria-labelledby="dates-title" className="offering-dates">
      <h2 id="dates-title">Upcoming dates</h2>
      <p className="muted">
        Times are studio time ({timeZone.replace("_", " ")}). {openSlots.length} of {slots.length} upcoming dates have
        places.
      </p>
      {slots.length === 0 ? (
        <div className="empty-state">
          <h3>No dates scheduled yet</h3>
          <p>We add new dates every few weeks. Please check back soon.</p>
        </div>
      ) : (
        days.map(([day, daySlots]) => (
          <div key={day} className="slot-group">
            <h3 className="slot-day">{day}</h3>
            <ul className="slot-list">
              {daySlots.map((slot) => (
                <li key={slot.id} className={slot.seatsLeft > 0 ? "slot" : "slot slot--full"} data-testid="slot">
                  <div>
                    <div className="slot__time">
                      <time dateTime={slot.startsAt}>{formatTimeRange(slot.startsAt, slot.endsAt, timeZone)}</time>{" "}
                      <abbr title={`Studio time (${timeZone})`}>{zoneAbbreviation(slot.startsAt, timeZone)}</abbr>
                    </div>
                    <div className="slot__who">
                      {price}
                      {slot.instructor ? ` · with ${slot.instructor}` : null}
                    </div>
                  </div>
                  <SeatsPill seatsLeft={slot.seatsLeft} />
                  <div className="slot__action">
                    {slot.seatsLeft > 0 ? (
                      <Link to={`/book/${slot.id}`} className="button button--primary">
                        Book a seat
                        <span className="visually-hidden">
                          {" "}
                          on {day} at {formatTimeRange(slot.startsAt, slot.endsAt, timeZone)}
                        </span>
                      </Link>
                    ) : (
                      <span className="visually-hidden">No places left at this time</span>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          </div>
        ))
      )}
      {slots.length > 0 ? (
        <JsonLd
          data={slots.map((slot) =>
            workshopEventJsonLd({
              baseUrl: data.baseUrl,
              path: data.path,
              title: offering.title,
              summary: offering.summary,
              startsAt: slot.startsAt,
              endsAt: slot.endsAt,
              priceMinor: offering.priceMinor,
              currency: offering.currency,
              seatsLeft: slot.seatsLeft,
              studioName: data.studioName,
              address: offering.location,
            }),
          )}
        />
      ) : null}
    </section>
  );
}
