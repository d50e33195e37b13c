import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useRouteLoaderData } from "@remix-run/react";
import { requireStaff } from "~/staff/guard.server";
import type { loader as layoutLoader } from "./staff";

export const meta: MetaFunction = () => [{ title: "Console · Pain Free Me Studio" }, { name: "robots", content: "noindex, nofollow" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return null;
}

/** The console's home: what it holds today, and what is on its way. */
export default function StaffHome() {
  const layout = useRouteLoaderData<typeof layoutLoader>("routes/staff");
  const firstName = layout?.user.name.split(" ")[0] ?? "there";
  const owner = layout?.user.role === "owner";
  return (
    <div className="console-page">
      <h1>Hello, {firstName}</h1>
      <p className="lead">This is the studio's console: where the studio's schedule is run from, and soon its bookings.</p>
      <section className="console-cards" aria-label="What the console holds">
        <article className="console-card">
          <h2>Schedule</h2>
          <p>Every date, week by week: add one, or a weekly series for a term; move, skip or cancel a date.</p>
          <p className="button-row">
            <Link to="/staff/schedule" className="button button--primary button--small">
              Open the schedule
            </Link>
            <Link to="/staff/offerings" className="button button--quiet button--small">
              Offerings
            </Link>
            <Link to="/staff/instructors" className="button button--quiet button--small">
              Instructors
            </Link>
          </p>
        </article>
        {owner ? (
          <article className="console-card">
            <h2>Activity</h2>
            <p>Every change made in the console, who made it and when: sign-ins included.</p>
            <Link to="/staff/activity" className="button button--primary button--small">
              Open Activity
            </Link>
          </article>
        ) : null}
        <article className="console-card console-card--soon">
          <h2>On its way</h2>
          <ul>
            <li>
              <strong>The week</strong>: every session at a glance, with its roster to print.
            </li>
            <li>
              <strong>Bookings</strong>: find a customer's booking, change it, resend its emails.
            </li>
            {owner ? (
              <li>
                <strong>Staff</strong>: accounts and roles (today: <code>npm run staff:add</code>).
              </li>
            ) : null}
          </ul>
        </article>
        <article className="console-card">
          <h2>The public site</h2>
          <p>What customers see: the catalog, the booking form and the knee pain guide.</p>
          <Link to="/" className="button button--quiet button--small">
            View the public site
          </Link>
        </article>
      </section>
    </div>
  );
}
