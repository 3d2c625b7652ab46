import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { updateProfile } from "~/features/accounts/accounts.server";
import { requireUser } from "~/features/accounts/auth.server";
import { getProfile } from "~/features/accounts/profile.server";
import { mailSettings } from "~/features/notifications/email.server";
import { profileSchema } from "~/features/accounts/schemas";
import { preferenceCookies } from "~/features/preferences/save-preference.server";
import { TEXT_SIZES } from "~/ui/text-sizes";
import { LANGUAGES } from "~/i18n/config";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { Checkbox, Field, SelectField, SubmitButton } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return json({
    title: await pageTitle(request, "account.profile.title"),
    profile: await getProfile(user),
    emailsConfigured: mailSettings() !== null,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await submitForm(request, profileSchema, async (data) => {
    await updateProfile(user, data);
    return { ok: true, value: data };
  });
  if (!result.ok) return result.response;
  return redirectWithFlash("/account", { message: "account.profile.saved" }, await preferenceCookies(result.value));
}

export default function Profile() {
  const { t } = useTranslation();
  const { profile, emailsConfigured } = useLoaderData<typeof loader>();
  const { errors, values } = useFormState();
  const format = useFormat();
  return (
    <section aria-labelledby="profile-title" className="stack">
      <ErrorSummary errors={errors} />
      <h1 id="profile-title">{t("account.profile.title")}</h1>
      <dl className="facts">
        <dt>{t("fields.email")}</dt>
        <dd>{profile.email}</dd>
        <dt>{t("account.profile.roles")}</dt>
        <dd>{profile.roles.map((role) => t(`roles.${role}`)).join(t("shell.listSeparator"))}</dd>
        {profile.departments.length ? (
          <>
            <dt>{t("account.profile.departments")}</dt>
            <dd>{profile.departments.map(format.departmentName).join(t("shell.listSeparator"))}</dd>
          </>
        ) : null}
        <dt>{t("account.profile.memberSince")}</dt>
        <dd>{format.date(profile.createdAt)}</dd>
      </dl>
      <Form method="post" noValidate className="stack">
        <h2>{t("account.profile.edit")}</h2>
        <Field
          name="displayName"
          required
          maxLength={60}
          label={t("fields.displayName")}
          defaultValue={values.displayName ?? profile.displayName}
          error={errors.displayName}
        />
        <SelectField
          name="locale"
          label={t("fields.locale")}
          defaultValue={values.locale ?? profile.locale}
          options={LANGUAGES.map((language) => ({
            value: language,
            label: t(`languages.${language}`),
            lang: language,
          }))}
        />
        <SelectField
          name="textSize"
          label={t("fields.textSize")}
          defaultValue={values.textSize ?? profile.textSize}
          options={TEXT_SIZES.map((size) => ({ value: size, label: t(`shell.textSizes.${size}`) }))}
        />
        <Checkbox
          name="emailNotifications"
          label={t("notifications.emailSetting")}
          hint={t(emailsConfigured ? "notifications.emailSettingHint" : "notifications.emailSettingNotConfigured")}
          // After a failed save the form shows what was sent: an unticked box sends nothing.
          defaultChecked={"displayName" in values ? values.emailNotifications === "on" : profile.emailNotifications}
        />
        <SubmitButton pendingLabel={t("actions.saving")}>{t("actions.save")}</SubmitButton>
      </Form>
    </section>
  );
}
