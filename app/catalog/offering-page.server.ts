import type { OfferingKind } from "../../db/schema";
import { earliestBookableStart } from "../booking/rules";
import type { AppContext } from "../context.server";
import { getOfferingWithUpcomingSlots, pathForOffering, pathForOldSlug } from "./catalog.server";

/** Loader data for a workshop or one-on-one page; 404 for unknown or inactive slugs. */
export async function loadOfferingPage(
  { database, env }: AppContext,
  { slug, kind, now }: { slug: string | undefined; kind: OfferingKind; now: Date },
) {
  const startsAfter = earliestBookableStart(now, env.booking.closesMinutesBefore);
  const found = slug ? await getOfferingWithUpcomingSlots(database.db, { slug, startsAfter }) : null;
  if (!found) {
    // A renamed offering: links already sent (emails, bookmarks) go to its new address.
    const moved = slug ? await pathForOldSlug(database.db, slug) : null;
    if (moved) throw new Response(null, { status: 301, headers: { Location: moved } });
    throw new Response("Not found", { status: 404 });
  }
  if (found.offering.kind !== kind) {
    throw new Response(null, { status: 301, headers: { Location: pathForOffering(found.offering) } });
  }
  return {
    offering: found.offering,
    slots: found.slots,
    instructors: found.instructors,
    path: pathForOffering(found.offering),
    timeZone: env.studio.timeZone,
    studioName: env.studio.name,
    baseUrl: env.publicBaseUrl,
  };
}

export type OfferingPageData = Awaited<ReturnType<typeof loadOfferingPage>>;
