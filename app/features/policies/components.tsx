import { useTranslation } from "react-i18next";
import { useRootData } from "~/root";
import { Field, SelectField, TextArea } from "~/ui/form";
import { useFormat } from "~/ui/format";
import type { FieldErrors } from "~/validation";
import { SUMMARY_MAX_LENGTH, TITLE_MAX_LENGTH } from "./schemas";

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`badge policy-status status-${status}`}>{t(`policies.statuses.${status}`)}</span>;
}

/** Consultation days are calendar days stored at midnight UTC: shown as that day everywhere. */
export function useDayFormat() {
  const locale = useRootData()?.locale ?? "zh-CN";
  const format = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" });
  return (value: string | Date) => format.format(new Date(value));
}

/** "Consultation 1 March to 31 March", or the half that is known, or nothing. */
export function ConsultationWindow({ opensAt, closesAt }: { opensAt: string | null; closesAt: string | null }) {
  const { t } = useTranslation();
  const day = useDayFormat();
  if (opensAt && closesAt) return <>{t("policies.window", { opens: day(opensAt), closes: day(closesAt) })}</>;
  if (opensAt) return <>{t("policies.windowOpens", { opens: day(opensAt) })}</>;
  if (closesAt) return <>{t("policies.windowCloses", { closes: day(closesAt) })}</>;
  return null;
}

interface PolicyFieldsProps {
  values: Record<string, string | undefined>;
  departments: Array<{ id: string; nameZh: string; nameEn: string }>;
  errors: FieldErrors;
}

/** The fields of a policy, shared by creating and editing one. Works without JavaScript. */
export function PolicyFields({ values, departments, errors }: PolicyFieldsProps) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      <Field
        name="title"
        label={t("policies.form.title")}
        defaultValue={values.title}
        maxLength={TITLE_MAX_LENGTH}
        error={errors.title}
      />
      <TextArea
        name="summary"
        label={t("policies.form.summary")}
        hint={t("policies.form.summaryHint")}
        defaultValue={values.summary}
        maxLength={SUMMARY_MAX_LENGTH}
        error={errors.summary}
      />
      <SelectField
        name="departmentId"
        label={t("policies.form.department")}
        defaultValue={values.departmentId}
        options={departments.map((department) => ({ value: department.id, label: format.departmentName(department) }))}
        error={errors.departmentId}
      />
      <fieldset className="inline-fields">
        <legend>{t("policies.form.window")}</legend>
        <Field
          type="date"
          name="opensAt"
          label={t("policies.form.opensAt")}
          defaultValue={values.opensAt}
          error={errors.opensAt}
        />
        <Field
          type="date"
          name="closesAt"
          label={t("policies.form.closesAt")}
          defaultValue={values.closesAt}
          error={errors.closesAt}
        />
      </fieldset>
    </>
  );
}
