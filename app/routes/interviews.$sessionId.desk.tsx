import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/features/accounts/auth.server";
import { BackToSession } from "~/features/interviews/controls";
import { sessionTopic } from "~/features/interviews/events.server";
import {
  hideQuestion,
  listDeskQuestions,
  listHiddenQuestions,
  moveInQueue,
  readHostQueue,
  recordMinutes,
  republishQuestion,
} from "~/features/interviews/host.server";
import { canHide, canRunQueue, isHost } from "~/features/interviews/permissions.server";
import { QuestionInName } from "~/features/interviews/question-card";
import { requireInterviewSession, runIntent } from "~/features/interviews/route-helpers.server";
import {
  deskQuerySchema,
  minutesSchema,
  queueSchema,
  questionIdSchema,
  type DeskQuery,
} from "~/features/interviews/schemas";
import { StateBadge } from "~/features/interviews/session-header";
import { LiveStatus } from "~/features/live/live-status";
import { live } from "~/features/live/live.server";
import { useLiveRevalidation } from "~/features/live/use-live-events";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { Field, SubmitButton, TextArea } from "~/ui/form";
import { Pagination } from "~/ui/pagination";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";
import { UserText } from "~/ui/user-text";

export const meta = titleFromLoader;

const readQuery = (url: URL) => deskQuerySchema.parse(Object.fromEntries(url.searchParams));

/** The page and the words of the address: a press on the desk comes back to the same part of the list. */
function querySearch(query: DeskQuery) {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.page > 1) params.set("page", String(query.page));
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** The host's desk is for the session's hosts and the moderators; anyone else gets 403. */
async function requireDesk(request: Request, context: LoaderFunctionArgs["context"], sessionId?: string) {
  const user = await requireUser(request, context);
  const session = await requireInterviewSession(sessionId);
  if (!canRunQueue(user, session.hostDepartmentIds)) throw new Response("Forbidden", { status: 403 });
  return { user, session };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const lastEventId = await live.lastEventId();
  const { user, session } = await requireDesk(request, context, params.sessionId);
  const mayHide = canHide(user);
  const query = readQuery(new URL(request.url));
  const [{ queue, current }, published, hidden] = await Promise.all([
    readHostQueue(session),
    // The queue is whole; the published questions are a page at a time, or searched (decision 0045).
    listDeskQuestions(session.id, query),
    mayHide ? listHiddenQuestions(session.id) : Promise.resolve<Awaited<ReturnType<typeof listHiddenQuestions>>>([]),
  ]);
  const short = (question: { id: string; text: string; voteCount: number; answers: unknown[] }) => ({
    id: question.id,
    text: question.text,
    voteCount: question.voteCount,
    answered: question.answers.length > 0,
  });
  return json({
    title: await pageTitle(request, "interviews.desk.title"),
    session: {
      id: session.id,
      titleZh: session.titleZh,
      titleEn: session.titleEn,
      state: session.state,
      minutesZh: session.minutesZh,
      minutesEn: session.minutesEn,
    },
    current: current && short(current),
    queue: queue.map(short),
    // Most votes first: what the hall most wants is what a host looks for to queue.
    published: published.rows.map((question) => ({
      id: question.id,
      text: question.text,
      voteCount: question.voteCount,
      answered: !!question.firstRepliedAt,
      queued: question.queuePosition !== null,
    })),
    publishedTotal: published.total,
    matching: published.matching,
    pages: published.pages,
    query,
    hidden,
    can: { hide: mayHide, minutes: isHost(user, session.hostDepartmentIds) },
    lastEventId,
    liveTopic: sessionTopic(session.id),
  });
}

