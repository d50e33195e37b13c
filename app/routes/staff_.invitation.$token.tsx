import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { z } from "zod";
import { describedBy, ErrorSummary, Field } from "~/components/console-form";
import { ConsoleFrame } from "~/components/console-frame";
import { roleLabel } from "~/components/staff-account-fields";
import { appContext } from "~/context.server";
import { ACCEPT_LABELS, acceptInvitationSchema } from "~/staff/account-forms";
import { submittedForm } from "~/staff/console-forms.server";
import { acceptStaffInvitation, findInvitationByToken, INVITATION_REFUSALS } from "~/staff/invitations.server";
import consoleStylesHref from "~/styles/console.css";
import { formatLongDate, formatTime, zoneAbbreviation } from "../../emails/format/time";

export const meta: MetaFunction = () => [
  { title: "Join the studio console" },
  { name: "robots", content: "noindex, nofollow" },
  // The token is in this page's address: never send it on as a referrer.
  { name: "referrer", content: "no-referrer" },
];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: consoleStylesHref }];

/**
 * GET /staff/invitation/:token, public (outside the console's guard): the invitation's
 * set-password form, or a kind page when the link opens nothing (404 never issued, 410 used,
 * withdrawn or run out), never an error.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const { database, env } = appContext();
  const studioName = env.studio.name;
  const found = await findInvitationByToken(database.db, { token: params.token ?? "", now: new Date() });
  const state = found ? found.state : "unknown";
  if (!found || state !== "pending") {
    const refusal = INVITATION_REFUSALS[state === "pending" ? "unknown" : state];
    return data({ studioName, closed: refusal.message, invitation: null }, { status: refusal.status });
  }
  const { invitation } = found;
  const zone = env.studio.timeZone;
  return {
    studioName,
    closed: null,
    invitation: {
      name: invitation.name,
      email: invitation.email,
      role: invitation.role,
      until: `${formatTime(invitation.expiresAt, zone)} ${zoneAbbreviation(invitation.expiresAt, zone)} on ${formatLongDate(invitation.expiresAt, zone)}`,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { database, staffAuth, env } = appContext();
  const submission = parseWithZod(await submittedForm(request), { schema: acceptInvitationSchema });
  // Passwords are never sent back to the page.
  const hidden = { hideFields: ["password", "confirm"] };
  if (submission.status !== "success") return data({ result: submission.reply(hidden) }, { status: 400 });
  const outcome = await acceptStaffInvitation(database.db, { token: params.token ?? "", password: submission.value.password, now: new Date() });
  if (!outcome.ok) {
    // The link itself opens nothing (any more): the page says so, kindly.
    if (outcome.status === 404 || outcome.status === 410) {
      return data({ studioName: env.studio.name, closed: outcome.formErrors[0] ?? INVITATION_REFUSALS.unknown.message }, { status: outcome.status });
    }
    return data({ result: submission.reply({ ...hidden, fieldErrors: outcome.fieldErrors, formErrors: outcome.formErrors }) }, { status: outcome.status });
  }
  return redirect("/staff", { status: 303, headers: { "Set-Cookie": await staffAuth.cookie.serialize(outcome.value.sessionId) } });
}

function ClosedInvitation({ message }: { message: string }) {
  return (
    <div className="console-page console-page--narrow">
      <h1>This link doesn't open an invitation</h1>
      <p className="lead">{message}</p>
      <p className="muted">For your security, invitation links work once and only for 48 hours.</p>
      <p className="button-row">
        <Link to="/staff/sign-in" className="button button--quiet">
          Sign in
        </Link>
        <Link to="/" className="button button--quiet">
          The studio's site
        </Link>
      </p>
    </div>
  );
}

export default function AcceptInvitation() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const lastResult = actionData && "result" in actionData ? actionData.result : undefined;
  const closed = (actionData && "closed" in actionData ? actionData.closed : null) ?? loaded.closed;
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useForm<z.input<typeof acceptInvitationSchema>, z.output<typeof acceptInvitationSchema>>({
    id: "accept",
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: acceptInvitationSchema }),
  });
  const invitation = loaded.invitation;
  return (
    <ConsoleFrame studioName={loaded.studioName}>
      {closed || !invitation ? (
        <ClosedInvitation message={closed ?? "This invitation can't be used."} />
      ) : (
        <div className="console-page console-page--narrow">
          <p className="eyebrow">Invitation · {roleLabel(invitation.role)}</p>
          <h1>Welcome, {invitation.name}</h1>
          <p className="lead">
            Choose a password to set up your account on {loaded.studioName}'s console. You'll sign in with <strong>{invitation.email}</strong>.
          </p>
          <ErrorSummary form={form} labels={ACCEPT_LABELS} lastResult={lastResult} title="Your password wasn't set" />
          <Form method="post" {...getFormProps(form)} className="stack">
            {/* For password managers: the account this password belongs to. */}
            <input type="email" name="username" value={invitation.email} autoComplete="username" readOnly hidden />
            <Field
              meta={fields.password}
              label="Password"
              hint="At least 12 characters and hard to guess. A few unrelated words make a strong, memorable password."
            >
              <input {...getInputProps(fields.password, { type: "password", ...describedBy(fields.password, true) })} autoComplete="new-password" />
            </Field>
            <Field meta={fields.confirm} label="Password again">
              <input {...getInputProps(fields.confirm, { type: "password" })} autoComplete="new-password" />
            </Field>
            <button type="submit" className="button button--primary button--large" disabled={busy}>
              {busy ? "Setting up…" : "Set password and sign in"}
            </button>
          </Form>
          <p className="muted small">This link works once, until {invitation.until}.</p>
        </div>
      )}
    </ConsoleFrame>
  );
}
