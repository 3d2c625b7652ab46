import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireCounterDesk } from "~/features/accounts/auth.server";
import { enterOfflineRating, listOfflineQuestions, markTold } from "~/features/interviews/counter-desk.server";
import { readIntent, unknownIntent } from "~/features/interviews/route-helpers.server";
import { counterListQuerySchema, offlineRatingSchema, toldSchema } from "~/features/interviews/schemas";
import { QuestionOutcome } from "~/features/interviews/question-outcome";
import { useSessionText } from "~/features/interviews/session-header";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { ChoiceGroup, Field, SubmitButton, TextArea } from "~/ui/form";
import { useResponsibleName } from "~/features/interviews/controls";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { Pagination } from "~/ui/pagination";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";
import { UserText } from "~/ui/user-text";

export const meta = titleFromLoader;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireCounterDesk(request, context);
  const { page, reference } = counterListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return json({
    title: await pageTitle(request, "interviews.counterList.title"),
    page,
    reference,
    ...(await listOfflineQuestions(user, page, reference)),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireCounterDesk(request, context);
  const back = `/counter/questions/entered${new URL(request.url).search.replace(/[?&]index\b/, "")}`;
  const intent = await readIntent(request);
  if (intent === "told") {
    const result = await submitForm(request, toldSchema, (input) => markTold(user, input.questionId));
    return result.ok ? redirectWithFlash(back, { message: "interviews.counter.toldSaved" }) : result.response;
  }
  if (intent !== "rate") return unknownIntent(request);
  const result = await submitForm(request, offlineRatingSchema, (input) =>
    enterOfflineRating(user, input.questionId, input.satisfied, input.comment),
  );
  return result.ok ? redirectWithFlash(back, { message: "interviews.counter.ratingSaved" }) : result.response;
}

export default function EnteredQuestions() {
  const { t } = useTranslation();
  const { questions, page, pageCount, reference } = useLoaderData<typeof loader>();
  const format = useFormat();
  const responsible = useResponsibleName();
  const text = useSessionText();
  const { errors, values } = useFormState();
  return (
    <section aria-labelledby="entered-title" className="stack">
      <ErrorSummary errors={errors} labels={{ satisfied: t("interviews.counterList.satisfaction") }} />
      <h1 id="entered-title">{t("interviews.counterList.title")}</h1>
      <p>{t("interviews.counterList.lead")}</p>
      <Form method="get" className="inline-form" role="search">
        <Field
          name="reference"
          label={t("interviews.counterList.findReference")}
          defaultValue={reference}
          autoComplete="off"
        />
        <button type="submit">{t("interviews.counterList.find")}</button>
      </Form>
      {questions.length === 0 ? (
        <p className="empty-state">
          {reference ? t("interviews.counterList.noMatch", { reference }) : t("interviews.counterList.empty")}
        </p>
      ) : (
        <ul className="list" aria-labelledby="entered-title">
          {questions.map((question) => {
            const failed = values.questionId === question.id;
            const suffix = failed ? "" : `-${question.id}`;
            return (
              <li
                key={question.id}
                id={`entered-${question.id}`}
                className="list-item stack"
                data-state={question.state}
              >
                <p>
                  <strong>{question.referenceNumber ?? "—"}</strong>
                  {" · "}
                  {t(`interviews.myQuestions.states.${question.state}`)}
                  {" · "}
                  <Link to={`/interviews/${question.sessionId}`} lang={text.lang(question.session)}>
                    {text.title(question.session)}
                  </Link>
                </p>
                <UserText as="p" text={question.text} />
                <dl className="facts">
                  <dt>{t("interviews.counter.channel")}</dt>
                  <dd>
                    {t("interviews.counterList.received", {
                      channel: t(`interviews.channels.${question.channel}`),
                      date: format.date(question.receivedAt),
                    })}
                    {question.enteredBy ? ` · ${question.enteredBy.displayName}` : ""}
                  </dd>
                  <dt>{t("interviews.counter.contact")}</dt>
                  <dd>{question.contact ?? t("interviews.counterList.noContact")}</dd>
                  <dt>{t("interviews.counter.department")}</dt>
                  <dd>{responsible(question.department)}</dd>
                  {question.state === "waiting" || question.state === "published" ? (
                    <>
                      <dt>{t("interviews.counterList.due")}</dt>
                      <dd>{format.dateTime(question.firstReplyDueAt)}</dd>
                    </>
                  ) : null}
                  {question.toldAt ? (
                    <>
                      <dt>{t("interviews.counterList.told")}</dt>
                      <dd>{format.dateTime(question.toldAt)}</dd>
                    </>
                  ) : null}
                  {question.ratedAt ? (
                    <>
                      <dt>{t("interviews.counterList.satisfaction")}</dt>
                      <dd>
                        {t(question.satisfied ? "interviews.rating.yes" : "interviews.rating.no")}
                        {question.ratingComment ? `: ${question.ratingComment}` : ""}
                      </dd>
                    </>
                  ) : null}
                </dl>
                <QuestionOutcome question={question} />
                {question.toTell ? (
                  <Form method="post">
                    <input type="hidden" name="questionId" value={question.id} />
                    <SubmitButton name="intent" value="told" pendingLabel={t("actions.saving")}>
                      {t("interviews.counterList.markTold")}
                    </SubmitButton>
                  </Form>
                ) : null}
                {question.toRate ? (
                  <details open={failed}>
                    <summary>{t("interviews.counterList.enterRating")}</summary>
                    <Form method="post" noValidate className="stack">
                      <input type="hidden" name="questionId" value={question.id} />
                      <ChoiceGroup
                        name="satisfied"
                        id={`field-satisfied${suffix}`}
                        kind="radio"
                        legend={t("interviews.counterList.satisfaction")}
                        options={[
                          { value: "yes", label: t("interviews.rating.satisfied") },
                          { value: "no", label: t("interviews.rating.unsatisfied") },
                        ]}
                        selected={[failed ? (values.satisfied ?? "") : ""]}
                        error={failed ? errors.satisfied : undefined}
                      />
                      <TextArea
                        name="comment"
                        id={`field-comment${suffix}`}
                        label={t("interviews.rating.comment")}
                        maxLength={500}
                        rows={2}
                        defaultValue={failed ? values.comment : ""}
                        error={failed ? errors.comment : undefined}
                      />
                      <SubmitButton name="intent" value="rate" pendingLabel={t("actions.saving")}>
                        {t("interviews.counterList.saveRating")}
                      </SubmitButton>
                    </Form>
                  </details>
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
