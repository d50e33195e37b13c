import type { LoaderFunctionArgs } from "@remix-run/node";
import { appContext } from "~/context.server";
import { exportRoster } from "~/roster/roster-csv.server";
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
  const exported = await exportRoster(database.db, {
    actor: actorOf(signedIn),
    slotId,
    timeZone: env.studio.timeZone,
    currency: env.studio.currency,
    now: new Date(),
  });
  if (!exported) throw new Response("There's no date at this address.", { status: 404 });
  return new Response(exported.csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exported.fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
