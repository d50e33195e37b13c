import { UserError } from "./errors.server";

export type FormFields = { ok: true; fields: Record<string, string> } | { ok: false; error: UserError };

/**
 * Reads a submitted form of plain text fields, each given once. A form unreadable, carrying a
 * file or repeating a field is an expected failure, returned (not thrown) so the caller can
 * show the message beside the form. (Its size was checked by the
 * server before Remix saw it: app/http/request-body.server.ts.)
 */
export async function readFormFields(request: Request): Promise<FormFields> {
  const refuse = (message: string) => ({ ok: false, error: new UserError(message, 400) }) as const;
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return refuse("We couldn't read that form. Please fill it in again.");
  }
  const fields: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string") return refuse("Files can't be attached to this form.");
    if (key in fields) return refuse("We couldn't read that form. Please fill it in again.");
    fields[key] = value;
  }
  return { ok: true, fields };
}

export type FormRead = { ok: true; form: FormData } | { ok: false; error: UserError };

/**
 * Reads a submitted form that may repeat a field (a checkbox group, such as the days of a weekly
 * series), for a schema to parse. Text fields only: a form carrying a file, or one that can't be
 * read, is an expected failure with a message, returned like readFormFields'. (Its size was
 * checked by the server before Remix saw it.)
 */
export async function readFormData(request: Request): Promise<FormRead> {
  const refuse = (message: string) => ({ ok: false, error: new UserError(message, 400) }) as const;
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return refuse("We couldn't read that form. Please fill it in again.");
  }
  for (const value of form.values()) {
    if (typeof value !== "string") return refuse("Files can't be attached to this form.");
  }
  return { ok: true, form };
}
