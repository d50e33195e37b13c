/** Any unknown path: a real 404, rendered by the root error boundary in the site's design. */
export function loader() {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}
