import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { isRecordId } from "~/validation";
import { useFormat } from "~/ui/format";
import { ReassignForm, BackToSession, useResponsibleName } from "~/features/interviews/controls";
import { listDepartmentNames } from "~/features/departments/departments.server";
import { answerQuestion, classifyQuestion, markAnswering, reviseAnswer } from "~/features/interviews/answers.server";
import type { QuestionView } from "~/features/interviews/live-view";
import { readHostQueue } from "~/features/interviews/host.server";
import { reassignQuestion, sendBackQuestion } from "~/features/interviews/moderation.server";
import { canAnswer, canSeeDueList } from "~/features/interviews/permissions.server";
import { AskerRating, QuestionCard, QuestionInName } from "~/features/interviews/question-card";
import { listPublishedQuestions, readRatings } from "~/features/interviews/questions.server";
import { requireSessionStaff, runIntent } from "~/features/interviews/route-helpers.server";
import { newSubmissionKey } from "~/shared/submission-key.server";
import {
  answerSchema,
  classifySchema,
  correctAnswerSchema,
  questionIdSchema,
  reassignSchema,
  sendBackSchema,
  withdrawAnswerSchema,
} from "~/features/interviews/schemas";
import { StateBadge } from "~/features/interviews/session-header";
import { ANSWER_MAX_LENGTH, COMPLEXITIES } from "~/features/interviews/state";
import { sessionTopic } from "~/features/interviews/events.server";
import { LiveStatus } from "~/features/live/live-status";
import { live } from "~/features/live/live.server";
import { useLiveRevalidation } from "~/features/live/use-live-events";
import { translatorFor } from "~/i18n/i18next.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { Checkbox, Field, SelectField, SubmitButton, TextArea } from "~/ui/form";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";
import { useFreshFormKey } from "~/ui/use-fresh-form";

export const meta = titleFromLoader;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const lastEventId = await live.lastEventId();
  const { user, session } = await requireSessionStaff(request, context, params.sessionId, canSeeDueList);
  const { locale } = await translatorFor(request);
  const [list, departments, hostQueue] = await Promise.all([
    listPublishedQuestions(session.id, "unanswered", user),
    listDepartmentNames(locale),
    readHostQueue(session),
  ]);
  // One question is open to answer (`?question=…`); the others are a line each.
  const openId = new URL(request.url).searchParams.get("question");
  const questions = list.questions.map((question) => ({
    ...question,
    mine: canAnswer(user, question),
    submissionKey: newSubmissionKey(),
  }));
  return json({
    title: await pageTitle(request, "interviews.console.title"),
    session: { id: session.id, titleZh: session.titleZh, titleEn: session.titleEn, state: session.state },
    // The hosts' running order (decision 0040): what the hall takes next, and what it is on.
    queue: hostQueue.queue.map((question) => ({ id: question.id, text: question.text })),
    current: hostQueue.current && { id: hostQueue.current.id, text: hostQueue.current.text },
    // The guests an answer can be credited to; the official typing it is recorded in the audit log.
    guests: session.guests,
    officialName: user.displayName,
    // The official's own department's questions first: those are theirs to answer.
    questions: [...questions.filter((question) => question.mine), ...questions.filter((question) => !question.mine)],
    openId: questions.some((question) => question.id === openId) ? openId : null,
    // The asker's rating and comment of the open question, for the department to take it up again.
    ratings: openId && isRecordId(openId) ? await readRatings([openId]) : {},
    departments,
    lastEventId,
    liveTopic: sessionTopic(session.id),
    now: Date.now(),
  });
}

const FLASH = {
  answering: "interviews.console.markedAnswering",
  answer: "interviews.console.answered",
  classify: "interviews.console.classified",
  reassign: "interviews.moderation.reassigned",
  sendBack: "interviews.routing.sentBackDone",
  correct: "interviews.console.corrected",
  withdrawAnswer: "interviews.console.answerWithdrawn",
} as const;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, session } = await requireSessionStaff(request, context, params.sessionId, canSeeDueList);
  const commands = {
    answering: () => submitForm(request, questionIdSchema, (input) => markAnswering(user, session, input.questionId)),
    answer: () => submitForm(request, answerSchema, (input) => answerQuestion(user, session, input)),
    classify: () =>
      submitForm(request, classifySchema, (input) =>
        classifyQuestion(user, session, input.questionId, input.complexity),
      ),
    reassign: () =>
      submitForm(request, reassignSchema, (input) =>
        reassignQuestion(user, session, input.questionId, input.departmentId),
      ),
    sendBack: () =>
      submitForm(request, sendBackSchema, (input) => sendBackQuestion(user, session, input.questionId, input.reason)),
    correct: () => submitForm(request, correctAnswerSchema, (input) => reviseAnswer(user, session, input, "corrected")),
    withdrawAnswer: () =>
      submitForm(request, withdrawAnswerSchema, (input) => reviseAnswer(user, session, input, "withdrawn")),
  };
  const { intent, response } = await runIntent(request, commands);
  if (!intent) return response;
  // Back to the question that was open: the official sees their answer under it.
  const openId = new URL(request.url).searchParams.get("question");
  const search = openId && isRecordId(openId) ? `?question=${openId}` : "";
  return redirectWithFlash(`/interviews/${session.id}/console${search}`, { message: FLASH[intent] });
}

