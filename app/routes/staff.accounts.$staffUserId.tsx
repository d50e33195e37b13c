import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { z } from "zod";
import { Confirmation, ErrorSummary } from "~/components/console-form";
import { RoleChoice, roleLabel } from "~/components/staff-account-fields";
import { appContext } from "~/context.server";
import { accountChangeSchema, ROLE_LABELS } from "~/staff/account-forms";
import { changeStaffRole, getStaffAccount, setStaffAccountDisabled } from "~/staff/account-changes.server";
import { actorOf, idParam, invalid, refused, submittedForm } from "~/staff/console-forms.server";
import { requireStaff } from "~/staff/guard.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.account.name ?? "Staff account"} · Studio console` },
  { name: "robots", content: "noindex, nofollow" },
];

const NOTICES = {
  role: "Role changed. It applies from their next click: no need to sign in again.",
  disabled: "Disabled. They were signed out everywhere at once and can't sign in.",
  enabled: "Re-enabled. They can sign in again with their password.",
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request, { role: "owner" });
  const account = await getStaffAccount(appContext().database.db, idParam(params.staffUserId, "staff account"));
  if (!account) throw new Response("There's no staff account at this address.", { status: 404 });
  const search = new URL(request.url).searchParams;
  const notice = (Object.keys(NOTICES) as (keyof typeof NOTICES)[]).find((key) => search.has(key));
  return {
    account: { id: account.id, name: account.name, email: account.email, role: account.role, disabled: account.disabled, isDemo: account.isDemo },
    isMe: account.id === user.id,
    notice: notice ? NOTICES[notice] : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const signedIn = await requireStaff(request, { role: "owner" });
  const userId = idParam(params.staffUserId, "staff account");
  const submission = parseWithZod(await submittedForm(request), { schema: accountChangeSchema });
  if (submission.status !== "success") return invalid(submission);
  const db = appContext().database.db;
  const actor = actorOf(signedIn);
  const change = submission.value;
  const now = new Date();
  const outcome =
    change.intent === "role"
      ? await changeStaffRole(db, { actor, userId, role: change.role, now })
      : await setStaffAccountDisabled(db, { actor, userId, disabled: change.intent === "disable", now });
  if (!outcome.ok) return refused(submission, outcome);
  // An owner who made themselves staff can no longer open this page.
  if (change.intent === "role" && userId === signedIn.user.id && change.role !== "owner") return redirect("/staff", { status: 303 });
  const done = change.intent === "role" ? "role" : change.intent === "disable" ? "disabled" : "enabled";
  return redirect(`/staff/accounts/${userId}?${done}`, { status: 303 });
}

export default function StaffAccount() {
  const { account, isMe, notice } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const [form, fields] = useForm<z.input<typeof accountChangeSchema>, z.output<typeof accountChangeSchema>>({
    id: "account",
    lastResult,
    defaultValue: { role: account.role },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: accountChangeSchema }),
  });
  const roleField = (fields as unknown as { role: Parameters<typeof RoleChoice>[0]["field"] }).role;
  return (
    <div className="console-page console-page--form">
      <p className="console-back">
        <Link to="/staff/accounts">All staff accounts</Link>
      </p>
      <div className="page-title-row">
        <h1>
          {account.name}
          <span className={account.role === "owner" ? "chip chip--heading" : "chip chip--muted chip--heading"}>{roleLabel(account.role)}</span>
          {account.disabled ? <span className="chip chip--cancelled chip--heading">Disabled</span> : null}
        </h1>
      </div>
      <p className="lead">
        {account.email}
        {isMe ? " · this is you" : null}
        {account.isDemo ? " · the demo account" : null}
      </p>
      {notice ? <Confirmation>{notice}</Confirmation> : null}
      <ErrorSummary form={form} labels={ROLE_LABELS} lastResult={lastResult} title="Nothing was changed" />

      <section className="console-panel" aria-labelledby="role-title">
        <h2 id="role-title">Role</h2>
        <Form method="post" {...getFormProps(form)} className="stack">
          <RoleChoice field={roleField} legend={`What ${isMe ? "you" : account.name} may do`} />
          <div className="form-actions-row">
            <button type="submit" name="intent" value="role" className="button button--primary" disabled={busy}>
              {busy && navigation.formData?.get("intent") === "role" ? "Saving…" : "Save role"}
            </button>
          </div>
        </Form>
      </section>

      <section
        className={account.disabled || isMe ? "console-panel console-panel--quiet" : "console-panel console-panel--danger"}
        aria-labelledby="access-title"
      >
        {isMe && !account.disabled ? (
          <>
            <h2 id="access-title">Disabling your account</h2>
            <p>You can't disable your own account: another owner can, if it ever needs doing.</p>
          </>
        ) : account.disabled ? (
          <>
            <h2 id="access-title">Re-enable this account</h2>
            <p>They can sign in again with their password. Nothing else changes.</p>
          </>
        ) : (
          <>
            <h2 id="access-title">Disable this account</h2>
            <ul className="consequences">
              <li>Every session of it ends at once, on every device.</li>
              <li>They can't sign in until an owner re-enables the account.</li>
              <li>What they did stays in Activity under their name.</li>
            </ul>
          </>
        )}
        {isMe && !account.disabled ? null : (
          <Form method="post">
            <button
              type="submit"
              name="intent"
              value={account.disabled ? "enable" : "disable"}
              className={account.disabled ? "button button--quiet" : "button button--danger"}
              disabled={busy}
            >
              {account.disabled ? "Re-enable" : "Disable"}
              <span className="visually-hidden"> {account.name}</span>
            </button>
          </Form>
        )}
      </section>
    </div>
  );
}
