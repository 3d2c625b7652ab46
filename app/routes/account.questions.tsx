import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/features/accounts/auth.server";
import { sessionTopic } from "~/features/interviews/events.server";
import { LiveStatus } from "~/features/live/live-status";
import { live } from "~/features/live/live.server";
import { useLiveRevalidation } from "~/features/live/use-live-events";
import { editMyQuestion, listMyQuestions, withdrawQuestion } from "~/features/interviews/my-questions.server";
import { readIntent, unknownIntent } from "~/features/interviews/route-helpers.server";
import { editMineSchema, myQuestionsQuerySchema, questionIdSchema } from "~/features/interviews/schemas";
import { QuestionOutcome } from "~/features/interviews/question-outcome";
import { useSessionText } from "~/features/interviews/session-header";
import { QUESTION_MAX_LENGTH, QUESTION_TYPES } from "~/features/interviews/state";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { ChoiceGroup, SubmitButton, TextArea } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { Pagination } from "~/ui/pagination";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";
import { UserText } from "~/ui/user-text";

export const meta = titleFromLoader;

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Read before the questions: an event between the two is replayed, not lost.
  const lastEventId = await live.lastEventId();
  const user = await requireUser(request, context);
  const { page } = myQuestionsQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const list = await listMyQuestions(user.id, page);
  return json({
    title: await pageTitle(request, "interviews.myQuestions.title"),
    page,
    ...list,
    // The sessions of the questions shown: an approval, an answer, a rejection or a merge there
    // reloads the page, so each state follows without the reader reloading.
    liveTopics: [...new Set(list.questions.map((question) => question.sessionId))].map(sessionTopic),
    lastEventId,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const back = `/account/questions${new URL(request.url).search.replace(/[?&]index\b/, "")}`;
  const intent = await readIntent(request);
  if (intent === "withdraw") {
    const result = await submitForm(request, questionIdSchema, (input) => withdrawQuestion(user, input.questionId));
    return result.ok ? redirectWithFlash(back, { message: "interviews.myQuestions.withdrawn" }) : result.response;
  }
  if (intent !== "edit") return unknownIntent(request);
  const result = await submitForm(request, editMineSchema, (input) => editMyQuestion(user, input));
  return result.ok ? redirectWithFlash(back, { message: "interviews.myQuestions.saved" }) : result.response;
}

const LIVE_TYPES = ["question", "removed"] as const;

export default function MyQuestions() {
  const { t } = useTranslation();
  const { questions, page, pageCount, liveTopics, lastEventId } = useLoaderData<typeof loader>();
  const stream = useLiveRevalidation({ topics: liveTopics, after: lastEventId, types: LIVE_TYPES });
  const format = useFormat();
  const text = useSessionText();
  const { errors, values } = useFormState();
  return (
    <section aria-labelledby="my-questions-title" className="stack">
      <ErrorSummary errors={errors} labels={{ text: t("interviews.ask.text"), type: t("interviews.ask.type") }} />
      <h1 id="my-questions-title">{t("interviews.myQuestions.title")}</h1>
      <p>{t("interviews.myQuestions.lead")}</p>
      {liveTopics.length ? <LiveStatus state={stream.state} /> : null}
      {questions.length === 0 ? (
        <p className="empty-state">{t("interviews.myQuestions.empty")}</p>
      ) : (
        <ul className="list" aria-labelledby="my-questions-title">
          {questions.map((question) => {
            // The form that came back with errors keeps the field ids the error summary links to.
            const failed = values.questionId === question.id;
            const suffix = failed ? "" : `-${question.id}`;
            return (
              <li key={question.id} id={`mine-${question.id}`} className="list-item stack" data-state={question.state}>
                <p>
                  <strong>{t(`interviews.myQuestions.states.${question.state}`)}</strong>
                  {" · "}
                  <Link to={`/interviews/${question.sessionId}`} lang={text.lang(question.session)}>
                    {text.title(question.session)}
                  </Link>
                </p>
                <UserText as="p" text={question.text} />
                <p className="hint">
                  {t(`interviews.types.${question.type}`)} ·{" "}
                  {t("interviews.myQuestions.asked", { time: format.dateTime(question.receivedAt) })}
                  {question.state === "waiting" || question.state === "published" ? (
                    <> · {t("interviews.myQuestions.dueBy", { time: format.dateTime(question.firstReplyDueAt) })}</>
                  ) : null}
                </p>
                <QuestionOutcome question={question} />
                {question.state === "published" || question.state === "answered" ? (
                  <p>
                    <Link className="standalone-link" to={`/interviews/${question.sessionId}#q-${question.id}`}>
                      {t("interviews.myQuestions.open")}
                    </Link>
                  </p>
                ) : null}
                {question.state === "waiting" ? (
                  <>
                    <details open={failed && values.intent === "edit"}>
                      <summary>{t("interviews.myQuestions.edit")}</summary>
                      <Form method="post" noValidate className="stack">
                        <input type="hidden" name="questionId" value={question.id} />
                        <ChoiceGroup
                          name="type"
                          id={`field-type${suffix}`}
                          kind="radio"
                          legend={t("interviews.ask.type")}
                          options={QUESTION_TYPES.map((type) => ({
                            value: type,
                            label: t(`interviews.types.${type}`),
                          }))}
                          selected={[failed ? (values.type ?? "") : question.type]}
                          error={failed ? errors.type : undefined}
                        />
                        <TextArea
                          name="text"
                          id={`field-text${suffix}`}
                          label={t("interviews.ask.text")}
                          maxLength={QUESTION_MAX_LENGTH}
                          defaultValue={failed ? values.text : question.text}
                          error={failed ? errors.text : undefined}
                        />
                        <SubmitButton name="intent" value="edit" pendingLabel={t("interviews.myQuestions.saving")}>
                          {t("interviews.myQuestions.save")}
                        </SubmitButton>
                      </Form>
                    </details>
                    <details>
                      <summary>{t("interviews.myQuestions.withdraw")}</summary>
                      <Form method="post" className="stack">
                        <input type="hidden" name="questionId" value={question.id} />
                        <p>{t("interviews.myQuestions.withdrawConfirm")}</p>
                        <SubmitButton
                          name="intent"
                          value="withdraw"
                          className="danger"
                          pendingLabel={t("interviews.myQuestions.withdrawing")}
                        >
                          {t("interviews.myQuestions.withdrawSubmit")}
                        </SubmitButton>
                      </Form>
                    </details>
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      <Pagination page={page} pageCount={pageCount} />
    </section>
  );
}
