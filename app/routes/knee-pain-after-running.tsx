import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { PAIN_LOCATIONS } from "../../db/intake";
import { PAIN_LOCATION_CHOICES } from "../../emails/content/intake";
import { kneeReading, locationForCauseSection, sectionIdForLocation } from "../../emails/content/knee-reading";
import { Blocks } from "~/components/blocks";
import { KneeDiagramFigure, KneeDiagramThumb } from "~/components/knee-diagram";
import kneePicturesHref from "~/styles/knee-pictures.css";
import { pageMeta } from "~/utils/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: kneePicturesHref }];

export const meta: MetaFunction = ({ matches }) => {
  const root = matches.find((match) => match.id === "root")?.data as { env?: { studioName?: string } } | undefined;
  return pageMeta(kneeReading.title, kneeReading.description, root?.env?.studioName);
};

export default function KneeReading() {
  return (
    <div className="container">
      <header className="page-head">
        <p className="eyebrow">Pre-session reading</p>
        <h1>{kneeReading.title}</h1>
        <div className="lead">
          <Blocks blocks={kneeReading.intro} />
        </div>
        <div className="callout" role="note">
          <strong>Education, not a diagnosis</strong>
          {kneeReading.disclaimer}
        </div>
      </header>

      <div className="reading-layout">
        <nav className="toc" aria-labelledby="toc-title">
          <h2 id="toc-title">On this page</h2>
          <ol>
            {kneeReading.sections.map((section) => (
              <li key={section.id}>
                <a href={`#${section.id}`}>{section.title}</a>
              </li>
            ))}
          </ol>
        </nav>

        <article className="prose">
          <section aria-labelledby="where-title">
            <h2 id="where-title" style={{ marginTop: 0 }}>
              Where does it hurt?
            </h2>
            <p>Jump to the part that sounds like you. If you're not sure, start with the overview.</p>
            <ul className="location-picker">
              {PAIN_LOCATIONS.map((location) => (
                <li key={location}>
                  <a href={`#${sectionIdForLocation(location)}`}>
                    <KneeDiagramThumb location={location} />
                    <span className="location-picker__words">
                      <strong>{PAIN_LOCATION_CHOICES[location].label}</strong>
                      <span>{PAIN_LOCATION_CHOICES[location].hint}</span>
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          </section>

          {kneeReading.sections.map((section) => {
            const location = locationForCauseSection(section.id);
            return (
              <section key={section.id} aria-labelledby={section.id} className={location ? "reading-cause" : undefined}>
                <h2 id={section.id} tabIndex={-1}>
                  {section.title}
                </h2>
                {location ? <KneeDiagramFigure location={location} caption={PAIN_LOCATION_CHOICES[location].label} /> : null}
                <Blocks blocks={section.blocks} />
              </section>
            );
          })}

          <aside className="promo" aria-labelledby="reading-cta">
            <h2 id="reading-cta" style={{ marginTop: 0 }}>
              Work on it with us
            </h2>
            <p>Our workshops and one-on-one sessions put this into practice, at a pace that suits you.</p>
            <Link to="/" className="button button--quiet">
              See upcoming sessions
            </Link>
          </aside>
        </article>
      </div>
    </div>
  );
}
