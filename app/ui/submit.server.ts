import { json } from "@remix-run/node";
import type { TFunction } from "i18next";
import type { z } from "zod";
import type { Outcome } from "~/shared/outcome";
import { RateLimited } from "~/shared/rate-limited";
import { translatorFor } from "~/i18n/i18next.server";
import { parseForm, submittedValues } from "~/validation.server";
import type { FieldErrors } from "~/validation";

export interface FormFailure {
  fieldErrors: FieldErrors;
  values: Record<string, string>;
}

export const formFailure = (failure: FormFailure, status = 400, headers?: HeadersInit) =>
  json(failure, { status, headers });

/**
 * The shared shape of every form action: read the form, validate it with the schema, run one
 * domain command, and turn whatever went wrong (invalid input, a refused command, too many
 * attempts) into messages next to the fields, in the reader's language, with the input kept.
 */
export async function submitForm<S extends z.ZodType, T>(
  request: Request,
  schema: S,
  command: (data: z.output<S>, i18n: { t: TFunction; locale: string }) => Promise<Outcome<T>>,
): Promise<
  { ok: true; value: T; t: TFunction; locale: string } | { ok: false; response: ReturnType<typeof formFailure> }
> {
  const { t, locale } = await translatorFor(request);
  const form = await request.formData().catch(() => new FormData());
  const parsed = parseForm(form, schema, t);
  if (!parsed.ok) return { ok: false, response: formFailure(parsed) };
  try {
    const outcome = await command(parsed.data, { t, locale });
    if (outcome.ok) return { ok: true, value: outcome.value, t, locale };
    return {
      ok: false,
      response: formFailure({ fieldErrors: { [outcome.field]: t(outcome.error) }, values: submittedValues(form) }),
    };
  } catch (error) {
    return { ok: false, response: rateLimitedFailure(error, t, form) };
  }
}

/** A form refused for too many attempts, with the wait in minutes; anything else is thrown on. */
export function rateLimitedFailure(error: unknown, t: TFunction, form: FormData) {
  if (!(error instanceof RateLimited)) throw error;
  const minutes = Math.max(1, Math.ceil(error.retryAfterSeconds / 60));
  return formFailure(
    { fieldErrors: { form: t("auth.rateLimited", { count: minutes }) }, values: submittedValues(form) },
    429,
    {
      "Retry-After": String(error.retryAfterSeconds),
    },
  );
}
