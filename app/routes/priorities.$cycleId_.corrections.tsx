import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAdministrator } from "~/features/accounts/auth.server";
import {
  confirmCorrection,
  listCorrections,
  listCycleBatches,
  proposeCorrection,
  withdrawCorrection,
} from "~/features/priorities/corrections.server";
import { findResultsCycle, resultsArePublic } from "~/features/priorities/results.server";
import { phaseAt } from "~/features/priorities/phases";
import { cycleTitle } from "~/features/priorities/route-helpers.server";
import { correctionDecisionSchema, correctionSchema } from "~/features/priorities/schemas";
import { closeVote } from "~/features/priorities/vote-close.server";
import { submitVotingForm } from "~/features/priorities/voting-form.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { ChoiceGroup, SelectField, SubmitButton, TextArea } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;

async function requireClosedCycle(cycleId: string | undefined) {
  const cycle = await findResultsCycle(cycleId ?? "");
  if (!cycle || !resultsArePublic(phaseAt(cycle))) throw new Response("Not Found", { status: 404 });
  return cycle;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireAdministrator(request, context);
  const cycle = await requireClosedCycle(params.cycleId);
  await closeVote(cycle.id);
  const [batches, corrections] = await Promise.all([
    listCycleBatches(cycle.id),
    listCorrections(cycle.id, { pending: true }),
  ]);
  return json({
    title: await cycleTitle(request, cycle, "priorities.corrections.title"),
    cycle: { id: cycle.id, titleZh: cycle.titleZh, titleEn: cycle.titleEn },
    batches,
    corrections: corrections.map(({ proposedById, ...correction }) => ({
      ...correction,
      mine: proposedById === user.id,
    })),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireAdministrator(request, context);
  const cycle = await requireClosedCycle(params.cycleId);
  const back = `/priorities/${cycle.id}/corrections`;
  // A body that is no form reads as an empty one: the schema below then refuses it (400, not 500).
  const intent = (
    await request
      .clone()
      .formData()
      .catch(() => new FormData())
  ).get("intent");
  if (intent === "confirm" || intent === "withdraw") {
    const result = await submitVotingForm(request, correctionDecisionSchema, (input) =>
      input.intent === "confirm"
        ? confirmCorrection(user, cycle, input.correctionId)
        : withdrawCorrection(user, cycle, input.correctionId),
    );
    if (!result.ok) return result.response;
    return redirectWithFlash(intent === "confirm" ? `/priorities/${cycle.id}/results` : back, {
      message: intent === "confirm" ? "priorities.corrections.confirmed" : "priorities.corrections.withdrawn",
    });
  }
  const result = await submitVotingForm(request, correctionSchema, (input) => proposeCorrection(user, cycle, input));
  if (!result.ok) return result.response;
  return redirectWithFlash(back, { message: "priorities.corrections.proposed" });
}

export default function Corrections() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const format = useFormat();
  const { errors, values } = useFormState();
  const batchState = (batch: (typeof data.batches)[number]) =>
    batch.excludedAt
      ? t("priorities.corrections.batchExcluded")
      : batch.confirmedAt
        ? t("priorities.corrections.batchCounted")
        : t("priorities.corrections.batchUnconfirmed");
  return (
    <section aria-labelledby="corrections-title" className="page narrow stack">
      <ErrorSummary errors={errors} />
      <p>
        <Link to={`/priorities/${data.cycle.id}/results`} className="standalone-link">
          {t("priorities.corrections.backToResults")}
        </Link>
      </p>
      <h1 id="corrections-title">{t("priorities.corrections.title")}</h1>
      <p>{t("priorities.corrections.lead")}</p>
      <h2>{t("priorities.corrections.pendingTitle")}</h2>
      {data.corrections.filter((correction) => !correction.confirmedAt).length === 0 ? (
        <p className="empty-state">{t("priorities.corrections.nonePending")}</p>
      ) : (
        <ul className="stack">
          {data.corrections
            .filter((correction) => !correction.confirmedAt)
            .map((correction) => (
              <li key={correction.id} className="card stack">
                <p>
                  {t(
                    `priorities.corrections.kinds.${correction.kind === "countBatch" ? "countBatch" : "excludeBatch"}`,
                    { batch: correction.batchLabel, count: correction.ballots },
                  )}
                </p>
                <p>
                  {t("priorities.corrections.reasonGiven", {
                    reason: correction.reason,
                    date: format.dateTime(correction.proposedAt),
                  })}
                </p>
                {correction.mine ? <p className="note">{t("priorities.corrections.ownProposal")}</p> : null}
                <Form method="post" className="cluster">
                  <input type="hidden" name="correctionId" value={correction.id} />
                  {correction.mine ? null : (
                    <SubmitButton name="intent" value="confirm" pendingLabel={t("actions.saving")}>
                      {t("priorities.corrections.confirm")}
                    </SubmitButton>
                  )}
                  <SubmitButton name="intent" value="withdraw" className="secondary" pendingLabel={t("actions.saving")}>
                    {t("priorities.corrections.withdraw")}
                  </SubmitButton>
                </Form>
              </li>
            ))}
        </ul>
      )}
      <h2>{t("priorities.corrections.proposeTitle")}</h2>
      {data.batches.length === 0 ? (
        <p className="empty-state">{t("priorities.corrections.noBatches")}</p>
      ) : (
        <Form method="post" noValidate className="stack">
          <input type="hidden" name="intent" value="propose" />
          <ChoiceGroup
            name="kind"
            kind="radio"
            legend={t("priorities.corrections.kind")}
            options={[
              { value: "countBatch", label: t("priorities.corrections.kindCount") },
              { value: "excludeBatch", label: t("priorities.corrections.kindExclude") },
            ]}
            selected={[values.kind ?? ""]}
            error={errors.kind}
          />
          <SelectField
            name="batchId"
            label={t("priorities.corrections.batch")}
            defaultValue={values.batchId ?? ""}
            options={[
              { value: "", label: t("priorities.corrections.chooseBatch") },
              ...data.batches.map((batch) => ({
                value: batch.id,
                label: `${batch.label} · ${t("priorities.voting.paper.ballotsInBatch", { count: batch.ballots })} · ${batchState(batch)}`,
              })),
            ]}
            error={errors.batchId}
          />
          <TextArea
            name="reason"
            label={t("priorities.corrections.reason")}
            hint={t("priorities.corrections.reasonHint")}
            defaultValue={values.reason}
            error={errors.reason}
          />
          <SubmitButton pendingLabel={t("actions.saving")}>{t("priorities.corrections.propose")}</SubmitButton>
        </Form>
      )}
    </section>
  );
}
