import { getCollectionProps, type FieldMetadata } from "@conform-to/react";
import { ROLE_OPTIONS } from "~/staff/account-forms";
import { FieldError } from "./console-form";

/** The role as two big choices, each with what it may do (a fieldset, so the legend names the group). */
export function RoleChoice({ field, legend = "Role" }: { field: FieldMetadata<string | undefined>; legend?: string }) {
  return (
    <fieldset className="choice-group field" id={field.id} aria-describedby={field.errors ? field.errorId : undefined}>
      <legend>{legend}</legend>
      <div className="choice-row">
        {getCollectionProps(field, { type: "radio", options: ROLE_OPTIONS.map((option) => option.value) }).map(({ key, ...props }) => {
          const option = ROLE_OPTIONS.find((candidate) => candidate.value === props.value)!;
          return (
            <label key={key} className="choice" htmlFor={props.id}>
              <input {...props} aria-describedby={`${props.id}-hint`} />
              <span>
                <strong>{option.label}</strong>
                <span className="choice__hint" id={`${props.id}-hint`}>
                  {option.hint}
                </span>
              </span>
            </label>
          );
        })}
      </div>
      <FieldError meta={field} />
    </fieldset>
  );
}

export function roleLabel(role: "owner" | "staff"): string {
  return role === "owner" ? "Owner" : "Staff";
}
