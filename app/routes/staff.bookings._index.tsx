import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { DateTime } from "luxon";
import { BOOKING_STATUSES } from "../../db/schema";
import { formatMoney } from "../../emails/format/money";
import { zoneAbbreviation } from "../../emails/format/time";
import { STATUS_WORDS } from "~/booking/states";
import { StatusChip } from "~/components/status-chip";
import { appContext } from "~/context.server";
import { bookingSearchSchema, offeringChoices, searchBookings } from "~/desk/search.server";
import { requireStaff } from "~/staff/guard.server";

export const meta: MetaFunction = () => [{ title: "Bookings · Studio console" }, { name: "robots", content: "noindex, nofollow" }];

const PAID_WORDS = { card: "by card", studio: "at the studio", complimentary: "complimentary" } as const;

/**
 * Find a booking: by name, email or reference, narrowed by state, offering and the session's
 * dates. A filter that can't be read is named beside its field (400); the list then stays empty.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const { database, env } = appContext();
  const zone = env.studio.timeZone;
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, value]) => value !== ""));
  const parsed = bookingSearchSchema.safeParse(params);
  const offerings = await offeringChoices(database.db);
  const query = { q: String(params.q ?? ""), status: params.status ?? "", offering: params.offering ?? "", from: params.from ?? "", to: params.to ?? "" };
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
    return data({ query, offerings, errors, result: null, searched: true }, { status: 400 });
  }
  const searched = Object.keys(params).some((key) => key !== "page");
  const result = await searchBookings(database.db, parsed.data, { timeZone: zone });
  return {
    query,
    offerings,
    errors: {} as Record<string, string>,
    searched,
    result: {
      total: result.total,
      page: result.page,
      pages: result.pages,
      rows: result.rows.map((row) => ({
        id: row.id,
        reference: row.reference,
        name: row.name,
        email: row.email,
        status: STATUS_WORDS[row.status],
        statusKey: row.status,
        places: row.seats,
        offering: row.offeringTitle,
        when: `${DateTime.fromJSDate(row.startsAt, { zone }).toFormat("ccc d LLL yyyy, HH:mm")} ${zoneAbbreviation(row.startsAt, zone)}`,
        at: row.startsAt.toISOString(),
        paid:
          row.paymentMethod === "complimentary"
            ? "Complimentary"
            : row.paidMinor !== null && row.paymentMethod
              ? `${formatMoney(row.paidMinor, row.currency)} ${PAID_WORDS[row.paymentMethod]}`
              : "Not paid",
      })),
    },
  };
}

export default function Bookings() {
  const { query, offerings, errors, result, searched } = useLoaderData<typeof loader>();
  const pageLink = (page: number) => `?${new URLSearchParams({ ...Object.fromEntries(Object.entries(query).filter(([, v]) => v)), page: String(page) })}`;
  const errorOf = (field: string) =>
    errors[field] ? (
      <p className="field-error" id={`${field}-error`}>
        {errors[field]}
      </p>
    ) : null;
  const invalid = (field: string) => (errors[field] ? { "aria-invalid": true, "aria-describedby": `${field}-error` } : {});
  return (
    <div className="console-page">
      <h1>Bookings</h1>
      <p className="lead">Find a booking by the customer's name, email or the booking's reference (like PFM-7K3Q).</p>
      <Form method="get" className="filters" role="search" aria-label="Find bookings">
        <div className="field">
          <label htmlFor="q">Name, email or reference</label>
          <input id="q" name="q" type="search" defaultValue={query.q} autoComplete="off" {...invalid("q")} />
          {errorOf("q")}
        </div>
        <div className="field">
          <label htmlFor="status">State</label>
          <select id="status" name="status" defaultValue={query.status} {...invalid("status")}>
            <option value="">Any</option>
            {BOOKING_STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_WORDS[status]}
              </option>
            ))}
          </select>
          {errorOf("status")}
        </div>
        <div className="field">
          <label htmlFor="offering">Offering</label>
          <select id="offering" name="offering" defaultValue={query.offering} {...invalid("offering")}>
            <option value="">Any</option>
            {offerings.map((offering) => (
              <option key={offering.id} value={offering.id}>
                {offering.title}
              </option>
            ))}
          </select>
          {errorOf("offering")}
        </div>
        <div className="field">
          <label htmlFor="from">Session from</label>
          <input id="from" name="from" type="date" defaultValue={query.from} {...invalid("from")} />
          {errorOf("from")}
        </div>
        <div className="field">
          <label htmlFor="to">Session to</label>
          <input id="to" name="to" type="date" defaultValue={query.to} {...invalid("to")} />
          {errorOf("to")}
        </div>
        <button type="submit" className="button button--primary">
          Search
        </button>
      </Form>
      {result === null ? (
        <p role="alert">Some filters couldn't be read: see the messages beside them.</p>
      ) : result.rows.length === 0 ? (
        <p role="status">{searched ? "No booking matches. Check the spelling, or try part of the name or email." : "No bookings yet."}</p>
      ) : (
        <>
          <p role="status">
            {result.total === 1 ? "1 booking" : `${result.total} bookings`}
            {result.pages > 1 ? `, page ${result.page} of ${result.pages}` : ""}
          </p>
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Bookings found, latest session first">
            <table className="console-table console-table--stack">
              <caption className="visually-hidden">Bookings found, latest session first</caption>
              <thead>
                <tr>
                  <th scope="col">Reference</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Session</th>
                  <th scope="col">Places</th>
                  <th scope="col">Paid</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((row) => (
                  <tr key={row.id}>
                    <td data-label="Reference">
                      <Link to={`/staff/bookings/${row.id}`} >
                        {row.reference}
                      </Link>
                    </td>
                    <td data-label="Customer">
                      {row.name}
                      <br />
                      <span className="cell-meta">{row.email ?? "No email"}</span>
                    </td>
                    <td data-label="Session">
                      {row.offering}
                      <br />
                      <time dateTime={row.at} className="cell-meta">
                        {row.when}
                      </time>
                    </td>
                    <td data-label="Places">{row.places}</td>
                    <td data-label="Paid">{row.paid}</td>
                    <td data-label="State">
                      <StatusChip status={row.statusKey} words={row.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {result.pages > 1 ? (
            <nav aria-label="Pages of bookings" className="button-row console-more">
              {result.page > 1 ? (
                <Link to={pageLink(result.page - 1)} className="button button--quiet" rel="prev">
                  Previous page
                </Link>
              ) : null}
              {result.page < result.pages ? (
                <Link to={pageLink(result.page + 1)} className="button button--quiet" rel="next">
                  Next page
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </div>
  );
}
