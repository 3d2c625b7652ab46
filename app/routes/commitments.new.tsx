import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, AppLoadContext } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/features/accounts/auth.server";
import { CommitmentFields } from "~/features/commitments/commitment-fields";
import {
  getCycle,
  getShortlistedProposal,
  listCyclesWithResults,
  listProposalsWithoutCommitment,
  makeCommitment,
} from "~/features/commitments/commitments.server";
import { useCommitmentText } from "~/features/commitments/components";
import styles from "~/features/commitments/commitments.css";
import { rankedCandidates, recordSkipReason } from "~/features/commitments/candidates.server";
import {
  assignableDepartments,
  canMakeCommitments,
  canRecordSkipReason,
} from "~/features/commitments/permissions.server";
import {
  commitmentSchema,
  newQuerySchema,
  SKIP_REASON_MAX_LENGTH,
  skipReasonSchema,
} from "~/features/commitments/schemas";
import { readIntent } from "~/features/interviews/route-helpers.server";
import { listDepartmentNames } from "~/features/departments/departments.server";
import { translatorFor } from "~/i18n/i18next.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { SelectField, SubmitButton, TextArea } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { formFailure, submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

async function requireMaker(request: Request, context: AppLoadContext) {
  const user = await requireUser(request, context);
  if (!canMakeCommitments(user)) throw new Response("Forbidden", { status: 403 });
  const { locale } = await translatorFor(request);
  return { user, departments: assignableDepartments(user, await listDepartmentNames(locale)) };
}

/** The ranked candidates still without a commitment, each with whether this person may say why. */
async function candidatesToExplain(user: Awaited<ReturnType<typeof requireMaker>>["user"], cycleId: string) {
  const candidates = await rankedCandidates(cycleId);
  return candidates
    .filter((candidate) => !candidate.commitmentId)
    .map((candidate) => ({ ...candidate, canExplain: canRecordSkipReason(user, candidate.departmentId) }));
}

/**
 * Three steps, each a plain GET form so that it works without JavaScript: choose the cycle,
 * then the shortlisted proposal, then fill in the commitment (prefilled from the proposal).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, departments } = await requireMaker(request, context);
  const query = newQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const cycle = await getCycle(query.cycle);
  const base = {
    title: await pageTitle(request, "commitments.new"),
    departments,
    candidates: [] as Awaited<ReturnType<typeof candidatesToExplain>>,
  };
  if (!cycle)
    return json({
      ...base,
      step: "cycle" as const,
      cycles: await listCyclesWithResults(),
      cycle: null,
      proposals: [],
      proposal: null,
    });
  const proposal = await getShortlistedProposal(cycle.id, query.proposal);
  if (!proposal || proposal.commitment) {
    const [proposals, candidates] = await Promise.all([
      listProposalsWithoutCommitment(cycle.id),
      candidatesToExplain(user, cycle.id),
    ]);
    return json({ ...base, step: "proposal" as const, cycles: [], cycle, proposals, proposal: null, candidates });
  }
  return json({ ...base, step: "details" as const, cycles: [], cycle, proposals: [], proposal });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireMaker(request, context);
  const query = newQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const cycle = await getCycle(query.cycle);
  // The proposal step's other form: why a ranked candidate does not become a commitment.
  if (cycle && (await readIntent(request)) === "skip") {
    const result = await submitForm(request, skipReasonSchema, (input) => recordSkipReason(user, cycle, input));
    return result.ok
      ? redirectWithFlash(`/commitments/new?cycle=${cycle.id}`, { message: "commitments.flash.skipReasonSaved" })
      : result.response;
  }
  if (!cycle || !query.proposal) {
    const { t } = await translatorFor(request);
    return formFailure({ fieldErrors: { form: t("commitments.errors.noSuchProposal") }, values: {} });
  }
  const proposalId = query.proposal;
  const result = await submitForm(request, commitmentSchema, (input) => makeCommitment(user, cycle, proposalId, input));
  return result.ok
    ? redirectWithFlash(`/commitments/${result.value.id}`, { message: "commitments.flash.created" })
    : result.response;
}

type Candidate = ReturnType<typeof useLoaderData<typeof loader>>["candidates"][number];

/**
 * The ranked candidates without a commitment, each with the reason its department gave for
 * making none, and a form for the officials who may give it. The year-end report shows these
 * reasons next to each candidate's rank (decision 0025).
 */
