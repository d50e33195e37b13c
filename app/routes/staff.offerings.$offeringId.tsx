import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { z } from "zod";
import { Confirmation, ErrorSummary } from "~/components/console-form";
import { OFFERING_LABELS, OfferingFields, type OfferingFields as Fields } from "~/components/offering-form";
import { pathForOffering } from "~/catalog/catalog.server";
import { appContext } from "~/context.server";
import { upcomingDateCount } from "~/schedule/console-views.server";
import { offeringSchema, priceForForm } from "~/schedule/forms";
import { listInstructors } from "~/schedule/instructors.server";
import { getOffering, setOfferingArchived, updateOffering } from "~/schedule/offerings.server";
import { currentPhoto } from "~/images/photos.server";
import { actorOf, idParam, invalid, refused, submittedForm } from "~/staff/console-forms.server";
import { requireStaff } from "~/staff/guard.server";
import { formatMoney } from "../../emails/format/money";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.offering.title ?? "Offering"} · Studio console` },
  { name: "robots", content: "noindex, nofollow" },
];

const NOTICES = {
  created: "Added. Its page is public now: give it dates in the schedule.",
  saved: "Saved. The public site shows the change at once.",
  archived: "Archived. It's off the public site and takes no new bookings; its bookings stand.",
  restored: "Restored. It's back on the public site.",
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request);
  const { database, env } = appContext();
  const offering = await getOffering(database.db, idParam(params.offeringId, "offering"));
  if (!offering) throw new Response("There's no offering at this address.", { status: 404 });
  const instructors = await listInstructors(database.db);
  const search = new URL(request.url).searchParams;
  const notice = (Object.keys(NOTICES) as (keyof typeof NOTICES)[]).find((key) => search.has(key));
  return {
    offering: {
      id: offering.id,
      title: offering.title,
      kind: offering.kind,
      slug: offering.slug,
      active: offering.active,
      publicPath: pathForOffering(offering),
      price: formatMoney(offering.priceMinor, offering.currency),
    },
    defaults: {
      kind: offering.kind,
      title: offering.title,
      slug: offering.slug,
      summary: offering.summary,
      description: offering.description,
      whatToBring: offering.whatToBring.join("\n"),
      durationMinutes: String(offering.durationMinutes),
      price: priceForForm(offering.priceMinor),
      defaultCapacity: String(offering.defaultCapacity),
      location: offering.location,
      defaultInstructorId: offering.defaultInstructorId ?? "",
    },
    upcomingDates: await upcomingDateCount(database.db, offering.id, new Date()),
    hasPhoto: (await currentPhoto(database.db, "offering", offering.id)) !== null,
    canSetPrice: user.role === "owner",
    baseUrl: env.publicBaseUrl,
    instructors: instructors.map(({ id, name }) => ({ id, name })),
    notice: notice ? NOTICES[notice] : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const signedIn = await requireStaff(request);
  const id = idParam(params.offeringId, "offering");
  const form = await submittedForm(request);
  const db = appContext().database.db;
  const intent = form.get("intent");
  if (intent === "archive" || intent === "restore") {
    const archived = intent === "archive";
    const outcome = await setOfferingArchived(db, { actor: actorOf(signedIn), id, archived, now: new Date() });
    if (!outcome.ok) throw new Response(outcome.formErrors[0] ?? "That didn't work.", { status: outcome.status });
    return redirect(`/staff/offerings/${id}?${archived ? "archived" : "restored"}`, { status: 303 });
  }
  const submission = parseWithZod(form, { schema: offeringSchema });
  if (submission.status !== "success") return invalid(submission);
  const outcome = await updateOffering(db, { actor: actorOf(signedIn), id, input: submission.value, now: new Date() });
  if (!outcome.ok) return refused(submission, outcome);
  return redirect(`/staff/offerings/${id}?saved`, { status: 303 });
}

export default function EditOffering() {
  const { offering, defaults, upcomingDates, hasPhoto, canSetPrice, baseUrl, instructors, notice } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const [form, fields] = useForm<z.input<typeof offeringSchema>, z.output<typeof offeringSchema>>({
    id: "offering",
    lastResult,
    defaultValue: defaults,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: offeringSchema }),
  });
  const datesWords = upcomingDates === 1 ? "Its 1 upcoming date stays" : `Its ${upcomingDates} upcoming dates stay`;
  return (
    <div className="console-page console-page--form">
      <p className="console-back">
        <Link to="/staff/offerings">All offerings</Link>
      </p>
      <div className="page-title-row">
        <h1>
          {offering.title}
          {offering.active ? null : <span className="chip chip--muted chip--heading">Archived</span>}
        </h1>
      </div>
      <p className="button-row">
        {offering.active ? (
          <a href={offering.publicPath} className="button button--quiet button--small">
            View its public page
          </a>
        ) : null}
        <Link to={`/staff/schedule?offering=${offering.id}`} className="button button--quiet button--small">
          Its dates
        </Link>
        <Link to={`/staff/offerings/${offering.id}/photo`} className="button button--quiet button--small">
          {hasPhoto ? "Its photo" : "Add a photo"}
        </Link>
        {offering.active ? (
          <Link to={`/staff/schedule/new?offering=${offering.id}`} className="button button--quiet button--small">
            Add a date
          </Link>
        ) : null}
      </p>
      {notice ? <Confirmation>{notice}</Confirmation> : null}
      <ErrorSummary form={form} labels={OFFERING_LABELS} lastResult={lastResult} title="The changes weren't saved" />
      <Form method="post" {...getFormProps(form)} className="console-form">
        <OfferingFields
          fields={fields as unknown as Fields}
          fixedKind={offering.kind}
          savedSlug={offering.slug}
          canSetPrice={canSetPrice}
          priceText={offering.price}
          baseUrl={baseUrl}
          instructors={instructors}
        />
        <div className="form-actions-row">
          <button type="submit" name="intent" value="save" className="button button--primary" disabled={busy}>
            {busy && navigation.formData?.get("intent") === "save" ? "Saving…" : "Save changes"}
          </button>
        </div>
      </Form>

      <section className="console-panel console-panel--quiet" aria-labelledby="archive-title">
        {offering.active ? (
          <>
            <h2 id="archive-title">Archive this offering</h2>
            <p>
              Archiving takes it off the public site and stops new bookings. {datesWords} in the console, and every booking stands:
              customers' links keep working. You can restore it at any time.
            </p>
          </>
        ) : (
          <>
            <h2 id="archive-title">Restore this offering</h2>
            <p>Restoring puts it back on the public site, with its upcoming dates bookable again.</p>
          </>
        )}
        <Form method="post">
          <button
            type="submit"
            name="intent"
            value={offering.active ? "archive" : "restore"}
            className="button button--quiet"
            disabled={busy}
          >
            {offering.active ? "Archive" : "Restore"}
            <span className="visually-hidden"> {offering.title}</span>
          </button>
        </Form>
      </section>
    </div>
  );
}
