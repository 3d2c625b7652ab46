import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { QuestionTypeChoice, TopicChoice, type HostTopic } from "~/features/interviews/controls";
import { getCurrentUser, requireUser } from "~/features/accounts/auth.server";
import { viewerCount } from "~/features/live/event-stream.server";
import { LiveStatus, ViewerCount } from "~/features/live/live-status";
import { useLiveEvents, useRevalidateWhenIdle } from "~/features/live/use-live-events";
import { sessionTopic, type SessionEventType } from "~/features/interviews/events.server";
import {
  applySessionEvent,
  sortQuestions,
  type LiveSessionView,
  type QuestionView,
  type SessionEvent,
} from "~/features/interviews/live-view";
import { canModerate, isHost } from "~/features/interviews/permissions.server";
import { readPublicSessionView } from "~/features/interviews/public-view.server";
import { askQuestion, rateAnswer, readerQuestions, voteOnQuestion } from "~/features/interviews/questions.server";
import { QuestionCard, RatingForm } from "~/features/interviews/question-card";
import { KeptQuestion } from "~/features/interviews/kept-question";
import { sessionSummary } from "~/features/interviews/sessions.server";
import { readIntent, requireInterviewSession, unknownIntent } from "~/features/interviews/route-helpers.server";
import { newSubmissionKey } from "~/shared/submission-key.server";
import { askSchema, listQuerySchema, rateSchema, voteSchema } from "~/features/interviews/schemas";
import { SessionFacts, StateBadge, useSessionText } from "~/features/interviews/session-header";
import {
  acceptsQuestions,
  isOpen,
  QUESTION_MAX_LENGTH,
  QUESTION_SORTS,
  QUESTIONS_SHOWN_STEP,
} from "~/features/interviews/state";
import { translatorFor } from "~/i18n/i18next.server";
import { ErrorSummary } from "~/ui/error-summary";
import { passRetryAfter } from "~/ui/headers";
import { redirectWithFlash } from "~/ui/flash.server";
import { Checkbox, SubmitButton, TextArea } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";
import { useFreshFormKey } from "~/ui/use-fresh-form";
import { isOfficial } from "~/shared/roles";
import { streamEmbedOrigins } from "~/shared/embedding.server";
import { canRunQueue } from "~/features/interviews/permissions.server";
import { useRootData } from "~/root";
import { UserText } from "~/ui/user-text";

export const meta = titleFromLoader;
// Asking and voting are rate limited: a refused post tells the client when to retry.
export const headers = passRetryAfter;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  // The part every visitor sees alike is read once per change, not once per visitor (docs/decisions/0006).
  const view = await readPublicSessionView(params.sessionId ?? "");
  if (!view) throw new Response("Not Found", { status: 404 });
  const { session, lastEventId } = view;
  const reader = await getCurrentUser(request, context);
  const { sort, shown } = listQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  // A page of questions at a time, with "show more": 200 questions were 100 phone screens.
  const part = await view.questions(sort, shown);
  // The question being answered is on the page wherever it is in the order: the banner leads to it.
  // (The part is shared by every visitor of this change: added to a copy.)
  const answering =
    view.answeringId && !part.some((question) => question.id === view.answeringId)
      ? await view.question(view.answeringId)
      : null;
  const questions = answering ? [...part, answering] : part;
  const { t, locale } = await translatorFor(request);
  const title =
    (locale.startsWith("zh") ? session.titleZh || session.titleEn : session.titleEn || session.titleZh) ||
    t("interviews.title");
  return json({
    title: `${title} · ${t("shell.siteName")}`,
    session: sessionSummary(session),
    sort,
    shown,
    total: view.total,
    questions,
    ...(await readerQuestions(session.id, reader)),
    lastEventId,
    liveTopic: sessionTopic(session.id),
    viewers: await viewerCount(sessionTopic(session.id)),
    submissionKey: reader && acceptsQuestions(session.state) ? newSubmissionKey() : null,
    signedIn: !!reader,
    // The player is shown in the page only from a service the installation allows (decision 0040).
    streamEmbedded: embeddable(session.streamUrl),
    can: {
      moderate: canModerate(reader),
      host: isHost(reader, session.hostDepartmentIds),
      desk: canRunQueue(reader, session.hostDepartmentIds),
      answer: isOfficial(reader),
    },
    // Whole seconds: "overdue" needs no finer time, and visitors in the same second then get the
    // same page, which is rendered once for all of them (app/http/shared-render.server.ts).
    now: Math.floor(Date.now() / 1000) * 1000,
  });
}

