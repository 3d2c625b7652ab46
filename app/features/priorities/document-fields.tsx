import { useTranslation } from "react-i18next";
import { ChoiceGroup, Field } from "~/ui/form";
import { DOCUMENT_KINDS } from "./voting-schemas";

/**
 * The identity document counter staff checked: its kind and its number, as the verification and
 * the paper-ballot desks ask for it. The number goes no further than the keyed fingerprint the
 * server makes of it (voter-keys.server.ts).
 */
export function DocumentFields({
  values,
  errors,
  hint,
}: {
  values: Record<string, string | undefined>;
  errors: Record<string, string | undefined>;
  hint?: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <ChoiceGroup
        name="documentKind"
        kind="radio"
        legend={t("priorities.voting.counter.documentKind")}
        hint={hint}
        options={DOCUMENT_KINDS.map((kind) => ({ value: kind, label: t(`priorities.voting.documents.${kind}`) }))}
        selected={[values.documentKind ?? ""]}
        error={errors.documentKind}
      />
      <Field
        name="documentNumber"
        label={t("priorities.voting.counter.documentNumber")}
        hint={t("priorities.voting.counter.documentNumberHint")}
        autoComplete="off"
        spellCheck={false}
        defaultValue={values.documentNumber}
        error={errors.documentNumber}
      />
    </>
  );
}
