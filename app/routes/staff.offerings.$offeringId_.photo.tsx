import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { appContext } from "~/context.server";
import { PhotoForm, photoNoticeFrom } from "~/components/photo-form";
import { answerPhotoForm } from "~/images/photo-form.server";
import { currentPhoto } from "~/images/photos.server";
import { getOffering } from "~/schedule/offerings.server";
import { idParam } from "~/staff/console-forms.server";
import { requireStaff } from "~/staff/guard.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Photo: ${data?.offering.title ?? "Offering"} · Studio console` },
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const db = appContext().database.db;
  const offering = await getOffering(db, idParam(params.offeringId, "offering"));
  if (!offering) throw new Response("There's no offering at this address.", { status: 404 });
  return {
    offering: { id: offering.id, title: offering.title },
    photo: await currentPhoto(db, "offering", offering.id),
    notice: photoNoticeFrom(new URL(request.url).searchParams),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const signedIn = await requireStaff(request);
  const id = idParam(params.offeringId, "offering");
  return answerPhotoForm(request, { signedIn, owner: "offering", id, pagePath: `/staff/offerings/${id}/photo` });
}

export default function OfferingPhoto() {
  const { offering, photo, notice } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  return (
    <div className="console-page console-page--form">
      <p className="console-back">
        <Link to={`/staff/offerings/${offering.id}`}>{offering.title}</Link>
      </p>
      <h1>Photo of {offering.title}</h1>
      <PhotoForm
        photo={photo}
        subject={offering.title}
        whereShown="Its photo shows at the top of its public page and on its card on the home page."
        altExample="A small group stretching their hips on mats in the studio, a coach kneeling beside one runner."
        notice={notice}
        lastResult={lastResult}
      />
    </div>
  );
}
