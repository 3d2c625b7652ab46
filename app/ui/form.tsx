import { useNavigation } from "@remix-run/react";
import type { InputHTMLAttributes, ReactNode } from "react";

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
}

/** A labelled input whose hint and error are tied to it for screen readers. */
export function Field({ name, label, hint, error, id = `field-${name}`, ...input }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
        {...input}
      />
      {error ? (
        <p id={errorId} className="field-error">
          <WarningSign />
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface CheckboxProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: ReactNode;
  error?: string;
}

export function Checkbox({ name, label, error, id = `field-${name}`, ...input }: CheckboxProps) {
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`field checkbox${error ? " has-error" : ""}`}>
      <input type="checkbox" id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={errorId} {...input} />
      <label htmlFor={id}>{label}</label>
      {error ? (
        <p id={errorId} className="field-error">
          <WarningSign />
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** An error about the whole form, announced as soon as it appears. */
export function FormError({ error }: { error?: string }) {
  if (!error) return null;
  return (
    <p className="form-error" role="alert">
      <WarningSign />
      {error}
    </p>
  );
}

export function StatusMessage({ children }: { children?: ReactNode }) {
  return (
    <p className="status" role="status">
      {children}
    </p>
  );
}

/** Shows progress while the form is being sent; without JavaScript it is a plain button. */
export function SubmitButton({ children, pendingLabel, ...props }: { children: ReactNode; pendingLabel: ReactNode } & React.ButtonHTMLAttributes<HTMLButtonElement>) {
  const navigation = useNavigation();
  const pending = navigation.state === "submitting" && navigation.formMethod?.toLowerCase() === "post" && (!props.value || navigation.formData?.get(String(props.name)) === props.value);
  return (
    <button type="submit" aria-disabled={pending || undefined} {...props}>
      {pending ? pendingLabel : children}
    </button>
  );
}

/** Marks errors by more than colour; hidden from screen readers, which announce the text itself. */
function WarningSign() {
  return <span aria-hidden="true">⚠ </span>;
}
