import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { z } from "zod";
import { Confirmation, describedBy, ErrorSummary, Field } from "~/components/console-form";
import { RoleChoice, roleLabel } from "~/components/staff-account-fields";
import { appContext } from "~/context.server";
import { INVITE_LABELS, inviteSchema } from "~/staff/account-forms";
import { listStaffAccountsForConsole } from "~/staff/account-changes.server";
import { actorOf, idParam, invalid, refused, submittedForm } from "~/staff/console-forms.server";
import { requireStaff } from "~/staff/guard.server";
import { inviteStaffMember, withdrawStaffInvitation } from "~/staff/invitations.server";
import { formatLongDate, formatShortDate, formatTime, zoneAbbreviation } from "../../emails/format/time";

export const meta: MetaFunction = () => [{ title: "Staff accounts · Studio console" }, { name: "robots", content: "noindex, nofollow" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request, { role: "owner" });
  const { database, env } = appContext();
  const now = new Date();
  const zone = env.studio.timeZone;
  const { accounts, invitations } = await listStaffAccountsForConsole(database.db, now);
  const search = new URL(request.url).searchParams;
  const invited = invitations.find((invitation) => invitation.id === search.get("invited"));
  const when = (at: Date) => `${formatTime(at, zone)} ${zoneAbbreviation(at, zone)}, ${formatLongDate(at, zone)}`;
  return {
    me: user.id,
    notice: invited
      ? `Invitation sent to ${invited.email}. The link in it works until ${when(invited.expiresAt)}.`
      : search.has("withdrawn")
        ? "Invitation withdrawn: its link no longer works."
        : null,
    accounts: accounts.map((account) => ({
      id: account.id,
      name: account.name,
      email: account.email,
      role: account.role,
      disabled: account.disabled,
      isDemo: account.isDemo,
      lastActive: account.lastActiveAt ? formatShortDate(account.lastActiveAt, zone) : null,
    })),
    invitations: invitations.map((invitation) => ({
      id: invitation.id,
      name: invitation.name,
      email: invitation.email,
      role: invitation.role,
      state: invitation.state,
      invitedBy: invitation.invitedBy,
      emailFailed: invitation.emailFailed,
      expires: when(invitation.expiresAt),
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const signedIn = await requireStaff(request, { role: "owner" });
  const form = await submittedForm(request);
  const { database, effects, staffAuth } = appContext();
  if (form.get("intent") === "withdraw") {
    const invitationId = idParam(String(form.get("invitationId") ?? ""), "invitation");
    const outcome = await withdrawStaffInvitation(database.db, { actor: actorOf(signedIn), invitationId, now: new Date() });
    if (!outcome.ok) throw new Response(outcome.formErrors[0] ?? "That didn't work.", { status: outcome.status });
    return redirect("/staff/accounts?withdrawn", { status: 303 });
  }
  const submission = parseWithZod(form, { schema: inviteSchema });
  if (submission.status !== "success") return invalid(submission);
  const outcome = await inviteStaffMember(database.db, effects, staffAuth.invitations, {
    actor: actorOf(signedIn),
    input: submission.value,
    now: new Date(),
  });
  if (!outcome.ok) return refused(submission, outcome);
  return redirect(`/staff/accounts?invited=${outcome.value.id}`, { status: 303 });
}

export default function StaffAccounts() {
  const { me, notice, accounts, invitations } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const [form, fields] = useForm<z.input<typeof inviteSchema>, z.output<typeof inviteSchema>>({
    id: "invite",
    lastResult,
    defaultValue: { role: "staff" },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: inviteSchema }),
  });
  return (
    <div className="console-page">
      <h1>Staff accounts</h1>
      <p className="lead">
        Who can sign in to the console, and as what. Invite a colleague by email; disabling an account signs it out everywhere at once.
      </p>
      {notice ? <Confirmation>{notice}</Confirmation> : null}

      <div className="console-split">
        <div>
          <section aria-labelledby="accounts-title">
            <h2 id="accounts-title">Accounts</h2>
            <ul className="record-list">
              {accounts.map((account) => (
                <li key={account.id} className={account.disabled ? "record is-disabled" : "record"}>
                  <div className="record__main">
                    <Link to={`/staff/accounts/${account.id}`} className="record__title">
                      {account.name}
                    </Link>
                    <span className={account.role === "owner" ? "chip" : "chip chip--muted"}>{roleLabel(account.role)}</span>
                    {account.disabled ? <span className="chip chip--cancelled">Disabled</span> : null}
                    {account.isDemo ? <span className="chip chip--full">Demo</span> : null}
                    {account.id === me ? <span className="record__meta">(you)</span> : null}
                    <span className="record__meta record__wide">{account.email}</span>
                  </div>
                  <span className="record__aside">{account.lastActive ? `Last active ${account.lastActive}` : "Not signed in yet"}</span>
                </li>
              ))}
            </ul>
          </section>

          <section aria-labelledby="invitations-title" className="accounts-invitations">
            <h2 id="invitations-title">Invitations waiting</h2>
            {invitations.length === 0 ? (
              <p className="muted">No invitations waiting. Accepted ones appear above as accounts.</p>
            ) : (
              <ul className="record-list">
                {invitations.map((invitation) => (
                  <li key={invitation.id} className="record">
                    <div className="record__main">
                      <span className="record__title">{invitation.name}</span>
                      <span className={invitation.role === "owner" ? "chip" : "chip chip--muted"}>{roleLabel(invitation.role)}</span>
                      {invitation.state === "expired" ? (
                        <span className="chip chip--full">Expired</span>
                      ) : (
                        <span className="chip chip--full">Invited</span>
                      )}
                      {invitation.emailFailed ? <span className="chip chip--cancelled">Email not delivered</span> : null}
                      <span className="record__meta record__wide">{invitation.email}</span>
                      <span className="record__meta record__wide">
                        {invitation.state === "expired" ? `Ran out ${invitation.expires}. Invite them again for a new link.` : `Link works until ${invitation.expires}.`}
                        {invitation.invitedBy ? ` Sent by ${invitation.invitedBy}.` : null}
                        {invitation.emailFailed ? " Check the address and invite them again." : null}
                      </span>
                    </div>
                    <Form method="post" className="record__aside">
                      <input type="hidden" name="invitationId" value={invitation.id} />
                      <button type="submit" name="intent" value="withdraw" className="button button--quiet button--small" disabled={busy}>
                        Withdraw<span className="visually-hidden"> the invitation to {invitation.email}</span>
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>

        <section aria-labelledby="invite-title" className="console-panel">
          <h2 id="invite-title">Invite a colleague</h2>
          <p className="muted small">They get an email with a link to choose a password. It works once, for 48 hours.</p>
          <ErrorSummary form={form} labels={INVITE_LABELS} lastResult={lastResult} title="The invitation wasn't sent" />
          <Form method="post" {...getFormProps(form)} className="stack">
            <Field meta={fields.email} label="Email">
              <input {...getInputProps(fields.email, { type: "email" })} autoComplete="off" spellCheck={false} />
            </Field>
            <Field meta={fields.name} label="Name" hint="As the console will show it: their first and last name.">
              <input {...getInputProps(fields.name, { type: "text", ...describedBy(fields.name, true) })} autoComplete="off" />
            </Field>
            <RoleChoice field={fields.role} />
            <button type="submit" name="intent" value="invite" className="button button--primary" disabled={busy}>
              {busy && navigation.formData?.get("intent") === "invite" ? "Sending…" : "Send invitation"}
            </button>
          </Form>
        </section>
      </div>
    </div>
  );
}
