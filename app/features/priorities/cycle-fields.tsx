import { useTranslation } from "react-i18next";
import { ChoiceGroup, Field, SelectField, TextArea } from "~/ui/form";
import type { FieldErrors } from "~/validation";
import { useCycleText } from "./cycle-view";
import { PHASES, PHASE_START_FIELDS } from "./phases";
import { BALLOT_METHODS, MAX_CHOICES_LIMIT } from "./state";

interface CycleFieldsProps {
  values: Record<string, string | undefined>;
  areas: Array<{ id: string; nameZh: string; nameEn: string }>;
  errors: FieldErrors;
  timeZone: string;
}

/** The fields of a cycle, shared by creating and editing. */
export function CycleFields({ values, areas, errors, timeZone }: CycleFieldsProps) {
  const { t } = useTranslation();
  const text = useCycleText();
  return (
    <>
      <SelectField
        name="areaId"
        label={t("priorities.form.area")}
        defaultValue={values.areaId}
        options={areas.map((area) => ({ value: area.id, label: text.area(area) }))}
        error={errors.areaId}
      />
      <Field
        name="titleZh"
        label={t("priorities.form.titleZh")}
        lang="zh-CN"
        defaultValue={values.titleZh}
        maxLength={120}
        error={errors.titleZh}
      />
      <Field
        name="titleEn"
        label={t("priorities.form.titleEn")}
        lang="en"
        defaultValue={values.titleEn}
        maxLength={120}
        error={errors.titleEn}
      />
      <TextArea
        name="summaryZh"
        label={t("priorities.form.summaryZh")}
        lang="zh-CN"
        defaultValue={values.summaryZh}
        maxLength={2000}
        error={errors.summaryZh}
      />
      <TextArea
        name="summaryEn"
        label={t("priorities.form.summaryEn")}
        lang="en"
        defaultValue={values.summaryEn}
        maxLength={2000}
        error={errors.summaryEn}
      />
      <ChoiceGroup
        name="ballotMethod"
        kind="radio"
        legend={t("priorities.form.method")}
        options={BALLOT_METHODS.map((method) => ({
          value: method,
          label: t(`priorities.methods.${method}`),
          hint: t(`priorities.form.methodHints.${method}`),
        }))}
        selected={[values.ballotMethod ?? ""]}
        error={errors.ballotMethod}
      />
      <div className="inline-fields">
        <Field
          name="maxChoices"
          inputMode="numeric"
          label={t("priorities.form.maxChoices")}
          hint={t("priorities.form.maxChoicesHint")}
          defaultValue={values.maxChoices}
          max={MAX_CHOICES_LIMIT}
          error={errors.maxChoices}
        />
        <Field
          name="budgetTotal"
          inputMode="numeric"
          label={t("priorities.form.budgetTotal")}
          hint={t("priorities.form.budgetTotalHint")}
          defaultValue={values.budgetTotal}
          error={errors.budgetTotal}
        />
      </div>
      {/* A group, not a fieldset: a fieldset is as wide as its widest date field and scrolled sideways on phones with large text. */}
      <div role="group" aria-labelledby="dates-title" className="stack">
        <h2 id="dates-title">{t("priorities.form.dates")}</h2>
        <p className="hint">{t("priorities.form.datesHint", { zone: timeZone })}</p>
        <div className="inline-fields">
          {PHASES.map((phase) => {
            const name = PHASE_START_FIELDS[phase];
            return (
              <Field
                key={name}
                type="datetime-local"
                name={name}
                label={t(`priorities.form.starts.${name}`)}
                defaultValue={values[name]}
                error={errors[name]}
              />
            );
          })}
        </div>
      </div>
    </>
  );
}
