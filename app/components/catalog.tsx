import { Link } from "@remix-run/react";
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
};

export function WorkshopCard(props: WorkshopCardProps) {
  const { href, slotId, title, summary, startsAt, endsAt, priceMinor, currency, seatsLeft, timeZone } = props;
  const when = `${formatLongDate(startsAt, timeZone)}, ${formatTimeRange(startsAt, endsAt, timeZone)} ${zoneAbbreviation(startsAt, timeZone)}`;
  return (
    <article className="card" data-testid="workshop-card">
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
};

export function PrivateSessionCard(props: PrivateCardProps) {
  const { href, title, summary, durationMinutes, priceMinor, currency, nextFreeStartsAt, timeZone } = props;
  return (
    <article className="card" data-testid="private-card">
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
