import type { ActionFunctionArgs, LoaderFunctionArgs, AppLoadContext } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/features/accounts/auth.server";
import { listDepartmentNames } from "~/features/departments/departments.server";
import { DepartmentSelect } from "~/features/interviews/controls";
import { runIntent } from "~/features/interviews/route-helpers.server";
import { BackToCycle } from "~/features/priorities/cycle-view";
import { canReviewProposals } from "~/features/priorities/permissions.server";
import { ProposalCard, ProposalFilters } from "~/features/priorities/proposal-view";
import {
  declineProposal,
  listForReview,
  mergeProposal,
  shortlistProposal,
  undoDecline,
  undoMerge,
  unshortlistProposal,
} from "~/features/priorities/review.server";
import { cycleTitle, requireCycle } from "~/features/priorities/route-helpers.server";
import {
  declineProposalSchema,
  mergeProposalSchema,
  proposalIdSchema,
  proposalQuerySchema,
  shortlistProposalSchema,
  unshortlistProposalSchema,
} from "~/features/priorities/schemas";
import { RESPONSE_MAX } from "~/features/priorities/state";
import { translatorFor } from "~/i18n/i18next.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { Checkbox, Field, SelectField, SubmitButton, TextArea } from "~/ui/form";
import { titleFromLoader } from "~/ui/meta";
import { Pagination } from "~/ui/pagination";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";
import { UserText } from "~/ui/user-text";

export const meta = titleFromLoader;

/** Officials and administrators only, checked before the cycle is even looked up. */
async function requireReviewer(request: Request, context: AppLoadContext, cycleId: string | undefined) {
  const user = await requireUser(request, context);
  if (!canReviewProposals(user)) throw new Response("Forbidden", { status: 403 });
  return { user, cycle: await requireCycle(cycleId) };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cycle } = await requireReviewer(request, context, params.cycleId);
  // Waiting proposals first: that is the work. The filter shows the others.
  const search = new URL(request.url).searchParams;
  const query = proposalQuerySchema.parse({
    status: search.has("status") ? undefined : "submitted",
    ...Object.fromEntries(search),
  });
  const { locale } = await translatorFor(request);
  const [found, departments] = await Promise.all([listForReview(cycle.id, query), listDepartmentNames(locale)]);
  return json({
    title: await cycleTitle(request, cycle, "priorities.review.title"),
    cycle: { id: cycle.id, titleZh: cycle.titleZh, titleEn: cycle.titleEn, phase: cycle.phase },
    query,
    ...found,
    proposals: found.proposals.map(({ enteredBy, ...proposal }) => ({
      ...proposal,
      enteredBy: enteredBy?.displayName ?? null,
    })),
    departments,
  });
}

const FLASH = {
  merge: "priorities.flash.merged",
  decline: "priorities.flash.declined",
  shortlist: "priorities.flash.shortlisted",
  unshortlist: "priorities.flash.unshortlisted",
  undoMerge: "priorities.flash.mergeUndone",
  undoDecline: "priorities.flash.declineUndone",
} as const;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, cycle } = await requireReviewer(request, context, params.cycleId);
  const { intent, response } = await runIntent(request, {
    merge: () =>
      submitForm(request, mergeProposalSchema, (input) => mergeProposal(user, cycle, input.proposalId, input.intoId)),
    decline: () =>
      submitForm(request, declineProposalSchema, (input) =>
        declineProposal(user, cycle, input.proposalId, input.response),
      ),
    shortlist: () =>
      submitForm(request, shortlistProposalSchema, (input) =>
        shortlistProposal(user, cycle, input.proposalId, input.departmentId, input.estimatedCost),
      ),
    unshortlist: () =>
      submitForm(request, unshortlistProposalSchema, (input) => unshortlistProposal(user, cycle, input.proposalId)),
    undoMerge: () => submitForm(request, proposalIdSchema, (input) => undoMerge(user, cycle, input.proposalId)),
    undoDecline: () => submitForm(request, proposalIdSchema, (input) => undoDecline(user, cycle, input.proposalId)),
  });
  if (!intent) return response;
  return redirectWithFlash(`/priorities/${cycle.id}/review`, { message: FLASH[intent] });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Proposal = Data["proposals"][number];

