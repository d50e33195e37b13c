import type { MetaFunction } from "@remix-run/node";
import { terms } from "~/content/terms";
import { Blocks } from "~/components/blocks";
import { pageMeta } from "~/utils/meta";
import { formatLongDate } from "../../emails/format/time";

export const meta: MetaFunction = ({ matches }) => {
  const root = matches.find((match) => match.id === "root")?.data as { env?: { studioName?: string } } | undefined;
  return pageMeta(terms.title, terms.description, root?.env?.studioName);
};

export default function Terms() {
  return (
    <div className="container narrow">
      <header className="page-head">
        <p className="eyebrow">The small print, in plain words</p>
        <h1>{terms.title}</h1>
        <p className="muted">Last updated {formatLongDate(`${terms.updated}T12:00:00Z`, "UTC")}</p>
        <nav aria-label="Sections" className="toc">
          <ol>
            {terms.sections.map((section) => (
              <li key={section.id}>
                <a href={`#${section.id}`}>{section.title}</a>
              </li>
            ))}
          </ol>
        </nav>
      </header>
      <article className="prose">
        {terms.sections.map((section) => (
          <section key={section.id} aria-labelledby={section.id}>
            <h2 id={section.id}>{section.title}</h2>
            <Blocks blocks={section.blocks} />
          </section>
        ))}
      </article>
    </div>
  );
}
