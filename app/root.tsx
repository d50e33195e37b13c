import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useLocation,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import frauncesHref from "@fontsource-variable/fraunces/index.css";
import interHref from "@fontsource-variable/inter/index.css";
import { SiteFooter, SiteHeader } from "./components/site-chrome";
import { ErrorPanel } from "./components/error-panel";
import { appContext } from "./context.server";
import appStylesHref from "./styles/app.css";
import { publicEnv } from "./utils/env.server";
import { pageMeta, STUDIO_FALLBACK_NAME } from "./utils/meta";
import { useNonce } from "./utils/nonce";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: interHref },
  { rel: "stylesheet", href: frauncesHref },
  { rel: "stylesheet", href: appStylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  const studioName = data?.env.studioName;
  if (isRouteErrorResponse(error) && error.status === 404) {
    return pageMeta("Page not found", "We couldn't find that page. See the studio's upcoming workshops and sessions.", studioName);
  }
  if (error) {
    return pageMeta("Something went wrong", "Something went wrong on our side. Please try again in a minute.", studioName);
  }
  return pageMeta(studioName ?? STUDIO_FALLBACK_NAME, "Mobility workshops and one-on-one sessions for runners with knee pain.", studioName);
};

export async function loader(_: LoaderFunctionArgs) {
  const { env } = appContext();
  return { env: publicEnv(env), year: new Date().getFullYear(), address: env.studio.address };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

/** The staff console (/staff and below) has its own frame instead of the public site's. */
const isConsolePath = (pathname: string) => pathname === "/staff" || pathname.startsWith("/staff/");

export function useRootData(): RootData | undefined {
  return useRouteLoaderData<typeof loader>("root") as RootData | undefined;
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRootData();
  const studioName = data?.env.studioName ?? "Pain Free Me Studio";
  const inConsole = isConsolePath(useLocation().pathname);
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#fbf6ef" />
        <Meta />
        <Links />
      </head>
      <body className={inConsole ? "console-body" : undefined}>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        {inConsole ? (
          // The staff console draws its own frame (app/components/console-frame.tsx).
          children
        ) : (
          <>
            <SiteHeader studioName={studioName} />
            <main id="main" tabIndex={-1}>
              {children}
            </main>
            <SiteFooter
              studioName={studioName}
              address={data?.address}
              email={data?.env.studioEmail}
              year={data?.year ?? new Date().getFullYear()}
            />
          </>
        )}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <ErrorPanel
        status={404}
        title="We couldn't find that page"
        message="The link may be old, or the session may no longer be on offer. Everything we run is on the home page."
      />
    );
  }
  if (isRouteErrorResponse(error)) {
    const message = typeof error.data === "string" && error.data.length < 300 ? error.data : error.statusText;
    return <ErrorPanel status={error.status} title="That didn't work" message={message || "Please try again."} />;
  }
  return (
    <ErrorPanel
      status={500}
      title="Something went wrong on our side"
      message="Sorry about that. Nothing you did caused it. Please try again in a minute; if it keeps happening, email the studio and we'll sort it out."
    />
  );
}
