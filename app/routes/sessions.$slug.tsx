import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { loadSessionPage } from "~/catalog/session-page.server";
import { appContext } from "~/context.server";
import { OfferingPage } from "~/components/offering-page";
import { TimePicker } from "~/components/time-picker";
import { pageMeta } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? pageMeta(data.offering.title, data.offering.summary, data.studioName) : [];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const requestedDay = new URL(request.url).searchParams.get("day");
  return loadSessionPage(appContext(), { slug: params.slug, requestedDay, now: new Date() });
}

export default function SessionRoute() {
  const data = useLoaderData<typeof loader>();
  return (
    <OfferingPage data={data}>
      <TimePicker days={data.days} today={data.today} requestedDay={data.requestedDay} timeZone={data.timeZone} />
    </OfferingPage>
  );
}
