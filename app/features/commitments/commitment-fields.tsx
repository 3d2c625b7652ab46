import { useTranslation } from "react-i18next";
import { Checkbox, Field, SelectField, TextArea } from "~/ui/form";
import { useFormat } from "~/ui/format";
import type { FieldErrors } from "~/validation";
import { BLANK_MILESTONE_ROWS, MAX_MILESTONES, PROMISE_MAX_LENGTH } from "./schemas";

interface CommitmentFieldsProps {
  values: Record<string, string | undefined>;
  departments: Array<{ id: string; nameZh: string; nameEn: string }>;
  errors: FieldErrors;
  /** The title the proposal gives, shown as the hint of an empty title. */
  proposalTitle?: string;
}

/** How many milestone rows the form shows: those with values and a few empty ones. */
function rowCount(values: Record<string, string | undefined>) {
  let used = 0;
  for (let index = 0; index < MAX_MILESTONES; index++) {
    if (values[`milestone${index}Title`] || values[`milestone${index}Due`]) used = index + 1;
  }
  return Math.min(MAX_MILESTONES, used + BLANK_MILESTONE_ROWS);
}

/** The fields of a commitment, shared by making and editing one. Works without JavaScript. */
export function CommitmentFields({ values, departments, errors, proposalTitle }: CommitmentFieldsProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const titleHint = proposalTitle ? t("commitments.form.titleHint", { title: proposalTitle }) : undefined;
  return (
    <>
      <Field
        name="titleZh"
        label={t("commitments.form.titleZh")}
        hint={titleHint}
        lang="zh-CN"
        defaultValue={values.titleZh}
        maxLength={120}
        error={errors.titleZh}
      />
      <Field
        name="titleEn"
        label={t("commitments.form.titleEn")}
        hint={titleHint}
        lang="en"
        defaultValue={values.titleEn}
        maxLength={120}
        error={errors.titleEn}
      />
      <SelectField
        name="departmentId"
        label={t("commitments.form.department")}
        defaultValue={values.departmentId ?? ""}
        // No department is chosen for the official: one picked by default is one nobody chose.
        options={[
          { value: "", label: t("commitments.form.chooseDepartment") },
          ...departments.map((department) => ({ value: department.id, label: format.departmentName(department) })),
        ]}
        error={errors.departmentId}
      />
      <TextArea
        name="promiseZh"
        label={t("commitments.form.promiseZh")}
        hint={t("commitments.form.promiseHint")}
        lang="zh-CN"
        defaultValue={values.promiseZh}
        maxLength={PROMISE_MAX_LENGTH}
        error={errors.promiseZh}
      />
      <TextArea
        name="promiseEn"
        label={t("commitments.form.promiseEn")}
        lang="en"
        defaultValue={values.promiseEn}
        maxLength={PROMISE_MAX_LENGTH}
        error={errors.promiseEn}
      />
      <Field
        type="date"
        name="targetDate"
        label={t("commitments.form.targetDate")}
        defaultValue={values.targetDate}
        error={errors.targetDate}
      />
      <fieldset className="stack">
        <legend>{t("commitments.form.milestones")}</legend>
        <p className="hint">{t("commitments.form.milestonesHint")}</p>
        {Array.from({ length: rowCount(values) }, (_, index) => {
          const number = index + 1;
          return (
            <div key={index} className="milestone-row">
              {values[`milestone${index}Id`] ? (
                <input type="hidden" name={`milestone${index}Id`} value={values[`milestone${index}Id`]} />
              ) : null}
              <Field
                name={`milestone${index}Title`}
                label={t("commitments.form.milestoneTitle", { number })}
                defaultValue={values[`milestone${index}Title`]}
                maxLength={120}
                error={errors[`milestone${index}Title`]}
              />
              <Field
                type="date"
                name={`milestone${index}Due`}
                label={t("commitments.form.milestoneDue", { number })}
                defaultValue={values[`milestone${index}Due`]}
                error={errors[`milestone${index}Due`]}
              />
              <Checkbox
                name={`milestone${index}Done`}
                label={t("commitments.form.milestoneDone", { number })}
                defaultChecked={values[`milestone${index}Done`] === "on"}
              />
            </div>
          );
        })}
      </fieldset>
    </>
  );
}
