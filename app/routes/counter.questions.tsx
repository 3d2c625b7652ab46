import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { QuestionTypeChoice, DepartmentSelect } from "~/features/interviews/controls";
import { requireCounterDesk } from "~/features/accounts/auth.server";
import { listDepartmentNames } from "~/features/departments/departments.server";
import { enterOfflineQuestion } from "~/features/interviews/questions.server";
import { newSubmissionKey } from "~/shared/submission-key.server";
import { offlineQuestionSchema } from "~/features/interviews/schemas";
import { useSessionText } from "~/features/interviews/session-header";
import { listSessionsTakingQuestions } from "~/features/interviews/sessions.server";
import { OFFLINE_CHANNELS, QUESTION_MAX_LENGTH } from "~/features/interviews/state";
import { readPreferences } from "~/features/preferences/preferences.server";
import { translatorFor } from "~/i18n/i18next.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { ChoiceGroup, Field, SelectField, SubmitButton, TextArea } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";
import { useFreshFormKey } from "~/ui/use-fresh-form";

export const meta = titleFromLoader;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireCounterDesk(request, context);
  const { locale } = await translatorFor(request);
  const [sessions, departments] = await Promise.all([listSessionsTakingQuestions(), listDepartmentNames(locale)]);
  return json({
    title: await pageTitle(request, "interviews.counter.title"),
    sessions: sessions.map(({ id, titleZh, titleEn, startsAt }) => ({ id, titleZh, titleEn, startsAt })),
    departments,
    submissionKey: newSubmissionKey(),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireCounterDesk(request, context);
  const { timeZone } = await readPreferences(request);
  const result = await submitForm(request, offlineQuestionSchema, (input) =>
    enterOfflineQuestion(user, input, timeZone),
  );
  // The reference number is said in the confirmation, for the clerk to hand out or read out.
  return result.ok
    ? redirectWithFlash("/counter/questions", {
        message: "interviews.counter.enteredWithReference",
        values: { reference: result.value.referenceNumber },
      })
    : result.response;
}

export default function EnterQuestion() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const format = useFormat();
  const text = useSessionText();
  const { errors, values } = useFormState();
  const fresh = useFreshFormKey((formData) => formData.has("submissionKey"));
  return (
    <section aria-labelledby="enter-title" className="stack">
      <ErrorSummary
        errors={errors}
        labels={{
          text: t("interviews.counter.text"),
          receivedOn: t("interviews.counter.receivedOn"),
          contact: t("interviews.counter.contact"),
        }}
      />
      <h1 id="enter-title">{t("interviews.counter.title")}</h1>
      <p>{t("interviews.counter.lead")}</p>
      <p>
        <Link className="standalone-link" to="/counter/questions/entered">
          {t("interviews.counterList.title")}
        </Link>
      </p>
      {data.sessions.length === 0 ? (
        <p className="empty-state">{t("interviews.counter.noSessions")}</p>
      ) : (
        <Form key={fresh} method="post" noValidate className="stack">
          <input type="hidden" name="submissionKey" value={data.submissionKey} />
          <SelectField
            name="sessionId"
            label={t("interviews.counter.session")}
            defaultValue={values.sessionId}
            options={data.sessions.map((session) => ({
              value: session.id,
              label: `${text.title(session)} (${format.dateTime(session.startsAt)})`,
            }))}
            error={errors.sessionId}
          />
          <ChoiceGroup
            name="channel"
            kind="radio"
            legend={t("interviews.counter.channel")}
            options={OFFLINE_CHANNELS.map((channel) => ({
              value: channel,
              label: t(`interviews.channels.${channel}`),
            }))}
            selected={[values.channel ?? ""]}
            error={errors.channel}
          />
          <QuestionTypeChoice selected={values.type} error={errors.type} />
          <TextArea
            name="text"
            label={t("interviews.counter.text")}
            maxLength={QUESTION_MAX_LENGTH}
            defaultValue={values.text}
            error={errors.text}
          />
          <Field
            name="receivedOn"
            type="date"
            label={t("interviews.counter.receivedOn")}
            hint={t("interviews.counter.receivedOnHint")}
            defaultValue={values.receivedOn}
            error={errors.receivedOn}
          />
          <Field
            name="contact"
            label={t("interviews.counter.contact")}
            hint={t("interviews.counter.contactHint")}
            maxLength={200}
            autoComplete="off"
            defaultValue={values.contact}
            error={errors.contact}
          />
          <DepartmentSelect
            name="departmentId"
            label={t("interviews.counter.department")}
            departments={data.departments}
            value={values.departmentId}
            anyLabel={t("interviews.counter.departmentDefault")}
            error={errors.departmentId}
          />
          <SubmitButton pendingLabel={t("interviews.ask.sending")}>{t("interviews.counter.submit")}</SubmitButton>
        </Form>
      )}
    </section>
  );
}
