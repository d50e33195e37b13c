import { getInputProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { describedBy, Field } from "./console-form";

export const INSTRUCTOR_LABELS = { name: "Name", email: "Email", bio: "Short bio" };

type Fields = {
  name: FieldMetadata<string | undefined>;
  email: FieldMetadata<string | undefined>;
  bio: FieldMetadata<string | undefined>;
};

/** An instructor's fields, for adding one and for editing one. */
export function InstructorFields({ fields }: { fields: Fields }) {
  return (
    <>
      <Field meta={fields.name} label="Name">
        <input {...getInputProps(fields.name, { type: "text" })} autoComplete="off" />
      </Field>
      <Field meta={fields.email} label="Email" optional hint="For the studio's own use: customers don't see it.">
        <input {...getInputProps(fields.email, { type: "email", ...describedBy(fields.email, true) })} autoComplete="off" />
      </Field>
      <Field meta={fields.bio} label="Short bio" optional hint="A sentence or two about them: customers see it beside their photo on the pages of the sessions they teach and when booking.">
        <textarea {...getTextareaProps(fields.bio, describedBy(fields.bio, true))} rows={3} />
      </Field>
    </>
  );
}
