import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ReassignForm, BackToSession } from "~/features/interviews/controls";
import { listDepartmentNames } from "~/features/departments/departments.server";
import { queueTopic, sessionTopic } from "~/features/interviews/events.server";
import { LiveStatus } from "~/features/live/live-status";
import { EDIT_REASONS } from "~/features/interviews/state";
import { live } from "~/features/live/live.server";
import { useLiveRevalidation } from "~/features/live/use-live-events";
import type { QuestionView } from "~/features/interviews/live-view";
import {
  approveQuestion,
  editQuestion,
  listQueue,
  mergeQuestions,
  reassignQuestion,
  rejectQuestion,
} from "~/features/interviews/moderation.server";
import { canModerate } from "~/features/interviews/permissions.server";
import { AskerLabel, QuestionCard, QuestionInName } from "~/features/interviews/question-card";
import { listPublishedQuestions, publicQuestion } from "~/features/interviews/questions.server";
import { requireSessionStaff, runIntent } from "~/features/interviews/route-helpers.server";
import {
  editQuestionSchema,
  mergeSchema,
  questionIdSchema,
  reassignSchema,
  rejectSchema,
} from "~/features/interviews/schemas";

import { translatorFor } from "~/i18n/i18next.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { Field, SelectField, SubmitButton, TextArea } from "~/ui/form";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const lastEventId = await live.lastEventId();
  const { user, session } = await requireSessionStaff(request, context, params.sessionId, canModerate);
  const { locale } = await translatorFor(request);
  const [queue, published, departments] = await Promise.all([
    listQueue(session.id),
    listPublishedQuestions(session.id, "newest", user),
    listDepartmentNames(locale),
  ]);
  return json({
    title: await pageTitle(request, "interviews.moderation.title"),
    session: { id: session.id, titleZh: session.titleZh, titleEn: session.titleEn, state: session.state },
    // Moderators know who asked, also behind "Anonymous": the queue shows the real name.
    queue: queue.map((row) => ({
      ...publicQuestion(row),
      realAsker: row.asker?.displayName ?? null,
      enteredBy: row.enteredBy?.displayName ?? null,
    })),
    published: published.questions,
    departments,
    lastEventId,
    liveTopics: [queueTopic(session.id), sessionTopic(session.id)],
    now: Date.now(),
  });
}