type ConsoleQuestion = ReturnType<typeof useLoaderData<typeof loader>>["questions"][number];

function AnswerControls({
  question,
  live: isLive,
  departments,
  guests,
  officialName,
}: {
  question: ConsoleQuestion;
  live: boolean;
  departments: Array<{ id: string; nameZh: string; nameEn: string }>;
  guests: Array<{ name: string; title: string }>;
  officialName: string;
}) {
  const { t } = useTranslation();
  const { errors, values } = useFormState();
  const own = values.questionId === question.id;
  const fresh = useFreshFormKey(
    (formData) => formData.get("intent") === "answer" && formData.get("questionId") === question.id,
  );
  return (
    <div className="stack console-controls">
      {isLive && !question.answeringAt ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="questionId" value={question.id} />
          <SubmitButton name="intent" value="answering" pendingLabel={t("actions.saving")}>
            {t("interviews.console.markAnswering")}
            <QuestionInName text={question.text} />
          </SubmitButton>
        </Form>
      ) : null}
      <Form key={fresh} method="post" className="stack" noValidate>
        <input type="hidden" name="questionId" value={question.id} />
        <input type="hidden" name="submissionKey" value={question.submissionKey} />
        <TextArea
          name="text"
          id={`answer-${question.id}`}
          label={
            <>
              {t("interviews.console.answer")}
              <QuestionInName text={question.text} />
            </>
          }
          maxLength={ANSWER_MAX_LENGTH}
          defaultValue={own ? values.text : undefined}
          error={own ? errors.text : undefined}
        />
        {guests.length > 0 ? (
          <SelectField
            name="guest"
            id={`guest-${question.id}`}
            label={t("interviews.console.answeredAs")}
            defaultValue={own ? values.guest : "0"}
            error={own ? errors.guest : undefined}
            options={[
              ...guests.map((guest, index) => ({
                value: String(index),
                label: guest.title ? `${guest.name}, ${guest.title}` : guest.name,
              })),
              { value: "", label: t("interviews.console.answeredAsSelf", { name: officialName }) },
            ]}
          />
        ) : null}
        <Checkbox name="resolves" id={`resolves-${question.id}`} label={t("interviews.console.resolves")} />
        <SubmitButton name="intent" value="answer" pendingLabel={t("actions.saving")}>
          {t("interviews.console.answerSubmit")}
          <QuestionInName text={question.text} />
        </SubmitButton>
      </Form>
      <Form method="post" className="inline-form">
        <input type="hidden" name="questionId" value={question.id} />
        <SelectField
          name="complexity"
          id={`complexity-${question.id}`}
          label={t("interviews.console.classify")}
          defaultValue={question.complexity}
          options={COMPLEXITIES.map((complexity) => ({
            value: complexity,
            label: t(`interviews.complexities.${complexity}`),
          }))}
        />
        <SubmitButton name="intent" value="classify" pendingLabel={t("actions.saving")}>
          {t("interviews.console.classifySubmit")}
        </SubmitButton>
      </Form>
      <ReassignForm question={question} departments={departments} />
      {/* "Not ours" (decision 0044): back to the moderators, who route it; not to a department of one's choosing. */}
      <details open={own && values.intent === "sendBack"}>
        <summary>
          {t("interviews.routing.sendBack")}
          <QuestionInName text={question.text} />
        </summary>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="questionId" value={question.id} />
          <p className="hint">{t("interviews.routing.sendBackHint")}</p>
          <Field
            name="reason"
            id={`send-back-${question.id}`}
            label={t("interviews.routing.sendBackReason")}
            maxLength={300}
            required
            defaultValue={own ? values.reason : undefined}
            error={own ? errors.reason : undefined}
          />
          <SubmitButton name="intent" value="sendBack" className="danger" pendingLabel={t("actions.saving")}>
            {t("interviews.routing.sendBackSubmit")}
            <QuestionInName text={question.text} />
          </SubmitButton>
        </Form>
      </details>
    </div>
  );
}

type Answer = QuestionView["answers"][number];

/** Correct the answer's text, or withdraw it: each behind its own disclosure, the earlier text kept in public. */
function ReviseAnswerForms({ answer }: { answer: Answer }) {
  const { t } = useTranslation();
  const { errors, values } = useFormState();
  const own = values.answerId === answer.id;
  return (
    <div className="stack">
      <details open={own && values.intent === "correct"}>
        <summary>{t("interviews.console.correct")}</summary>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="answerId" value={answer.id} />
          <p className="hint">{t("interviews.console.correctHint")}</p>
          <TextArea
            name="text"
            id={`correct-${answer.id}`}
            label={t("interviews.console.correctedText")}
            maxLength={ANSWER_MAX_LENGTH}
            defaultValue={own ? values.text : answer.text}
            error={own ? errors.text : undefined}
          />
          <SubmitButton name="intent" value="correct" pendingLabel={t("actions.saving")}>
            {t("interviews.console.correctSubmit")}
          </SubmitButton>
        </Form>
      </details>
      <details>
        <summary>{t("interviews.console.withdrawAnswer")}</summary>
        <Form method="post" className="stack">
          <input type="hidden" name="answerId" value={answer.id} />
          <p>{t("interviews.console.withdrawConfirm")}</p>
          <SubmitButton name="intent" value="withdrawAnswer" className="danger" pendingLabel={t("actions.saving")}>
            {t("interviews.console.withdrawSubmit")}
          </SubmitButton>
        </Form>
      </details>
    </div>
  );
}

