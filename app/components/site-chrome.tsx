import { Link, NavLink } from "@remix-run/react";

function WordmarkMark() {
  return (
    <svg className="wordmark__mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <circle cx="16" cy="16" r="15" fill="currentColor" opacity="0.14" />
      <path
        d="M9 21c3-7 11-7 14-10M13 9.5a2.5 2.5 0 1 0 0 .01"
        fill="none"
        stroke="currentColor"
        strokeWidth="2.4"
        strokeLinecap="round"
      />
    </svg>
  );
}

/**
 * The site's header. `outsideApp`: for the pages the server renders before Remix (a refused
 * request), where there is no router for Remix's links, so the links are plain anchors.
 */
export function SiteHeader({ studioName, outsideApp = false }: { studioName: string; outsideApp?: boolean }) {
  const wordmark = { className: "wordmark", "aria-label": `${studioName}, home` };
  const mark = (
    <>
      <WordmarkMark />
      <span>{studioName}</span>
    </>
  );
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        {outsideApp ? (
          <a href="/" {...wordmark}>
            {mark}
          </a>
        ) : (
          <Link to="/" {...wordmark}>
            {mark}
          </Link>
        )}
        {outsideApp ? null : (
          <nav aria-label="Main" className="site-nav">
            <Link to="/#workshops">Workshops</Link>
            <Link to="/#one-on-one">One-on-one</Link>
            <NavLink to="/knee-pain-after-running">Knee pain guide</NavLink>
          </nav>
        )}
      </div>
    </header>
  );
}

export function SiteFooter({
  studioName,
  address,
  email,
  year,
}: {
  studioName: string;
  address?: string;
  email?: string;
  year: number;
}) {
  return (
    <footer className="site-footer">
      <div className="container site-footer__inner">
        <div>
          <p className="site-footer__name">{studioName}</p>
          <p>Movement and mobility coaching for runners with sore knees.</p>
          {address ? <address>{address}</address> : null}
          {email ? (
            <p>
              Questions? <a href={`mailto:${email}`}>{email}</a>
            </p>
          ) : null}
        </div>
        <nav aria-label="Footer">
          <ul className="site-footer__links">
            <li>
              <Link to="/knee-pain-after-running">Knee pain after running</Link>
            </li>
            <li>
              <Link to="/terms">Booking terms &amp; privacy</Link>
            </li>
          </ul>
        </nav>
        <p className="site-footer__small">
          © {year} {studioName}. Our guides are education, not a diagnosis.
        </p>
      </div>
    </footer>
  );
}
