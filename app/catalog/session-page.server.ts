import { earliestBookableStart } from "../booking/rules";
import type { AppContext } from "../context.server";
import { listFreeTimesByStudioDay } from "./free-times.server";
import { loadOfferingPage } from "./offering-page.server";
import { studioDayOf } from "./studio-days";

/**
 * Loader data for a one-on-one session type's page: the offering, and its free times by studio
 * day for the time picker, with today's date in the studio and the `?day=` asked for (the page
 * works out which day to show from these, the same way on the server and in the browser).
 */
export async function loadSessionPage(
  context: AppContext,
  { slug, requestedDay, now }: { slug: string | undefined; requestedDay: string | null; now: Date },
) {
  const { slots: _slots, ...page } = await loadOfferingPage(context, { slug, kind: "private", now });
  const { env, database } = context;
  const days = await listFreeTimesByStudioDay(database.db, {
    offeringId: page.offering.id,
    startsAfter: earliestBookableStart(now, env.booking.closesMinutesBefore),
    timeZone: env.studio.timeZone,
  });
  return { ...page, days, today: studioDayOf(now, env.studio.timeZone), requestedDay };
}

export type SessionPageData = Awaited<ReturnType<typeof loadSessionPage>>;
