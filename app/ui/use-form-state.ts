import { useActionData } from "@remix-run/react";
import { useEffect } from "react";
import type { FieldErrors } from "~/validation";

/**
 * The errors and kept values of the last submission, whatever the action returned. When a
 * submission comes back with errors, focus moves to the first field at fault, so that keyboard
 * and screen-reader users land on the message instead of staying on the button.
 */
export function useFormState() {
  const data = useActionData() as { fieldErrors?: FieldErrors; values?: Record<string, string>; done?: string } | undefined;
  useEffect(() => {
    if (!data?.fieldErrors) return;
    const target = document.querySelector<HTMLElement>('main [aria-invalid="true"], main [role="alert"]');
    if (target && !target.hasAttribute("tabindex") && target.getAttribute("role") === "alert") target.setAttribute("tabindex", "-1");
    target?.focus();
  }, [data]);
  return { errors: data?.fieldErrors ?? {}, values: data?.values ?? {}, done: data?.done };
}
