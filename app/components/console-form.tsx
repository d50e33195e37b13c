import type { FieldMetadata, FormMetadata } from "@conform-to/react";
import { useEffect, useRef, type ReactNode } from "react";

/*
 * The console's form pieces, shared by its pages: a field with its label, hint and error (the
 * error's id is what the control's aria-describedby names), and the summary that takes focus
 * after a failed submit and links to each field that needs attention (the GOV.UK pattern).
 */

type AnyField = FieldMetadata<unknown, Record<string, unknown>, string[]>;

/** Props that tie a control to its hint (when it has one) as well as its error. */
export function describedBy(meta: { descriptionId: string }, hasHint: boolean) {
  return hasHint ? { ariaDescribedBy: meta.descriptionId } : {};
}

export function Field({
  meta,
  label,
  hint,
  optional = false,
  className,
  children,
}: {
  meta: Pick<AnyField, "id" | "errorId" | "descriptionId" | "errors">;
  label: ReactNode;
  hint?: ReactNode;
  optional?: boolean;
  className?: string;
  children: ReactNode;
}) {
  const classes = ["field", meta.errors ? "has-error" : "", className ?? ""].filter(Boolean).join(" ");
  return (
    <div className={classes}>
      <label htmlFor={meta.id}>
        {label}
        {optional ? <span className="optional"> (optional)</span> : null}
      </label>
      {hint ? (
        <p className="field-hint" id={meta.descriptionId}>
          {hint}
        </p>
      ) : null}
      {children}
      <FieldError meta={meta} />
    </div>
  );
}

export function FieldError({ meta }: { meta: Pick<AnyField, "errorId" | "errors"> }) {
  if (!meta.errors?.length) return null;
  return (
    <p className="field-error" id={meta.errorId}>
      {meta.errors.join(" ")}
    </p>
  );
}

/**
 * Shown after a submit that failed (in the browser or on the server): the form's own messages,
 * then a link to each field with an error. It takes focus each time it appears or changes.
 */
export function ErrorSummary({
  form,
  labels,
  title = "Please check the form",
  lastResult,
}: {
  form: Pick<FormMetadata<Record<string, unknown>>, "status" | "errors" | "allErrors" | "id">;
  /** The field names the form has, with the words to link them by (in the form's order). */
  labels: Record<string, string>;
  title?: string;
  /** The server's last answer: a new one focuses the summary again. */
  lastResult?: unknown;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const formErrors = form.errors ?? [];
  const order = Object.keys(labels);
  const fieldErrors = Object.entries(form.allErrors)
    .filter(([name, errors]) => name !== "" && errors.length > 0)
    .sort(([a], [b]) => rank(order, a) - rank(order, b));
  const shown = form.status === "error" && (formErrors.length > 0 || fieldErrors.length > 0);
  const signature = shown ? JSON.stringify([formErrors, fieldErrors]) : "";
  useEffect(() => {
    if (signature) ref.current?.focus();
  }, [signature, lastResult]);
  if (!shown) return null;
  const headingId = `${form.id}-problem`;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {formErrors.map((message) => (
        <p key={message}>{message}</p>
      ))}
      {fieldErrors.length > 0 ? (
        <ul>
          {fieldErrors.map(([name, errors]) => (
            <li key={name}>
              <a href={`#${form.id}-${name}`}>
                {labels[name] ? `${labels[name]}: ` : ""}
                {errors.join(" ")}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function rank(order: string[], name: string): number {
  const index = order.indexOf(name);
  return index === -1 ? order.length : index;
}

/**
 * Keeps a submit button where it is while it is being clicked. A field validates when it loses
 * focus, and the error it then shows can push the button down between the press and the release,
 * so the click never happens. When focus leaves a field for a submit button of its own form, the
 * blur is kept from conform (the submit validates every field anyway, and shows the summary).
 */
export function useSteadySubmitButtons() {
  useEffect(() => {
    const onFocusOut = (event: FocusEvent) => {
      const field = event.target;
      const next = event.relatedTarget;
      if (!(field instanceof HTMLInputElement || field instanceof HTMLSelectElement || field instanceof HTMLTextAreaElement)) return;
      if (!(next instanceof HTMLButtonElement) || next.type !== "submit") return;
      if (field.form && next.form === field.form) event.stopPropagation();
    };
    document.addEventListener("focusout", onFocusOut, true);
    return () => document.removeEventListener("focusout", onFocusOut, true);
  }, []);
}

/** A confirmation after a change (from the address the change redirected to). */
export function Confirmation({ children }: { children: ReactNode }) {
  return (
    <div className="console-confirmation" role="status">
      <svg aria-hidden="true" viewBox="0 0 20 20" width="20" height="20" focusable="false">
        <circle cx="10" cy="10" r="9" fill="none" stroke="currentColor" strokeWidth="2" />
        <path d="M6 10.5l2.6 2.6L14.2 7.5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <p>{children}</p>
    </div>
  );
}
