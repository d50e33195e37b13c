import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { telUrl } from "../../emails/kit/urls";

/*
 * What a confirmed booking's page offers next: the session in the customer's calendar, the way
 * there, what to bring, and how to reach the studio if plans change. Presentational only: the
 * route's loader gives every link.
 */

const NEW_TAB = <span className="visually-hidden"> (opens in a new tab)</span>;

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg className="after-card__icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      <g fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
        {children}
      </g>
    </svg>
  );
}

const CALENDAR_ICON = (
  <Icon>
    <rect x="3.5" y="5" width="17" height="15.5" rx="2.5" />
    <path d="M3.5 10h17M8 3v4M16 3v4M8 14h2M14 14h2M8 17.5h2" />
  </Icon>
);
const PIN_ICON = (
  <Icon>
    <path d="M12 21s-6.5-6.1-6.5-11.2a6.5 6.5 0 0 1 13 0C18.5 14.9 12 21 12 21Z" />
    <circle cx="12" cy="9.8" r="2.4" />
  </Icon>
);
const BAG_ICON = (
  <Icon>
    <path d="M5 8.5h14l-1.2 11a1.5 1.5 0 0 1-1.5 1.3H7.7a1.5 1.5 0 0 1-1.5-1.3L5 8.5Z" />
    <path d="M9 8.5V7a3 3 0 0 1 6 0v1.5" />
  </Icon>
);
const CHAT_ICON = (
  <Icon>
    <path d="M20 12.5a7.5 7.5 0 0 1-11 6.6L4 20.5l1.4-4.6A7.5 7.5 0 1 1 20 12.5Z" />
    <path d="M9 11.5h6M9 14.5h4" />
  </Icon>
);

export type CalendarChoices = { icsHref: string; google: string; outlook: string };

export function AddToCalendar({ calendar }: { calendar: CalendarChoices }) {
  return (
    <section className="add-to-calendar" aria-labelledby="calendar-title">
      <h2 id="calendar-title" className="after-card__title">
        {CALENDAR_ICON}
        Add it to your calendar
      </h2>
      <ul className="add-to-calendar__choices" role="list">
        <li>
          <a className="button button--primary" href={calendar.icsHref} download>
            Download .ics
          </a>
        </li>
        <li>
          <a className="button button--quiet" href={calendar.google} target="_blank" rel="noopener noreferrer">
            Google Calendar{NEW_TAB}
          </a>
        </li>
        <li>
          <a className="button button--quiet" href={calendar.outlook} target="_blank" rel="noopener noreferrer">
            Outlook{NEW_TAB}
          </a>
        </li>
      </ul>
      <p className="small muted">The .ics file opens in Apple Calendar, Outlook on a computer and most other calendar apps.</p>
    </section>
  );
}

export function GettingThere({ location, directionsHref }: { location: string; directionsHref: string }) {
  return (
    <section className="after-card" aria-labelledby="there-title">
      <h2 id="there-title" className="after-card__title">
        {PIN_ICON}
        Getting there
      </h2>
      <address>{location}</address>
      <p>
        <a className="button button--quiet" href={directionsHref} target="_blank" rel="noopener noreferrer">
          Get directions{NEW_TAB}
        </a>
      </p>
    </section>
  );
}

export function WhatToBring({ items }: { items: readonly string[] }) {
  if (items.length === 0) return null;
  return (
    <section className="after-card" aria-labelledby="bring-title">
      <h2 id="bring-title" className="after-card__title">
        {BAG_ICON}
        What to bring
      </h2>
      <ul>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </section>
  );
}

export type StudioContact = { email: string; phone: string | null };

export function NeedToChange({ reference, contact }: { reference: string; contact: StudioContact }) {
  return (
    <section className="after-card" aria-labelledby="change-title">
      <h2 id="change-title" className="after-card__title">
        {CHAT_ICON}
        Need to change?
      </h2>
      <p>
        Can't make it, or need another date? Tell us as early as you can and quote <strong>{reference}</strong>: we'll sort it
        out with you.
      </p>
      <ul className="contact-list" role="list">
        <li>
          <span className="contact-list__label">Email</span> <a href={`mailto:${contact.email}?subject=${encodeURIComponent(`Booking ${reference}`)}`}>{contact.email}</a>
        </li>
        {contact.phone ? (
          <li>
            <span className="contact-list__label">Phone</span> <a href={telUrl(contact.phone)}>{contact.phone}</a>
          </li>
        ) : null}
      </ul>
      <p className="small muted">
        See <Link to="/terms#cancellations">our booking terms</Link> for what happens when plans change.
      </p>
    </section>
  );
}