function ReviewControls({ proposal, data }: { proposal: Proposal; data: Data }) {
  const { t } = useTranslation();
  const { errors, values } = useFormState();
  // Errors belong to the proposal whose form was sent, and to the form of that proposal whose
  // intent it was (each has its own confirmation box).
  const mine = values.proposalId === proposal.id ? errors : {};
  const sent = (intent: string) => values.proposalId === proposal.id && values.intent === intent;
  const targets = data.mergeTargets.filter((other) => other.id !== proposal.id);
  const id = proposal.id;
  if (proposal.status === "shortlisted") {
    return (
      <Form method="post" noValidate className="stack">
        <input type="hidden" name="proposalId" value={id} />
        <p className="hint">{t("priorities.review.unshortlistHint")}</p>
        <Checkbox
          name="confirm"
          id={`confirm-unshortlist-${id}`}
          label={t("priorities.review.unshortlistConfirm")}
          error={sent("unshortlist") ? mine.confirm : undefined}
        />
        <SubmitButton name="intent" value="unshortlist" className="danger" pendingLabel={t("actions.saving")}>
          {t("priorities.review.unshortlist")}
        </SubmitButton>
      </Form>
    );
  }
  if (proposal.status === "merged" || proposal.status === "declined") {
    // A mistake is taken back, not worked around: the proposal waits for review again.
    const intent = proposal.status === "merged" ? "undoMerge" : "undoDecline";
    return (
      <Form method="post" className="inline-form">
        <input type="hidden" name="proposalId" value={id} />
        <p className="hint">{t("priorities.review.undoHint")}</p>
        <SubmitButton name="intent" value={intent} pendingLabel={t("actions.saving")}>
          {t(`priorities.review.${intent}`)}
        </SubmitButton>
      </Form>
    );
  }
  if (proposal.status !== "submitted") return null;
  return (
    <div className="stack moderation-controls">
      <details open={sent("shortlist")}>
        <summary>{t("priorities.review.shortlist")}</summary>
        <Form method="post" noValidate className="stack">
          <input type="hidden" name="proposalId" value={id} />
          <DepartmentSelect
            name="departmentId"
            id={`department-${id}`}
            label={t("priorities.review.department")}
            anyLabel={t("priorities.review.chooseDepartment")}
            departments={data.departments}
            value={sent("shortlist") ? values.departmentId : undefined}
            error={mine.departmentId}
          />
          <Field
            name="estimatedCost"
            id={`cost-${id}`}
            inputMode="numeric"
            label={t("priorities.review.cost")}
            defaultValue={sent("shortlist") ? values.estimatedCost : undefined}
            error={mine.estimatedCost}
          />
          <SubmitButton name="intent" value="shortlist" pendingLabel={t("actions.saving")}>
            {t("priorities.review.shortlistSubmit")}
          </SubmitButton>
        </Form>
      </details>
      {targets.length > 0 ? (
        <details open={sent("merge")}>
          <summary>{t("priorities.review.merge")}</summary>
          <Form method="post" noValidate className="stack">
            <input type="hidden" name="proposalId" value={id} />
            <SelectField
              name="intoId"
              id={`into-${id}`}
              label={t("priorities.review.mergeInto")}
              defaultValue={sent("merge") ? values.intoId : ""}
              options={[
                { value: "", label: t("priorities.review.chooseMergeTarget") },
                ...targets.map((other) => ({ value: other.id, label: other.title.slice(0, 80) })),
              ]}
              error={mine.intoId}
            />
            <p className="hint">{t("priorities.review.mergeHint")}</p>
            <Checkbox
              name="confirm"
              id={`confirm-merge-${id}`}
              label={t("priorities.review.mergeConfirm")}
              error={sent("merge") ? mine.confirm : undefined}
            />
            <SubmitButton name="intent" value="merge" pendingLabel={t("actions.saving")}>
              {t("priorities.review.mergeSubmit")}
            </SubmitButton>
          </Form>
        </details>
      ) : null}
      <details open={sent("decline")}>
        <summary>{t("priorities.review.decline")}</summary>
        <Form method="post" noValidate className="stack">
          <input type="hidden" name="proposalId" value={id} />
          <TextArea
            name="response"
            id={`response-${id}`}
            label={t("priorities.review.response")}
            hint={t("priorities.review.responseHint")}
            maxLength={RESPONSE_MAX}
            defaultValue={mine.response !== undefined || sent("decline") ? values.response : undefined}
            error={mine.response}
          />
          <Checkbox
            name="confirm"
            id={`confirm-decline-${id}`}
            label={t("priorities.review.declineConfirm")}
            error={sent("decline") ? mine.confirm : undefined}
          />
          <SubmitButton name="intent" value="decline" className="danger" pendingLabel={t("actions.saving")}>
            {t("priorities.review.declineSubmit")}
          </SubmitButton>
        </Form>
      </details>
    </div>
  );
}

export default function ReviewProposals() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { errors } = useFormState();
  const reviewing = data.cycle.phase === "review";
  return (
    <section aria-labelledby="review-title" className="page stack">
      <BackToCycle cycle={data.cycle} />
      <ErrorSummary errors={errors} />
      <h1 id="review-title">{t("priorities.review.title")}</h1>
      <p>{t("priorities.phaseIs", { phase: t(`priorities.phases.${data.cycle.phase}`) })}</p>
      <p className="lead">{t(reviewing ? "priorities.review.lead" : "priorities.review.notInReview")}</p>
      <ProposalFilters query={data.query} allLabel={t("priorities.proposals.anyStatus")} />
      <p role="status">{t("priorities.proposals.found", { count: data.total })}</p>
      {data.proposals.length === 0 ? (
        <p className="empty-state">{t("priorities.review.empty")}</p>
      ) : (
        <ul className="list">
          {data.proposals.map((proposal) => (
            <ProposalCard key={proposal.id} proposal={proposal}>
              <UserText as="p" className="answer-text" text={proposal.description} />
              {proposal.enteredBy ? (
                <p className="hint">{t("priorities.review.enteredBy", { name: proposal.enteredBy })}</p>
              ) : null}
              {reviewing ? <ReviewControls proposal={proposal} data={data} /> : null}
            </ProposalCard>
          ))}
        </ul>
      )}
      <Pagination page={data.query.page} pageCount={data.pageCount} />
    </section>
  );
}
