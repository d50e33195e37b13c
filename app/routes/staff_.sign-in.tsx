import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { ConsoleFrame } from "~/components/console-frame";
import { appContext } from "~/context.server";
import { signedInStaff } from "~/staff/guard.server";
import { signInFormSchema, type SignInFieldErrors } from "~/staff/sign-in-form";
import { safeNext, signIn } from "~/staff/sign-in.server";
import consoleStylesHref from "~/styles/console.css";
import { readFormFields } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Studio console" }, { name: "robots", content: "noindex, nofollow" }];


export const links: LinksFunction = () => [{ rel: "stylesheet", href: consoleStylesHref }];

export async function loader({ request }: LoaderFunctionArgs) {
  const next = safeNext(new URL(request.url).searchParams.get("next"));
  if (await signedInStaff(request)) throw redirect(next);
  return { next, studioName: appContext().env.studio.name };
}

type ActionData = { errors: SignInFieldErrors; email: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const { database, staffAuth } = appContext();
  const form = await readFormFields(request);
  const invalid = (status: number, errors: SignInFieldErrors, email = "", headers?: HeadersInit) =>
    data<ActionData>({ errors, email: email.slice(0, 254) }, { status, headers });
  if (!form.ok) return invalid(form.error.status, { form: form.error.message });
  const parsed = signInFormSchema.safeParse(form.fields);
  if (!parsed.success) {
    const errors: SignInFieldErrors = {};
    for (const issue of parsed.error.issues) errors[(issue.path[0] as "email" | "password") ?? "form"] ??= issue.message;
    return invalid(400, errors, form.fields.email);
  }
  const { email, password, next } = parsed.data;
  const result = await signIn(database.db, staffAuth.throttle, { email, password, clientIp: context.clientIp, now: new Date() });
  if (!result.ok) {
    const headers = result.retryAfterSeconds ? { "Retry-After": String(result.retryAfterSeconds) } : undefined;
    return invalid(result.status, { form: result.message }, email, headers);
  }
  return redirect(safeNext(next), { headers: { "Set-Cookie": await staffAuth.cookie.serialize(result.sessionId) } });
}

export default function StaffSignIn() {
  const { next, studioName } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const summary = useRef<HTMLDivElement>(null);
  const errors = actionData?.errors ?? {};
  const problem = errors.form ?? errors.email ?? errors.password;
  useEffect(() => {
    if (problem) summary.current?.focus();
  }, [actionData, problem]);

  return (
    <ConsoleFrame studioName={studioName}>
      <div className="console-page console-page--narrow">
        <h1>Sign in</h1>
        <p className="lead">The studio's console, for staff. Customers don't need an account to book.</p>
        {problem ? (
          <div className="error-summary" role="alert" tabIndex={-1} ref={summary} aria-labelledby="signin-problem">
            <h2 id="signin-problem">We couldn't sign you in</h2>
            <p>{problem}</p>
          </div>
        ) : null}
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="next" value={next} />
          <div className={errors.email ? "field has-error" : "field"}>
            <label htmlFor="email">Email</label>
            <input
              id="email"
              name="email"
              type="email"
              autoComplete="username"
              required
              defaultValue={actionData?.email}
              aria-invalid={errors.email ? true : undefined}
              aria-describedby={errors.email ? "email-error" : undefined}
            />
            {errors.email ? (
              <p className="field-error" id="email-error">
                {errors.email}
              </p>
            ) : null}
          </div>
          <div className={errors.password ? "field has-error" : "field"}>
            <label htmlFor="password">Password</label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              aria-invalid={errors.password ? true : undefined}
              aria-describedby={errors.password ? "password-error" : undefined}
            />
            {errors.password ? (
              <p className="field-error" id="password-error">
                {errors.password}
              </p>
            ) : null}
          </div>
          <button type="submit" className="button button--primary button--large" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </Form>
        <p className="muted small">Forgotten your password? Ask the studio's owner to set a new one.</p>
      </div>
    </ConsoleFrame>
  );
}
