import { UserError } from "./errors.server";

export type FormFields = { ok: true; fields: Record<string, string> } | { ok: false; error: UserError };

/**
 * Reads a submitted form of plain text fields, each given once. A form too big, unreadable,
 * carrying a file or repeating a field is an expected failure, returned (not thrown) so the
 * caller can still count the attempt and show the message beside the form.
 */
export async function readFormFields(request: Request, { maxBytes }: { maxBytes: number }): Promise<FormFields> {
  const refuse = (message: string, status = 400) => ({ ok: false, error: new UserError(message, status) }) as const;
  if (Number(request.headers.get("Content-Length") ?? 0) > maxBytes) {
    return refuse("That form was far too long. Please shorten what you wrote and try again.", 413);
  }
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
