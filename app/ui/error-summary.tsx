import { useContext } from "react";
import { useTranslation } from "react-i18next";
// Remix v2 offers no public way to read a child route's action data from the root layout, which
// renders <head>; this is the context its own <Meta> reads. It is the react-router-dom that
// @remix-run/react itself depends on (not a dependency of ours, so there is only one copy).
import { UNSAFE_DataRouterStateContext } from "react-router-dom";
import type { FieldErrors } from "~/validation";

/** The form-wide mistake has no field of its own; every other key names a field. */
const FORM = "form";

export function errorList(errors: FieldErrors | undefined): Array<[field: string, message: string]> {
  return Object.entries(errors ?? {}).filter((entry): entry is [string, string] => !!entry[1]);
}

/** The mistakes of the last form submitted on this page, whichever route's form it was. */
export function useSubmissionErrors() {
  const state = useContext(UNSAFE_DataRouterStateContext);
  const answers = Object.values(state?.actionData ?? {}) as Array<{ fieldErrors?: FieldErrors } | undefined>;
  return answers.flatMap((answer) => errorList(answer?.fieldErrors));
}

export const ERROR_SUMMARY_ID = "error-summary";

/**
 * Every mistake at the top of the page, each linked to its field, as GOV.UK does: without
 * JavaScript the page reloads with focus at the top, and this is the first thing read there.
 * With JavaScript, focus moves here (see useFormState).
 */
export function ErrorSummary({
  errors,
  labels = {},
}: {
  errors: FieldErrors;
  /** The labels of fields that the form names in its own words ("Your question", not "Text"). */
  labels?: Partial<Record<string, string>>;
}) {
  const { t } = useTranslation();
  const list = errorList(errors);
  if (!list.length) return null;
  return (
    <section id={ERROR_SUMMARY_ID} className="error-summary" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{t("errors.summaryTitle")}</h2>
      <ul>
        {list.map(([field, message]) => (
          <li key={field}>
            {field === FORM ? (
              message
            ) : (
              // The field's name first: "Please fill this in." alone does not say which field.
              <a href={`#field-${field}`}>
                {t("errors.summaryItem", {
                  field: labels[field] ?? t(`fields.${field}`, { defaultValue: field }),
                  message,
                })}
              </a>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
