import { Form, useFetcher } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/ui/format";
import type { Flash } from "~/ui/flash";
import type { QuestionView } from "./live-view";
import { textComma, UserText } from "~/ui/user-text";

/** Who asked, as the public may know it: a name, "Anonymous", or the offline channel. */
export function AskerLabel({ question }: { question: Pick<QuestionView, "askerName" | "anonymous" | "channel"> }) {
  const { t } = useTranslation();
  if (question.askerName) return <>{question.askerName}</>;
  if (question.channel !== "online")
    return <>{t("interviews.questions.offlineAsker", { channel: t(`interviews.channels.${question.channel}`) })}</>;
  return <>{t(question.anonymous ? "interviews.questions.anonymous" : "interviews.questions.deletedAsker")}</>;
}

/** The promised times and whether they were kept: residents see what the officials promised. */
export function PromiseLine({ question, now }: { question: QuestionView; now: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const replyDue = Date.parse(question.firstReplyDueAt);
  const reply = question.firstRepliedAt
    ? t(
        Date.parse(question.firstRepliedAt) <= replyDue
          ? "interviews.questions.repliedInTime"
          : "interviews.questions.repliedLate",
      )
    : t("interviews.questions.firstReplyDue", { time: format.dateTime(question.firstReplyDueAt) });
  const overdue = !question.firstRepliedAt && replyDue < now;
  return (
    <p className="question-meta">
      {reply}
      {overdue ? <strong className="overdue"> · {t("interviews.questions.overdue")}</strong> : null}
      {" · "}
      {question.resolvedAt
        ? t("interviews.questions.resolved", { time: format.dateTime(question.resolvedAt) })
        : t("interviews.questions.resolutionDue", { time: format.dateTime(question.resolutionDueAt) })}
      {/* A broken resolution promise is shown to everyone: residents supervise their officials. */}
      {!question.resolvedAt && Date.parse(question.resolutionDueAt) < now ? (
        <strong className="overdue"> · {t("interviews.questions.resolutionOverdue")}</strong>
      ) : null}
    </p>
  );
}

interface VoteProps {
  question: QuestionView;
  voted: boolean;
  mine: boolean;
  canVote: boolean;
  confirmation?: Flash | null;
}

/**
 * The question, shortened, for the hidden end of a button's name: every card has the same
 * buttons, and a screen reader's list of buttons must tell them apart ("Vote for this question:
 * When will the lift subsidy…"). The visible words come first, so voice control still works.
 */
export function QuestionInName({ text }: { text: string }) {
  const { t } = useTranslation();
  const short = [...text].length > 40 ? `${[...text].slice(0, 40).join("")}…` : text;
  return (
    <span className="visually-hidden">
      {t("interviews.questions.inName", { text: "" })}
      <UserText text={short} />
    </span>
  );
}

/** The vote count, and a button that works with and without JavaScript. */
function Votes({ question, voted, mine, canVote, confirmation }: VoteProps) {
  const { t } = useTranslation();
  const fetcher = useFetcher<{ fieldErrors?: { form?: string } }>();
  const error = fetcher.state === "idle" ? fetcher.data?.fieldErrors?.form : undefined;
  // Show the resident's own vote at once; the count follows from the server's event.
  const pending = fetcher.formData?.get("vote");
  const showVoted = pending ? pending === "add" : voted;
  const count = t("interviews.questions.votes", { count: question.voteCount });
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return (
    <div className="votes">
      <span className="vote-count" aria-live="off">
        {count}
      </span>
      {canVote && !mine ? (
        <fetcher.Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="vote" />
          <input type="hidden" name="questionId" value={question.id} />
          {/* Once the page runs JavaScript the vote is sent by a fetcher and answered in place;
              before that, a plain post is answered with a redirect to this card. */}
          {hydrated ? <input type="hidden" name="answer" value="in-place" /> : null}
          {/* A toggle: one name whatever its state, and aria-pressed says whether it is on. */}
          <button
            type="submit"
            name="vote"
            value={showVoted ? "withdraw" : "add"}
            aria-pressed={showVoted}
            className={showVoted ? "voted" : undefined}
          >
            {showVoted ? <span aria-hidden="true">✓ </span> : null}
            {t("interviews.questions.upvote")}
            <QuestionInName text={question.text} />
          </button>
          {showVoted ? <span className="question-meta">{t("interviews.questions.votedPressAgain")}</span> : null}
        </fetcher.Form>
      ) : null}
      {mine ? <span className="badge">{t("interviews.questions.ownQuestion")}</span> : null}
      {confirmation ? <p className="status vote-confirmation">{t(confirmation.message, confirmation.values)}</p> : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface QuestionCardProps {
  question: QuestionView;
  answering: boolean;
  voted?: boolean;
  mine?: boolean;
  canVote?: boolean;
  now: number;
  /** Moderator or official controls, shown under the answers. */
  children?: ReactNode;
  /** The department's controls under each answer standing (correct, withdraw). */
  answerControls?: (answer: QuestionView["answers"][number]) => ReactNode;
  rating?: ReactNode;
  /** What a vote sent without JavaScript did, shown on its card after the redirect. */
  confirmation?: Flash | null;
}

export function QuestionCard({
  question,
  answering,
  voted = false,
  mine = false,
  canVote = false,
  now,
  children,
  answerControls,
  rating,
  confirmation,
}: QuestionCardProps) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <article
      className={`question card${answering ? " answering" : ""}`}
      aria-labelledby={`question-${question.id}`}
      id={`q-${question.id}`}
    >
      <header className="question-head">
        <span className={`badge type-${question.type}`}>{t(`interviews.types.${question.type}`)}</span>
        {answering ? <strong className="badge now-answering">{t("interviews.questions.nowAnswering")}</strong> : null}
        <span className="asker">
          <AskerLabel question={question} />
        </span>
        <span className="question-meta">
          {" "}
          · {t("interviews.questions.received", { time: format.dateTime(question.receivedAt) })}
        </span>
      </header>
      <UserText as="p" id={`question-${question.id}`} className="question-text" text={question.text} />
      <p className="question-meta">
        {question.department
          ? t("interviews.questions.department", { department: format.departmentName(question.department) })
          : t("interviews.routing.waiting")}
      </p>
      {question.routings?.length ? (
        <ul className="question-meta routing-history" aria-label={t("interviews.questions.routingHistory")}>
          {question.routings.map((routing) => (
            <li key={`${routing.createdAt}-${routing.toDepartment?.id ?? "back"}`}>
              <RoutingLine routing={routing} />
            </li>
          ))}
        </ul>
      ) : null}
      <PromiseLine question={question} now={now} />
      <Votes question={question} voted={voted} mine={mine} canVote={canVote} confirmation={confirmation} />
      {question.answers.length > 0 ? (
        <ol className="answers">
          {question.answers.map((answer) => (
            <li key={answer.id} className="answer">
              <p className="question-meta">
                <span className={`badge answer-${answer.mode}`}>
                  {t(answer.mode === "live" ? "interviews.questions.answerLive" : "interviews.questions.answerLater")}
                </span>{" "}
                {t("interviews.questions.answeredBy", {
                  name: answerCredit(answer),
                  time: format.dateTime(answer.createdAt),
                })}
              </p>
              {answer.withdrawnAt ? (
                <p className="question-meta">
                  <strong>
                    {t("interviews.questions.withdrawnOn", { date: format.dateTime(answer.withdrawnAt) })}
                  </strong>
                </p>
              ) : (
                <>
                  <UserText as="p" className="answer-text" text={answer.text} />
                  {answer.correctedAt ? (
                    <p className="question-meta">
                      <strong>
                        {t("interviews.questions.correctedOn", { date: format.dateTime(answer.correctedAt) })}
                      </strong>
                    </p>
                  ) : null}
                  {answer.resolves ? <p className="question-meta">{t("interviews.questions.resolves")}</p> : null}
                </>
              )}
              <AnswerHistory revisions={answer.revisions} />
              {!answer.withdrawnAt ? answerControls?.(answer) : null}
            </li>
          ))}
        </ol>
      ) : null}
      {rating}
      {children}
    </article>
  );
}

/**
 * Whom the public sees answering: the guest who gave the answer, with their title, or the official
 * who wrote it (decision 0040).
 */
export function answerCredit(answer: Pick<QuestionView["answers"][number], "authorName" | "guestName" | "guestTitle">) {
  if (!answer.guestName) return answer.authorName;
  return answer.guestTitle
    ? `${answer.guestName}${textComma(`${answer.guestName}${answer.guestTitle}`)}${answer.guestTitle}`
    : answer.guestName;
}

/**
 * What the answer said before each correction, and a withdrawn answer's text: public, so that a
 * department cannot quietly rewrite what residents were told (decision 0041).
 */
function AnswerHistory({ revisions }: { revisions?: QuestionView["answers"][number]["revisions"] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!revisions?.length) return null;
  return (
    <details className="answer-history">
      <summary>{t("interviews.questions.answerHistory", { count: revisions.length })}</summary>
      <ol>
        {revisions.map((revision) => (
          <li key={revision.createdAt}>
            <p className="question-meta">
              {t(
                revision.kind === "withdrawn"
                  ? "interviews.questions.wasWithdrawn"
                  : "interviews.questions.wasCorrected",
                {
                  date: format.dateTime(revision.createdAt),
                  name: revision.byName,
                },
              )}
            </p>
            <UserText as="p" text={revision.text} />
          </li>
        ))}
      </ol>
    </details>
  );
}

/** The newest answer still standing, which a rating rates. */
function latestStanding(question: QuestionView) {
  const standing = question.answers.filter((answer) => !answer.withdrawnAt);
  return standing.length ? standing[standing.length - 1]! : null;
}

/**
 * The asker rates the answer once it has come: satisfied or not, with an optional comment; again
 * when the department answered anew after the rating (decision 0041).
 */
export function RatingForm({ question, keyPrefix }: { question: QuestionView; keyPrefix?: string }) {
  const { t } = useTranslation();
  const latest = latestStanding(question);
  if (!question.firstRepliedAt || !latest) return null;
  const newerAnswer = !!question.ratedAt && Date.parse(latest.createdAt) > Date.parse(question.ratedAt);
  if (question.satisfied !== null && !newerAnswer) {
    return (
      <p className="question-meta">
        {t("interviews.rating.thanks", {
          rating: t(question.satisfied ? "interviews.rating.yes" : "interviews.rating.no"),
        })}
      </p>
    );
  }
  const id = `${keyPrefix ?? "rate"}-${question.id}`;
  return (
    <Form method="post" className="rating stack" aria-labelledby={`${id}-title`}>
      <input type="hidden" name="intent" value="rate" />
      <input type="hidden" name="questionId" value={question.id} />
      <fieldset>
        <legend id={`${id}-title`}>{t(newerAnswer ? "interviews.rating.again" : "interviews.rating.title")}</legend>
        <div className="choice">
          <input type="radio" id={`${id}-yes`} name="satisfied" value="yes" required />
          <label htmlFor={`${id}-yes`}>{t("interviews.rating.satisfied")}</label>
        </div>
        <div className="choice">
          <input type="radio" id={`${id}-no`} name="satisfied" value="no" />
          <label htmlFor={`${id}-no`}>{t("interviews.rating.unsatisfied")}</label>
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-comment`}>{t("interviews.rating.comment")}</label>
        <textarea id={`${id}-comment`} name="comment" maxLength={500} rows={2} />
      </div>
      <button type="submit">{t("interviews.rating.submit")}</button>
    </Form>
  );
}

/** The asker's rating and comment, which the public does not see: the department's cue to answer again. */
export function AskerRating({
  rating,
}: {
  rating?: { satisfied: boolean | null; ratingComment: string | null; ratedAt: string | null };
}) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!rating?.ratedAt) return null;
  return (
    <p className={`asker-rating${rating.satisfied ? "" : " unsatisfied"}`}>
      <strong>
        {t("interviews.console.askerRating", {
          rating: t(rating.satisfied ? "interviews.rating.yes" : "interviews.rating.no"),
          time: format.dateTime(rating.ratedAt),
        })}
      </strong>
      {rating.ratingComment ? (
        <>
          {" "}
          <UserText text={rating.ratingComment} />
        </>
      ) : null}
      {rating.satisfied ? null : <> {t("interviews.console.answerAgain")}</>}
    </p>
  );
}

/**
 * One step of the public routing history (decision 0044): passed on, routed from the moderators'
 * list, or sent back by its department with the reason.
 */
function RoutingLine({ routing }: { routing: QuestionView["routings"][number] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const time = format.dateTime(routing.createdAt);
  if (!routing.toDepartment)
    return (
      <>
        {t("interviews.routing.sentBack", {
          from: routing.fromDepartment ? format.departmentName(routing.fromDepartment) : "—",
          time,
        })}{" "}
        <UserText as="span" text={routing.reason ?? ""} />
      </>
    );
  if (!routing.fromDepartment)
    return <>{t("interviews.routing.routed", { to: format.departmentName(routing.toDepartment), time })}</>;
  return (
    <>
      {t("interviews.questions.routed", {
        from: format.departmentName(routing.fromDepartment),
        to: format.departmentName(routing.toDepartment),
        time,
      })}
    </>
  );
}
