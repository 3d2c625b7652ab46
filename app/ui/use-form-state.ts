import { useActionData } from "@remix-run/react";
import type { FieldErrors } from "~/validation";

/** The errors and kept values of the last submission, whatever the action returned. */
export function useFormState() {
  const data = useActionData() as { fieldErrors?: FieldErrors; values?: Record<string, string>; done?: string } | undefined;
  return { errors: data?.fieldErrors ?? {}, values: data?.values ?? {}, done: data?.done };
}