const FLASH = {
  approve: "interviews.moderation.approved",
  reject: "interviews.moderation.rejectedDone",
  edit: "interviews.moderation.edited",
  merge: "interviews.moderation.mergedDone",
  reassign: "interviews.moderation.reassigned",
} as const;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, session } = await requireSessionStaff(request, context, params.sessionId, canModerate);
  const commands = {
    approve: () => submitForm(request, questionIdSchema, (input) => approveQuestion(user, session, input.questionId)),
    reject: () =>
      submitForm(request, rejectSchema, (input) => rejectQuestion(user, session, input.questionId, input.reason)),
    edit: () =>
      submitForm(request, editQuestionSchema, (input) =>
        editQuestion(user, session, input.questionId, input.text, input.editReason),
      ),
    merge: () =>
      submitForm(request, mergeSchema, (input) => mergeQuestions(user, session, input.questionId, input.intoId)),
    reassign: () =>
      submitForm(request, reassignSchema, (input) =>
        reassignQuestion(user, session, input.questionId, input.departmentId),
      ),
  };
  const { intent, response } = await runIntent(request, commands);
  if (!intent) return response;
  return redirectWithFlash(`/interviews/${session.id}/moderate`, { message: FLASH[intent] });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function ModerationControls({ question, data, pending }: { question: QuestionView; data: Data; pending: boolean }) {
  const { t } = useTranslation();
  const others = data.published.filter((other) => other.id !== question.id);
  const prefix = `${question.id}`;
  return (
    <div className="stack moderation-controls">
      {pending ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="questionId" value={question.id} />
          <SubmitButton name="intent" value="approve" pendingLabel={t("actions.saving")}>
            {t("interviews.moderation.approve")}
            <QuestionInName text={question.text} />
          </SubmitButton>
        </Form>
      ) : null}
      <details>
        <summary>
          {t("interviews.moderation.reject")}
          <QuestionInName text={question.text} />
        </summary>
        <Form method="post" className="stack">
          <input type="hidden" name="questionId" value={question.id} />
          <Field
            name="reason"
            id={`reason-${prefix}`}
            label={t("interviews.moderation.reason")}
            maxLength={300}
            required
          />
          <SubmitButton name="intent" value="reject" className="danger" pendingLabel={t("actions.saving")}>
            {t("interviews.moderation.reject")}
          </SubmitButton>
        </Form>
      </details>
      <details>
        <summary>
          {t("interviews.moderation.edit")}
          <QuestionInName text={question.text} />
        </summary>
        <Form method="post" className="stack">
          <input type="hidden" name="questionId" value={question.id} />
          <TextArea
            name="text"
            id={`text-${prefix}`}
            label={t("fields.text")}
            hint={t("interviews.moderation.editHint")}
            defaultValue={question.text}
            maxLength={500}
          />
          <SelectField
            name="editReason"
            id={`edit-reason-${prefix}`}
            label={t("interviews.moderation.editReason")}
            options={EDIT_REASONS.map((reason) => ({
              value: reason,
              label: t(`interviews.moderation.editReasons.${reason}`),
            }))}
            defaultValue="personalData"
          />
          <SubmitButton name="intent" value="edit" pendingLabel={t("actions.saving")}>
            {t("interviews.moderation.edit")}
          </SubmitButton>
        </Form>
      </details>
      {others.length > 0 ? (
        <details>
          <summary>{t("interviews.moderation.merge")}</summary>
          <Form method="post" className="stack">
            <input type="hidden" name="questionId" value={question.id} />
            <SelectField
              name="intoId"
              id={`into-${prefix}`}
              label={t("interviews.moderation.merge")}
              options={others.map((other) => ({ value: other.id, label: other.text.slice(0, 80) }))}
            />
            <p className="hint">{t("interviews.moderation.mergeHint")}</p>
            <SubmitButton name="intent" value="merge" pendingLabel={t("actions.saving")}>
              {t("interviews.moderation.mergeSubmit")}
            </SubmitButton>
          </Form>
        </details>
      ) : null}
      <ReassignForm question={question} departments={data.departments} />
    </div>
  );
}

export default function ModerationQueue() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { errors } = useFormState();
  // New questions and other moderators' decisions reload the queue.
  const stream = useLiveRevalidation({
    topics: data.liveTopics,
    after: data.lastEventId,
    types: ["received", "moderated", "question", "removed"],
  });
  return (
    <section aria-labelledby="queue-title" className="page stack">
      <ErrorSummary errors={errors} />
      <h1 id="queue-title">{t("interviews.moderation.title")}</h1>
      {/* Under the heading: a long session title above it would push the heading off a phone's first screen. */}
      <BackToSession session={data.session} />
      <LiveStatus state={stream.state} />
      {data.queue.length === 0 ? (
        <p className="empty-state">{t("interviews.moderation.empty")}</p>
      ) : (
        <div className="question-list">
          {data.queue.map((question) => (
            <QuestionCard key={question.id} question={question as QuestionView} answering={false} now={data.now}>
              <p className="question-meta">
                {question.enteredBy
                  ? t("interviews.moderation.enteredBy", {
                      name: question.enteredBy,
                      channel: t(`interviews.channels.${question.channel}`),
                    })
                  : t("interviews.moderation.askedBy", {
                      name: question.realAsker ?? t("interviews.questions.deletedAsker"),
                    })}
                {question.anonymous && question.channel === "online" ? (
                  <>
                    {" "}
                    (<AskerLabel question={question} />)
                  </>
                ) : null}
              </p>
              <ModerationControls question={question as QuestionView} data={data} pending />
            </QuestionCard>
          ))}
        </div>
      )}
      <h2>{t("interviews.moderation.published")}</h2>
      {data.published.map((question) => (
        <QuestionCard
          key={question.id}
          question={question as QuestionView}
          answering={!!question.answeringAt}
          now={data.now}
        >
          <ModerationControls question={question as QuestionView} data={data} pending={false} />
        </QuestionCard>
      ))}
    </section>
  );
}
