import type { TFunction } from "i18next";
import type { z } from "zod";
import { translatorFor } from "~/i18n/i18next.server";
import { formFailure, rateLimitedFailure } from "~/ui/submit.server";
import { submittedValues } from "~/validation.server";
import type { FieldErrors } from "~/validation";

/** A refused command: a message key for a field, with the values the message names ("line 3", "K = 5"). */
/** A value may be a message of its own, or a name kept in both languages (an area's). */
type MessageValue =
  string | number | { key: string; values?: Record<string, string | number> } | { nameZh: string; nameEn: string };
type MessageValues = Record<string, MessageValue>;
export type VotingOutcome<T> =
  { ok: true; value: T } | { ok: false; field: string; error: string; values?: MessageValues };

export const refuse = (field: string, error: string, values?: MessageValues) => ({
  ok: false as const,
  field,
  error,
  values,
});

/** Values that are messages themselves ("line 3: {{problem}}") are translated first, names picked by language. */
function translateValues(t: TFunction, locale: string, values: MessageValues | undefined) {
  if (!values) return undefined;
  const word = (value: MessageValue) => {
    if (typeof value !== "object") return value;
    if ("key" in value) return t(value.key, value.values);
    return locale.startsWith("zh") ? value.nameZh || value.nameEn : value.nameEn || value.nameZh;
  };
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, word(value)]));
}

/**
 * submitForm (app/ui/submit.server.ts) as the ballot forms need it: their messages carry values
 * ("more than 5 choices", "line 3: ...") that only the cycle or the command knows, so both the
 * schema's issues (params.values) and the command's refusals pass their values to the translation.
 */
export async function submitVotingForm<S extends z.ZodType, T>(
  request: Request,
  schema: S | ((t: TFunction, locale: string) => S),
  command: (data: z.output<S>) => Promise<VotingOutcome<T>>,
): Promise<
  { ok: true; value: T; t: TFunction; locale: string } | { ok: false; response: ReturnType<typeof formFailure> }
> {
  const { t, locale } = await translatorFor(request);
  const form = await request.formData().catch(() => new FormData());
  const input = Object.fromEntries(
    [...new Set(form.keys())].map((key) => {
      const values = form.getAll(key);
      return [key, values.length > 1 ? values : values[0]];
    }),
  );
  const parsed = (typeof schema === "function" ? schema(t, locale) : schema).safeParse(input);
  if (!parsed.success) {
    const fieldErrors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "form");
      if (fieldErrors[field]) continue;
      const limits = issue as {
        minimum?: number | bigint;
        maximum?: number | bigint;
        params?: { values?: Record<string, unknown> };
      };
      fieldErrors[field] = t(issue.message, {
        min: limits.minimum === undefined ? undefined : Number(limits.minimum),
        max: limits.maximum === undefined ? undefined : Number(limits.maximum),
        ...limits.params?.values,
      });
    }
    return { ok: false, response: formFailure({ fieldErrors, values: submittedValues(form) }) };
  }
  try {
    const outcome = await command(parsed.data as z.output<S>);
    if (outcome.ok) return { ok: true, value: outcome.value, t, locale };
    const message = t(outcome.error, translateValues(t, locale, outcome.values));
    return {
      ok: false,
      response: formFailure({ fieldErrors: { [outcome.field]: message }, values: submittedValues(form) }),
    };
  } catch (error) {
    return { ok: false, response: rateLimitedFailure(error, t, form) };
  }
}
