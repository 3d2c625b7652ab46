import { z } from "zod";
import { mustTick } from "~/validation";
import { LANGUAGES } from "~/i18n/config";
import { TEXT_SIZES } from "~/ui/text-sizes";

// NIST SP 800-63B: at least 8 characters, long passphrases allowed, no composition rules.
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

const email = z.preprocess(
  (value) => (typeof value === "string" ? value.trim().toLowerCase() : ""),
  z.string().min(1).max(254).pipe(z.email()),
);
const newPassword = z.string().min(PASSWORD_MIN, { error: "validation.passwordTooShort" }).max(PASSWORD_MAX);
const anyPassword = z.string().min(1).max(PASSWORD_MAX);
/**
 * Characters that show as nothing (zero-width, fillers, blank braille), that reorder text
 * (bidi overrides, which turn "Wang" into a name that reads as something else), control,
 * private-use or unassigned: a name made with them can pass for someone else's in a list.
 */
const HIDDEN_IN_NAMES = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\u115F\u1160\u3164\uFFA0\u2800]/u;

/**
 * A display name as people will see it: NFKC-normalised (full-width Ｗａｎｇ is Wang), single
 * spaces, at least one letter or digit, and nothing hidden. Lookalike copies of an official's
 * name are answered by the verified mark officials carry wherever names appear (ui/person-name).
 */
export const displayName = z.preprocess(
  (value) => (typeof value === "string" ? value.normalize("NFKC").replace(/\s+/gu, " ").trim() : ""),
  z
    .string()
    .min(1)
    .max(60)
    .refine((name) => !HIDDEN_IN_NAMES.test(name), { error: "validation.nameHiddenCharacters" })
    .refine((name) => /[\p{L}\p{N}]/u.test(name), { error: "validation.nameNeedsLetters" })
    .refine((name) => !/[\u2611\u2705\u2713\u2714\u{1F5F8}]/u.test(name), { error: "validation.nameCheckMark" }),
);

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

const newPasswordsMatch = (form: { newPassword: string; newPasswordConfirmation: string }) =>
  form.newPassword === form.newPasswordConfirmation;

export const changePasswordSchema = z
  .object({ currentPassword: anyPassword, newPassword, newPasswordConfirmation: z.string() })
  .refine(newPasswordsMatch, { path: ["newPasswordConfirmation"], error: "validation.passwordsDiffer" });

export const profileSchema = z.object({
  displayName,
  locale: z.enum(LANGUAGES),
  textSize: z.enum(TEXT_SIZES),
  // A checkbox: browsers send "on" when it is ticked and nothing when it is not.
  emailNotifications: z.preprocess((value) => value === "on", z.boolean()),
});

export const deleteAccountSchema = z.object({
  password: anyPassword,
  confirm: mustTick("validation.confirmDeletion"),
});

/** A reset code as people type it: digits, perhaps grouped with spaces or dashes. */
const resetCode = z.preprocess(
  (value) => (typeof value === "string" ? value.replace(/[\s-]/g, "") : ""),
  z
    .string()
    .min(1)
    .regex(/^\d{12}$/, { error: "auth.resetCodeFormat" }),
);

export const resetPasswordSchema = z
  .object({ email, code: resetCode, newPassword, newPasswordConfirmation: z.string() })
  .refine(newPasswordsMatch, { path: ["newPasswordConfirmation"], error: "validation.passwordsDiffer" });

export const issueResetCodeSchema = z.object({
  email,
  identityChecked: mustTick("counter.resetCode.identityRequired"),
});

/** ?page= of the account's security page; anything unusable is the first page. */
export const securityPageSchema = z.object({ page: z.coerce.number().int().min(1).max(100000).catch(1) });

export const revokeSessionSchema = z.object({ session: z.string().regex(/^[0-9a-f]{32}$/) });

/**
 * Only same-site paths, so a login link cannot send people to another site. The result is
 * percent-encoded: a Location header carries bytes, and "/中文" in one made the server fail.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  // Browsers drop tabs and newlines inside URLs, so "/\t/evil.example" would leave the site.
  if (
    typeof to !== "string" ||
    !to.startsWith("/") ||
    to.startsWith("//") ||
    [...to].some((c) => c < " " || c === "\x7f" || c === "\\")
  ) {
    return fallback;
  }
  const base = "http://forum.invalid";
  const url = new URL(to, base);
  return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : fallback;
}
