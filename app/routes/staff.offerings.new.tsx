import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { z } from "zod";
import { ErrorSummary } from "~/components/console-form";
import { OFFERING_LABELS, OfferingFields, type OfferingFields as Fields } from "~/components/offering-form";
import { appContext } from "~/context.server";
import { offeringSchema } from "~/schedule/forms";
import { listInstructors } from "~/schedule/instructors.server";
import { createOffering } from "~/schedule/offerings.server";
import { actorOf, invalid, refused, submittedForm } from "~/staff/console-forms.server";
import { requireStaff } from "~/staff/guard.server";

export const meta: MetaFunction = () => [{ title: "Add an offering · Studio console" }, { name: "robots", content: "noindex, nofollow" }];

/** Owners only: a new offering carries a price. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, { role: "owner" });
  const { database, env } = appContext();
  const instructors = await listInstructors(database.db);
  return {
    baseUrl: env.publicBaseUrl,
    instructors: instructors.map(({ id, name }) => ({ id, name })),
    defaults: { kind: "workshop", durationMinutes: "60", defaultCapacity: "8", location: env.studio.address },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const signedIn = await requireStaff(request, { role: "owner" });
  const { database, env } = appContext();
  const submission = parseWithZod(await submittedForm(request), { schema: offeringSchema });
  if (submission.status !== "success") return invalid(submission);
  const outcome = await createOffering(database.db, {
    actor: actorOf(signedIn),
    input: submission.value,
    currency: env.studio.currency,
    now: new Date(),
  });
  if (!outcome.ok) return refused(submission, outcome);
  return redirect(`/staff/offerings/${outcome.value.id}?created`, { status: 303 });
}

export default function NewOffering() {
  const { baseUrl, instructors, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm<z.input<typeof offeringSchema>, z.output<typeof offeringSchema>>({
    id: "offering",
    lastResult,
    defaultValue: defaults,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: offeringSchema }),
  });
  return (
    <div className="console-page console-page--form">
      <p className="console-back">
        <Link to="/staff/offerings">All offerings</Link>
      </p>
      <h1>Add an offering</h1>
      <p className="lead">
        A workshop or a one-to-one session. Its page is public as soon as you add it; then give it dates in the schedule.
      </p>
      <ErrorSummary form={form} labels={OFFERING_LABELS} lastResult={lastResult} title="The offering wasn't added" />
      <Form method="post" {...getFormProps(form)} className="console-form">
        <OfferingFields
          fields={fields as unknown as Fields}
          fixedKind={null}
          savedSlug={null}
          canSetPrice
          priceText={null}
          baseUrl={baseUrl}
          instructors={instructors}
        />
        <div className="form-actions-row">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? "Adding…" : "Add offering"}
          </button>
          <Link to="/staff/offerings" className="button button--quiet">
            Cancel
          </Link>
        </div>
      </Form>
    </div>
  );
}
