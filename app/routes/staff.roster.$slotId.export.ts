import type { LoaderFunctionArgs } from "@remix-run/node";
import { appContext } from "~/context.server";
import { rosterCsv, rosterFileName } from "~/roster/roster-csv.server";
import { loadRoster } from "~/roster/roster.server";
import { recordAudit } from "~/staff/audit.server";
import { actorOf, idParam } from "~/staff/console-forms.server";
import { requireStaff } from "~/staff/guard.server";

/**
 * A date's roster as a CSV file: contact details and attendance, never the intake. Each export is
 * audited (who took the list of names, and how many rows), with no personal data in the event.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const signedIn = await requireStaff(request);
  const slotId = idParam(params.slotId, "date");
  const { database, env } = appContext();
  const roster = await loadRoster(database.db, slotId);
  if (!roster) throw new Response("There's no date at this address.", { status: 404 });
  const csv = rosterCsv(roster, env.studio.timeZone);
  await recordAudit(database.db, {
    actor: actorOf(signedIn),
    action: "roster.exported",
    recordType: "slot",
    recordId: slotId,
    changes: { after: { rows: roster.attendees.length + roster.cancelled.length } },
    now: new Date(),
  });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${rosterFileName(roster, env.studio.timeZone)}"`,
      "Cache-Control": "no-store",
    },
  });
}
