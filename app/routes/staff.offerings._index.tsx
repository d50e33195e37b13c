import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { appContext } from "~/context.server";
import { OFFERING_KIND_OPTIONS } from "~/schedule/forms";
import { listOfferingsForConsole } from "~/schedule/offerings.server";
import { requireStaff } from "~/staff/guard.server";
import { formatMoney } from "../../emails/format/money";
import { formatDuration } from "../../emails/format/time";

export const meta: MetaFunction = () => [{ title: "Offerings · Studio console" }, { name: "robots", content: "noindex, nofollow" }];

/** Every offering, active first: what it costs, how long, how many places, what is coming up. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request);
  const offerings = await listOfferingsForConsole(appContext().database.db, new Date());
  return {
    canAdd: user.role === "owner",
    offerings: offerings.map((offering) => ({
      id: offering.id,
      title: offering.title,
      kind: OFFERING_KIND_OPTIONS.find((option) => option.value === offering.kind)?.label ?? offering.kind,
      length: formatDuration(offering.durationMinutes),
      price: formatMoney(offering.priceMinor, offering.currency),
      places: offering.defaultCapacity,
      instructor: offering.defaultInstructorName,
      upcomingDates: offering.upcomingDates,
      liveBookings: offering.liveBookings,
      active: offering.active,
    })),
  };
}

export default function Offerings() {
  const { offerings, canAdd } = useLoaderData<typeof loader>();
  return (
    <div className="console-page">
      <div className="page-title-row">
        <h1>Offerings</h1>
        {canAdd ? (
          <Link to="/staff/offerings/new" className="button button--primary">
            Add an offering
          </Link>
        ) : null}
      </div>
      <p className="lead">Workshops and one-to-one sessions: what customers can book. Archived ones are off the public site.</p>
      {offerings.length === 0 ? (
        <div className="empty-state">
          <h2>No offerings yet</h2>
          <p>
            {canAdd
              ? "Add the first one: a workshop or a one-to-one session, with its price."
              : "The studio's owner adds offerings, as they set prices."}
          </p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="console-table console-table--stack">
            <caption className="visually-hidden">Offerings, active first</caption>
            <thead>
              <tr>
                <th scope="col">Offering</th>
                <th scope="col">Length</th>
                <th scope="col">Price</th>
                <th scope="col">Places</th>
                <th scope="col">Default instructor</th>
                <th scope="col">Coming up</th>
              </tr>
            </thead>
            <tbody>
              {offerings.map((offering) => (
                <tr key={offering.id} className={offering.active ? undefined : "is-archived"}>
                  <td data-label="Offering">
                    <div>
                      <Link to={`/staff/offerings/${offering.id}`} className="record__title">
                        {offering.title}
                      </Link>
                      <span className="cell-meta">
                        {offering.kind}
                        {offering.active ? null : <span className="chip chip--muted">Archived</span>}
                      </span>
                    </div>
                  </td>
                  <td data-label="Length">{offering.length}</td>
                  <td data-label="Price">{offering.price}</td>
                  <td data-label="Places">{offering.places}</td>
                  <td data-label="Instructor">{offering.instructor ?? <span className="muted">None</span>}</td>
                  <td data-label="Coming up">
                    <div>
                      {offering.upcomingDates === 0 ? (
                        <span className="muted">No dates</span>
                      ) : (
                        <Link to={`/staff/schedule?offering=${offering.id}`}>
                          {offering.upcomingDates} {offering.upcomingDates === 1 ? "date" : "dates"}
                          <span className="visually-hidden"> of {offering.title}</span>
                        </Link>
                      )}
                      {offering.liveBookings > 0 ? (
                        <span className="cell-meta">
                          {offering.liveBookings} {offering.liveBookings === 1 ? "booking" : "bookings"}
                        </span>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
