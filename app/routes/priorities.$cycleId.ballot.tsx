import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/features/accounts/auth.server";
import {
  ballotCountingRule,
  ballotFormSchema,
  choiceLimit,
  chosenCost,
  parseNumberList,
} from "~/features/priorities/ballot-rules";
import { castBallot, getBallotPage, getCastingCycle } from "~/features/priorities/ballots.server";
import { CountingRuleText } from "~/features/priorities/counting-rule-view";
import { submitVotingForm } from "~/features/priorities/voting-form.server";
import { useVotingText } from "~/features/priorities/voting-view";
import votingStyles from "~/features/priorities/voting.css";
import { isRecordId } from "~/validation";
import { submittedValues } from "~/validation.server";
import { translatorFor } from "~/i18n/i18next.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { SubmitButton } from "~/ui/form";
import { formatYuan, useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { useFormState } from "~/ui/use-form-state";
import { UserText } from "~/ui/user-text";

export const meta = titleFromLoader;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: votingStyles }];

const notFound = () => new Response("Not found", { status: 404 });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  if (!isRecordId(params.cycleId)) throw notFound();
  const page = await getBallotPage(params.cycleId, user);
  if (!page) throw notFound();
  const { t, locale } = await translatorFor(request);
  const { cycle, candidates, rules, phase, closesAt, verified, voted, myBallot } = page;
  const cycleTitle = locale.startsWith("zh") ? cycle.titleZh || cycle.titleEn : cycle.titleEn || cycle.titleZh;
  return json({
    title: `${t("priorities.voting.ballot.title")} · ${cycleTitle} · ${t("shell.siteName")}`,
    cycle: {
      id: cycle.id,
      titleZh: cycle.titleZh,
      titleEn: cycle.titleEn,
      area: cycle.area,
      voteStartsAt: cycle.voteStartsAt,
    },
    candidates: candidates.map((candidate) => ({
      ballotNumber: candidate.ballotNumber,
      title: candidate.title,
      description: candidate.description,
      estimatedCost: candidate.estimatedCost,
      department: candidate.department,
    })),
    rules,
    limit: choiceLimit(rules),
    // The rule the count applies (counting-rule.ts), for the explanation next to the ballot.
    rule: ballotCountingRule(rules),
    phase,
    closesAt,
    verified,
    voted,
    myBallot,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  if (!isRecordId(params.cycleId)) throw notFound();
  const cycleId = params.cycleId;
  const found = await getCastingCycle(cycleId, user.id);
  if (!found) throw notFound();
  // Without JavaScript the running total cannot follow the ticks: this button sends the ticks
  // back unchanged and the page is drawn again with their total worked out here. Nothing is cast.
  const form = await request.clone().formData();
  if (form.get("intent") === "recalculate") return json({ values: submittedValues(form) });
  const result = await submitVotingForm(
    request,
    (_t, locale) => ballotFormSchema(found.rules, (amount) => formatYuan(amount, locale)),
    (choices) => castBallot(user, { cycleId, choices }, new Date(), found),
  );
  if (!result.ok) return result.response;
  return redirectWithFlash(`/priorities/${cycleId}/ballot`, {
    message: result.value.changed ? "priorities.voting.ballot.changed" : "priorities.voting.ballot.cast",
  });
}

export default function BallotPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const format = useFormat();
  const text = useVotingText();
  const { errors, values } = useFormState();
  const { rules, limit } = data;
  const submitted = Object.keys(values).length > 0;
  // What the boxes show: the choices just sent back with an error, else the current ballot.
  const chosen = submitted
    ? (parseNumberList((values.choice ?? "").replace(/,/g, " ")) ?? [])
    : (data.myBallot?.choices ?? []);
  const rankOf = (ballotNumber: number) =>
    submitted
      ? (values[`rank-${ballotNumber}`] ?? "")
      : String((data.myBallot?.choices.indexOf(ballotNumber) ?? -1) + 1 || "");
  const [total, setTotal] = useState(() => chosenCost(rules, chosen));
  // The button that adds up the ticks on the server is for pages without JavaScript only.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const overBy = rules.budgetTotal !== null && total > rules.budgetTotal ? total - rules.budgetTotal : 0;
  const updateTotal = (event: FormEvent<HTMLFormElement>) => {
    if (rules.method !== "budget") return;
    const form = new FormData(event.currentTarget);
    setTotal(chosenCost(rules, form.getAll("choice").map(Number)));
  };
  const canVote = data.phase === "vote" && data.verified;
  const errorId = errors.choices ? "field-choices-error" : undefined;

  return (
    <section aria-labelledby="ballot-title" className="page stack">
      <ErrorSummary errors={errors} />
      <p>
        <Link to={`/priorities/${data.cycle.id}`} className="standalone-link">
          {text.cycleTitle(data.cycle)}
        </Link>
      </p>
      <h1 id="ballot-title">{t("priorities.voting.ballot.title")}</h1>
      <p className="lead">
        {t(`priorities.voting.methods.${rules.method}`, { count: limit, budget: text.yuan(rules.budgetTotal) })}
      </p>
      {data.verified ? (
        <p className="voter-verified">
          ✓ {t("priorities.voting.verifiedFor", { area: text.areaName(data.cycle.area) })}
        </p>
      ) : null}
      {data.phase !== "vote" ? (
        <p className="note">
          {data.phase === "announced" || data.phase === "collect" || data.phase === "review"
            ? t("priorities.voting.ballot.notYet", { date: format.dateTime(data.cycle.voteStartsAt) })
            : t("priorities.voting.ballot.closed")}
          {data.phase !== "announced" && data.phase !== "collect" && data.phase !== "review" && data.voted
            ? ` ${t("priorities.voting.ballot.votedSecret")}`
            : ""}
        </p>
      ) : !data.verified ? (
        <div className="note">
          <p>{t("priorities.voting.ballot.verifyFirst", { area: text.areaName(data.cycle.area) })}</p>
          <p>
            <Link to={`/priorities/verify?areaId=${data.cycle.area.id}&cycleId=${data.cycle.id}`}>
              {t("priorities.voting.redeem.title")}
            </Link>
          </p>
        </div>
      ) : (
        <>
          {data.closesAt ? (
            <p>{t("priorities.voting.ballot.closesAt", { date: format.dateTime(data.closesAt) })}</p>
          ) : null}
          {data.myBallot ? (
            <p className="note">{t("priorities.voting.ballot.youVoted", { date: text.day(data.myBallot.castOn) })}</p>
          ) : data.voted ? (
            <p className="note">{t("priorities.voting.ballot.votedElsewhere")}</p>
          ) : null}
        </>
      )}
      {data.candidates.length > 0 ? (
        // Before the ballot: how it is counted, in the words the results page uses.
        <section aria-labelledby="counting-title" className="note stack">
          <h2 id="counting-title">{t("priorities.voting.ballot.howCounted")}</h2>
          <CountingRuleText rule={data.rule} />
          <p>{t("priorities.results.rule.advice")}</p>
        </section>
      ) : null}
      {data.candidates.length === 0 ? (
        <p className="empty-state">{t("priorities.voting.ballot.noCandidates")}</p>
      ) : (
        <Form method="post" noValidate className="stack" onChange={updateTotal}>
          <fieldset
            id="field-choices"
            className={`field ballot-choices${errors.choices ? " has-error" : ""}`}
            aria-describedby={errorId}
            tabIndex={-1}
            disabled={!canVote}
          >
            <legend>{t(`priorities.voting.ballot.legend.${rules.method}`, { count: limit })}</legend>
            {errors.choices ? (
              <p id="field-choices-error" className="field-error">
                <span aria-hidden="true">⚠ </span>
                {errors.choices}
              </p>
            ) : null}
            <ol className="ballot-candidates">
              {data.candidates.map((candidate) => {
                const id = `candidate-${candidate.ballotNumber}`;
                const meta = (
                  <p className="candidate-meta" id={`${id}-meta`}>
                    {candidate.department ? `${format.departmentName(candidate.department)} · ` : ""}
                    {rules.method === "budget" && candidate.estimatedCost === null
                      ? t("priorities.voting.ballot.noEstimate")
                      : t("priorities.voting.ballot.cost", { cost: text.yuan(candidate.estimatedCost) })}
                  </p>
                );
                return (
                  <li key={candidate.ballotNumber} className="ballot-candidate">
                    {rules.method === "ranked" ? (
                      <div className="field">
                        <label htmlFor={id}>
                          <span className="ballot-number">{candidate.ballotNumber}.</span>{" "}
                          <UserText text={candidate.title} />
                        </label>
                        {meta}
                        <select
                          id={id}
                          name={`rank-${candidate.ballotNumber}`}
                          className="rank-select"
                          defaultValue={rankOf(candidate.ballotNumber)}
                          aria-describedby={`${id}-meta`}
                          aria-label={t("priorities.voting.ballot.rankFor", { title: candidate.title })}
                        >
                          <option value="">{t("priorities.voting.ballot.noRank")}</option>
                          {Array.from({ length: limit }, (_, index) => (
                            <option key={index} value={String(index + 1)}>
                              {t("priorities.voting.ballot.rank", { rank: index + 1 })}
                            </option>
                          ))}
                        </select>
                      </div>
                    ) : (
                      <div className="choice">
                        <input
                          type="checkbox"
                          id={id}
                          name="choice"
                          value={String(candidate.ballotNumber)}
                          defaultChecked={chosen.includes(candidate.ballotNumber)}
                          aria-describedby={`${id}-meta`}
                        />
                        <label htmlFor={id}>
                          <span className="ballot-number">{candidate.ballotNumber}.</span>{" "}
                          <UserText text={candidate.title} />
                        </label>
                        {meta}
                      </div>
                    )}
                  </li>
                );
              })}
            </ol>
          </fieldset>
          {rules.method === "budget" ? (
            // Stays in view at the bottom of the screen while the voter ticks down a long list,
            // and says "over budget by ..." in words, not by colour alone.
            <div className="running-total" data-over={overBy > 0}>
              <p aria-live="polite">
                {t("priorities.voting.ballot.runningTotal", {
                  total: text.yuan(total),
                  budget: text.yuan(rules.budgetTotal),
                })}{" "}
                {overBy > 0 ? (
                  <strong>{t("priorities.voting.ballot.overBy", { amount: text.yuan(overBy) })}</strong>
                ) : rules.budgetTotal !== null ? (
                  t("priorities.voting.ballot.leftOver", { amount: text.yuan(rules.budgetTotal - total) })
                ) : null}
              </p>
              {canVote && !hydrated ? (
                <button type="submit" name="intent" value="recalculate" className="secondary">
                  {t("priorities.voting.ballot.recalculate")}
                </button>
              ) : null}
            </div>
          ) : null}
          {canVote ? (
            <SubmitButton pendingLabel={t("priorities.voting.ballot.sending")}>
              {data.myBallot ? t("priorities.voting.ballot.change") : t("priorities.voting.ballot.submit")}
            </SubmitButton>
          ) : null}
        </Form>
      )}
    </section>
  );
}
