import { useTranslation } from "react-i18next";
import { Checkbox, ChoiceGroup, Field, TextArea } from "~/ui/form";
import { useFormat } from "~/ui/format";
import type { FieldErrors } from "~/validation";

interface SessionFieldsProps {
  values: Record<string, string | undefined>;
  selectedDepartmentIds: string[];
  departments: Array<{ id: string; nameZh: string; nameEn: string }>;
  errors: FieldErrors;
  timeZone: string;
}

/** The fields of a session, shared by scheduling and editing. */
export function SessionFields({ values, selectedDepartmentIds, departments, errors, timeZone }: SessionFieldsProps) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      <Field
        name="titleZh"
        label={t("interviews.form.titleZh")}
        lang="zh-CN"
        defaultValue={values.titleZh}
        maxLength={120}
        error={errors.titleZh}
      />
      <Field
        name="titleEn"
        label={t("interviews.form.titleEn")}
        lang="en"
        defaultValue={values.titleEn}
        maxLength={120}
        error={errors.titleEn}
      />
      <TextArea
        name="summaryZh"
        label={t("interviews.form.summaryZh")}
        lang="zh-CN"
        defaultValue={values.summaryZh}
        maxLength={2000}
        error={errors.summaryZh}
      />
      <TextArea
        name="summaryEn"
        label={t("interviews.form.summaryEn")}
        lang="en"
        defaultValue={values.summaryEn}
        maxLength={2000}
        error={errors.summaryEn}
      />
      <Field
        name="topic"
        label={t("interviews.form.topic")}
        defaultValue={values.topic}
        maxLength={60}
        error={errors.topic}
      />
      <ChoiceGroup
        name="departmentIds"
        id="field-departmentIds"
        kind="checkbox"
        legend={t("interviews.form.departments")}
        options={departments.map((department) => ({ value: department.id, label: format.departmentName(department) }))}
        selected={selectedDepartmentIds}
        error={errors.departmentIds}
      />
      <TextArea
        name="guests"
        label={t("interviews.form.guests")}
        hint={t("interviews.form.guestsHint")}
        defaultValue={values.guests}
        error={errors.guests}
      />
      <div className="inline-fields">
        <Field
          type="datetime-local"
          name="startsAt"
          label={t("interviews.form.startsAt")}
          defaultValue={values.startsAt}
          error={errors.startsAt}
        />
        <Field
          type="datetime-local"
          name="endsAt"
          label={t("interviews.form.endsAt")}
          hint={t("interviews.form.endsAtHint", { zone: timeZone })}
          defaultValue={values.endsAt}
          error={errors.endsAt}
        />
      </div>
      <Field
        type="number"
        name="replyWorkingDays"
        inputMode="numeric"
        min={1}
        max={30}
        label={t("interviews.form.replyWorkingDays")}
        hint={t("interviews.form.replyWorkingDaysHint")}
        defaultValue={values.replyWorkingDays ?? "3"}
        error={errors.replyWorkingDays}
      />
      <Field
        type="url"
        name="streamUrl"
        inputMode="url"
        maxLength={500}
        label={t("interviews.form.streamUrl")}
        hint={t("interviews.form.streamUrlHint")}
        defaultValue={values.streamUrl ?? ""}
        error={errors.streamUrl}
      />
      <Checkbox
        name="premoderated"
        label={t("interviews.form.premoderated")}
        defaultChecked={values.premoderated === "on"}
      />
      <Checkbox
        name="allowAnonymous"
        label={t("interviews.form.allowAnonymous")}
        defaultChecked={values.allowAnonymous === "on"}
      />
    </>
  );
}
