import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { getCurrentUser, requireUser } from "~/features/accounts/auth.server";
import { commitmentHistory, getCommitment } from "~/features/commitments/commitments.server";
import {
  CommitmentHistory,
  ProgressBar,
  StatusBadge,
  useCommitmentText,
  useDayFormat,
} from "~/features/commitments/components";
import styles from "~/features/commitments/commitments.css";
import { commitmentTopic, type CommitmentEventType } from "~/features/commitments/events.server";
import { followCommitment, isFollowing, unfollowCommitment } from "~/features/commitments/followers.server";
import { canManageCommitment, canReportProgress } from "~/features/commitments/permissions.server";
import { postProgressReport, todayIn } from "~/features/commitments/progress-reports.server";
import {
  intentOnlySchema,
  progressReportSchema,
  REPORT_STATUSES,
  REPORT_TEXT_MAX_LENGTH,
} from "~/features/commitments/schemas";
import { runIntent } from "~/features/interviews/route-helpers.server";
import { newSubmissionKey } from "~/shared/submission-key.server";
import { live } from "~/features/live/live.server";
import { useLiveEvents, useRevalidateWhenIdle } from "~/features/live/use-live-events";
import { readPreferences } from "~/features/preferences/preferences.server";
import { translatorFor } from "~/i18n/i18next.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { ChoiceGroup, Field, SubmitButton, TextArea } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";
import { UserText } from "~/ui/user-text";

export const meta = titleFromLoader;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

async function requireCommitment(commitmentId: string | undefined) {
  const commitment = await getCommitment(commitmentId);
  if (!commitment) throw new Response("Not Found", { status: 404 });
  return commitment;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  // Taken before the data is read: the page subscribes from here, so no report falls in between.
  const lastEventId = await live.lastEventId();
  const commitment = await requireCommitment(params.commitmentId);
  const reader = await getCurrentUser(request, context);
  const { t, locale } = await translatorFor(request);
  const { timeZone } = await readPreferences(request);
  const title = locale.startsWith("zh")
    ? commitment.titleZh || commitment.titleEn
    : commitment.titleEn || commitment.titleZh;
  const canReport = canReportProgress(reader, commitment);
  const { cycleId: _cycle, proposalId: _proposal, changes, ...shown } = commitment;
  return json({
    title: `${title} · ${t("shell.siteName")}`,
    commitment: shown,
    history: commitmentHistory(changes),
    following: reader ? await isFollowing(reader.id, commitment.id) : false,
    signedIn: !!reader,
    can: { edit: canManageCommitment(reader, commitment.departmentId), report: canReport },
    submissionKey: canReport ? newSubmissionKey() : null,
    today: todayIn(timeZone),
    lastEventId,
    liveTopic: commitmentTopic(commitment.id),
  });
}

const FLASH = {
  follow: "commitments.flash.followed",
  unfollow: "commitments.flash.unfollowed",
  report: "commitments.flash.reported",
} as const;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const commitment = await requireCommitment(params.commitmentId);
  const { timeZone } = await readPreferences(request);
  const commands = {
    follow: () => submitForm(request, intentOnlySchema, () => followCommitment(user, commitment.id)),
    unfollow: () => submitForm(request, intentOnlySchema, () => unfollowCommitment(user, commitment.id)),
    report: () =>
      submitForm(request, progressReportSchema, (input) => postProgressReport(user, commitment, input, timeZone)),
  };
  const { intent, response } = await runIntent(request, commands);
  if (!intent) return response;
  return redirectWithFlash(`/commitments/${commitment.id}`, { message: FLASH[intent] });
}

function ReportForm({ submissionKey, today }: { submissionKey: string; today: string }) {
  const { t } = useTranslation();
  const { errors, values } = useFormState();
  return (
    <Form method="post" noValidate className="stack card" aria-labelledby="report-form-title">
      <h2 id="report-form-title">{t("commitments.reportForm.title")}</h2>
      <input type="hidden" name="submissionKey" value={submissionKey} />
      <ChoiceGroup
        name="status"
        kind="radio"
        legend={t("commitments.reportForm.status")}
        options={REPORT_STATUSES.map((status) => ({ value: status, label: t(`commitments.statuses.${status}`) }))}
        selected={values.status ? [values.status] : []}
        error={errors.status}
      />
      <Field
        type="number"
        name="percent"
        min={0}
        max={100}
        step={1}
        inputMode="numeric"
        label={t("commitments.reportForm.percent")}
        hint={t("commitments.reportForm.percentHint")}
        defaultValue={values.percent}
        error={errors.percent}
      />
      <TextArea
        name="text"
        label={t("commitments.reportForm.text")}
        hint={t("commitments.reportForm.textHint", { max: REPORT_TEXT_MAX_LENGTH })}
        maxLength={REPORT_TEXT_MAX_LENGTH}
        defaultValue={values.text}
        error={errors.text}
      />
      <Field
        type="date"
        name="reportedOn"
        max={today}
        label={t("commitments.reportForm.reportedOn")}
        hint={t("commitments.reportForm.reportedOnHint")}
        defaultValue={values.reportedOn ?? today}
        error={errors.reportedOn}
      />
      <SubmitButton name="intent" value="report" pendingLabel={t("commitments.reportForm.sending")}>
        {t("commitments.reportForm.submit")}
      </SubmitButton>
    </Form>
  );
}

