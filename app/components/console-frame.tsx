import { Form, Link, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";

export type ConsoleUser = { name: string; role: "owner" | "staff" };

/** The console's navigation: each later step adds its own item (only pages that exist are listed). */
const NAV: { to: string; label: string; end?: boolean; ownerOnly?: boolean }[] = [
  { to: "/staff", label: "Week", end: true },
  { to: "/staff/bookings", label: "Bookings" },
  { to: "/staff/schedule", label: "Schedule" },
  { to: "/staff/offerings", label: "Offerings" },
  { to: "/staff/instructors", label: "Instructors" },
  { to: "/staff/accounts", label: "Accounts", ownerOnly: true },
  { to: "/staff/activity", label: "Activity", ownerOnly: true },
];

/**
 * The staff console's frame: the studio's mark, the navigation, who is signed in and "sign out".
 * Calm and dense, in the public site's colours; on a phone the navigation scrolls sideways.
 */
export function ConsoleFrame({ user, studioName, children }: { user?: ConsoleUser; studioName: string; children: ReactNode }) {
  return (
    <div className="console">
      <header className="console-bar">
        <div className="console-bar__inner">
          <Link to={user ? "/staff" : "/staff/sign-in"} className="console-brand">
            <span className="console-brand__studio">{studioName}</span>
            <span className="console-brand__label">Studio console</span>
          </Link>
          {user ? (
            <div className="console-user">
              <span className="console-user__name">
                {user.name} <span className="role-chip">{user.role === "owner" ? "Owner" : "Staff"}</span>
              </span>
              <Form method="post" action="/staff/sign-out" reloadDocument>
                <button type="submit" className="button button--quiet button--small">
                  Sign out
                </button>
              </Form>
            </div>
          ) : null}
        </div>
        {user ? (
          <nav aria-label="Console" className="console-nav">
            <ul>
              {NAV.filter((item) => !item.ownerOnly || user.role === "owner").map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.end} prefetch="intent">
                    {item.label}
                  </NavLink>
                </li>
              ))}
              <li className="console-nav__public">
                <Link to="/">Public site</Link>
              </li>
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="main" tabIndex={-1} className="console-main">
        {children}
      </main>
    </div>
  );
}
