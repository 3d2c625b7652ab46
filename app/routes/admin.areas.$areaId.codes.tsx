import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAdministrator } from "~/features/accounts/auth.server";
import { generateCodeBatch, listCodeBatches } from "~/features/priorities/codes.server";
import { getAreaName } from "~/features/priorities/verification.server";
import { submitVotingForm } from "~/features/priorities/voting-form.server";
import { CODE_BATCH_MAX, codeBatchSchema } from "~/features/priorities/voting-schemas";
import { useVotingText } from "~/features/priorities/voting-view";
import votingStyles from "~/features/priorities/voting.css";
import { isRecordId } from "~/validation";
import { ErrorSummary } from "~/ui/error-summary";
import { Field, SubmitButton } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { ReflowTable } from "~/ui/table";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: votingStyles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAdministrator(request, context);
  const area = isRecordId(params.areaId) ? await getAreaName(params.areaId) : null;
  if (!area) throw new Response("Not found", { status: 404 });
  // The letters print the forum's full address for the redemption page.
  const verifyUrl = `${new URL(request.url).origin}/priorities/verify`;
  return json({
    title: await pageTitle(request, "priorities.voting.codes.title"),
    area,
    verifyUrl,
    batches: await listCodeBatches(area.id),
  });
}

/**
 * The codes exist in clear only in this response: it renders them for printing instead of
 * redirecting (post-redirect-get would need them stored somewhere to show after the redirect).
 * Reloading asks to send the form again, which makes a new batch, never shows the old codes.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireAdministrator(request, context);
  if (!isRecordId(params.areaId)) throw new Response("Not found", { status: 404 });
  const areaId = params.areaId;
  const result = await submitVotingForm(request, codeBatchSchema, async (input) => {
    const outcome = await generateCodeBatch(user, areaId, input);
    return outcome.ok ? { ok: true as const, value: { ...outcome.value, label: input.label } } : outcome;
  });
  if (!result.ok) return result.response;
  return json({ generated: result.value }, { headers: { "Cache-Control": "no-store" } });
}

export default function CodeBatches() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const generated = (
    useActionData() as
      { generated?: { batchId: string; codes: string[]; expiresAt: string; label: string } } | undefined
  )?.generated;
  const format = useFormat();
  const text = useVotingText();
  const { errors, values } = useFormState();
  const areaName = text.areaName(data.area);

  if (generated) {
    return (
      <section aria-labelledby="codes-title" className="stack">
        <h1 id="codes-title" className="no-print">
          {t("priorities.voting.codes.generatedTitle", { count: generated.codes.length })}
        </h1>
        <p className="note no-print">{t("priorities.voting.codes.onlyOnce")}</p>
        <ol className="code-letters" aria-label={generated.label}>
          {generated.codes.map((code) => (
            <li key={code} className="code-letter">
              <p>{t("priorities.voting.codes.letterLead", { area: areaName })}</p>
              <p className="code">{code}</p>
              <p className="code-address">
                {t("priorities.voting.codes.letterHow", {
                  url: data.verifyUrl,
                  date: format.date(new Date(Date.parse(generated.expiresAt) - 1)),
                })}
              </p>
            </li>
          ))}
        </ol>
      </section>
    );
  }

  return (
    <section aria-labelledby="codes-title" className="stack">
      <ErrorSummary errors={errors} />
      <h1 id="codes-title">{t("priorities.voting.codes.title")}</h1>
      <p className="lead">{t("priorities.voting.codes.lead", { area: areaName })}</p>
      <Form method="post" noValidate className="stack">
        <Field
          name="label"
          label={t("priorities.voting.codes.label")}
          hint={t("priorities.voting.codes.labelHint")}
          defaultValue={values.label}
          maxLength={120}
          error={errors.label}
        />
        <Field
          name="size"
          type="number"
          inputMode="numeric"
          min={1}
          max={CODE_BATCH_MAX}
          label={t("priorities.voting.codes.size")}
          hint={t("priorities.voting.codes.sizeHint", { max: CODE_BATCH_MAX })}
          defaultValue={values.size}
          error={errors.size}
        />
        <Field
          name="expiresOn"
          type="date"
          label={t("priorities.voting.codes.expiresOn")}
          hint={t("priorities.voting.codes.expiresHint")}
          defaultValue={values.expiresOn}
          error={errors.expiresOn}
        />
        <SubmitButton pendingLabel={t("priorities.voting.codes.sending")}>
          {t("priorities.voting.codes.submit")}
        </SubmitButton>
      </Form>
      <h2>{t("priorities.voting.codes.batches")}</h2>
      {data.batches.length === 0 ? (
        <p className="empty-state">{t("priorities.voting.codes.noBatches")}</p>
      ) : (
        <ReflowTable
          caption={t("priorities.voting.codes.batches")}
          columns={[
            t("priorities.voting.codes.label"),
            t("priorities.voting.codes.created"),
            t("priorities.voting.codes.expiresOn"),
            t("priorities.voting.codes.redeemed"),
          ]}
          rows={data.batches.map((batch) => ({
            key: batch.id,
            cells: [
              batch.label,
              `${format.date(batch.createdAt)} · ${batch.createdByName}`,
              format.dateTime(batch.expiresAt),
              t("priorities.voting.codes.redeemedOf", { redeemed: batch.redeemed, size: batch.size }),
            ],
          }))}
        />
      )}
    </section>
  );
}
