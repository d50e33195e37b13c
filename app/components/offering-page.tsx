import { Link } from "@remix-run/react";
import { Breadcrumbs } from "./breadcrumbs";
import { workshopEventJsonLd } from "~/catalog/event-json-ld";
import type { OfferingPageData } from "~/catalog/offering-page.server";
import { formatMoney } from "../../emails/format/money";
import { formatDuration, formatLongDate, formatTimeRange, zoneAbbreviation } from "../../emails/format/time";
import { JsonLd, SeatsPill } from "./catalog";
import { CoachIntro } from "./coach";
import { Picture } from "./picture";

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

export function OfferingPage({ data }: { data: OfferingPageData }) {
  const { offering, slots, timeZone, instructors } = data;
  const isWorkshop = offering.kind === "workshop";
  const openSlots = slots.filter((slot) => slot.seatsLeft > 0);
  const days = groupByStudioDay(slots, timeZone);
  return (
    <div className="container">
      <Breadcrumbs
        trail={[
          { to: "/", label: "Home" },
          isWorkshop ? { to: "/#workshops", label: "Workshops" } : { to: "/#one-on-one", label: "One-on-one sessions" },
        ]}
        current={offering.title}
      />
      <div className="offering-layout">
        <div>
          <p className="eyebrow">{isWorkshop ? "Group workshop" : "One-on-one session"}</p>
          <h1>{offering.title}</h1>
          <p className="lead">{offering.summary}</p>
          {offering.photo ? (
            <Picture
              photo={offering.photo}
              sizes="(min-width: 72rem) 40rem, (min-width: 56rem) 55vw, calc(100vw - 2.5rem)"
              className="offering-photo"
              priority
            />
          ) : null}
          <p>{offering.description}</p>

          {instructors.length > 0 ? (
            <section aria-labelledby="coach-title" className="coaches">
              <h2 id="coach-title">{instructors.length === 1 ? "Your coach" : "Your coaches"}</h2>
              <ul className="coach-list">
                {instructors.map((instructor) => (
                  <li key={instructor.id}>
                    <CoachIntro coach={instructor} />
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          <section aria-labelledby="dates-title" className="section">
            <h2 id="dates-title">{isWorkshop ? "Upcoming dates" : "Choose a time"}</h2>
            <p className="muted">
              Times are shown in studio time ({timeZone.replace("_", " ")}).{" "}
              {isWorkshop
                ? `${openSlots.length} of ${slots.length} upcoming dates have places.`
                : `${openSlots.length} free ${openSlots.length === 1 ? "time" : "times"} coming up.`}
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
                            <time dateTime={slot.startsAt}>
                              {formatTimeRange(slot.startsAt, slot.endsAt, timeZone)}
                            </time>{" "}
                            <abbr title={`Studio time (${timeZone})`}>{zoneAbbreviation(slot.startsAt, timeZone)}</abbr>
                          </div>
                          {slot.instructor ? <div className="slot__who">with {slot.instructor}</div> : null}
                        </div>
                        <SeatsPill seatsLeft={slot.seatsLeft} oneToOne={!isWorkshop} />
                        <div className="slot__action">
                          {slot.seatsLeft > 0 ? (
                            <Link to={`/book/${slot.id}`} className="button button--primary">
                              {isWorkshop ? "Book a seat" : "Choose this time"}
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
          </section>
        </div>

        <aside className="offering-layout__aside" aria-label="At a glance">
          <dl className="facts">
            <dt>Price</dt>
            <dd>
              {formatMoney(offering.priceMinor, offering.currency)} {isWorkshop ? "per place" : "per session"}
            </dd>
            <dt>Length</dt>
            <dd>{formatDuration(offering.durationMinutes)}</dd>
            <dt>Group</dt>
            <dd>{isWorkshop ? `Up to ${offering.defaultCapacity} runners` : "Just you and your coach"}</dd>
            <dt>Where</dt>
            <dd>{offering.location}</dd>
          </dl>
          {offering.whatToBring.length > 0 ? (
            <section className="bring" aria-labelledby="bring-title">
              <h2 id="bring-title">What to bring</h2>
              <ul>
                {offering.whatToBring.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ul>
            </section>
          ) : null}
          <p className="note">
            Before your session you'll get a short read on knee pain after running, matched to where your knee hurts.{" "}
            <Link to="/knee-pain-after-running">Read it now</Link>.
          </p>
        </aside>
      </div>
      {isWorkshop && slots.length > 0 ? (
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
    </div>
  );
}
