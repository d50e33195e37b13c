import type { SubmissionResult } from "@conform-to/react";
import { data } from "@remix-run/node";
import type { Refused, ScheduleActor } from "../schedule/outcome";
import { userErrorResponse } from "../utils/errors.server";
import { readFormData } from "../utils/forms.server";
import type { SignedIn } from "./sessions.server";

/*
 * What the console's form actions share: who is acting, the body read within its rules, and the
 * answers a form takes back (conform's reply, with the HTTP status that says what happened).
 */

/** The signed-in staff member as the schedule's domain functions name them (and audit them). */
export function actorOf({ user }: SignedIn): ScheduleActor {
  return { id: user.id, name: user.name, role: user.role };
}

/** The submitted form, or the 400 answer (thrown) for one that can't be read or carries a file. */
export async function submittedForm(request: Request): Promise<FormData> {
  const read = await readFormData(request);
  if (!read.ok) throw userErrorResponse(read.error);
  return read.form;
}

/** What conform's parse gives back, as far as an answer needs it. */
type Replying = { reply(options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }): SubmissionResult<string[]> };

/** Fields that didn't parse: the form shows them beside the fields, with 400. */
export function invalid<T extends object>(submission: Replying, extra?: T) {
  return data({ ...(extra ?? ({} as T)), result: submission.reply() }, { status: 400 });
}

/** A refusal from the domain, beside the fields it names, with its own status. */
export function refused<T extends object>(submission: Replying, refusal: Refused, extra?: T) {
  return data(
    { ...(extra ?? ({} as T)), result: submission.reply({ fieldErrors: refusal.fieldErrors, formErrors: refusal.formErrors }) },
    { status: refusal.status }
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A record id from the address, or a 404 (an address that can't name a record names none). */
export function idParam(value: string | undefined, what: string): string {
  if (!value || !UUID.test(value)) throw new Response(`There's no ${what} at this address.`, { status: 404 });
  return value;
}
