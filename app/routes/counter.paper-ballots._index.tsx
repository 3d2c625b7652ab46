import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { isBallotMethod } from "~/features/priorities/ballot-rules";
import {
  enterPaperBatch,
  listCyclesTakingPaperBallots,
  listPaperBatches,
  requirePaperDesk,
} from "~/features/priorities/paper-batches.server";
import { submitVotingForm } from "~/features/priorities/voting-form.server";
import { paperBatchSchema } from "~/features/priorities/voting-schemas";
import { useVotingText } from "~/features/priorities/voting-view";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { Field, SelectField, SubmitButton, TextArea } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { Pagination } from "~/ui/pagination";
import { ReflowTable } from "~/ui/table";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePaperDesk(request, context);
  const page = Math.max(1, Math.floor(Number(new URL(request.url).searchParams.get("page")) || 1));
  const [cycles, list] = await Promise.all([listCyclesTakingPaperBallots(), listPaperBatches(page)]);
  return json({
    title: await pageTitle(request, "priorities.voting.paper.title"),
    cycles: cycles.map((cycle) => ({
      id: cycle.id,
      titleZh: cycle.titleZh,
      titleEn: cycle.titleEn,
      method: isBallotMethod(cycle.ballotMethod) ? cycle.ballotMethod : "approval",
      maxChoices: cycle.maxChoices,
    })),
    page,
    ...list,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePaperDesk(request, context);
  const result = await submitVotingForm(request, paperBatchSchema, (input) => enterPaperBatch(user, input));
  if (!result.ok) return result.response;
  return redirectWithFlash(`/counter/paper-ballots/${result.value.batchId}`, {
    message: "priorities.voting.paper.entered",
    values: { count: String(result.value.count) },
  });
}

export default function PaperBallots() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const format = useFormat();
  const text = useVotingText();
  const { errors, values } = useFormState();
  return (
    <section aria-labelledby="paper-title" className="stack">
      <ErrorSummary errors={errors} />
      <h1 id="paper-title">{t("priorities.voting.paper.title")}</h1>
      <p>{t("priorities.voting.paper.lead")}</p>
      <p>
        <Link to="/counter/paper-ballots/hand-out" className="standalone-link">
          {t("priorities.voting.paper.handOutLink")}
        </Link>
      </p>
      {data.cycles.length === 0 ? (
        <p className="empty-state">{t("priorities.voting.paper.noCycles")}</p>
      ) : (
        <Form method="post" noValidate className="stack">
          <SelectField
            name="cycleId"
            label={t("priorities.voting.paper.cycle")}
            defaultValue={values.cycleId}
            options={data.cycles.map((cycle) => ({
              value: cycle.id,
              label: `${text.cycleTitle(cycle)} (${t(`priorities.voting.methodNames.${cycle.method}`)}${cycle.method === "budget" ? "" : `, K = ${cycle.maxChoices ?? "—"}`})`,
            }))}
            error={errors.cycleId}
          />
          <Field
            name="label"
            label={t("priorities.voting.paper.label")}
            hint={t("priorities.voting.paper.labelHint")}
            maxLength={120}
            defaultValue={values.label}
            error={errors.label}
          />
          <TextArea
            name="ballots"
            rows={10}
            label={t("priorities.voting.paper.ballots")}
            hint={t("priorities.voting.paper.ballotsHint")}
            defaultValue={values.ballots}
            error={errors.ballots}
            spellCheck={false}
          />
          <SubmitButton pendingLabel={t("priorities.voting.paper.sending")}>
            {t("priorities.voting.paper.submit")}
          </SubmitButton>
        </Form>
      )}
      <h2>{t("priorities.voting.paper.batches")}</h2>
      {data.batches.length === 0 ? (
        <p className="empty-state">{t("priorities.voting.paper.noBatches")}</p>
      ) : (
        <>
          <ReflowTable
            caption={t("priorities.voting.paper.batches")}
            columns={[
              t("priorities.voting.paper.label"),
              t("priorities.voting.paper.cycle"),
              t("priorities.voting.paper.count"),
              t("priorities.voting.paper.enteredBy"),
              t("priorities.voting.paper.status"),
            ]}
            rows={data.batches.map((batch) => ({
              key: batch.id,
              cells: [
                <Link key="label" to={`/counter/paper-ballots/${batch.id}`}>
                  {batch.label}
                </Link>,
                text.cycleTitle(batch.cycle),
                format.number(batch.ballotCount),
                `${batch.enteredByName} · ${format.dateTime(batch.enteredAt)}`,
                batch.confirmedAt
                  ? t("priorities.voting.paper.confirmedBy", { name: batch.confirmedByName ?? "" })
                  : t("priorities.voting.paper.unconfirmed"),
              ],
            }))}
          />
          <Pagination page={data.page} pageCount={data.pageCount} />
        </>
      )}
    </section>
  );
}
