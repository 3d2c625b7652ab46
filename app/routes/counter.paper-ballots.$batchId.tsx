import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import {
  confirmPaperBatch,
  deletePaperBatch,
  getPaperBatch,
  requirePaperDesk,
} from "~/features/priorities/paper-batches.server";
import { phaseAt } from "~/features/priorities/phases";
import { submitVotingForm } from "~/features/priorities/voting-form.server";
import { canConfirmPaperBatch } from "~/features/priorities/voting-permissions.server";
import { batchDecisionSchema } from "~/features/priorities/voting-schemas";
import { useVotingText } from "~/features/priorities/voting-view";
import { isRecordId } from "~/validation";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { Checkbox, SubmitButton } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requirePaperDesk(request, context);
  const batch = isRecordId(params.batchId) ? await getPaperBatch(params.batchId) : null;
  if (!batch) throw new Response("Not found", { status: 404 });
  const open = !batch.confirmedAt && phaseAt(batch.cycle) === "vote";
  // Deleting: the enterer at once; anyone else asks, and a second colleague carries it out.
  const deletion =
    batch.enteredById === user.id
      ? "now"
      : batch.deletionRequestedById === null
        ? "ask"
        : batch.deletionRequestedById === user.id
          ? "asked"
          : "carryOut";
  return json({
    title: `${batch.label} · ${await pageTitle(request, "priorities.voting.paper.title")}`,
    batch: { ...batch, enteredById: undefined, deletionRequestedById: undefined },
    deletion,
    ownBatch: batch.enteredById === user.id,
    canConfirm: open && canConfirmPaperBatch(user, batch),
    canDelete: open,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePaperDesk(request, context);
  if (!isRecordId(params.batchId)) throw new Response("Not found", { status: 404 });
  const batchId = params.batchId;
  const result = await submitVotingForm(request, batchDecisionSchema, async (input) => {
    if (input.intent === "confirm") {
      const outcome = await confirmPaperBatch(user, batchId);
      return outcome.ok ? { ok: true as const, value: "confirmed" as const } : outcome;
    }
    const outcome = await deletePaperBatch(user, batchId);
    return outcome.ok
      ? { ok: true as const, value: outcome.value.deleted ? ("deleted" as const) : ("deletionAsked" as const) }
      : outcome;
  });
  if (!result.ok) return result.response;
  if (result.value === "deleted")
    return redirectWithFlash("/counter/paper-ballots", { message: "priorities.voting.paper.deleted" });
  return redirectWithFlash(`/counter/paper-ballots/${batchId}`, { message: `priorities.voting.paper.${result.value}` });
}

export default function PaperBatchPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const format = useFormat();
  const text = useVotingText();
  const { errors } = useFormState();
  const { batch } = data;
  return (
    <section aria-labelledby="batch-title" className="stack">
      <ErrorSummary errors={errors} />
      <p>
        <Link to="/counter/paper-ballots">{t("priorities.voting.paper.title")}</Link>
      </p>
      <h1 id="batch-title">{batch.label}</h1>
      <dl>
        <dt>{t("priorities.voting.paper.cycle")}</dt>
        <dd>{text.cycleTitle(batch.cycle)}</dd>
        <dt>{t("priorities.voting.paper.enteredBy")}</dt>
        <dd>
          {batch.enteredByName} · {format.dateTime(batch.enteredAt)}
        </dd>
        <dt>{t("priorities.voting.paper.status")}</dt>
        <dd>
          {batch.confirmedAt
            ? `${t("priorities.voting.paper.confirmedBy", { name: batch.confirmedByName ?? "" })} · ${format.dateTime(batch.confirmedAt)}`
            : t("priorities.voting.paper.unconfirmed")}
        </dd>
      </dl>
      <h2>{t("priorities.voting.paper.ballotsInBatch", { count: batch.ballots.length })}</h2>
      <ol className="paper-ballots">
        {batch.ballots.map((choices, index) => (
          <li key={index}>{choices.join(" ")}</li>
        ))}
      </ol>
      {data.canConfirm ? (
        <Form method="post" className="stack">
          <p>{t("priorities.voting.paper.confirmLead")}</p>
          <SubmitButton name="intent" value="confirm" pendingLabel={t("priorities.voting.paper.sending")}>
            {t("priorities.voting.paper.confirm")}
          </SubmitButton>
        </Form>
      ) : !batch.confirmedAt && data.ownBatch ? (
        <p className="note">{t("priorities.voting.paper.ownBatchNote")}</p>
      ) : null}
      {data.canDelete && data.deletion === "asked" ? (
        <p className="note">
          {t("priorities.voting.paper.deletionAskedNote", { date: format.dateTime(batch.deletionRequestedAt ?? "") })}
        </p>
      ) : data.canDelete ? (
        <Form method="post" noValidate className="stack">
          <h2>{t("priorities.voting.paper.deleteTitle")}</h2>
          {data.deletion === "ask" ? <p>{t("priorities.voting.paper.deletionNeedsTwo")}</p> : null}
          {data.deletion === "carryOut" ? (
            <p>
              {t("priorities.voting.paper.deletionRequested", {
                date: format.dateTime(batch.deletionRequestedAt ?? ""),
              })}
            </p>
          ) : null}
          <Checkbox
            name="confirm"
            label={t("priorities.voting.paper.deleteConfirm", { count: batch.ballots.length })}
            error={errors.confirm}
          />
          <SubmitButton
            name="intent"
            value="delete"
            className="danger"
            pendingLabel={t("priorities.voting.paper.sending")}
          >
            {t(data.deletion === "ask" ? "priorities.voting.paper.askDeletion" : "priorities.voting.paper.delete")}
          </SubmitButton>
        </Form>
      ) : null}
    </section>
  );
}
