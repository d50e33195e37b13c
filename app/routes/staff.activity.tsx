import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { DateTime } from "luxon";
import { z } from "zod";
import { appContext } from "~/context.server";
import { AUDIT_ACTIONS, listAuditEvents, type AuditAction } from "~/staff/audit.server";
import { requireStaff } from "~/staff/guard.server";
import { listStaffUsers } from "~/staff/accounts.server";
import { formatShortDate, formatTime, zoneAbbreviation } from "../../emails/format/time";

export const meta: MetaFunction = () => [{ title: "Activity · Studio console" }, { name: "robots", content: "noindex, nofollow" }];

const PAGE_SIZE = 50;
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const filterSchema = z.object({
  who: z.uuid().optional().catch(undefined),
  action: z.enum(Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]]).optional().catch(undefined),
  from: isoDate.optional().catch(undefined),
  to: isoDate.optional().catch(undefined),
  before: z.iso.datetime().optional().catch(undefined),
});

/** Owners only: every change made in the console, newest first, filtered by who, what and when. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, { role: "owner" });
  const { database, env } = appContext();
  const zone = env.studio.timeZone;
  const filter = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  // Dates are days on the studio's calendar: from its first moment to the end of "to".
  const dayStart = (day: string) => DateTime.fromISO(day, { zone }).startOf("day");
  const events = await listAuditEvents(
    database.db,
    {
      staffUserId: filter.who,
      action: filter.action,
      from: filter.from ? dayStart(filter.from).toJSDate() : undefined,
      to: filter.to ? dayStart(filter.to).plus({ days: 1 }).toJSDate() : undefined,
      before: filter.before ? new Date(filter.before) : undefined,
    },
    PAGE_SIZE + 1,
  );
  const page = events.slice(0, PAGE_SIZE);
  const older = events.length > PAGE_SIZE ? page.at(-1)!.occurredAt.toISOString() : null;
  const staff = await listStaffUsers(database.db);
  return {
    filter,
    staff: staff.map((user) => ({ id: user.id, name: user.name })),
    older,
    events: page.map((event) => ({
      id: event.id,
      when: `${formatShortDate(event.occurredAt, zone)}, ${formatTime(event.occurredAt, zone)} ${zoneAbbreviation(event.occurredAt, zone)}`,
      at: event.occurredAt.toISOString(),
      who: event.staffName,
      what: AUDIT_ACTIONS[event.action as AuditAction] ?? event.action,
      record: event.recordId ? `${event.recordType} ${event.recordId.slice(0, 8)}` : event.recordType,
      changes: describeChanges(event.changes),
    })),
  };
}

/** "role: staff → owner", "email: sam@example.com" — short, and only what the row stored. */
function describeChanges(changes: { before?: Record<string, unknown>; after?: Record<string, unknown> }): string {
  const keys = new Set([...Object.keys(changes.before ?? {}), ...Object.keys(changes.after ?? {})]);
  const show = (value: unknown) => (value === undefined ? "—" : typeof value === "string" ? value : JSON.stringify(value));
  return [...keys]
    .map((key) =>
      changes.before && key in changes.before
        ? `${key}: ${show(changes.before[key])} → ${show(changes.after?.[key])}`
        : `${key}: ${show(changes.after?.[key])}`,
    )
    .join("; ");
}

export default function Activity() {
  const { events, staff, filter, older } = useLoaderData<typeof loader>();
  const olderParams = new URLSearchParams({
    ...Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined && value !== null) as [string, string][]),
    ...(older ? { before: older } : {}),
  });
  return (
    <div className="console-page">
      <h1>Activity</h1>
      <p className="lead">Every change made in the console and from the command line, who made it and when.</p>
      <Form method="get" className="filters" aria-label="Filter the activity">
        <div className="field">
          <label htmlFor="who">Who</label>
          <select id="who" name="who" defaultValue={filter.who ?? ""}>
            <option value="">Everyone</option>
            {staff.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="action">What</label>
          <select id="action" name="action" defaultValue={filter.action ?? ""}>
            <option value="">Anything</option>
            {Object.entries(AUDIT_ACTIONS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="from">From</label>
          <input id="from" name="from" type="date" defaultValue={filter.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="to">To</label>
          <input id="to" name="to" type="date" defaultValue={filter.to ?? ""} />
        </div>
        <button type="submit" className="button button--primary">
          Show
        </button>
      </Form>
      {events.length === 0 ? (
        <p role="status">Nothing matches. Try fewer filters, or a wider range of dates.</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Activity, newest first">
          <table className="console-table console-table--stack">
            <caption className="visually-hidden">Activity, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Record</th>
                <th scope="col">Changes</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <td data-label="When">
                    <time dateTime={event.at}>{event.when}</time>
                  </td>
                  <td data-label="Who">{event.who}</td>
                  <td data-label="What">{event.what}</td>
                  <td data-label="Record">
                    <code>{event.record}</code>
                  </td>
                  <td data-label="Changes">{event.changes || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {older ? (
        <p className="button-row console-more">
          <Link to={`?${olderParams.toString()}`} className="button button--quiet">
            Older activity
          </Link>
        </p>
      ) : null}
    </div>
  );
}
