import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { appContext } from "~/context.server";
import { requireStaff } from "~/staff/guard.server";
import { signOut } from "~/staff/sign-in.server";

/** POST /staff/sign-out: the session ends on every app process at once, and the cookie goes. */
export async function action({ request }: ActionFunctionArgs) {
  const signedIn = await requireStaff(request);
  const { database, staffAuth } = appContext();
  await signOut(database.db, signedIn, new Date());
  return redirect("/staff/sign-in", { headers: { "Set-Cookie": await staffAuth.cookie.serialize("", { maxAge: 0 }) } });
}

/** Signing out is a form's POST; a visit here goes back to the console. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return redirect("/staff");
}
