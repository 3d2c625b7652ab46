import type { ActionFunctionArgs, LoaderFunctionArgs, AppLoadContext } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BackToSession } from "~/features/interviews/controls";
import { requireUser } from "~/features/accounts/auth.server";
import { listDepartments } from "~/features/departments/departments.server";
import { isHost, schedulableDepartments } from "~/features/interviews/permissions.server";
import { readIntent, requireInterviewSession } from "~/features/interviews/route-helpers.server";
import { hostTopicsSchema, sessionSchema, stateChangeSchema } from "~/features/interviews/schemas";
import { SessionFields } from "~/features/interviews/session-fields";
import { StateBadge } from "~/features/interviews/session-header";
import { changeSessionState, setHostTopics, updateSession } from "~/features/interviews/sessions.server";
import { countUnanswered } from "~/features/interviews/questions.server";
import { STATE_CHANGES, type SessionState } from "~/features/interviews/state";
import { dateToWallTime } from "~/shared/wall-time";
import { readPreferences } from "~/features/preferences/preferences.server";
import { translatorFor } from "~/i18n/i18next.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { Checkbox, Field, SubmitButton } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;

async function requireHost(request: Request, context: AppLoadContext, sessionId: string | undefined) {
  const user = await requireUser(request, context);
  const session = await requireInterviewSession(sessionId);
  if (!isHost(user, session.hostDepartmentIds)) throw new Response("Forbidden", { status: 403 });
  return { user, session };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, session } = await requireHost(request, context, params.sessionId);
  const { timeZone } = await readPreferences(request);
  const { locale } = await translatorFor(request);
  const departments = schedulableDepartments(user, await listDepartments(locale));
  return json({
    title: await pageTitle(request, "interviews.host.title"),
    session: { id: session.id, titleZh: session.titleZh, titleEn: session.titleEn, state: session.state },
    unanswered: await countUnanswered(session.id),
    values: {
      titleZh: session.titleZh,
      titleEn: session.titleEn,
      summaryZh: session.summaryZh,
      summaryEn: session.summaryEn,
      topic: session.topic,
      guests: session.guests.map((guest) => `${guest.name}, ${guest.title}`).join("\n"),
      startsAt: dateToWallTime(session.startsAt, timeZone),
      endsAt: dateToWallTime(session.endsAt, timeZone),
      premoderated: session.premoderated ? "on" : "",
      allowAnonymous: session.allowAnonymous ? "on" : "",
      replyWorkingDays: String(session.replyWorkingDays),
      streamUrl: session.streamUrl,
    },
    departmentIds: session.hostDepartmentIds,
    // Each host's topic line, offered to residents when several host the session (decision 0044).
    hosts: session.hosts.map((host) => ({ department: host.department, topicZh: host.topicZh, topicEn: host.topicEn })),
    departments,
    timeZone,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, session } = await requireHost(request, context, params.sessionId);
  const intent = await readIntent(request);
  if (intent === "state") {
    const result = await submitForm(request, stateChangeSchema, (input) =>
      changeSessionState(user, session, input.change),
    );
    if (!result.ok) return result.response;
    return redirectWithFlash(`/interviews/${session.id}`, {
      message: "interviews.host.changed",
      values: { state: result.t(`interviews.states.${result.value.state}`) },
    });
  }
  if (intent === "topics") {
    const result = await submitForm(request, hostTopicsSchema, (input) => setHostTopics(user, session, input.topics));
    return result.ok
      ? redirectWithFlash(`/interviews/${session.id}/edit`, { message: "interviews.routing.topicsSaved" })
      : result.response;
  }
  const { timeZone } = await readPreferences(request);
  const result = await submitForm(request, sessionSchema, (input) => updateSession(user, session, input, timeZone));
  return result.ok
    ? redirectWithFlash(`/interviews/${session.id}`, { message: "interviews.host.saved" })
    : result.response;
}

export default function EditSession() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { errors, values } = useFormState();
  const submitted = Object.keys(values).length > 0;
  const changes = (Object.keys(STATE_CHANGES) as Array<keyof typeof STATE_CHANGES>).filter((change) =>
    (STATE_CHANGES[change] as readonly SessionState[]).includes(data.session.state),
  );
  return (
    <section aria-labelledby="edit-title" className="page stack">
      <ErrorSummary errors={errors} />
      <h1 id="edit-title">{t("interviews.host.title")}</h1>
      {/* Below the heading: the session's title can take four lines on a phone. */}
      <BackToSession session={data.session} />
      {data.session.state !== "closed" ? (
        <Form method="post" noValidate className="stack">
          <SessionFields
            values={submitted ? values : data.values}
            selectedDepartmentIds={submitted ? (values.departmentIds ?? "").split(",") : data.departmentIds}
            departments={data.departments}
            errors={errors}
            timeZone={data.timeZone}
          />
          <SubmitButton name="intent" value="update" pendingLabel={t("actions.saving")}>
            {t("interviews.form.save")}
          </SubmitButton>
        </Form>
      ) : null}

      {data.session.state !== "closed" && data.hosts.length > 1 ? <HostTopics hosts={data.hosts} /> : null}

      <section aria-labelledby="state-title" className="stack danger-zone">
        <h2 id="state-title">{t("interviews.host.stateTitle")}</h2>
        <p>
          <StateBadge state={data.session.state} /> {t(`interviews.staffStateHelp.${data.session.state}`)}
        </p>
        {changes.map((change) => (
          <Form key={change} method="post" className="stack">
            <input type="hidden" name="intent" value="state" />
            {change === "close" ? (
              <>
                <p>{t("interviews.host.unanswered", { count: data.unanswered })}</p>
                <Checkbox name="confirm" label={t("interviews.host.closeWarning")} error={errors.confirm} />
              </>
            ) : null}
            <SubmitButton
              name="change"
              value={change}
              className={change === "close" ? "danger" : undefined}
              pendingLabel={t("actions.saving")}
            >
              {t(`interviews.host.${change}`)}
            </SubmitButton>
          </Form>
        ))}
      </section>
    </section>
  );
}

/** The topic line of each hosting department, in both languages (decision 0044). */
function HostTopics({ hosts }: { hosts: ReturnType<typeof useLoaderData<typeof loader>>["hosts"] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { errors, values } = useFormState();
  const submitted = values.intent === "topics";
  return (
    <section aria-labelledby="topics-title" className="stack">
      <h2 id="topics-title">{t("interviews.routing.topics")}</h2>
      <Form method="post" noValidate className="stack">
        <p className="hint">{t("interviews.routing.topicsHint")}</p>
        {errors.topics ? (
          <p className="field-error" role="alert">
            {errors.topics}
          </p>
        ) : null}
        {hosts.map((host) => {
          const department = format.departmentName(host.department);
          const zh = `topicZh-${host.department.id}`;
          const en = `topicEn-${host.department.id}`;
          return (
            <div key={host.department.id} className="stack">
              <Field
                name={zh}
                lang="zh-CN"
                label={t("interviews.routing.topicZh", { department })}
                maxLength={80}
                defaultValue={submitted ? values[zh] : (host.topicZh ?? "")}
              />
              <Field
                name={en}
                lang="en"
                label={t("interviews.routing.topicEn", { department })}
                maxLength={80}
                defaultValue={submitted ? values[en] : (host.topicEn ?? "")}
              />
            </div>
          );
        })}
        <SubmitButton name="intent" value="topics" pendingLabel={t("actions.saving")}>
          {t("interviews.routing.topicsSubmit")}
        </SubmitButton>
      </Form>
    </section>
  );
}