function embeddable(streamUrl: string) {
  if (!streamUrl) return false;
  try {
    return streamEmbedOrigins().includes(new URL(streamUrl).origin);
  } catch {
    return false;
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const session = await requireInterviewSession(params.sessionId);
  // Back to the page in the reader's order, without the "?index" a form posted without
  // JavaScript carries: an address that stays harmless to reload.
  const url = new URL(request.url);
  const sort = url.searchParams.get("sort");
  const back = `/interviews/${session.id}${sort && (QUESTION_SORTS as readonly string[]).includes(sort) ? `?sort=${sort}` : ""}`;
  const intent = await readIntent(request);
  if (intent === "vote") {
    const inPlace = (await request.clone().formData()).get("answer") === "in-place";
    let questionId = "";
    let added = false;
    const result = await submitForm(request, voteSchema, (input) => {
      questionId = input.questionId;
      added = input.vote === "add";
      return voteOnQuestion(user, session, input.questionId, input.vote);
    });
    if (!result.ok) return result.response;
    // With JavaScript the vote went through a fetcher (its form then says "in-place") and the
    // page stays as it is. Without it the whole page was posted: answer with a redirect (post,
    // redirect, get) to the question itself, so that a reload does not vote again, and say there
    // what happened.
    if (inPlace) return json({ ok: true });
    return redirectWithFlash(`${back}#q-${questionId}`, {
      message: added ? "interviews.questions.voteCounted" : "interviews.questions.voteWithdrawn",
      values: { count: String(result.value.voteCount), questionId },
    });
  }
  if (intent === "rate") {
    let questionId = "";
    const result = await submitForm(request, rateSchema, (input) => {
      questionId = input.questionId;
      return rateAnswer(user, session, input.questionId, input.satisfied, input.comment);
    });
    // Back to the answer just rated, not to the top of a long page.
    return result.ok
      ? redirectWithFlash(`${back}#q-${questionId}`, { message: "interviews.rating.saved" })
      : result.response;
  }
  if (intent !== "ask") return unknownIntent(request);
  const result = await submitForm(request, askSchema, (input) => askQuestion(user, session, input));
  if (!result.ok) return result.response;
  return redirectWithFlash(back, {
    message:
      result.value.status === "published" ? "interviews.ask.receivedPublished" : "interviews.ask.receivedPending",
  });
}

function AskForm({
  submissionKey,
  allowAnonymous,
  hosts,
  onDraft,
}: {
  submissionKey: string;
  allowAnonymous: boolean;
  hosts: HostTopic[];
  /** The text as it is typed, so that it outlives the form if the session stops taking questions. */
  onDraft: (text: string) => void;
}) {
  const { t } = useTranslation();
  const { errors, values } = useFormState();
  const fresh = useFreshFormKey((formData) => formData.get("intent") === "ask");
  // A sent question is not a draft: the form starts empty again.
  useEffect(() => onDraft(""), [fresh, onDraft]);
  return (
    <Form key={fresh} method="post" noValidate className="stack card" aria-labelledby="ask-title">
      <h2 id="ask-title">{t("interviews.ask.title")}</h2>
      <input type="hidden" name="submissionKey" value={submissionKey} />
      <input type="hidden" name="intent" value="ask" />
      <QuestionTypeChoice selected={values.type} error={errors.type} />
      <TopicChoice hosts={hosts} selected={values.departmentId} error={errors.departmentId} />
      <TextArea
        name="text"
        label={t("interviews.ask.text")}
        hint={t("interviews.ask.textHint", { max: QUESTION_MAX_LENGTH })}
        maxLength={QUESTION_MAX_LENGTH}
        defaultValue={values.text}
        error={errors.text}
        onChange={(event) => onDraft(event.currentTarget.value)}
      />
      {allowAnonymous ? (
        <>
          <Checkbox
            name="anonymous"
            label={t("interviews.ask.anonymous")}
            defaultChecked={values.anonymous === "on"}
            error={errors.anonymous}
          />
          <p className="hint">{t("interviews.ask.anonymousHint")}</p>
        </>
      ) : null}
      <SubmitButton name="intent" value="ask" pendingLabel={t("interviews.ask.sending")}>
        {t("interviews.ask.submit")}
      </SubmitButton>
    </Form>
  );
}

export default function InterviewSessionPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const format = useFormat();
  const text = useSessionText();
  const location = useLocation();
  const { errors } = useFormState();
  // A vote sent without JavaScript comes back as a confirmation to show on its question's card.
  const flash = useRootData()?.flash;
  const voteConfirmation =
    flash?.message === "interviews.questions.voteCounted" || flash?.message === "interviews.questions.voteWithdrawn"
      ? flash
      : null;
  const session = data.session;

  const initial = useMemo<LiveSessionView>(
    () => ({
      questions: data.questions as QuestionView[],
      answeringId: data.questions.find((question) => question.answeringAt)?.id ?? null,
      state: session.state,
      viewers: null,
    }),
    [data.questions, session.state],
  );
  const [view, setView] = useState(initial);
  useEffect(() => setView(initial), [initial]);
  // Never in the middle of the navigation after the reader's own form: its confirmation would be lost.
  const revalidate = useRevalidateWhenIdle();
  const apply = (event: SessionEvent) => setView((current) => applySessionEvent(current, event));
  // New answers are announced to screen readers in one polite region, once per answer, never per vote.
  const [announcement, setAnnouncement] = useState("");
  const answersSeen = useRef(new Map<string, number>());
  useEffect(() => {
    for (const question of initial.questions) answersSeen.current.set(question.id, question.answers.length);
  }, [initial]);
  const applyQuestion = (event: SessionEvent) => {
    if (event.type === "question") {
      const seen = answersSeen.current.get(event.question.id) ?? 0;
      if (event.question.answers.length > seen)
        setAnnouncement(t("interviews.questions.newAnswer", { text: event.question.text.slice(0, 80) }));
      answersSeen.current.set(event.question.id, event.question.answers.length);
    }
    apply(event);
  };
  const stream = useLiveEvents<Record<SessionEventType, SessionEvent>>({
    topics: [data.liveTopic],
    after: data.lastEventId,
    handlers: {
      question: applyQuestion,
      vote: apply,
      votes: apply,
      answering: apply,
      removed: apply,
      state: apply,
      // The session's own details changed (title, time, guests): the page's data is read again.
      session: () => revalidate(),
    },
  });
  const viewers = stream.viewers[data.liveTopic] ?? data.viewers;

  // The order stays as the reader found it while votes arrive; new questions wait behind a
  // button ("3 new questions, show them"), so that nothing moves under the reader's finger.
  const [order, setOrder] = useState(() => sortQuestions(initial.questions, data.sort).map((question) => question.id));
  useEffect(
    () => setOrder(sortQuestions(initial.questions, data.sort).map((question) => question.id)),
    [initial, data.sort],
  );
  const listed = new Set(order);
  const byId = new Map(view.questions.map((question) => [question.id, question]));
  const questions = order.flatMap((id) => byId.get(id) ?? []);
  // New: published after the page was read (a question beyond "show more" that changes is not new).
  const arrived = view.questions.filter(
    (question) => !listed.has(question.id) && Date.parse(question.publishedAt ?? question.receivedAt) >= data.now,
  );
  const showArrived = () =>
    setOrder(
      sortQuestions(
        view.questions.filter((question) => listed.has(question.id) || arrived.includes(question)),
        data.sort,
      ).map((question) => question.id),
    );
  const answering = view.answeringId ? view.questions.find((question) => question.id === view.answeringId) : undefined;
  const voted = new Set(data.votedIds);
  const mine = new Set(data.myQuestionIds);
  const canVote = data.signedIn && isOpen(view.state);

  // The session can stop taking questions while a resident types: keep what they wrote.
  const accepting = acceptsQuestions(view.state);
  const draft = useRef("");
  const onDraft = useCallback((value: string) => void (draft.current = value), []);
  const [kept, setKept] = useState<{ text: string; takeFocus: boolean } | null>(null);
  const wasAccepting = useRef(accepting);
  useEffect(() => {
    if (wasAccepting.current && !accepting && draft.current.trim()) {
      const form = document.getElementById("ask-title")?.closest("form");
      const active = document.activeElement;
      setKept({ text: draft.current, takeFocus: !active || active === document.body || !!form?.contains(active) });
    }
    wasAccepting.current = accepting;
  }, [accepting]);

  return (
    <section aria-labelledby="session-title" className="page stack interview">
      <p>
        <Link to="/interviews" className="standalone-link">
          {t("interviews.title")}
        </Link>
      </p>
      <ErrorSummary errors={errors} labels={{ text: t("interviews.ask.text") }} />
      <header className="stack">
        <h1 id="session-title" lang={text.lang(session)}>
          {text.title(session)}
        </h1>
        <p>
          <StateBadge state={view.state} /> {t(`interviews.stateHelp.${view.state}`)}
        </p>
        {isOpen(view.state) ? (
          <>
            <p className="live-line">
              <ViewerCount count={viewers} />
            </p>
            <LiveStatus state={stream.state} />
            <noscript>
              <p className="note">{t("live.reloadWithoutScript")}</p>
            </noscript>
          </>
        ) : null}
        <p>
          {t("interviews.when", { start: format.dateTime(session.startsAt), end: format.dateTime(session.endsAt) })}
        </p>
        {text.summary(session) ? <p className="lead">{text.summary(session)}</p> : null}
        <SessionFacts session={session} />
        <ul className="link-row">
          <li>
            <a href={`/interviews/${session.id}/calendar.ics`} download>
              {t("interviews.addToCalendar")}
            </a>
          </li>
          <li>
            <Link to={`/interviews/${session.id}/transcript`}>{t("interviews.transcript.link")}</Link>
          </li>
          <li>
            <Link to={`/interviews/${session.id}/statistics`}>{t("interviews.statistics.link")}</Link>
          </li>
          {data.can.moderate ? (
            <li>
              <Link to={`/interviews/${session.id}/moderate`}>{t("interviews.moderation.link")}</Link>
            </li>
          ) : null}
          {data.can.answer ? (
            <li>
              <Link to={`/interviews/${session.id}/console`}>{t("interviews.console.link")}</Link>
            </li>
          ) : null}
          {data.can.desk ? (
            <li>
              <Link to={`/interviews/${session.id}/desk`}>{t("interviews.desk.link")}</Link>
            </li>
          ) : null}
          {data.can.host ? (
            <li>
              <Link to={`/interviews/${session.id}/edit`}>{t("interviews.host.edit")}</Link>
            </li>
          ) : null}
        </ul>
        {session.streamUrl ? (
          <section aria-labelledby="stream-title" className="stack">
            <h2 id="stream-title">{t("interviews.stream.title")}</h2>
            {data.streamEmbedded ? (
              <iframe
                className="stream-frame"
                src={session.streamUrl}
                title={t("interviews.stream.frame")}
                allow="autoplay; fullscreen; picture-in-picture"
                allowFullScreen
                referrerPolicy="no-referrer"
                sandbox="allow-scripts allow-same-origin allow-presentation"
              />
            ) : null}
            <p>
              <a href={session.streamUrl} rel="noopener noreferrer external" className="standalone-link">
                {t("interviews.stream.link")}
              </a>
            </p>
          </section>
        ) : null}
        {session.minutesZh || session.minutesEn ? (
          <section aria-labelledby="minutes-title" className="stack" data-testid="minutes">
            <h2 id="minutes-title">{t("interviews.minutes.title")}</h2>
            {text.minutes(session) ? <UserText as="p" className="minutes-text" text={text.minutes(session)} /> : null}
            {session.minutesAt ? (
              <p className="question-meta">
                {t("interviews.minutes.updated", { time: format.dateTime(session.minutesAt) })}
              </p>
            ) : null}
          </section>
        ) : null}
      </header>

      <p className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="answer-announcement">
        {announcement}
      </p>
      <div aria-live="polite" className="now-answering-region">
        {answering ? (
          <p className="now-answering-banner">
            <a href={`#q-${answering.id}`}>
              {t("interviews.questions.nowAnsweringBanner", { text: answering.text.slice(0, 80) })}
            </a>
          </p>
        ) : null}
      </div>

      <p aria-live="polite" className="visually-hidden">
        {kept ? t("interviews.kept.announce") : ""}
      </p>
      {accepting ? (
        data.submissionKey ? (
          <AskForm
            submissionKey={data.submissionKey}
            allowAnonymous={session.allowAnonymous}
            hosts={session.hosts}
            onDraft={onDraft}
          />
        ) : (
          <p className="note">
            <Trans
              i18nKey="interviews.ask.loginToAsk"
              components={{ login: <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`} /> }}
            />
          </p>
        )
      ) : kept ? (
        <KeptQuestion text={kept.text} takeFocus={kept.takeFocus} />
      ) : (
        <p className="note">{t("interviews.ask.closed")}</p>
      )}

      {data.myQuestions.some((question) => question.status !== "published") ? (
        <section aria-labelledby="mine-title" className="stack">
          <h2 id="mine-title">{t("interviews.questions.mine")}</h2>
          <ul className="link-list">
            {data.myQuestions
              .filter((question) => question.status !== "published")
              .map((question) => (
                <li key={question.id}>
                  <UserText as="p" className="question-text" text={question.text} />
                  <p className="question-meta">
                    {question.status === "pending"
                      ? t("interviews.questions.pending")
                      : question.status === "hidden"
                        ? t("interviews.questions.hidden")
                        : question.status === "rejected"
                          ? t("interviews.questions.rejected", { reason: question.rejectionReason ?? "" })
                          : t("interviews.questions.mergedInto")}
                  </p>
                </li>
              ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="questions-title" className="stack">
        <h2 id="questions-title">{t("interviews.questions.title")}</h2>
        <nav aria-label={t("interviews.questions.sortLabel")} className="sort-links">
          {QUESTION_SORTS.map((sort) => (
            <Link
              key={sort}
              to={`?sort=${sort}`}
              aria-current={sort === data.sort ? "true" : undefined}
              preventScrollReset
              replace
            >
              {t(`interviews.questions.sorts.${sort}`)}
            </Link>
          ))}
        </nav>
        {arrived.length > 0 ? (
          <p>
            <button type="button" className="new-questions" onClick={showArrived}>
              {t("interviews.questions.newQuestions", { count: arrived.length })}
            </button>
          </p>
        ) : null}
        {questions.length === 0 ? (
          <p className="empty-state">{t("interviews.questions.empty")}</p>
        ) : (
          <div className="question-list">
            {questions.map((question) => (
              <QuestionCard
                key={question.id}
                question={question}
                answering={question.id === view.answeringId}
                voted={voted.has(question.id)}
                mine={mine.has(question.id)}
                canVote={canVote}
                now={data.now}
                rating={mine.has(question.id) ? <RatingForm question={question} /> : null}
                confirmation={voteConfirmation?.values?.questionId === question.id ? voteConfirmation : null}
              />
            ))}
          </div>
        )}
        {data.total > data.shown ? (
          <p>
            <Link
              to={`?${new URLSearchParams({ sort: data.sort, shown: String(data.shown + QUESTIONS_SHOWN_STEP) })}`}
              preventScrollReset
              replace
              className="standalone-link"
            >
              {t("interviews.questions.showMore", { shown: data.shown, total: data.total })}
            </Link>
          </p>
        ) : null}
      </section>
    </section>
  );
}
