import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { loadOfferingPage } from "~/catalog/offering-page.server";
import { appContext } from "~/context.server";
import { OfferingPage } from "~/components/offering-page";
import { WorkshopDates } from "~/components/workshop-dates";
import { pageMeta } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? pageMeta(data.offering.title, data.offering.summary, data.studioName) : [];

export async function loader({ params }: LoaderFunctionArgs) {
  return loadOfferingPage(appContext(), { slug: params.slug, kind: "workshop", now: new Date() });
}

export default function WorkshopRoute() {
  const data = useLoaderData<typeof loader>();
  return (
    <OfferingPage data={data}>
      <WorkshopDates data={data} />
    </OfferingPage>
  );
}
