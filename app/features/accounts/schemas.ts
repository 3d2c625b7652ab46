import { z } from "zod";
import { mustTick, text } from "~/validation";
import { LANGUAGES } from "~/i18n/config";
import { TEXT_SIZES } from "~/features/preferences/schemas";

// NIST SP 800-63B: at least 8 characters, long passphrases allowed, no composition rules.
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

const email = z.preprocess(
  (value) => (typeof value === "string" ? value.trim().toLowerCase() : ""),
  z.string().min(1).max(254).pipe(z.email()),
);
const newPassword = z.string().min(PASSWORD_MIN, { error: "validation.passwordTooShort" }).max(PASSWORD_MAX);
const anyPassword = z.string().min(1).max(PASSWORD_MAX);
export const displayName = text(60);

export const registerSchema = z
  .object({
    email,
    displayName,
    password: newPassword,
    passwordConfirmation: z.string(),
    consent: mustTick("validation.consentRequired"),
  })
  .refine((form) => form.password === form.passwordConfirmation, {
    path: ["passwordConfirmation"],
    error: "validation.passwordsDiffer",
  });

export const loginSchema = z.object({ email, password: anyPassword, redirectTo: z.string().optional() });

export const changePasswordSchema = z
  .object({ currentPassword: anyPassword, newPassword, newPasswordConfirmation: z.string() })
  .refine((form) => form.newPassword === form.newPasswordConfirmation, {
    path: ["newPasswordConfirmation"],
    error: "validation.passwordsDiffer",
  });

export const profileSchema = z.object({
  displayName,
  locale: z.enum(LANGUAGES),
  textSize: z.enum(TEXT_SIZES),
});

export const deleteAccountSchema = z.object({
  password: anyPassword,
  confirm: mustTick("validation.confirmDeletion"),
});

export const revokeSessionSchema = z.object({ session: z.string().regex(/^[0-9a-f]{32}$/) });

/** Only same-site paths, so a login link cannot send people to another site. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  // Browsers drop tabs and newlines inside URLs, so "/\t/evil.example" would leave the site.
  if (typeof to !== "string" || !to.startsWith("/") || [...to].some((c) => c < " " || c === "\\")) return fallback;
  const base = "http://forum.invalid";
  return new URL(to, base).origin === base && !to.startsWith("//") ? to : fallback;
}
