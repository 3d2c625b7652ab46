import { useNavigation } from "@remix-run/react";
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

/** The ids that tie a field to its hint and error, so screen readers read them with the field. */
function describedBy(id: string, hint: ReactNode, error: ReactNode) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return { hintId, errorId, describedBy: [hintId, errorId].filter(Boolean).join(" ") || undefined };
}

function FieldError({ id, error }: { id?: string; error?: ReactNode }) {
  if (!error) return null;
  return (
    <p id={id} className="field-error">
      <WarningSign />
      {error}
    </p>
  );
}

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  /** The message, or the message with a way out (a link), next to the field. */
  error?: ReactNode;
}

/** A labelled input whose hint and error are tied to it for screen readers. */
export function Field({ name, label, hint, error, id = `field-${name}`, ...input }: FieldProps) {
  const ids = describedBy(id, hint, error);
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={ids.hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={ids.describedBy} {...input} />
      <FieldError id={ids.errorId} error={error} />
    </div>
  );
}

interface SelectFieldProps extends SelectHTMLAttributes<HTMLSelectElement> {
  name: string;
  label: ReactNode;
  options: ReadonlyArray<{ value: string; label: string; lang?: string }>;
  error?: string;
}

export function SelectField({ name, label, options, error, id = `field-${name}`, ...select }: SelectFieldProps) {
  const ids = describedBy(id, undefined, error);
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={ids.describedBy} {...select}>
        {options.map((option) => (
          <option key={option.value} value={option.value} lang={option.lang}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError id={ids.errorId} error={error} />
    </div>
  );
}

interface CheckboxProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: ReactNode;
  error?: string;
}

export function Checkbox({ name, label, error, id = `field-${name}`, ...input }: CheckboxProps) {
  const ids = describedBy(id, undefined, error);
  return (
    <div className={`field checkbox${error ? " has-error" : ""}`}>
      <input type="checkbox" id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={ids.describedBy} {...input} />
      <label htmlFor={id}>{label}</label>
      <FieldError id={ids.errorId} error={error} />
    </div>
  );
}

/** Shows progress while the form is being sent; without JavaScript it is a plain button. */
export function SubmitButton({
  children,
  pendingLabel,
  ...props
}: { children: ReactNode; pendingLabel: ReactNode } & React.ButtonHTMLAttributes<HTMLButtonElement>) {
  const navigation = useNavigation();
  const pending =
    navigation.state === "submitting" &&
    navigation.formMethod?.toLowerCase() === "post" &&
    (!props.value || navigation.formData?.get(String(props.name)) === props.value);
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
