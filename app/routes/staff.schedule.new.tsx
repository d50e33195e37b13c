import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { z } from "zod";
import { describedBy, ErrorSummary, Field } from "~/components/console-form";
import { fillFromOffering, InstructorSelect, OfferingSelect, offeringDefaults, PlacesField } from "~/components/schedule-fields";
import { appContext } from "~/context.server";
import { offeringChoices } from "~/schedule/console-views.server";
import { createDate } from "~/schedule/dates.server";
import { newDateSchema } from "~/schedule/forms";
import { listInstructors } from "~/schedule/instructors.server";
import { actorOf, invalid, refused, submittedForm } from "~/staff/console-forms.server";
import { requireStaff } from "~/staff/guard.server";

export const meta: MetaFunction = () => [{ title: "Add a date · Studio console" }, { name: "robots", content: "noindex, nofollow" }];

const LABELS = { offeringId: "Offering", date: "Date", time: "Start time", capacity: "Places", instructorId: "Instructor" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const { database, env } = appContext();
  const offerings = await offeringChoices(database.db, { activeOnly: true });
  const instructors = await listInstructors(database.db);
  const chosen = offerings.find((offering) => offering.id === new URL(request.url).searchParams.get("offering"));
  return {
    offerings: offerings.map(({ id, title, kind, defaultCapacity, defaultInstructorId }) => ({
      id,
      title,
      kind,
      defaultCapacity,
      defaultInstructorId,
    })),
    instructors: instructors.map(({ id, name }) => ({ id, name })),
    defaults: offeringDefaults(chosen),
    zoneName: env.studio.timeZone.replace("_", " "),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const signedIn = await requireStaff(request);
  const { database, effects } = appContext();
  const submission = parseWithZod(await submittedForm(request), { schema: newDateSchema });
  if (submission.status !== "success") return invalid(submission);
  const outcome = await createDate(database.db, effects, { actor: actorOf(signedIn), input: submission.value, now: new Date() });
  if (!outcome.ok) return refused(submission, outcome);
  return redirect(`/staff/schedule/${outcome.value.id}?added`, { status: 303 });
}

export default function NewDate() {
  const { offerings, instructors, defaults, zoneName } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm<z.input<typeof newDateSchema>, z.output<typeof newDateSchema>>({
    id: "new-date",
    lastResult,
    defaultValue: defaults,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: newDateSchema }),
  });
  return (
    <div className="console-page console-page--form">
      <p className="console-back">
        <Link to="/staff/schedule">Schedule</Link>
      </p>
      <h1>Add a date</h1>
      <p className="lead">
        One date of an offering. For a whole term, <Link to="/staff/schedule/series/new">add a weekly series</Link> instead.
      </p>
      <ErrorSummary form={form} labels={LABELS} lastResult={lastResult} title="The date wasn't added" />
      {offerings.length === 0 ? (
        <div className="empty-state">
          <h2>No offerings to add dates to</h2>
          <p>
            Every offering is archived, or there are none yet. <Link to="/staff/offerings">Go to the offerings</Link>.
          </p>
        </div>
      ) : (
        <Form method="post" {...getFormProps(form)} className="console-form console-panel">
          <OfferingSelect field={fields.offeringId} offerings={offerings} onChange={fillFromOffering(fields, offerings)} />
          <div className="field-row">
            <Field meta={fields.date} label="Date" className="field--date">
              <input {...getInputProps(fields.date, { type: "date" })} />
            </Field>
            <Field meta={fields.time} label="Start time" hint={`Studio time (${zoneName}).`} className="field--short">
              <input {...getInputProps(fields.time, { type: "time", ...describedBy(fields.time, true) })} step={300} />
            </Field>
            <PlacesField field={fields.capacity} />
          </div>
          <InstructorSelect
            field={fields.instructorId}
            instructors={instructors}
            hint="Nobody can teach two dates at once: a clash is named."
          />
          <div className="form-actions-row">
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? "Adding…" : "Add date"}
            </button>
            <Link to="/staff/schedule" className="button button--quiet">
              Cancel
            </Link>
          </div>
        </Form>
      )}
    </div>
  );
}
