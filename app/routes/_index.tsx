import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getSitePhoto, listPrivateOfferings, listWorkshopsWithNextDates, pathForOffering } from "~/catalog/catalog.server";
import { workshopEventJsonLd } from "~/catalog/event-json-ld";
import { JsonLd, PrivateSessionCard, WorkshopCard } from "~/components/catalog";
import { Picture } from "~/components/picture";
import { earliestBookableStart } from "~/booking/rules";
import { appContext } from "~/context.server";
import { pageMeta } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageMeta(
    data?.studioName ?? "Pain Free Me Studio",
    "Mobility workshops and one-on-one sessions for runners whose knees ache after running. See upcoming dates, places left and prices.",
    data?.studioName,
  );

/** Each workshop appears once on the home page, with this many of its next dates. */
const NEXT_DATES_PER_WORKSHOP = 3;

export async function loader(_: LoaderFunctionArgs) {
  const { database, env } = appContext();
  const db = database.db;
  const startsAfter = earliestBookableStart(new Date(), env.booking.closesMinutesBefore);
  const [workshops, privateSessions, heroPhoto] = await Promise.all([
    listWorkshopsWithNextDates(db, { startsAfter, datesEach: NEXT_DATES_PER_WORKSHOP }),
    listPrivateOfferings(db, { startsAfter }),
    getSitePhoto(db, "home_hero"),
  ]);
  return {
    studioName: env.studio.name,
    timeZone: env.studio.timeZone,
    baseUrl: env.publicBaseUrl,
    address: env.studio.address,
    heroPhoto,
    workshops: workshops.map(({ offering, dates }) => ({
      id: offering.id,
      href: pathForOffering(offering),
      title: offering.title,
      summary: offering.summary,
      durationMinutes: offering.durationMinutes,
      priceMinor: offering.priceMinor,
      currency: offering.currency,
      photo: offering.photo,
      dates: dates.map((slot) => ({ slotId: slot.id, startsAt: slot.startsAt, endsAt: slot.endsAt, seatsLeft: slot.seatsLeft })),
    })),
    privateSessions: privateSessions.map((offering) => ({
      id: offering.id,
      href: pathForOffering(offering),
      title: offering.title,
      summary: offering.summary,
      durationMinutes: offering.durationMinutes,
      priceMinor: offering.priceMinor,
      currency: offering.currency,
      nextFreeStartsAt: offering.nextFreeStartsAt,
      photo: offering.photo,
    })),
  };
}

export default function Home() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <section className={data.heroPhoto ? "hero hero--with-photo" : "hero"} aria-labelledby="hero-title">
        <div className="container hero__inner">
          <div className="hero__text">
            <p className="eyebrow">Movement &amp; mobility for runners</p>
            <h1 id="hero-title">Your knee is the messenger. Let's listen to it together.</h1>
            <p className="lead">
              Knees that ache after a run are rarely "bad knees". More often the hips, ankles or core aren't sharing
              the work, and the knee ends up carrying it. In small, friendly sessions we help you move better, build the
              right strength and get back to running that feels good.
            </p>
            <p className="button-row">
              <a href="#workshops" className="button button--primary">
                See upcoming workshops
              </a>
              <Link to="/knee-pain-after-running" className="button button--quiet">
                Why do my knees hurt?
              </Link>
            </p>
            <ul className="hero__points">
              <li>Small groups, so every runner gets coached</li>
              <li>Practical routines you can keep doing at home</li>
              <li>A short read on your kind of knee pain before you arrive</li>
            </ul>
          </div>
          {data.heroPhoto ? (
            <Picture
              photo={data.heroPhoto}
              sizes="(min-width: 64rem) 30rem, (min-width: 48rem) 45vw, calc(100vw - 2.5rem)"
              className="hero__picture"
              priority
            />
          ) : null}
        </div>
      </section>

      <section id="workshops" className="section container" aria-labelledby="workshops-title">
        <div className="section__head">
          <div>
            <p className="eyebrow">Group workshops</p>
            <h2 id="workshops-title">Upcoming workshops</h2>
          </div>
          <p className="muted">Pay per place. All times are studio time ({data.timeZone.replace("_", " ")}).</p>
        </div>
        {data.workshops.length > 0 ? (
          <ul className="card-grid">
            {data.workshops.map((workshop) => (
              <li key={workshop.id}>
                <WorkshopCard {...workshop} timeZone={data.timeZone} />
              </li>
            ))}
          </ul>
        ) : (
          <div className="empty-state">
            <h3>No workshops are scheduled just now</h3>
            <p>New dates are added every few weeks. In the meantime, a one-on-one session can be booked below.</p>
          </div>
        )}
        {data.workshops.length > 0 ? (
          <JsonLd
            data={data.workshops.flatMap((workshop) =>
              workshop.dates.map((date) =>
                workshopEventJsonLd({
                  ...workshop,
                  ...date,
                  baseUrl: data.baseUrl,
                  path: workshop.href,
                  studioName: data.studioName,
                  address: data.address,
                }),
              ),
            )}
          />
        ) : null}
      </section>

      <section id="one-on-one" className="section container" aria-labelledby="one-on-one-title">
        <div className="section__head">
          <div>
            <p className="eyebrow">Just you and a coach</p>
            <h2 id="one-on-one-title">One-on-one sessions</h2>
          </div>
          <p className="muted">Pick a session type, then choose a time that suits you.</p>
        </div>
        {data.privateSessions.length > 0 ? (
          <ul className="card-grid">
            {data.privateSessions.map((session) => (
              <li key={session.id}>
                <PrivateSessionCard {...session} timeZone={data.timeZone} />
              </li>
            ))}
          </ul>
        ) : (
          <div className="empty-state">
            <h3>One-on-one sessions are not on offer right now</h3>
            <p>Please check back soon, or join one of the group workshops above.</p>
          </div>
        )}

        <aside className="promo" aria-labelledby="guide-title">
          <h2 id="guide-title">Sore knees after running?</h2>
          <p>
            Our short guide explains the most common reasons, from runner's knee to IT band trouble, what tends to help,
            and when it's time to see a clinician instead.
          </p>
          <Link to="/knee-pain-after-running" className="button button--quiet">
            Read the knee pain guide
          </Link>
        </aside>
      </section>
    </>
  );
}
