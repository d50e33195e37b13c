import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  data,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { appContext } from "../context.server";
import { actorOf, invalid, refused } from "../staff/console-forms.server";
import type { SignedIn } from "../staff/sessions.server";
import { PHOTO_MAX_BYTES } from "./limits";
import { photoSchema } from "./photo-form";
import { removePhoto, setPhoto, type PhotoOwner } from "./photos.server";

const TOO_LARGE = "That file is over 10 MB; photos can be up to 10 MB. Please choose a smaller one.";

/**
 * Reads the photo form: multipart, parsed by Remix's parser into memory with every part held to
 * 10 MB (the server already refused a body over 10 MB + 64 KB before this ran). A part over the
 * limit answers 413, an unreadable form 400, both beside the photo field.
 */
async function readPhotoForm(request: Request): Promise<{ ok: true; form: FormData } | { ok: false; status: 400 | 413; message: string }> {
  const contentType = request.headers.get("Content-Type") ?? "";
  try {
    if (!contentType.startsWith("multipart/form-data")) return { ok: true, form: await request.formData() };
    const form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: PHOTO_MAX_BYTES }));
    return { ok: true, form };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, status: 413, message: TOO_LARGE };
    return { ok: false, status: 400, message: "We couldn't read that form. Please choose the photo again." };
  }
}

/** A refusal beside the photo field, in conform's reply shape, for a form that couldn't be read. */
function photoFieldError(status: 400 | 413, message: string) {
  const result: SubmissionResult<string[]> = { status: "error", error: { photo: [message] } };
  return data({ result }, { status });
}

/**
 * The action of both photo pages (an adapter helper: it reads the request and answers in HTTP):
 * save a new photo or a new alt text, or remove the photo; then back to the page, saying so.
 */
export async function answerPhotoForm(
  request: Request,
  { signedIn, owner, id, pagePath }: { signedIn: SignedIn; owner: PhotoOwner; id: string; pagePath: string },
) {
  const read = await readPhotoForm(request);
  if (!read.ok) return photoFieldError(read.status, read.message);
  const db = appContext().database.db;
  const actor = actorOf(signedIn);
  if (read.form.get("intent") === "remove") {
    const outcome = await removePhoto(db, { actor, owner, id, now: new Date() });
    if (!outcome.ok) throw new Response(outcome.formErrors[0] ?? "That didn't work.", { status: outcome.status });
    return redirect(`${pagePath}?removed`, { status: 303 });
  }
  const submission = parseWithZod(read.form, { schema: photoSchema });
  if (submission.status !== "success") return invalid(submission);
  const upload = read.form.get("photo");
  const file = upload instanceof File && upload.size > 0 ? Buffer.from(await upload.arrayBuffer()) : null;
  const outcome = await setPhoto(db, { actor, owner, id, file, alt: submission.value.alt, now: new Date() });
  if (!outcome.ok) return refused(submission, outcome);
  return redirect(`${pagePath}?${outcome.value.replaced ? "saved" : "described"}`, { status: 303 });
}
