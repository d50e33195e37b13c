import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { z } from "zod";
import { Confirmation, ErrorSummary } from "~/components/console-form";
import { INSTRUCTOR_LABELS, InstructorFields } from "~/components/instructor-form";
import { appContext } from "~/context.server";
import { listInstructorsForConsole } from "~/schedule/console-views.server";
import { instructorSchema } from "~/schedule/forms";
import { createInstructor } from "~/schedule/instructors.server";
import { actorOf, invalid, refused, submittedForm } from "~/staff/console-forms.server";
import { requireStaff } from "~/staff/guard.server";

export const meta: MetaFunction = () => [{ title: "Instructors · Studio console" }, { name: "robots", content: "noindex, nofollow" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const instructors = await listInstructorsForConsole(appContext().database.db, new Date());
  const addedId = new URL(request.url).searchParams.get("added");
  return {
    added: instructors.find((instructor) => instructor.id === addedId)?.name ?? null,
    instructors: instructors.map(({ id, name, email, bio, upcomingDates }) => ({ id, name, email, bio, upcomingDates })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const signedIn = await requireStaff(request);
  const submission = parseWithZod(await submittedForm(request), { schema: instructorSchema });
  if (submission.status !== "success") return invalid(submission);
  const outcome = await createInstructor(appContext().database.db, { actor: actorOf(signedIn), input: submission.value, now: new Date() });
  if (!outcome.ok) return refused(submission, outcome);
  return redirect(`/staff/instructors?added=${outcome.value.id}`, { status: 303 });
}

export default function Instructors() {
  const { instructors, added } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm<z.input<typeof instructorSchema>, z.output<typeof instructorSchema>>({
    id: "add-instructor",
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: instructorSchema }),
  });
  return (
    <div className="console-page">
      <h1>Instructors</h1>
      <p className="lead">The coaches who teach the studio's dates. Each date names one, and nobody can be in two places at once.</p>
      {added ? <Confirmation>Added {added}.</Confirmation> : null}

      <div className="console-split">
        <section aria-labelledby="instructor-list">
          <h2 id="instructor-list" className="visually-hidden">
            Every instructor
          </h2>
          {instructors.length === 0 ? (
            <div className="empty-state">
              <h3>No instructors yet</h3>
              <p>Add the first one with the form: dates can then name who teaches them.</p>
            </div>
          ) : (
            <ul className="record-list">
              {instructors.map((instructor) => (
                <li key={instructor.id} className="record">
                  <div className="record__main">
                    <Link to={`/staff/instructors/${instructor.id}`} className="record__title">
                      {instructor.name}
                    </Link>
                    {instructor.email ? <span className="record__meta">{instructor.email}</span> : null}
                    {instructor.bio ? <p className="record__text">{instructor.bio}</p> : null}
                  </div>
                  <span className="record__aside">
                    {instructor.upcomingDates === 0
                      ? "No dates coming up"
                      : `${instructor.upcomingDates} ${instructor.upcomingDates === 1 ? "date" : "dates"} coming up`}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="add-instructor-title" className="console-panel">
          <h2 id="add-instructor-title">Add an instructor</h2>
          <ErrorSummary form={form} labels={INSTRUCTOR_LABELS} lastResult={lastResult} title="The instructor wasn't added" />
          <Form method="post" {...getFormProps(form)} className="stack">
            <InstructorFields fields={fields} />
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? "Adding…" : "Add instructor"}
            </button>
          </Form>
        </section>
      </div>
    </div>
  );
}
