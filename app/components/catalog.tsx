import { Link } from "@remix-run/react";
import type { Photo } from "~/images/photo";
import { Picture } from "./picture";
import { formatMoney } from "../../emails/format/money";
import { dateBadgeParts, formatDuration, formatLongDate, formatTime, formatTimeRange, zoneAbbreviation } from "../../emails/format/time";

export const FEW_SEATS_THRESHOLD = 3;

/** Seats left in words and shape, not colour alone. */
export function SeatsPill({ seatsLeft, oneToOne = false }: { seatsLeft: number; oneToOne?: boolean }) {
  if (seatsLeft <= 0) return <span className="pill pill--full">{oneToOne ? "Booked" : "Full"}</span>;
  if (oneToOne) return <span className="pill">Available</span>;
  if (seatsLeft <= FEW_SEATS_THRESHOLD) {
    return (
      <span className="pill pill--few">
        {seatsLeft === 1 ? "1 place left" : `${seatsLeft} places left`}
      </span>
    );
  }
  return <span className="pill">{seatsLeft} places left</span>;
}

export function DateBadge({ iso, timeZone }: { iso: string; timeZone: string }) {
  const { weekday, day, month } = dateBadgeParts(iso, timeZone);
  return (
    <span className="date-badge" aria-hidden="true">
      <span className="date-badge__weekday">{weekday}</span>
      <span className="date-badge__day">{day}</span>
      <span className="date-badge__month">{month}</span>
    </span>
  );
}

export type WorkshopCardDate = { slotId: string; startsAt: string; endsAt: string; seatsLeft: number };

export type WorkshopCardProps = {
  href: string;
  title: string;
  summary: string;
  durationMinutes: number;
  priceMinor: number;
  currency: string;
  /** Its next few dates, soonest first (full ones too). */
  dates: WorkshopCardDate[];
  timeZone: string;
  photo: Photo | null;
};

/** Cards sit two or three to a row on wide screens, one on a phone. */
const CARD_PHOTO_SIZES = "(min-width: 72rem) 22rem, (min-width: 64rem) 30vw, (min-width: 40rem) 45vw, calc(100vw - 2.5rem)";

/** The card's picture: the card's words say what it is about, so screen readers skip it. */
function CardPhoto({ photo }: { photo: Photo | null }) {
  return photo ? <Picture photo={photo} sizes={CARD_PHOTO_SIZES} className="card__photo" decorative /> : null;
}

/** One card per workshop: what it is, its price, and its next dates, each a way into booking. */
export function WorkshopCard(props: WorkshopCardProps) {
  const { href, title, summary, durationMinutes, priceMinor, currency, dates, timeZone, photo } = props;
  return (
    <article className={photo ? "card card--with-photo" : "card"} data-testid="workshop-card">
      <CardPhoto photo={photo} />
      <h3>
        <Link to={href}>{title}</Link>
      </h3>
      <p className="muted">{summary}</p>
      <p className="card__price">
        <span className="price">
          {formatMoney(priceMinor, currency)} <small>per place</small>
        </span>
        <span className="card__length">{formatDuration(durationMinutes)}</span>
      </p>
      <div className="card__dates">
        <h4 className="card__dates-title">{dates.length === 1 ? "Next date" : "Next dates"}</h4>
        {dates.length > 0 ? (
          <ul className="next-dates">
            {dates.map((date) => (
              <li key={date.slotId}>
                <NextDate date={date} title={title} timeZone={timeZone} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="small muted">No dates just now: new ones are added every few weeks.</p>
        )}
      </div>
      <Link to={href} className="button button--quiet card__more">
        All dates and details<span className="visually-hidden"> for {title}</span>
      </Link>
    </article>
  );
}

/** A date on a workshop card: a link to its booking form while it has places, "Full" otherwise. */
function NextDate({ date, title, timeZone }: { date: WorkshopCardDate; title: string; timeZone: string }) {
  const inside = (
    <>
      <DateBadge iso={date.startsAt} timeZone={timeZone} />
      <span className="next-date__text">
        <time dateTime={date.startsAt} className="next-date__time">
          <span className="visually-hidden">{formatLongDate(date.startsAt, timeZone)}, </span>
          {formatTimeRange(date.startsAt, date.endsAt, timeZone)} {zoneAbbreviation(date.startsAt, timeZone)}
        </time>
        <SeatsPill seatsLeft={date.seatsLeft} />
      </span>
    </>
  );
  if (date.seatsLeft <= 0) return <span className="next-date next-date--full">{inside}</span>;
  return (
    <Link to={`/book/${date.slotId}`} className="next-date">
      <span className="visually-hidden">Book a seat on </span>
      {inside}
      <span className="visually-hidden"> for {title}</span>
      <svg className="next-date__go" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
        <path d="M9 5l7 7-7 7" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
    </Link>
  );
}

export type PrivateCardProps = {
  href: string;
  title: string;
  summary: string;
  durationMinutes: number;
  priceMinor: number;
  currency: string;
  nextFreeStartsAt: string | null;
  timeZone: string;
  photo: Photo | null;
};

export function PrivateSessionCard(props: PrivateCardProps) {
  const { href, title, summary, durationMinutes, priceMinor, currency, nextFreeStartsAt, timeZone, photo } = props;
  return (
    <article className={photo ? "card card--with-photo" : "card"} data-testid="private-card">
      <CardPhoto photo={photo} />
      <p className="eyebrow">One-on-one · {formatDuration(durationMinutes)}</p>
      <h3>
        <Link to={href}>{title}</Link>
      </h3>
      <p className="muted">{summary}</p>
      <p className="card__meta">
        {nextFreeStartsAt ? (
          <span>
            Next free time:{" "}
            <time dateTime={nextFreeStartsAt}>
              {formatLongDate(nextFreeStartsAt, timeZone)}, {formatTime(nextFreeStartsAt, timeZone)}
            </time>
          </span>
        ) : (
          <span>No free times in the next few weeks</span>
        )}
      </p>
      <div className="card__foot">
        <span className="price">
          {formatMoney(priceMinor, currency)} <small>per session</small>
        </span>
      </div>
      <Link to={href} className="button button--primary">
        Choose a time<span className="visually-hidden"> for {title}</span>
      </Link>
    </article>
  );
}

/** Structured data for search engines; `<` is escaped so content can never close the tag. */
export function JsonLd({ data }: { data: unknown }) {
  return (
    <script
      type="application/ld+json"
      dangerouslySetInnerHTML={{ __html: JSON.stringify(data).replace(/</g, "\\u003c") }}
    />
  );
}