export default function CommitmentPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const format = useFormat();
  const day = useDayFormat();
  const text = useCommitmentText();
  const location = useLocation();
  const { errors } = useFormState();
  // Never in the middle of the navigation after the reader's own form: its confirmation would be lost.
  const revalidate = useRevalidateWhenIdle();
  const commitment = data.commitment;
  // A new report on the timeline, or a change to the promise: the page's data is read again.
  useLiveEvents<Record<CommitmentEventType, object>>({
    topics: [data.liveTopic],
    after: data.lastEventId,
    handlers: { report: () => revalidate(), change: () => revalidate() },
  });
  return (
    <section aria-labelledby="commitment-title" className="page stack">
      <p>
        <Link to="/commitments" className="standalone-link">
          {t("commitments.back")}
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      <header className="stack">
        <h1 id="commitment-title" lang={text.titleLang(commitment)}>
          {text.title(commitment)}
        </h1>
        <p>
          <StatusBadge status={commitment.status} /> {t("commitments.targetDate", { date: day(commitment.targetDate) })}
        </p>
        <ProgressBar id="commitment-progress" percent={commitment.percent} />
        <ul className="link-row">
          <li>
            <Link to={`/priorities/${commitment.cycle.id}`} lang={text.titleLang(commitment.cycle)}>
              {text.title(commitment.cycle)}
            </Link>
          </li>
          <li>
            <Link to={`/priorities/${commitment.cycle.id}/report`}>{t("commitments.yearEnd.title")}</Link>
          </li>
          {data.can.edit ? (
            <li>
              <Link to={`/commitments/${commitment.id}/edit`}>{t("commitments.edit")}</Link>
            </li>
          ) : null}
        </ul>
      </header>

      <section aria-labelledby="promise-title" className="stack">
        <h2 id="promise-title">{t("commitments.page.promise")}</h2>
        <p lang={text.promiseLang(commitment)} className="report-text">
          {text.promise(commitment)}
        </p>
        <p>{t("commitments.page.departmentIs", { department: format.departmentName(commitment.department) })}</p>
        {commitment.proposal ? (
          <p className="hint">{t("commitments.fromProposal", { title: commitment.proposal.title })}</p>
        ) : null}
      </section>

      <section aria-labelledby="history-title" className="stack">
        <h2 id="history-title">{t("commitments.history.title")}</h2>
        {data.history.length === 0 ? (
          <p className="empty-state">{t("commitments.history.none")}</p>
        ) : (
          <CommitmentHistory changes={data.history} />
        )}
      </section>

      <section aria-labelledby="milestones-title" className="stack">
        <h2 id="milestones-title">{t("commitments.page.milestones")}</h2>
        {commitment.milestones.length === 0 ? (
          <p className="empty-state">{t("commitments.page.noMilestones")}</p>
        ) : (
          <ul className="milestones">
            {commitment.milestones.map((milestone) => (
              <li key={milestone.id}>
                <span aria-hidden="true">{milestone.doneAt ? "☑" : "☐"}</span>
                <UserText text={milestone.title} />
                <span className="hint">{t("commitments.page.due", { date: day(milestone.dueDate) })}</span>
                <span className="badge commitment-status">
                  {milestone.doneAt ? t("commitments.page.milestoneDone") : t("commitments.page.milestoneOpen")}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="follow-title" className="stack">
        <h2 id="follow-title" className="visually-hidden">
          {t("commitments.follow.follow")}
        </h2>
        {data.signedIn ? (
          <Form method="post" className="stack">
            <p>{data.following ? t("commitments.follow.following") : t("commitments.follow.hint")}</p>
            <SubmitButton
              name="intent"
              value={data.following ? "unfollow" : "follow"}
              pendingLabel={t("actions.saving")}
            >
              {data.following ? t("commitments.follow.unfollow") : t("commitments.follow.follow")}
            </SubmitButton>
          </Form>
        ) : (
          <p className="note">
            <Trans
              i18nKey="commitments.follow.loginToFollow"
              components={{ login: <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`} /> }}
            />
          </p>
        )}
      </section>

      {data.submissionKey ? <ReportForm submissionKey={data.submissionKey} today={data.today} /> : null}

      <section aria-labelledby="timeline-title" className="stack">
        <h2 id="timeline-title">{t("commitments.page.timeline")}</h2>
        {commitment.reports.length === 0 ? (
          <p className="empty-state">{t("commitments.page.noReports")}</p>
        ) : (
          <ol className="timeline" aria-labelledby="timeline-title">
            {commitment.reports.map((report) => (
              <li key={report.id} id={`report-${report.id}`} className="stack">
                <h3>{t("commitments.page.reportedOn", { date: day(report.reportedOn) })}</h3>
                <p>
                  <StatusBadge status={report.status} /> {t("commitments.percent", { percent: report.percent })}
                </p>
                <UserText as="p" className="report-text" text={report.text} />
                <p className="hint">
                  {t("commitments.page.postedBy", { name: report.authorName, time: format.dateTime(report.createdAt) })}
                </p>
              </li>
            ))}
          </ol>
        )}
      </section>
    </section>
  );
}
