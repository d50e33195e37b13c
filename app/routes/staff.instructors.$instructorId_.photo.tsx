import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { appContext } from "~/context.server";
import { PhotoForm, photoNoticeFrom } from "~/components/photo-form";
import { answerPhotoForm } from "~/images/photo-form.server";
import { currentPhoto } from "~/images/photos.server";
import { getInstructor } from "~/schedule/instructors.server";
import { idParam } from "~/staff/console-forms.server";
import { requireStaff } from "~/staff/guard.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Photo: ${data?.instructor.name ?? "Offering"} · Studio console` },
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const db = appContext().database.db;
  const instructor = await getInstructor(db, idParam(params.instructorId, "instructor"));
  if (!instructor) throw new Response("There's no instructor at this address.", { status: 404 });
  return {
    instructor: { id: instructor.id, name: instructor.name },
    photo: await currentPhoto(db, "instructor", instructor.id),
    notice: photoNoticeFrom(new URL(request.url).searchParams),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const signedIn = await requireStaff(request);
  const id = idParam(params.instructorId, "instructor");
  return answerPhotoForm(request, { signedIn, owner: "instructor", id, pagePath: `/staff/instructors/${id}/photo` });
}

export default function InstructorPhoto() {
  const { instructor, photo, notice } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  return (
    <div className="console-page console-page--form">
      <p className="console-back">
        <Link to={`/staff/instructors/${instructor.id}`}>{instructor.name}</Link>
      </p>
      <h1>Photo of {instructor.name}</h1>
      <PhotoForm
        photo={photo}
        subject={instructor.name}
        whereShown="Their photo shows beside their short bio on the pages of the sessions they teach and in the booking summary."
        altExample="Maya smiling in the studio, in running kit, arms folded."
        notice={notice}
        lastResult={lastResult}
      />
    </div>
  );
}
