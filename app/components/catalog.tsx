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

export type WorkshopCardProps = {
  href: string;
  slotId: string;
  title: string;
  summary: string;
  startsAt: string;
  endsAt: string;
  priceMinor: number;
  currency: string;
  seatsLeft: number;
  timeZone: string;
  photo: Photo | null;
};

/** Cards sit two or three to a row on wide screens, one on a phone. */
const CARD_PHOTO_SIZES = "(min-width: 72rem) 22rem, (min-width: 64rem) 30vw, (min-width: 40rem) 45vw, calc(100vw - 2.5rem)";

/** The card's picture: the card's words say what it is about, so screen readers skip it. */
function CardPhoto({ photo }: { photo: Photo | null }) {
  return photo ? <Picture photo={photo} sizes={CARD_PHOTO_SIZES} className="card__photo" decorative /> : null;
}

export function WorkshopCard(props: WorkshopCardProps) {
  const { href, slotId, title, summary, startsAt, endsAt, priceMinor, currency, seatsLeft, timeZone, photo } = props;
  const when = `${formatLongDate(startsAt, timeZone)}, ${formatTimeRange(startsAt, endsAt, timeZone)} ${zoneAbbreviation(startsAt, timeZone)}`;
  return (
    <article className={photo ? "card card--with-photo" : "card"} data-testid="workshop-card">
      <CardPhoto photo={photo} />
      <div className="card__top">
        <DateBadge iso={startsAt} timeZone={timeZone} />
        <div>
          <h3>
            <Link to={href}>{title}</Link>
          </h3>
          <p className="card__meta">
            <time dateTime={startsAt}>{when}</time>
          </p>
        </div>
      </div>
      <p className="muted">{summary}</p>
      <div className="card__foot">
        <span className="price">
          {formatMoney(priceMinor, currency)} <small>per place</small>
        </span>
        <SeatsPill seatsLeft={seatsLeft} />
      </div>
      <Link to={seatsLeft > 0 ? `/book/${slotId}` : href} className={seatsLeft > 0 ? "button button--primary" : "button button--quiet"}>
        {seatsLeft > 0 ? "Book a seat" : "Full – see other dates"}
        <span className="visually-hidden">
          {" "}
          for {title} on {when}
        </span>
      </Link>
    </article>
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
