import { z } from "zod";

// Every zod message is an i18n key (see app/i18n/locales/*/validation), so the same schema
// reports errors in Chinese or English. Schemas may name a specific key; these are the defaults.
z.config({
  customError(issue) {
    switch (issue.code) {
      case "invalid_type":
        return issue.input === undefined || issue.input === null ? "validation.required" : "validation.invalid";
      case "too_small":
        return issue.minimum === 1 && issue.origin === "string" ? "validation.required" : "validation.tooShort";
      case "too_big":
        return "validation.tooLong";
      case "invalid_format":
        return issue.format === "email" ? "validation.email" : "validation.invalid";
      case "invalid_value":
        return "validation.choose";
      default:
        return "validation.invalid";
    }
  },
});

/** Trimmed text from a form field; an absent field counts as empty. */
export const text = (max: number) =>
  z.preprocess((value) => (typeof value === "string" ? value.trim() : ""), z.string().min(1).max(max));

/** A checkbox that must be ticked. */
export const mustTick = (key: string) => z.literal("on", { error: key });

export type FieldErrors = Partial<Record<string, string>>;
