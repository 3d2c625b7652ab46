import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getCurrentUser } from "~/features/accounts/auth.server";
import { OpenDataDownloads } from "~/features/open-data/downloads";
import { canCorrectResults } from "~/features/priorities/permissions.server";
import { countingRule } from "~/features/priorities/counting-rule";
import { combinedCounts } from "~/features/priorities/tally";
import { CountingRuleText } from "~/features/priorities/counting-rule-view";
import { phaseAt } from "~/features/priorities/phases";
import { listCorrections, listCycleBatches } from "~/features/priorities/corrections.server";
import { cycleResult, findResultsCycle, resultsArePublic } from "~/features/priorities/results.server";
import { closeVote } from "~/features/priorities/vote-close.server";
import { translatorFor } from "~/i18n/i18next.server";
import { BarChart } from "~/ui/chart";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { ReflowTable } from "~/ui/table";
import { UserText } from "~/ui/user-text";

export const meta = titleFromLoader;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  let cycle = await findResultsCycle(params.cycleId ?? "");
  if (!cycle) throw new Response("Not Found", { status: 404 });
  // The first reader after the close may be the one who closes it (vote-close.server.ts).
  if (!cycle.voteClosedAt && resultsArePublic(phaseAt(cycle)) && (await closeVote(cycle.id)))
    cycle = (await findResultsCycle(cycle.id))!;
  const { t, locale } = await translatorFor(request);
  const zh = locale.startsWith("zh");
  const cycleTitle = (zh ? cycle.titleZh || cycle.titleEn : cycle.titleEn || cycle.titleZh) || t("priorities.title");
  const summary = {
    id: cycle.id,
    title: cycleTitle,
    area: zh ? cycle.area.nameZh : cycle.area.nameEn,
    voteEndsAt: cycle.resultsStartsAt.toISOString(),
  };
  const title = `${t("priorities.results.title")} · ${cycleTitle} · ${t("shell.siteName")}`;
  if (!resultsArePublic(phaseAt(cycle))) return json({ title, cycle: summary, results: null });
  const [{ matrix, ...result }, batches, corrections] = await Promise.all([
    cycleResult(cycle),
    listCycleBatches(cycle.id, { uncountedOnly: true }),
    listCorrections(cycle.id, { pending: false }),
  ]);
  // Turnout's denominator, fixed at the close: everyone who could vote, each person once.
  const verified = cycle.electorate ?? 0;
  // Named one by one: boxes that were not counted are part of the result's story.
  const uncounted = batches
    .filter((batch) => !batch.counted)
    .map(({ label, ballots, excludedAt }) => ({ label, ballots, excluded: !!excludedAt }));
  const byNumber = new Map(cycle.candidates.map((candidate) => [candidate.ballotNumber, candidate]));
  // Ranked ballots: how many ballots put each candidate at each rank (the counts file has them per channel).
  const counts = combinedCounts(matrix);
  const candidates = result.candidates.map((counted) => {
    const candidate = byNumber.get(counted.ballotNumber)!;
    const byRank = result.method === "ranked" ? counts.get(counted.ballotNumber)! : [];
    return {
      ...counted,
      byRank,
      title: candidate.title,
      department: zh ? candidate.departmentZh : candidate.departmentEn,
    };
  });
  return json({
    title,
    canCorrect: canCorrectResults(await getCurrentUser(request, context)),
    cycle: summary,
    results: { ...result, candidates, verified, rule: countingRule(matrix.terms) },
    uncounted,
    corrections: corrections.map(({ id, kind, reason, confirmedAt, batchLabel, ballots }) => ({
      id,
      kind,
      reason,
      confirmedAt,
      batchLabel,
      ballots,
    })),
  });
}

