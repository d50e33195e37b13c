import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import type { z } from "zod";
import type { Photo } from "~/images/photo";
import { PHOTO_ACCEPT, PHOTO_RULES_IN_WORDS } from "~/images/limits";
import { PHOTO_LABELS, photoSchema } from "~/images/photo-form";
import { Confirmation, describedBy, ErrorSummary, Field } from "./console-form";
import { Picture } from "./picture";

const NOTICES = {
  saved: "Photo saved. The public site shows it at once.",
  described: "Alt text saved.",
  removed: "Photo removed. The public site shows none now.",
} as const;
export type PhotoNotice = keyof typeof NOTICES;

export function photoNoticeFrom(search: URLSearchParams): PhotoNotice | null {
  return (Object.keys(NOTICES) as PhotoNotice[]).find((key) => search.has(key)) ?? null;
}

/**
 * The console's photo form for an offering or an instructor: the photo as it is, a file and its
 * alt text (required), and removing it. Works without JavaScript (a plain multipart POST).
 */
export function PhotoForm({
  photo,
  subject,
  whereShown,
  altExample,
  notice,
  lastResult,
}: {
  photo: Photo | null;
  /** Whose photo, in words: "Hips & Ankles", "Maya Okafor". */
  subject: string;
  whereShown: string;
  altExample: string;
  notice: PhotoNotice | null;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const [form, fields] = useForm<z.input<typeof photoSchema>, z.output<typeof photoSchema>>({
    id: "photo",
    lastResult,
    defaultValue: { alt: photo?.alt ?? "" },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: photoSchema }),
  });
  const photoField = fields.photo;
  return (
    <>
      {notice ? <Confirmation>{NOTICES[notice]}</Confirmation> : null}
      <ErrorSummary form={form} labels={PHOTO_LABELS} lastResult={lastResult} title="The photo wasn't saved" />
      <div className="photo-console">
        {photo ? (
          <figure className="photo-console__now">
            <Picture photo={photo} sizes="(min-width: 60rem) 24rem, 100vw" className="photo-console__picture" />
            <figcaption className="muted">
              The photo now ({photo.width} × {photo.height} pixels). {whereShown}
            </figcaption>
          </figure>
        ) : (
          <p className="photo-console__none">
            <strong>{subject} has no photo yet.</strong> {whereShown}
          </p>
        )}
        <Form
          method="post"
          encType="multipart/form-data"
          {...getFormProps(form)}
          key={`${photo?.key ?? "none"}:${photo?.alt ?? ""}`}
          className="stack console-panel"
        >
          <Field
            meta={photoField}
            label={photo ? "A new photo" : "Photo"}
            optional={Boolean(photo)}
            hint={`${PHOTO_RULES_IN_WORDS} We remove its camera and location details and make smaller copies for phones.${photo ? " Leave it empty to change only the alt text." : ""}`}
          >
            <input {...getInputProps(photoField, { type: "file", ...describedBy(photoField, true) })} accept={PHOTO_ACCEPT} />
          </Field>
          <Field
            meta={fields.alt}
            label="Alt text"
            hint={`What the photo shows, for people who can't see it. For example: "${altExample}"`}
          >
            <textarea {...getTextareaProps(fields.alt, describedBy(fields.alt, true))} rows={2} />
          </Field>
          <button type="submit" name="intent" value="save" className="button button--primary" disabled={busy}>
            {busy && navigation.formData?.get("intent") === "save" ? "Saving…" : "Save the photo"}
          </button>
        </Form>
      </div>
      {photo ? (
        <section className="console-panel console-panel--quiet" aria-labelledby="remove-photo-title">
          <h2 id="remove-photo-title">Remove the photo</h2>
          <p>The public site goes back to showing no photo for {subject}. You can add one again at any time.</p>
          <Form method="post">
            <button type="submit" name="intent" value="remove" className="button button--quiet" disabled={busy}>
              Remove the photo
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
