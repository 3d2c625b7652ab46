import type { TFunction } from "i18next";
import type { z } from "zod";
import "./validation";
import type { FieldErrors } from "./validation";

const SECRET_FIELD = /password/i;

export type Parsed<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors; values: Record<string, string> };

/**
 * Validates a submitted form. On failure it returns each field's first error, translated, and the
 * submitted values (never passwords) so that the form comes back filled in and nothing is lost.
 */
export function parseForm<S extends z.ZodType>(form: FormData, schema: S, t: TFunction): Parsed<z.output<S>> {
  // A field sent more than once (a group of checkboxes) arrives as a list.
  const input = Object.fromEntries(
    [...new Set(form.keys())].map((key) => {
      const values = form.getAll(key);
      return [key, values.length > 1 ? values : values[0]];
    }),
  );
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    if (fieldErrors[field]) continue;
    const limits = issue as { minimum?: number | bigint; maximum?: number | bigint };
    fieldErrors[field] = t(issue.message, {
      min: limits.minimum === undefined ? undefined : Number(limits.minimum),
      max: limits.maximum === undefined ? undefined : Number(limits.maximum),
    });
  }
  return { ok: false, fieldErrors, values: submittedValues(form) };
}

export function submittedValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string" || SECRET_FIELD.test(key)) continue;
    // A group of checkboxes comes back as its values joined by commas (ids contain none).
    values[key] = Object.hasOwn(values, key) ? `${values[key]},${value}` : value;
  }
  return values;
}
