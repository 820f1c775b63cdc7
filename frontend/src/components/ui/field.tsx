import { useId, type ComponentPropsWithRef, type ReactNode } from "react";
import "./field.css";

interface FieldFrameProps {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
}

export type TextFieldProps = FieldFrameProps & ComponentPropsWithRef<"input">;

/** A labelled input whose error and hint are announced with it (aria-describedby). */
export function TextField({ label, error, hint, id, className, "aria-describedby": alsoDescribedBy, ...props }: TextFieldProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  // A description shared with other fields (a group's error) comes after the field's own.
  const describedBy = [hint ? hintId : null, error ? errorId : null, alsoDescribedBy].filter(Boolean).join(" ") || undefined;
  return (
    <div className={["field", className].filter(Boolean).join(" ")}>
      <label htmlFor={inputId} className="field__label">
        {label}
      </label>
      <input
        id={inputId}
        className="field__input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...props}
      />
      {hint ? (
        <span id={hintId} className="field__hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={errorId} className="field__error">
          {error}
        </span>
      ) : null}
    </div>
  );
}

export type SelectFieldProps = FieldFrameProps & ComponentPropsWithRef<"select">;

export function SelectField({ label, error, hint, id, className, children, ...props }: SelectFieldProps) {
  const generated = useId();
  const selectId = id ?? generated;
  const errorId = `${selectId}-error`;
  const hintId = `${selectId}-hint`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={["field", className].filter(Boolean).join(" ")}>
      <label htmlFor={selectId} className="field__label">
        {label}
      </label>
      <select
        id={selectId}
        className="field__input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...props}
      >
        {children}
      </select>
      {hint ? (
        <span id={hintId} className="field__hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={errorId} className="field__error">
          {error}
        </span>
      ) : null}
    </div>
  );
}
