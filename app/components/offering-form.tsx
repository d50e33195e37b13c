import { getCollectionProps, getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { OFFERING_KIND_OPTIONS } from "~/schedule/forms";
import { describedBy, Field, FieldError } from "./console-form";

export const OFFERING_LABELS = {
  kind: "Kind",
  title: "Title",
  slug: "Address",
  summary: "Summary",
  description: "Description",
  whatToBring: "What to bring",
  durationMinutes: "Length",
  price: "Price",
  defaultCapacity: "Places",
  location: "Location",
  defaultInstructorId: "Default instructor",
};

type Meta = FieldMetadata<unknown>;
export type OfferingFields = Record<keyof typeof OFFERING_LABELS, Meta>;

type Props = {
  fields: OfferingFields;
  /** Set when editing: the kind an offering was made as stays. */
  fixedKind: "workshop" | "private" | null;
  /** The slug saved now (editing), for the note on old addresses. */
  savedSlug: string | null;
  /** Owners set prices; anyone else sees the price, not an input. */
  canSetPrice: boolean;
  priceText: string | null;
  baseUrl: string;
  instructors: { id: string; name: string }[];
};

const kindLabel = (kind: string) => OFFERING_KIND_OPTIONS.find((option) => option.value === kind)?.label ?? kind;
const pathPrefix = (kind: string) => (kind === "private" ? "/sessions/" : "/workshops/");

/** Every field of an offering, grouped as staff think about it: what it is, its page, the practical facts. */
export function OfferingFields({ fields, fixedKind, savedSlug, canSetPrice, priceText, baseUrl, instructors }: Props) {
  const kind = fixedKind ?? (typeof fields.kind.value === "string" ? fields.kind.value : "workshop");
  const typedSlug = typeof fields.slug.value === "string" ? fields.slug.value.trim().toLowerCase() : "";
  const address = `${baseUrl.replace(/\/$/, "")}${pathPrefix(kind)}`;
  return (
    <>
      <fieldset className="form-group">
        <legend>What it is</legend>
        {fixedKind ? (
          <div className="field">
            <input type="hidden" name={fields.kind.name} value={fixedKind} />
            <p className="field-static">
              <span className="field-static__label">Kind</span> {kindLabel(fixedKind)}
            </p>
          </div>
        ) : (
          <fieldset
            className="choice-group field"
            id={fields.kind.id}
            aria-describedby={fields.kind.errors ? fields.kind.errorId : undefined}
          >
            <legend>Kind</legend>
            <div className="choice-row">
              {getCollectionProps(fields.kind, { type: "radio", options: OFFERING_KIND_OPTIONS.map((option) => option.value) }).map(
                ({ key, ...props }) => (
                  <label key={key} className="choice" htmlFor={props.id}>
                    <input {...props} />
                    <span>{kindLabel(props.value)}</span>
                  </label>
                )
              )}
            </div>
            <FieldError meta={fields.kind} />
          </fieldset>
        )}
        <Field meta={fields.title} label="Title">
          <input {...getInputProps(fields.title, { type: "text" })} autoComplete="off" />
        </Field>
        <Field meta={fields.summary} label="Summary" hint="One line: the catalog card shows it under the title.">
          <input {...getInputProps(fields.summary, { type: "text", ...describedBy(fields.summary, true) })} autoComplete="off" />
        </Field>
        <Field meta={fields.description} label="Description">
          <textarea {...getTextareaProps(fields.description)} rows={6} />
        </Field>
        <Field
          meta={fields.whatToBring}
          label="What to bring"
          optional
          hint="One item per line. The offering's page, the confirmation email, the reminder and the calendar invite show the list."
        >
          <textarea {...getTextareaProps(fields.whatToBring, describedBy(fields.whatToBring, true))} rows={4} />
        </Field>
      </fieldset>

      <fieldset className="form-group">
        <legend>Its page</legend>
        <Field
          meta={fields.slug}
          label="Address"
          optional={!fixedKind}
          hint={
            <>
              Lower-case letters, numbers and hyphens.{" "}
              {fixedKind
                ? "If you change it, the old address keeps working: it leads to the new one."
                : "Leave it empty to make it from the title."}
              <span className="url-preview">
                <span className="visually-hidden">Public address: </span>
                {address}
                <strong>{typedSlug || savedSlug || "made-from-the-title"}</strong>
              </span>
            </>
          }
        >
          <input
            {...getInputProps(fields.slug, { type: "text", ...describedBy(fields.slug, true) })}
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="none"
          />
        </Field>
      </fieldset>

      <fieldset className="form-group">
        <legend>The practical facts</legend>
        <div className="field-row">
          <Field meta={fields.durationMinutes} label="Length in minutes" className="field--short">
            <input {...getInputProps(fields.durationMinutes, { type: "number" })} min={10} max={480} step={5} inputMode="numeric" />
          </Field>
          <Field
            meta={fields.defaultCapacity}
            label="Places"
            className="field--short"
            hint={kind === "private" ? "A one-to-one session has one place." : "New dates start with this many."}
          >
            <input
              {...getInputProps(fields.defaultCapacity, { type: "number", ...describedBy(fields.defaultCapacity, true) })}
              min={1}
              max={200}
              inputMode="numeric"
            />
          </Field>
          {canSetPrice ? (
            <Field
              meta={fields.price}
              label="Price in pounds"
              className="field--short"
              hint={kind === "private" ? "Per session." : "Per place."}
            >
              <span className="money-input">
                <span aria-hidden="true">£</span>
                <input
                  {...getInputProps(fields.price, { type: "text", ...describedBy(fields.price, true) })}
                  inputMode="decimal"
                  autoComplete="off"
                />
              </span>
            </Field>
          ) : (
            <div className="field field--short">
              <p className="field-static">
                <span className="field-static__label">Price</span> {priceText ?? "—"}
              </p>
              <p className="field-hint">Only the studio's owner can change prices.</p>
            </div>
          )}
        </div>
        <Field meta={fields.location} label="Location" hint="The address customers come to: emails and calendar invites carry it.">
          <input {...getInputProps(fields.location, { type: "text", ...describedBy(fields.location, true) })} autoComplete="off" />
        </Field>
        <Field
          meta={fields.defaultInstructorId}
          label="Default instructor"
          optional
          hint="New dates start with this instructor; each date can have another."
        >
          <select {...getSelectProps(fields.defaultInstructorId, describedBy(fields.defaultInstructorId, true))}>
            <option value="">No instructor</option>
            {instructors.map((instructor) => (
              <option key={instructor.id} value={instructor.id}>
                {instructor.name}
              </option>
            ))}
          </select>
        </Field>
      </fieldset>
    </>
  );
}
