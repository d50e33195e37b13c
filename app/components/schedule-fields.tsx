import { getInputProps, getSelectProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { describedBy, Field } from "./console-form";

/*
 * The fields the schedule's forms share: which offering, how many places, who teaches. Choosing
 * an offering (with JavaScript) fills in its usual places and instructor; without JavaScript the
 * form starts from the offering named in the address (?offering=…), or staff type them.
 */

export type OfferingOption = { id: string; title: string; kind: string; defaultCapacity: number; defaultInstructorId: string | null };
export type InstructorOption = { id: string; name: string };
type Meta = FieldMetadata<unknown>;

/** What a form starts with for an offering: its usual places and instructor. */
export function offeringDefaults(offering: OfferingOption | undefined) {
  return offering
    ? { offeringId: offering.id, capacity: String(offering.defaultCapacity), instructorId: offering.defaultInstructorId ?? "" }
    : {};
}

/**
 * An onChange for the offering select: fills in the chosen offering's places and instructor. It
 * sets the controls themselves (and tells conform, which listens for input events), so what is
 * shown is exactly what is submitted.
 */
export function fillFromOffering(fields: { capacity: Meta; instructorId: Meta }, offerings: OfferingOption[]) {
  return (event: React.ChangeEvent<HTMLSelectElement>) => {
    const offering = offerings.find((option) => option.id === event.currentTarget.value);
    const form = event.currentTarget.form;
    if (!offering || !form) return;
    setControl(form, fields.capacity.name, String(offering.defaultCapacity));
    setControl(form, fields.instructorId.name, offering.defaultInstructorId ?? "");
  };
}

function setControl(form: HTMLFormElement, name: string, value: string) {
  const control = form.elements.namedItem(name);
  if (!(control instanceof HTMLInputElement || control instanceof HTMLSelectElement)) return;
  control.value = value;
  control.dispatchEvent(new Event("input", { bubbles: true }));
}

export function OfferingSelect({
  field,
  offerings,
  onChange,
}: {
  field: Meta;
  offerings: OfferingOption[];
  onChange: (event: React.ChangeEvent<HTMLSelectElement>) => void;
}) {
  return (
    <Field meta={field} label="Offering">
      <select {...getSelectProps(field)} onChange={onChange}>
        <option value="">Choose an offering</option>
        {offerings.map((offering) => (
          <option key={offering.id} value={offering.id}>
            {offering.title}
            {offering.kind === "private" ? " (one-to-one)" : ""}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function PlacesField({ field, hint }: { field: Meta; hint?: ReactNode }) {
  return (
    <Field meta={field} label="Places" hint={hint} className="field--short">
      <input {...getInputProps(field, { type: "number", ...describedBy(field, Boolean(hint)) })} min={1} max={200} inputMode="numeric" />
    </Field>
  );
}

export function InstructorSelect({ field, instructors, hint }: { field: Meta; instructors: InstructorOption[]; hint?: ReactNode }) {
  return (
    <Field meta={field} label="Instructor" hint={hint}>
      <select {...getSelectProps(field, describedBy(field, Boolean(hint)))}>
        <option value="">No instructor</option>
        {instructors.map((instructor) => (
          <option key={instructor.id} value={instructor.id}>
            {instructor.name}
          </option>
        ))}
      </select>
    </Field>
  );
}
