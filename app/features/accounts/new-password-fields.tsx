import { useTranslation } from "react-i18next";
import { Field } from "~/ui/form";
import type { FieldErrors } from "~/validation";
import { PASSWORD_MIN } from "./schemas";

/** A new password and its repetition, as registration and the password change ask for them. */
export function NewPasswordFields({
  name,
  label,
  errors,
}: {
  name: "password" | "newPassword";
  label: string;
  errors: FieldErrors;
}) {
  const { t } = useTranslation();
  const confirmation = `${name}Confirmation`;
  return (
    <>
      <Field
        name={name}
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN}
        label={label}
        hint={t("register.passwordHint", { min: PASSWORD_MIN })}
        error={errors[name]}
      />
      <Field
        name={confirmation}
        type="password"
        autoComplete="new-password"
        required
        label={t(`fields.${confirmation}`)}
        error={errors[confirmation]}
      />
    </>
  );
}
