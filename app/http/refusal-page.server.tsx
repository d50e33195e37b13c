import frauncesHref from "@fontsource-variable/fraunces/index.css";
import interHref from "@fontsource-variable/inter/index.css";
import { renderToStaticMarkup } from "react-dom/server";
import { SiteHeader } from "../components/site-chrome";
import appStylesHref from "../styles/app.css";

export type Refusal = {
  status: number;
  title: string;
  message: string;
  /** Where "try again" goes: the page the form was on (a GET of the same path). */
  retryPath: string;
  retryLabel: string;
};

/**
 * The page for a request the server refuses before Remix sees it (a body too big, a cross-site
 * form): a small document in the site's design and words, with no scripts, so it works without
 * the app (React renders it to static markup; the stylesheets are the site's own).
 */
export function refusalPage(refusal: Refusal, { studioName }: { studioName: string }): string {
  const markup = renderToStaticMarkup(
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#fbf6ef" />
        <meta name="robots" content="noindex" />
        <title>{`${refusal.title} · ${studioName}`}</title>
        <link rel="stylesheet" href={interHref} />
        <link rel="stylesheet" href={frauncesHref} />
        <link rel="stylesheet" href={appStylesHref} />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <SiteHeader studioName={studioName} outsideApp />
        <main id="main">
          <div className="container narrow error-panel">
            <p className="eyebrow">Error {refusal.status}</p>
            <h1>{refusal.title}</h1>
            <p className="lead">{refusal.message}</p>
            <p className="button-row">
              <a href={refusal.retryPath} className="button button--primary">
                {refusal.retryLabel}
              </a>
              <a href="/" className="button button--quiet">
                See what's on
              </a>
            </p>
          </div>
        </main>
      </body>
    </html>,
  );
  return `<!DOCTYPE html>${markup}`;
}

export const BODY_TOO_LARGE: Omit<Refusal, "retryPath"> = {
  status: 413,
  title: "That was too much to send",
  message:
    "What you sent was longer than this form accepts, so we didn't read it and nothing was booked. " +
    "Please shorten your notes and send the form again.",
  retryLabel: "Back to the form",
};

export const CROSS_SITE_FORM: Omit<Refusal, "retryPath"> = {
  status: 403,
  title: "Please use the form on our own site",
  message:
    "This form reached us from another website, so we didn't accept it and nothing was booked or changed. " +
    "To keep your booking safe, we only take forms filled in on our own pages.",
  retryLabel: "Open the form on our site",
};
