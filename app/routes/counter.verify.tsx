import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireCounterDesk } from "~/features/accounts/auth.server";
import { findResident, listAreaNames, verifyResident } from "~/features/priorities/verification.server";
import { submitVotingForm } from "~/features/priorities/voting-form.server";
import { DOCUMENT_KINDS, findResidentSchema, verifyResidentSchema } from "~/features/priorities/voting-schemas";
import { useVotingText } from "~/features/priorities/voting-view";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { ChoiceGroup, Field, SelectField, SubmitButton } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireCounterDesk(request);
  const search = findResidentSchema.safeParse({ email: new URL(request.url).searchParams.get("email") ?? "" });
  const [areas, resident] = await Promise.all([listAreaNames(), search.success ? findResident(user, search.data.email) : null]);
  return json({
    title: await pageTitle(request, "priorities.voting.counter.title"),
    areas,
    searched: search.success ? search.data.email : null,
    resident,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireCounterDesk(request);
  const result = await submitVotingForm(request, verifyResidentSchema, (input) => verifyResident(user, input));
  if (!result.ok) return result.response;
  return redirectWithFlash("/counter/verify", { message: "priorities.voting.counter.done", values: { person: result.value.displayName.slice(0, 200) } });
}

export default function VerifyAtCounter() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const format = useFormat();
  const text = useVotingText();
  const { errors, values } = useFormState();
  return (
    <section aria-labelledby="counter-verify-title" className="stack">
      <ErrorSummary errors={errors} />
      <h1 id="counter-verify-title">{t("priorities.voting.counter.title")}</h1>
      <p>{t("priorities.voting.counter.lead")}</p>
      <Form method="get" className="stack" role="search">
        <Field name="email" type="email" label={t("priorities.voting.counter.email")} defaultValue={data.searched ?? ""} autoComplete="off" />
        <button type="submit">{t("priorities.voting.counter.find")}</button>
      </Form>
      {data.searched && !data.resident ? <p className="note">{t("priorities.voting.counter.notFound")}</p> : null}
      {data.resident ? (
        <div className="card stack">
          <h2>{data.resident.displayName}</h2>
          <p>{data.resident.email}</p>
          {data.resident.verifications.length ? (
            <ul>
              {data.resident.verifications.map((verification) => (
                <li key={verification.area.id}>
                  {t("priorities.voting.verifiedFor", { area: text.areaName(verification.area) })} {t("priorities.voting.verificationDetail", { how: t(`priorities.voting.methodsOfVerification.${verification.method === "code" ? "code" : "counter"}`), date: format.date(verification.verifiedAt) })}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("priorities.voting.counter.notVerifiedYet")}</p>
          )}
          {data.areas.length === 0 ? (
            <p className="empty-state">{t("priorities.voting.counter.noAreas")}</p>
          ) : (
            <Form method="post" noValidate className="stack">
              <input type="hidden" name="email" value={data.resident.email} />
              <SelectField
                name="areaId"
                label={t("priorities.voting.counter.area")}
                defaultValue={values.areaId}
                options={data.areas.map((area) => ({ value: area.id, label: text.areaName(area) }))}
                error={errors.areaId}
              />
              <ChoiceGroup
                name="documentKind"
                kind="radio"
                legend={t("priorities.voting.counter.documentKind")}
                hint={t("priorities.voting.counter.documentHint")}
                options={DOCUMENT_KINDS.map((kind) => ({ value: kind, label: t(`priorities.voting.documents.${kind}`) }))}
                selected={[values.documentKind ?? ""]}
                error={errors.documentKind}
              />
              {errors.email ? <p className="field-error">{errors.email}</p> : null}
              <SubmitButton pendingLabel={t("priorities.voting.counter.sending")}>{t("priorities.voting.counter.submit")}</SubmitButton>
            </Form>
          )}
        </div>
      ) : null}
    </section>
  );
}