function SkipReasons({ cycleId, candidates }: { cycleId: string; candidates: readonly Candidate[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { errors, values } = useFormState();
  return (
    <section aria-labelledby="skip-title" className="stack">
      <h2 id="skip-title">{t("commitments.skip.title")}</h2>
      <p className="hint">{t("commitments.skip.intro")}</p>
      <ul className="list">
        {candidates.map((candidate) => {
          const mine = values.proposalId === candidate.id ? errors : {};
          return (
            <li key={candidate.id} className="list-item stack" id={`candidate-${candidate.id}`}>
              <p>
                <strong>
                  {t("commitments.skip.rank", { rank: format.number(candidate.rank), number: candidate.ballotNumber })}
                </strong>{" "}
                {candidate.title}
              </p>
              {candidate.department ? <p className="hint">{format.departmentName(candidate.department)}</p> : null}
              {candidate.skipReason ? (
                <p className="report-text">{t("commitments.skip.given", { reason: candidate.skipReason })}</p>
              ) : (
                <p>
                  {candidate.unexplained ? (
                    <strong>{t("commitments.ranking.noReason")}</strong>
                  ) : (
                    t("commitments.skip.none")
                  )}
                </p>
              )}
              {candidate.canExplain ? (
                <Form method="post" action={`/commitments/new?cycle=${cycleId}`} noValidate className="stack">
                  <input type="hidden" name="proposalId" value={candidate.id} />
                  <TextArea
                    name="skipReason"
                    id={`skip-${candidate.id}`}
                    label={t("commitments.skip.reason")}
                    hint={t("commitments.skip.reasonHint")}
                    maxLength={SKIP_REASON_MAX_LENGTH}
                    defaultValue={mine.skipReason !== undefined ? values.skipReason : (candidate.skipReason ?? "")}
                    error={mine.skipReason ?? mine.form}
                  />
                  <SubmitButton name="intent" value="skip" pendingLabel={t("actions.saving")}>
                    {t("commitments.skip.save")}
                  </SubmitButton>
                </Form>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export default function NewCommitment() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const text = useCommitmentText();
  const { errors, values } = useFormState();
  const submitted = Object.keys(values).length > 0;
  return (
    <section aria-labelledby="new-title" className="page stack">
      <p>
        <Link to="/commitments" className="standalone-link">
          {t("commitments.back")}
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      <h1 id="new-title">{t("commitments.new")}</h1>
      {data.cycle ? <p lang={text.titleLang(data.cycle)}>{text.title(data.cycle)}</p> : null}
      {data.step === "cycle" ? (
        data.cycles.length === 0 ? (
          <p className="empty-state">{t("commitments.form.noCycles")}</p>
        ) : (
          <Form method="get" className="stack">
            <SelectField
              name="cycle"
              label={t("commitments.form.chooseCycle")}
              options={data.cycles.map((cycle) => ({
                value: cycle.id,
                label: text.title(cycle),
                lang: text.titleLang(cycle),
              }))}
            />
            <button type="submit">{t("commitments.form.next")}</button>
          </Form>
        )
      ) : null}
      {data.step === "proposal" && data.cycle ? (
        data.proposals.length === 0 ? (
          <p className="empty-state">{t("commitments.form.noProposals")}</p>
        ) : (
          <Form method="get" className="stack">
            <input type="hidden" name="cycle" value={data.cycle.id} />
            <SelectField
              name="proposal"
              label={t("commitments.form.chooseProposal")}
              options={data.proposals.map((proposal) => ({
                value: proposal.id,
                label: `${proposal.ballotNumber ?? ""} ${proposal.title}`.trim(),
              }))}
            />
            <p className="hint">{t("commitments.form.chooseProposalHint")}</p>
            <button type="submit">{t("commitments.form.next")}</button>
          </Form>
        )
      ) : null}
      {data.step === "proposal" && data.cycle && data.candidates.length > 0 ? (
        <SkipReasons cycleId={data.cycle.id} candidates={data.candidates} />
      ) : null}
      {data.step === "details" && data.proposal ? (
        <Form method="post" noValidate className="stack">
          <p>{t("commitments.fromProposal", { title: data.proposal.title })}</p>
          <CommitmentFields
            values={
              submitted
                ? values
                : {
                    titleZh: data.proposal.title,
                    titleEn: data.proposal.title,
                    departmentId: data.proposal.departmentId ?? undefined,
                  }
            }
            departments={data.departments}
            errors={errors}
            proposalTitle={data.proposal.title}
          />
          <SubmitButton pendingLabel={t("actions.saving")}>{t("commitments.form.create")}</SubmitButton>
        </Form>
      ) : null}
    </section>
  );
}
