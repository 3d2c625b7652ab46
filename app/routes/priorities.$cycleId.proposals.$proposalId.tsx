import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getCurrentUser } from "~/features/accounts/auth.server";
import { BackToCycle } from "~/features/priorities/cycle-view";
import { getProposal } from "~/features/priorities/proposals.server";
import { cycleTitle, requireCycle } from "~/features/priorities/route-helpers.server";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { UserText } from "~/ui/user-text";

export const meta = titleFromLoader;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const cycle = await requireCycle(params.cycleId);
  const found = await getProposal(cycle.id, params.proposalId ?? "");
  if (!found) throw new Response("Not Found", { status: 404 });
  const reader = await getCurrentUser(request, context);
  const { authorId, ...proposal } = found;
  return json({
    title: await cycleTitle(request, { titleZh: proposal.title, titleEn: proposal.title }),
    cycle: { id: cycle.id, titleZh: cycle.titleZh, titleEn: cycle.titleEn },
    proposal,
    yours: !!reader && reader.id === authorId,
  });
}

export default function ProposalPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { cycle, proposal, yours } = useLoaderData<typeof loader>();
  return (
    <article aria-labelledby="proposal-title" className="page stack">
      <BackToCycle cycle={cycle} />
      <UserText as="h1" id="proposal-title" text={proposal.title} />
      {yours ? <p className="hint">{t("priorities.proposal.yours")}</p> : null}
      {proposal.status === "merged" && proposal.mergedInto ? (
        <div className="card">
          <p>{t("priorities.proposal.mergedInto")}</p>
          <p>
            <Link to={`/priorities/${cycle.id}/proposals/${proposal.mergedInto.id}`} className="standalone-link">
              {proposal.mergedInto.title}
            </Link>
          </p>
        </div>
      ) : null}
      <dl className="facts">
        <dt>{t("priorities.proposal.status")}</dt>
        <dd>{t(`priorities.statuses.${proposal.status}`)}</dd>
        <dt>{t("priorities.proposal.category")}</dt>
        <dd>{t(`priorities.categories.${proposal.category}`)}</dd>
        <dt>{t("priorities.proposal.channel")}</dt>
        <dd>{t(`priorities.channels.${proposal.channel}`)}</dd>
        <dt>{t("priorities.proposal.submittedOn")}</dt>
        <dd>{format.date(proposal.createdAt)}</dd>
        {proposal.status === "shortlisted" ? (
          <>
            <dt>{t("priorities.proposal.ballotNumber")}</dt>
            <dd>{proposal.ballotNumber}</dd>
            <dt>{t("priorities.proposal.department")}</dt>
            <dd>{proposal.department ? format.departmentName(proposal.department) : null}</dd>
            <dt>{t("priorities.proposal.cost")}</dt>
            <dd>
              {proposal.estimatedCost === null
                ? null
                : t("priorities.proposal.yuan", { amount: format.number(proposal.estimatedCost) })}
            </dd>
          </>
        ) : null}
      </dl>
      <UserText as="p" className="answer-text" text={proposal.description} />
      {proposal.status === "declined" && proposal.response ? (
        <section aria-labelledby="response-title" className="card stack">
          <h2 id="response-title">{t("priorities.proposal.response")}</h2>
          <p className="answer-text">{proposal.response}</p>
        </section>
      ) : null}
      {proposal.merged.length > 0 ? (
        <section aria-labelledby="merged-title" className="stack">
          <h2 id="merged-title">{t("priorities.proposal.mergedHere")}</h2>
          <ul className="link-list">
            {proposal.merged.map((duplicate) => (
              <li key={duplicate.id}>
                <Link to={`/priorities/${cycle.id}/proposals/${duplicate.id}`}>{duplicate.title}</Link>{" "}
                {t("priorities.proposal.mergedChannel", { channel: t(`priorities.channels.${duplicate.channel}`) })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}