const FLASH = {
  queue: "interviews.desk.moved",
  current: "interviews.desk.madeCurrent",
  hide: "interviews.desk.hidden",
  republish: "interviews.desk.republished",
  minutes: "interviews.desk.minutesSaved",
} as const;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, session } = await requireDesk(request, context, params.sessionId);
  let madeCurrent = false;
  const commands = {
    queue: () =>
      submitForm(request, queueSchema, (input) => {
        madeCurrent = input.move === "current";
        return moveInQueue(user, session, input.questionId, input.move);
      }),
    hide: () => submitForm(request, questionIdSchema, (input) => hideQuestion(user, session, input.questionId)),
    republish: () =>
      submitForm(request, questionIdSchema, (input) => republishQuestion(user, session, input.questionId)),
    minutes: () => submitForm(request, minutesSchema, (input) => recordMinutes(user, session, input)),
  };
  const { intent, response } = await runIntent(request, commands);
  if (!intent) return response;
  return redirectWithFlash(`/interviews/${session.id}/desk${querySearch(readQuery(new URL(request.url)))}`, {
    message: FLASH[madeCurrent ? "current" : intent],
  });
}

type Line = ReturnType<typeof useLoaderData<typeof loader>>["queue"][number];

/** One button of the queue: its own small form, so that it works without JavaScript. */
function QueueButton({ question, move, label }: { question: Line; move: string; label: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value="queue" />
      <input type="hidden" name="questionId" value={question.id} />
      <SubmitButton name="move" value={move} pendingLabel={t("actions.saving")}>
        {label}
        <QuestionInName text={question.text} />
      </SubmitButton>
    </Form>
  );
}

