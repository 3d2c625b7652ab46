import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ReassignForm, BackToSession } from "~/features/interviews/controls";
import { listDepartmentNames } from "~/features/departments/departments.server";
import { answerQuestion, classifyQuestion, markAnswering } from "~/features/interviews/answers.server";
import type { QuestionView } from "~/features/interviews/live-view";
import { reassignQuestion } from "~/features/interviews/moderation.server";
import { canAnswer, canSeeDueList } from "~/features/interviews/permissions.server";
import { QuestionCard, QuestionInName } from "~/features/interviews/question-card";
import { listPublishedQuestions } from "~/features/interviews/questions.server";
import { requireSessionStaff, runIntent } from "~/features/interviews/route-helpers.server";
import { newSubmissionKey } from "~/shared/submission-key.server";
import { answerSchema, classifySchema, questionIdSchema, reassignSchema } from "~/features/interviews/schemas";
import { StateBadge } from "~/features/interviews/session-header";
import { ANSWER_MAX_LENGTH, COMPLEXITIES, isOpen } from "~/features/interviews/state";
import { sessionTopic } from "~/features/interviews/events.server";
import { LiveStatus } from "~/features/live/live-status";
import { live } from "~/features/live/live.server";
import { useLiveRevalidation } from "~/features/live/use-live-events";
import { translatorFor } from "~/i18n/i18next.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { Checkbox, SelectField, SubmitButton, TextArea } from "~/ui/form";
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
  const [list, departments] = await Promise.all([
    listPublishedQuestions(session.id, "unanswered", user),
    listDepartmentNames(locale),
  ]);
  const questions = list.questions.map((question) => ({
    ...question,
    mine: canAnswer(user, question),
    submissionKey: newSubmissionKey(),
  }));
  return json({
    title: await pageTitle(request, "interviews.console.title"),
    session: { id: session.id, titleZh: session.titleZh, titleEn: session.titleEn, state: session.state },
    // The official's own department's questions first: those are theirs to answer.
    questions: [...questions.filter((question) => question.mine), ...questions.filter((question) => !question.mine)],
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
  };
  const { intent, response } = await runIntent(request, commands);
  if (!intent) return response;
  return redirectWithFlash(`/interviews/${session.id}/console`, { message: FLASH[intent] });
}

type ConsoleQuestion = ReturnType<typeof useLoaderData<typeof loader>>["questions"][number];

function AnswerControls({
  question,
  live: isLive,
  departments,
}: {
  question: ConsoleQuestion;
  live: boolean;
  departments: Array<{ id: string; nameZh: string; nameEn: string }>;
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
    </div>
  );
}

export default function AnsweringConsole() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { errors } = useFormState();
  const open = isOpen(data.session.state);
  // Newly published, moved or answered questions reload the list (votes do not: they come often).
  const stream = useLiveRevalidation({
    topics: [data.liveTopic],
    after: data.lastEventId,
    types: ["question", "removed", "answering", "state"],
  });
  return (
    <section aria-labelledby="console-title" className="page stack">
      <ErrorSummary errors={errors} />
      <h1 id="console-title">{t("interviews.console.title")}</h1>
      {/* Under the heading: a long session title above it would push the heading off a phone's first screen. */}
      <BackToSession session={data.session} />
      <LiveStatus state={stream.state} />
      <p>
        <StateBadge state={data.session.state} /> {t(`interviews.stateHelp.${data.session.state}`)}
      </p>
      {data.questions.length === 0 ? (
        <p className="empty-state">{t("interviews.console.empty")}</p>
      ) : (
        <div className="question-list">
          {data.questions.map((question) => (
            <QuestionCard
              key={question.id}
              question={question as QuestionView}
              answering={!!question.answeringAt}
              now={data.now}
            >
              {question.mine && open ? (
                <AnswerControls
                  question={question}
                  live={data.session.state === "live"}
                  departments={data.departments}
                />
              ) : (
                <p className="question-meta">{t("interviews.console.notYourDepartment")}</p>
              )}
            </QuestionCard>
          ))}
        </div>
      )}
    </section>
  );
}
