import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/staff/guard.server";

/** Any unknown console address: signed-in staff get a 404 inside the console's frame. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  throw new Response("There's no page at this address in the console.", { status: 404 });
}

export async function action({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  throw new Response("There's no page at this address in the console.", { status: 404 });
}

export default function StaffNotFound() {
  return null;
}
