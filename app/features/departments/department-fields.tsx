import { useTranslation } from "react-i18next";
import type { FieldErrors } from "~/validation";
import { Field } from "~/ui/form";

/** The fields a department is created and edited with. */
export function DepartmentFields({
  values,
  errors,
}: {
  values: Record<string, string | undefined>;
  errors: FieldErrors;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field
        name="nameZh"
        lang="zh-CN"
        required
        maxLength={80}
        label={t("fields.nameZh")}
        defaultValue={values.nameZh}
        error={errors.nameZh}
      />
      <Field
        name="nameEn"
        lang="en"
        required
        maxLength={80}
        label={t("fields.nameEn")}
        defaultValue={values.nameEn}
        error={errors.nameEn}
      />
      <Field
        name="slug"
        required
        maxLength={40}
        label={t("fields.slug")}
        hint={t("admin.departments.slugHint")}
        defaultValue={values.slug}
        error={errors.slug}
      />
    </>
  );
}
