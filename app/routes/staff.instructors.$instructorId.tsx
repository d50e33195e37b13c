import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { z } from "zod";
import { Confirmation, ErrorSummary } from "~/components/console-form";
import { INSTRUCTOR_LABELS, InstructorFields } from "~/components/instructor-form";
import { appContext } from "~/context.server";
import { instructorSchema } from "~/schedule/forms";
import { getInstructor, updateInstructor } from "~/schedule/instructors.server";
import { currentPhoto } from "~/images/photos.server";
import { actorOf, idParam, invalid, refused, submittedForm } from "~/staff/console-forms.server";
import { requireStaff } from "~/staff/guard.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.instructor.name ?? "Instructor"} · Studio console` },
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const db = appContext().database.db;
  const instructor = await getInstructor(db, idParam(params.instructorId, "instructor"));
  if (!instructor) throw new Response("There's no instructor at this address.", { status: 404 });
  return {
    hasPhoto: (await currentPhoto(db, "instructor", instructor.id)) !== null,
    instructor: { id: instructor.id, name: instructor.name, email: instructor.email ?? "", bio: instructor.bio },
    saved: new URL(request.url).searchParams.has("saved"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const signedIn = await requireStaff(request);
  const id = idParam(params.instructorId, "instructor");
  const submission = parseWithZod(await submittedForm(request), { schema: instructorSchema });
  if (submission.status !== "success") return invalid(submission);
  const outcome = await updateInstructor(appContext().database.db, {
    actor: actorOf(signedIn),
    id,
    input: submission.value,
    now: new Date(),
  });
  if (!outcome.ok) return refused(submission, outcome);
  return redirect(`/staff/instructors/${id}?saved`, { status: 303 });
}

export default function EditInstructor() {
  const { instructor, hasPhoto, saved } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm<z.input<typeof instructorSchema>, z.output<typeof instructorSchema>>({
    id: "edit-instructor",
    lastResult,
    defaultValue: { name: instructor.name, email: instructor.email, bio: instructor.bio },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: instructorSchema }),
  });
  return (
    <div className="console-page console-page--form">
      <p className="console-back">
        <Link to="/staff/instructors">All instructors</Link>
      </p>
      <h1>{instructor.name}</h1>
      <p className="button-row">
        <Link to={`/staff/instructors/${instructor.id}/photo`} className="button button--quiet button--small">
          {hasPhoto ? "Their photo" : "Add a photo"}
        </Link>
      </p>
      {saved ? <Confirmation>Saved. Their dates show the change at once.</Confirmation> : null}
      <ErrorSummary form={form} labels={INSTRUCTOR_LABELS} lastResult={lastResult} title="The changes weren't saved" />
      <Form method="post" {...getFormProps(form)} className="stack console-panel">
        <InstructorFields fields={fields} />
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? "Saving…" : "Save changes"}
        </button>
      </Form>
    </div>
  );
}