export default function HostDesk() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { errors, values } = useFormState();
  const stream = useLiveRevalidation({
    topics: [data.liveTopic],
    after: data.lastEventId,
    types: ["question", "removed", "queue", "current", "state", "session"],
  });
  const ended = data.session.state === "answering" || data.session.state === "closed";
  return (
    <section aria-labelledby="desk-title" className="page stack">
      <ErrorSummary errors={errors} />
      <h1 id="desk-title">{t("interviews.desk.title")}</h1>
      <BackToSession session={data.session} />
      <LiveStatus state={stream.state} />
      <p>
        <StateBadge state={data.session.state} /> {t("interviews.desk.intro")}
      </p>
      <p>
        <Link to={`/interviews/${data.session.id}/screen`} className="standalone-link">
          {t("interviews.desk.screenLink")}
        </Link>
      </p>
      <p className="note">{t("interviews.desk.screenHint")}</p>

      <section aria-labelledby="desk-current" className="stack">
        <h2 id="desk-current">{t("interviews.desk.current")}</h2>
        {data.current ? (
          <UserText as="p" className="question-text" text={data.current.text} />
        ) : (
          <p className="empty-state">{t("interviews.desk.noCurrent")}</p>
        )}
      </section>

      <section aria-labelledby="desk-queue" className="stack">
        <h2 id="desk-queue">{t("interviews.desk.queueTitle")}</h2>
        {data.queue.length === 0 ? (
          <p className="empty-state">{t("interviews.desk.queueEmpty")}</p>
        ) : (
          <ol className="list queue-list" aria-labelledby="desk-queue" data-testid="queue">
            {data.queue.map((question, index) => (
              <li key={question.id} className="list-item stack" data-question-id={question.id}>
                <UserText as="p" className="question-text" text={question.text} />
                <p className="question-meta">{t("interviews.questions.votes", { count: question.voteCount })}</p>
                <div className="button-row">
                  <QueueButton question={question} move="current" label={t("interviews.desk.makeCurrent")} />
                  {index > 0 ? <QueueButton question={question} move="up" label={t("interviews.desk.up")} /> : null}
                  {index < data.queue.length - 1 ? (
                    <QueueButton question={question} move="down" label={t("interviews.desk.down")} />
                  ) : null}
                  <QueueButton question={question} move="remove" label={t("interviews.desk.remove")} />
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="desk-published" className="stack">
        <h2 id="desk-published">{t("interviews.desk.published", { count: data.publishedTotal })}</h2>
        {data.can.hide ? <p className="note">{t("interviews.desk.hideHint")}</p> : null}
        {data.publishedTotal > 0 ? (
          <Form
            method="get"
            className="filters inline-form"
            role="search"
            aria-label={t("interviews.desk.searchTitle")}
          >
            <Field
              name="q"
              id="desk-q"
              type="search"
              label={t("interviews.desk.search")}
              defaultValue={data.query.q}
              maxLength={100}
            />
            <button type="submit">{t("interviews.desk.searchSubmit")}</button>
          </Form>
        ) : null}
        {data.matching !== null ? (
          <p>
            {t("interviews.desk.matching", { count: data.matching, q: data.query.q })}{" "}
            <Link to="?" className="standalone-link">
              {t("interviews.desk.showAll")}
            </Link>
          </p>
        ) : null}
        {data.published.length === 0 ? (
          <p className="empty-state">
            {data.matching !== null ? t("interviews.desk.noMatch") : t("interviews.desk.publishedEmpty")}
          </p>
        ) : (
          <ul className="list" aria-labelledby="desk-published">
            {data.published.map((question) => (
              <li key={question.id} className="list-item stack" id={`q-${question.id}`}>
                <UserText as="p" className="question-text" text={question.text} />
                <p className="question-meta">
                  {t("interviews.questions.votes", { count: question.voteCount })}
                  {question.answered ? <> · {t("interviews.console.answeredLine")}</> : null}
                  {question.queued ? <> · {t("interviews.desk.queued")}</> : null}
                </p>
                <div className="button-row">
                  {/* "Now answering" is pressed in the queue: a third form per line made 200 lines 350 KB. */}
                  {question.queued ? null : (
                    <QueueButton question={question} move="add" label={t("interviews.desk.add")} />
                  )}
                  {data.can.hide ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="questionId" value={question.id} />
                      <SubmitButton name="intent" value="hide" pendingLabel={t("actions.saving")}>
                        {t("interviews.desk.hide")}
                        <QuestionInName text={question.text} />
                      </SubmitButton>
                    </Form>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        )}
        <Pagination page={data.query.page} pageCount={data.pages} />
      </section>

      {data.can.hide && data.hidden.length > 0 ? (
        <section aria-labelledby="desk-hidden" className="stack">
          <h2 id="desk-hidden">{t("interviews.desk.hiddenTitle")}</h2>
          <ul className="list" aria-labelledby="desk-hidden">
            {data.hidden.map((question) => (
              <li key={question.id} className="list-item stack">
                <UserText as="p" className="question-text" text={question.text} />
                <p className="question-meta">{t("interviews.questions.votes", { count: question.voteCount })}</p>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="questionId" value={question.id} />
                  <SubmitButton name="intent" value="republish" pendingLabel={t("actions.saving")}>
                    {t("interviews.desk.republish")}
                    <QuestionInName text={question.text} />
                  </SubmitButton>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {data.can.minutes && ended ? (
        <section aria-labelledby="desk-minutes" className="stack">
          <h2 id="desk-minutes">{t("interviews.desk.minutesTitle")}</h2>
          <p className="note">{t("interviews.desk.minutesHint")}</p>
          <Form method="post" className="stack" noValidate>
            <TextArea
              name="minutesZh"
              label={t("interviews.desk.minutesZh")}
              lang="zh-CN"
              rows={8}
              maxLength={20_000}
              defaultValue={values.minutesZh ?? data.session.minutesZh}
              error={errors.minutesZh}
            />
            <TextArea
              name="minutesEn"
              label={t("interviews.desk.minutesEn")}
              lang="en"
              rows={8}
              maxLength={20_000}
              defaultValue={values.minutesEn ?? data.session.minutesEn}
              error={errors.minutesEn}
            />
            <SubmitButton name="intent" value="minutes" pendingLabel={t("actions.saving")}>
              {t("interviews.desk.minutesSave")}
            </SubmitButton>
          </Form>
        </section>
      ) : null}
    </section>
  );
}
