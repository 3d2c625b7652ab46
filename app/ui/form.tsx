import { useNavigation } from "@remix-run/react";
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

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

/**
 * A label, an optional hint, the control and its error, tied together for screen readers: the
 * control gets the id and the aria attributes it needs.
 */
function LabelledControl({
  id,
  label,
  hint,
  error,
  control,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  control: (aria: { id: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
}) {
  const ids = describedBy(id, hint, error);
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={ids.hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {control({ id, "aria-invalid": error ? true : undefined, "aria-describedby": ids.describedBy })}
      <FieldError id={ids.errorId} error={error} />
    </div>
  );
}

/** A labelled input whose hint and error are tied to it for screen readers. */
export function Field({ name, label, hint, error, id = `field-${name}`, ...input }: FieldProps) {
  return (
    <LabelledControl
      id={id}
      label={label}
      hint={hint}
      error={error}
      control={(aria) => <input name={name} {...aria} {...input} />}
    />
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
      <select
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        {...select}
      >
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
  hint?: ReactNode;
  error?: string;
}

export function Checkbox({ name, label, hint, error, id = `field-${name}`, ...input }: CheckboxProps) {
  const ids = describedBy(id, hint, error);
  return (
    <div className={`field checkbox${error ? " has-error" : ""}`}>
      <input
        type="checkbox"
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        {...input}
      />
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={ids.hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <FieldError id={ids.errorId} error={error} />
    </div>
  );
}

interface TextAreaProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
}

/** A labelled multi-line field; with a maxLength it tells how long the text may be. */
export function TextArea({ name, label, hint, error, id = `field-${name}`, ...textarea }: TextAreaProps) {
  return (
    <LabelledControl
      id={id}
      label={label}
      hint={hint}
      error={error}
      control={(aria) => <textarea name={name} rows={4} {...aria} {...textarea} />}
    />
  );
}

interface ChoiceGroupProps {
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  /** Radio buttons pick one; checkboxes pick any number. */
  kind: "radio" | "checkbox";
  options: ReadonlyArray<{ value: string; label: ReactNode; hint?: ReactNode }>;
  selected: readonly string[];
  error?: ReactNode;
  id?: string;
}

/** A group of radio buttons or checkboxes under one legend, with one error for the group. */
export function ChoiceGroup({
  name,
  legend,
  hint,
  kind,
  options,
  selected,
  error,
  id = `field-${name}`,
}: ChoiceGroupProps) {
  const ids = describedBy(id, hint, error);
  return (
    <fieldset
      id={id}
      className={`field choice-group${error ? " has-error" : ""}`}
      aria-describedby={ids.describedBy}
      tabIndex={-1}
    >
      <legend>{legend}</legend>
      {hint ? (
        <p id={ids.hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {options.map((option) => {
        const optionId = `${id}-${option.value}`;
        return (
          <div key={option.value} className="choice">
            <input
              type={kind}
              id={optionId}
              name={name}
              value={option.value}
              defaultChecked={selected.includes(option.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={option.hint ? `${optionId}-hint` : undefined}
            />
            <label htmlFor={optionId}>{option.label}</label>
            {option.hint ? (
              <span id={`${optionId}-hint`} className="hint">
                {option.hint}
              </span>
            ) : null}
          </div>
        );
      })}
      <FieldError id={ids.errorId} error={error} />
    </fieldset>
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
    <button
      type="submit"
      aria-disabled={pending || undefined}
      {...props}
      // A second press while the first is on its way would send the form again: Remix would
      // cancel the first navigation, and the page would show the second one's "already sent".
      onClick={(event) => {
        if (pending) event.preventDefault();
        props.onClick?.(event);
      }}
    >
      {pending ? pendingLabel : children}
    </button>
  );
}

/** Marks errors by more than colour; hidden from screen readers, which announce the text itself. */
function WarningSign() {
  return <span aria-hidden="true">⚠ </span>;
}
