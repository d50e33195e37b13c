import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import { Breadcrumbs } from "./breadcrumbs";
import type { CatalogInstructor, CatalogOffering } from "~/catalog/catalog.server";
import { formatMoney } from "../../emails/format/money";
import { formatDuration } from "../../emails/format/time";
import { CoachIntro } from "./coach";
import { Picture } from "./picture";

/** What every offering page shows about the offering itself, whatever way it is booked. */
export type OfferingPageBase = {
  offering: CatalogOffering;
  instructors: CatalogInstructor[];
};

/**
 * A workshop's or one-on-one session's page. What a customer decides on comes first: the title,
 * then the facts (price, length, group, coach, where), then the dates or the time picker
 * (`children`), then the longer story, the coaches and what to bring. On wide screens the facts
 * sit beside the dates and stay in view while the dates scroll.
 */
export function OfferingPage({ data, children }: { data: OfferingPageBase; children: ReactNode }) {
  const { offering, instructors } = data;
  const isWorkshop = offering.kind === "workshop";
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
        <div className="offering-layout__head">
          <p className="eyebrow">{isWorkshop ? "Group workshop" : "One-on-one session"}</p>
          <h1>{offering.title}</h1>
          <p className="lead">{offering.summary}</p>
        </div>

        <aside className="offering-layout__facts" aria-label="At a glance">
          <OfferingFacts offering={offering} coaches={instructors.map((instructor) => instructor.name)} />
        </aside>

        <div className="offering-layout__book">{children}</div>

        <div className="offering-layout__about">
          {offering.photo ? (
            <Picture
              photo={offering.photo}
              sizes="(min-width: 72rem) 40rem, (min-width: 56rem) 55vw, calc(100vw - 2.5rem)"
              className="offering-photo"
            />
          ) : null}
          <h2 className="visually-hidden">About this {isWorkshop ? "workshop" : "session"}</h2>
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
        </div>

        <div className="offering-layout__extras">
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
        </div>
      </div>
    </div>
  );
}

/** Price, length, group, coach and place: what a customer decides on, before any list of dates. */
function OfferingFacts({ offering, coaches }: { offering: CatalogOffering; coaches: string[] }) {
  const isWorkshop = offering.kind === "workshop";
  return (
    <dl className="facts">
      <div className="facts__item">
        <dt>Price</dt>
        <dd data-testid="offering-price">
          <span className="facts__price">{formatMoney(offering.priceMinor, offering.currency)}</span>{" "}
          {isWorkshop ? "per place" : "per session"}
        </dd>
      </div>
      <div className="facts__item">
        <dt>Length</dt>
        <dd>{formatDuration(offering.durationMinutes)}</dd>
      </div>
      <div className="facts__item">
        <dt>Group</dt>
        <dd>{isWorkshop ? `Up to ${offering.defaultCapacity} runners` : "Just you and your coach"}</dd>
      </div>
      {coaches.length > 0 ? (
        <div className="facts__item">
          <dt>{coaches.length === 1 ? "Coach" : "Coaches"}</dt>
          <dd>{coaches.join(" or ")}</dd>
        </div>
      ) : null}
      <div className="facts__item facts__item--wide">
        <dt>Where</dt>
        <dd>{offering.location}</dd>
      </div>
    </dl>
  );
}