export default function CycleResults() {
  const { t } = useTranslation();
  const format = useFormat();
  const data = useLoaderData<typeof loader>();
  const { cycle, results } = data;
  const base = `/priorities/${cycle.id}`;
  const back = (
    <p>
      <Link to={base} className="standalone-link">
        {t("priorities.results.backToCycle", { title: cycle.title })}
      </Link>
    </p>
  );
  if (!results) {
    return (
      <section aria-labelledby="results-title" className="page narrow stack">
        {back}
        <h1 id="results-title">{t("priorities.results.title")}</h1>
        <div className="note stack">
          <p>{t("priorities.results.notYet", { date: format.dateTime(cycle.voteEndsAt) })}</p>
          <p className="hint">{t("priorities.results.notYetHint")}</p>
        </div>
      </section>
    );
  }

  const yuan = (amount: number) => format.number(amount);
  const budget = results.method === "budget";
  const percent =
    results.verified > 0
      ? `${format.number(Math.round((results.ballots.combined / results.verified) * 1000) / 10)}%`
      : null;
  const leader = results.candidates[0];
  const columns = [
    t("priorities.results.rank"),
    t("priorities.results.candidate"),
    t("priorities.results.online"),
    t("priorities.results.offline"),
    t("priorities.results.combined"),
    t("priorities.results.ballots"),
    ...(results.method === "ranked" ? [t("priorities.results.firstPreferences")] : []),
    ...(budget ? [t("priorities.results.cost"), t("priorities.results.funded")] : []),
  ];
  return (
    <section aria-labelledby="results-title" className="page stack">
      {back}
      <h1 id="results-title">{t("priorities.results.title")}</h1>

      <section aria-labelledby="turnout-title" className="stack">
        <h2 id="turnout-title">{t("priorities.results.summaryHeading")}</h2>
        <p>
          {t("priorities.results.ballotsCounted", {
            total: format.number(results.ballots.combined),
            online: format.number(results.ballots.online),
            offline: format.number(results.ballots.offline),
          })}
        </p>
        <p>
          {percent === null
            ? t("priorities.results.turnoutUnknown", { area: cycle.area })
            : t("priorities.results.turnout", { percent, verified: format.number(results.verified), area: cycle.area })}
        </p>
        {results.invalid.combined > 0 && (
          <p>{t("priorities.results.invalid", { number: format.number(results.invalid.combined) })}</p>
        )}
        {"uncounted" in data && data.uncounted.length > 0 ? (
          <div className="stack">
            <p>
              {t("priorities.results.uncountedBatches", {
                count: data.uncounted.length,
                ballots: format.number(data.uncounted.reduce((sum, batch) => sum + batch.ballots, 0)),
              })}
            </p>
            <ul>
              {data.uncounted.map((batch) => (
                <li key={batch.label}>
                  {t(batch.excluded ? "priorities.results.batchExcluded" : "priorities.results.batchUnconfirmed", {
                    label: batch.label,
                    count: batch.ballots,
                  })}
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="hint">{t("priorities.results.allPaperCounted")}</p>
        )}
      </section>

      {"canCorrect" in data && data.canCorrect ? (
        <p>
          <Link to={`${base}/corrections`} className="standalone-link">
            {t("priorities.corrections.link")}
          </Link>
        </p>
      ) : null}
      {"corrections" in data && data.corrections.length > 0 ? (
        <section aria-labelledby="corrections-title" className="stack note">
          <h2 id="corrections-title">{t("priorities.results.correctionsHeading")}</h2>
          <ul className="stack">
            {data.corrections.map((correction) => (
              <li key={correction.id}>
                <p>
                  <strong>
                    {t("priorities.results.correctedOn", { date: format.dateTime(correction.confirmedAt ?? "") })}
                  </strong>{" "}
                  {t(
                    `priorities.corrections.kinds.${correction.kind === "countBatch" ? "countBatch" : "excludeBatch"}`,
                    { batch: correction.batchLabel, count: correction.ballots },
                  )}
                </p>
                <p>{t("priorities.results.correctionReason", { reason: correction.reason })}</p>
                <p>
                  <a href={`${base}/results/corrections/${correction.id}.json`} download>
                    {t("priorities.results.previousResult")}
                  </a>
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="ranking-title" className="stack">
        <h2 id="ranking-title">{t("priorities.results.rankingHeading")}</h2>
        {results.candidates.length === 0 ? (
          <p className="empty-state">{t("priorities.results.empty")}</p>
        ) : (
          <>
            <ReflowTable
              caption={t("priorities.results.rankingHeading")}
              columns={columns}
              rows={results.candidates.map((candidate) => ({
                key: String(candidate.ballotNumber),
                cells: [
                  format.number(candidate.rank),
                  <div key="title">
                    <UserText as="strong" text={candidate.title} />
                    <p className="hint">
                      {t("priorities.results.ballotNumber", { number: candidate.ballotNumber })}
                      {candidate.department ? ` · ${candidate.department}` : ""}
                    </p>
                    {candidate.placedBy && candidate.placedBy !== "score" && (
                      <p className="hint">{t(`priorities.results.placedBy.${candidate.placedBy}`)}</p>
                    )}
                  </div>,
                  format.number(candidate.online.score),
                  format.number(candidate.offline.score),
                  <strong key="combined">{format.number(candidate.combined.score)}</strong>,
                  format.number(candidate.combined.ballots),
                  ...(results.method === "ranked" ? [format.number(candidate.combined.firstPreferences)] : []),
                  ...(budget
                    ? [
                        candidate.cost === null
                          ? "—"
                          : t("priorities.results.costValue", { amount: yuan(candidate.cost) }),
                        candidate.funded ? t("priorities.results.fundedYes") : t("priorities.results.fundedNo"),
                      ]
                    : []),
                ],
              }))}
            />
            {budget && results.budgetTotal !== null && results.fundedCost !== null && (
              <p>
                {t("priorities.results.fundedCost", {
                  funded: yuan(results.fundedCost),
                  total: yuan(results.budgetTotal),
                })}
              </p>
            )}
            <BarChart
              title={t("priorities.results.chartTitle")}
              summary={
                leader
                  ? t("priorities.results.chartSummary", {
                      first: leader.title,
                      points: format.number(leader.combined.score),
                    })
                  : undefined
              }
              labelHeading={t("priorities.results.candidate")}
              series={[
                { key: "online", label: t("priorities.results.online") },
                { key: "offline", label: t("priorities.results.offline") },
              ]}
              rows={results.candidates.map((candidate) => ({
                key: String(candidate.ballotNumber),
                label: `${candidate.ballotNumber}. ${candidate.title}`,
                values: [candidate.online.score, candidate.offline.score],
              }))}
              formatValue={format.number}
            />
          </>
        )}
      </section>

      <section aria-labelledby="rule-title" className="stack note">
        <h2 id="rule-title">{t("priorities.results.howCounted")}</h2>
        <CountingRuleText rule={results.rule} />
        <p>{t("priorities.results.rule.valid")}</p>
        <p>{t("priorities.results.rule.ties")}</p>
        {results.method === "ranked" && results.candidates.length > 0 && (
          <>
            <h3>{t("priorities.results.byRankHeading")}</h3>
            <p className="hint">{t("priorities.results.byRankHint")}</p>
            <ReflowTable
              caption={t("priorities.results.byRankHeading")}
              columns={[
                t("priorities.results.candidate"),
                ...results.rule.points.map((_, index) => t("priorities.voting.ballot.rank", { rank: index + 1 })),
                t("priorities.results.points"),
              ]}
              rows={results.candidates.map((candidate) => ({
                key: String(candidate.ballotNumber),
                cells: [
                  `${candidate.ballotNumber}. ${candidate.title}`,
                  ...candidate.byRank.map((count) => format.number(count)),
                  format.number(candidate.combined.score),
                ],
              }))}
            />
          </>
        )}
        <p>{t("priorities.results.rule.advice")}</p>
        <p>
          <Link to={`/commitments?cycle=${cycle.id}`} className="standalone-link">
            {t("priorities.results.commitmentsLink")}
          </Link>
        </p>
      </section>

      <section aria-labelledby="download-title" className="stack note">
        <h2 id="download-title">{t("priorities.results.downloadsHeading")}</h2>
        <p>{t("priorities.results.canCheck")}</p>
        <p>{t("priorities.results.cannotCheck")}</p>
        <h3>{t("priorities.results.resultsData")}</h3>
        <OpenDataDownloads
          title={t("priorities.results.resultsData")}
          hrefs={{ csv: `${base}/results/results.csv`, json: `${base}/results/results.json` }}
        />
        <h3>{t("priorities.results.countsData")}</h3>
        <OpenDataDownloads
          title={t("priorities.results.countsData")}
          hrefs={{ csv: `${base}/results/ballot-counts.csv`, json: `${base}/results/ballot-counts.json` }}
        />
        <p className="hint">{t("priorities.results.recountHint")}</p>
      </section>
    </section>
  );
}
