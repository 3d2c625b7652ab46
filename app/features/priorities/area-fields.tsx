import { useTranslation } from "react-i18next";
import { Field } from "~/ui/form";
import type { FieldErrors } from "~/validation";

/** The fields an area is created and renamed with. */
export function AreaFields({ values, errors }: { values: Record<string, string | undefined>; errors: FieldErrors }) {
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
        hint={t("priorities.areas.slugHint")}
        defaultValue={values.slug}
        error={errors.slug}
      />
    </>
  );
}