/** One line of the list: the question (a link that opens it), its votes, its due time, whether it is answered. */
function ConsoleLine({ question, now, current }: { question: ConsoleQuestion; now: number; current: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const responsible = useResponsibleName();
  const short = [...question.text].length > 120 ? `${[...question.text].slice(0, 120).join("")}…` : question.text;
  const overdue = !question.firstRepliedAt && Date.parse(question.firstReplyDueAt) < now;
  return (
    <li className="list-item" id={`q-${question.id}`}>
      <Link to={`?question=${question.id}`} aria-current={current ? "true" : undefined}>
        {short}
      </Link>
      <p className="question-meta">
        {question.answeringAt ? <strong>{t("interviews.console.nowAnswering")} · </strong> : null}
        {t("interviews.questions.votes", { count: question.voteCount })} ·{" "}
        {question.firstRepliedAt
          ? t("interviews.console.answeredLine")
          : t("interviews.questions.firstReplyDue", { time: format.dateTime(question.firstReplyDueAt) })}
        {overdue ? <strong className="overdue"> · {t("interviews.questions.overdue")}</strong> : null}
        {" · "}
        {responsible(question.department)}
        {question.mine ? null : <> · {t("interviews.console.notYourDepartment")}</>}
      </p>
    </li>
  );
}

export default function AnsweringConsole() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { errors, values } = useFormState();
  // A form refused without JavaScript comes back to its question, open, with the reason.
  const openId = data.openId ?? (errors.form || errors.text ? values.questionId : null);
  const opened = data.questions.find((question) => question.id === openId);
  // Newly published, moved or answered questions reload the list (votes do not: they come often).
  const stream = useLiveRevalidation({
    topics: [data.liveTopic],
    after: data.lastEventId,
    types: ["question", "removed", "answering", "state", "queue", "current"],
  });
  return (
    <section aria-labelledby="console-title" className="page stack">
      <ErrorSummary errors={errors} />
      <h1 id="console-title">{t("interviews.console.title")}</h1>
      {/* Under the heading: a long session title above it would push the heading off a phone's first screen. */}
      <BackToSession session={data.session} />
      <LiveStatus state={stream.state} />
      <p>
        <StateBadge state={data.session.state} /> {t(`interviews.staffStateHelp.${data.session.state}`)}
      </p>
      <section aria-labelledby="console-queue" className="stack">
        <h2 id="console-queue">{t("interviews.console.queueTitle")}</h2>
        {data.current ? (
          <p className="now-answering-banner">
            <Link to={`?question=${data.current.id}`}>
              {t("interviews.console.current", { text: data.current.text.slice(0, 80) })}
            </Link>
          </p>
        ) : null}
        {data.queue.length === 0 ? (
          <p className="empty-state">{t("interviews.console.queueEmpty")}</p>
        ) : (
          <ol className="list" aria-labelledby="console-queue" data-testid="console-queue">
            {data.queue.map((question) => (
              <li key={question.id} className="list-item">
                <Link to={`?question=${question.id}`}>{question.text}</Link>
              </li>
            ))}
          </ol>
        )}
      </section>
      {opened ? (
        <div className="stack">
          <QuestionCard
            question={opened as QuestionView}
            answering={!!opened.answeringAt}
            now={data.now}
            answerControls={opened.mine ? (answer) => <ReviseAnswerForms answer={answer} /> : undefined}
          >
            <AskerRating rating={data.ratings[opened.id]} />
            {opened.mine ? (
              <AnswerControls
                question={opened}
                live={data.session.state === "live"}
                departments={data.departments}
                guests={data.guests}
                officialName={data.officialName}
              />
            ) : (
              <p className="question-meta">{t("interviews.console.notYourDepartment")}</p>
            )}
          </QuestionCard>
          <p>
            <Link to="." className="standalone-link">
              {t("interviews.console.backToList")}
            </Link>
          </p>
        </div>
      ) : null}
      {data.questions.length === 0 ? (
        <p className="empty-state">{t("interviews.console.empty")}</p>
      ) : (
        <>
          <h2 id="console-list">{t("interviews.console.list", { count: data.questions.length })}</h2>
          <ul className="list console-list" aria-labelledby="console-list">
            {data.questions.map((question) => (
              <ConsoleLine key={question.id} question={question} now={data.now} current={question.id === opened?.id} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
