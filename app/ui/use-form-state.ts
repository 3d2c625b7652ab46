import { useActionData } from "@remix-run/react";
import { useEffect } from "react";
import type { FieldErrors } from "~/validation";
import { ERROR_SUMMARY_ID } from "./error-summary";

/**
 * The errors and kept values of the last submission, whatever the action returned. When a
 * submission comes back with errors, focus moves to the error summary at the top of the page,
 * so that keyboard and screen-reader users hear what went wrong and can follow its links to
 * each field, instead of staying on the button.
 */
export function useFormState() {
  const data = useActionData() as { fieldErrors?: FieldErrors; values?: Record<string, string> } | undefined;
  useEffect(() => {
    if (data?.fieldErrors) document.getElementById(ERROR_SUMMARY_ID)?.focus();
  }, [data]);
  return { errors: data?.fieldErrors ?? {}, values: data?.values ?? {} };
}
