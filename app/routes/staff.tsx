import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Link, Outlet, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useSteadySubmitButtons } from "~/components/console-form";
import { ConsoleFrame } from "~/components/console-frame";
import { appContext } from "~/context.server";
import { useRootData } from "~/root";
import consoleStylesHref from "~/styles/console.css";
import { requireStaff } from "~/staff/guard.server";

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex, nofollow" }];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: consoleStylesHref }];

/** The console's frame, for every page under /staff (the sign-in page has its own). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request);
  return { user: { name: user.name, role: user.role }, studioName: appContext().env.studio.name };
}

export default function StaffLayout() {
  const { user, studioName } = useLoaderData<typeof loader>();
  useSteadySubmitButtons();
  return (
    <ConsoleFrame user={user} studioName={studioName}>
      <Outlet />
    </ConsoleFrame>
  );
}

/** Errors inside the console stay in the console's frame, in words staff understand. */
export function ErrorBoundary() {
  const error = useRouteError();
  const studioName = useRootData()?.env.studioName ?? "Pain Free Me Studio";
  // Set when the error came from a page below the console's frame (its loader ran): keep the navigation.
  const user = useRouteLoaderData<typeof loader>("routes/staff")?.user;
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    isRouteErrorResponse(error) && typeof error.data === "string" && error.data.length < 300
      ? error.data
      : status === 404
        ? "There's no page at this address in the console."
        : "Something went wrong on our side. Please try again; if it keeps happening, the details are in the server's log.";
  return (
    <ConsoleFrame studioName={studioName} user={user}>
      <div className="console-page">
        <p className="eyebrow">Error {status}</p>
        <h1>{status === 404 ? "Page not found" : status === 403 ? "Not for your role" : "That didn't work"}</h1>
        <p className="lead">{message}</p>
        <p className="button-row">
          <Link to="/staff" className="button button--primary">
            Console home
          </Link>
          {user ? null : (
            <Link to="/staff/sign-in" className="button button--quiet">
              Sign in
            </Link>
          )}
        </p>
      </div>
    </ConsoleFrame>
  );
}
