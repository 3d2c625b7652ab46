import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getCurrentUser, requireUser } from "~/features/accounts/auth.server";
import { OpenDataDownloads } from "~/features/open-data/downloads";
import { MethodExplained, PhaseTimeline, useCycleText } from "~/features/priorities/cycle-view";
import { cycleSummary } from "~/features/priorities/cycles.server";
import { canManageCycles, canReviewProposals } from "~/features/priorities/permissions.server";
import { ProposalCard, ProposalFields, ProposalFilters } from "~/features/priorities/proposal-view";
import { listMyProposals, listProposals, submitProposal } from "~/features/priorities/proposals.server";
import { cycleTitle, requireCycle } from "~/features/priorities/route-helpers.server";
import { newSubmissionKey } from "~/shared/submission-key.server";
import { proposalQuerySchema, proposalSchema } from "~/features/priorities/schemas";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { SubmitButton } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { Pagination } from "~/ui/pagination";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";
import { textLanguage } from "~/ui/user-text";

export const meta = titleFromLoader;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const cycle = await requireCycle(params.cycleId);
  const query = proposalQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const reader = await getCurrentUser(request, context);
  const [found, mine] = await Promise.all([
    listProposals(cycle.id, query),
    reader ? listMyProposals(cycle.id, reader.id) : Promise.resolve([]),
  ]);
  return json({
    title: await cycleTitle(request, cycle),
    cycle: cycleSummary(cycle),
    query,
    ...found,
    mine,
    loggedIn: !!reader,
    submissionKey: newSubmissionKey(),
    can: { review: canReviewProposals(reader) && cycle.phase === "review", edit: canManageCycles(reader) },
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const cycle = await requireCycle(params.cycleId);
  const result = await submitForm(request, proposalSchema, (input) => submitProposal(user, cycle, input));
  return result.ok
    ? redirectWithFlash(`/priorities/${cycle.id}/proposals/${result.value.id}`, {
        message: "priorities.flash.proposed",
      })
    : result.response;
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

/** What a resident can do in this phase, in plain words, with the one link that does it. */
function WhatNow({ data }: { data: Data }) {
  const { t } = useTranslation();
  const format = useFormat();
  const text = useCycleText();
  const { cycle } = data;
  const phase = cycle.phase;
  const later = (phases: string[]) => phases.includes(phase);
  const date = phase === "announced" ? cycle.collectStartsAt : cycle.voteStartsAt;
  return (
    <section aria-labelledby="now-title" className="card stack">
      <h2 id="now-title">{t("priorities.whatNow")}</h2>
      <p>{t(`priorities.phaseHelp.${phase}`, { date: format.dateTime(date), area: text.area(cycle.area) })}</p>
      <ul className="link-row">
        {phase === "vote" ? (
          <li>
            <Link to={`/priorities/${cycle.id}/ballot`}>{t("priorities.links.ballot")}</Link>
          </li>
        ) : null}
        {later(["results", "implementation", "report"]) ? (
          <li>
            <Link to={`/priorities/${cycle.id}/results`}>{t("priorities.links.results")}</Link>
          </li>
        ) : null}
        {later(["implementation", "report"]) ? (
          <li>
            <Link to={`/commitments?cycle=${cycle.id}`}>{t("priorities.links.commitments")}</Link>
          </li>
        ) : null}
        {phase === "report" ? (
          <li>
            <Link to={`/priorities/${cycle.id}/report`}>{t("priorities.links.report")}</Link>
          </li>
        ) : null}
        {phase === "collect" ? (
          <li>
            <a href="#propose-title">{t("priorities.propose.title")}</a>
          </li>
        ) : null}
      </ul>
    </section>
  );
}

function ProposeForm({ data }: { data: Data }) {
  const { t } = useTranslation();
  const { errors, values } = useFormState();
  return (
    <section aria-labelledby="propose-title" className="card stack">
      <h2 id="propose-title">{t("priorities.propose.title")}</h2>
      {data.loggedIn ? (
        <Form method="post" noValidate className="stack">
          <p>{t("priorities.propose.lead")}</p>
          <input type="hidden" name="submissionKey" value={data.submissionKey} />
          <ProposalFields values={values} errors={errors} />
          <SubmitButton pendingLabel={t("priorities.propose.sending")}>{t("priorities.propose.submit")}</SubmitButton>
        </Form>
      ) : (
        <p>
          <Link
            to={`/login?redirectTo=${encodeURIComponent(`/priorities/${data.cycle.id}`)}`}
            className="standalone-link"
          >
            {t("priorities.propose.logIn")}
          </Link>
        </p>
      )}
    </section>
  );
}

export default function CyclePage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { errors } = useFormState();
  const text = useCycleText();
  const { cycle } = data;
  const filtered = !!(data.query.q || data.query.status || data.query.category);
  return (
    <section aria-labelledby="cycle-title" className="page stack">
      <p>
        <Link to="/priorities" className="standalone-link">
          {t("priorities.title")}
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      <h1 id="cycle-title" lang={text.lang(cycle)}>
        {text.title(cycle)}
      </h1>
      <p>
        {text.area(cycle.area)} · {t("priorities.phaseIs", { phase: t(`priorities.phases.${cycle.phase}`) })}
      </p>
      {text.summary(cycle) ? <p className="lead">{text.summary(cycle)}</p> : null}
      <MethodExplained cycle={cycle} />
      {data.can.review || data.can.edit ? (
        <ul className="link-row">
          {data.can.review ? (
            <li>
              <Link to={`/priorities/${cycle.id}/review`}>{t("priorities.links.review")}</Link>
            </li>
          ) : null}
          {data.can.edit ? (
            <li>
              <Link to={`/priorities/${cycle.id}/edit`}>{t("priorities.links.edit")}</Link>
            </li>
          ) : null}
        </ul>
      ) : null}
      <WhatNow data={data} />
      {cycle.phase === "collect" ? <ProposeForm data={data} /> : null}
      {data.mine.length > 0 ? (
        <section aria-labelledby="mine-title" className="stack">
          <h2 id="mine-title">{t("priorities.propose.mine")}</h2>
          <ul className="list">
            {data.mine.map((proposal) => (
              <li key={proposal.id} className="list-item">
                <Link to={`/priorities/${cycle.id}/proposals/${proposal.id}`} lang={textLanguage(proposal.title)}>
                  {proposal.title}
                </Link>
                <span className="badge">{t(`priorities.statuses.${proposal.status}`)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="timeline-title" className="stack">
        <h2 id="timeline-title">{t("priorities.timeline")}</h2>
        <PhaseTimeline cycle={cycle} />
      </section>
      <section aria-labelledby="proposals-title" className="stack">
        <h2 id="proposals-title">{t("priorities.proposals.title")}</h2>
        <ProposalFilters query={data.query} allLabel={t("priorities.proposals.anyStatus")} />
        <p role="status">
          {data.total === 0
            ? t(filtered ? "priorities.proposals.none" : "priorities.proposals.empty")
            : t("priorities.proposals.found", { count: data.total })}
        </p>
        <ul className="list">
          {data.proposals.map((proposal) => (
            <ProposalCard key={proposal.id} proposal={proposal} />
          ))}
        </ul>
        <Pagination page={data.query.page} pageCount={data.pageCount} />
        <OpenDataDownloads
          title={t("priorities.openData.title")}
          hrefs={{ csv: `/priorities/${cycle.id}/proposals.csv`, json: `/priorities/${cycle.id}/proposals.json` }}
        />
      </section>
    </section>
  );
}
