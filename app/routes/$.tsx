import type { MetaFunction } from "@remix-run/node";
import { pageMeta } from "~/utils/meta";

export const meta: MetaFunction = () => pageMeta("Page not found", "We couldn't find that page.");

/** Any unknown path: a real 404 rendered by the root error boundary in the site's design. */
export function loader() {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}
