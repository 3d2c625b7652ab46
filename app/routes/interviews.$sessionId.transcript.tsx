import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { sessionTopic } from "~/features/interviews/events.server";
import { readPublicSessionView } from "~/features/interviews/public-view.server";
import { answerCredit, AskerLabel } from "~/features/interviews/question-card";
import { useSessionText } from "~/features/interviews/session-header";
import { isOpen } from "~/features/interviews/state";
import { LiveStatus } from "~/features/live/live-status";
import { useLiveRevalidation } from "~/features/live/use-live-events";
import { translatorFor } from "~/i18n/i18next.server";
import { useResponsibleName } from "~/features/interviews/controls";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";

export const meta = titleFromLoader;

/**
 * The transcript (访谈实录): the answered questions in the order they were answered, with their
 * answers, during the session (it grows as answers arrive) and after it.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const view = await readPublicSessionView(params.sessionId ?? "");
  if (!view) throw new Response("Not Found", { status: 404 });
  const answered = await view.answered();
  const { t } = await translatorFor(request);
  return json({
    title: `${t("interviews.transcript.title")} · ${t("shell.siteName")}`,
    session: {
      id: view.session.id,
      titleZh: view.session.titleZh,
      titleEn: view.session.titleEn,
      state: view.session.state,
    },
    answered,
    lastEventId: view.lastEventId,
    liveTopic: sessionTopic(view.session.id),
  });
}

export default function SessionTranscript() {
  const { t } = useTranslation();
  const format = useFormat();
  const responsible = useResponsibleName();
  const data = useLoaderData<typeof loader>();
  const text = useSessionText();
  const open = isOpen(data.session.state);
  const stream = useLiveRevalidation({
    topics: open ? [data.liveTopic] : [],
    after: data.lastEventId,
    types: ["question", "removed"],
  });
  return (
    <section aria-labelledby="transcript-title" className="page stack">
      <p>
        <Link to={`/interviews/${data.session.id}`} className="standalone-link" lang={text.lang(data.session)}>
          {text.title(data.session)}
        </Link>
      </p>
      <h1 id="transcript-title">{t("interviews.transcript.title")}</h1>
      <p className="lead">{t("interviews.transcript.lead")}</p>
      {open ? <LiveStatus state={stream.state} /> : null}
      {data.answered.length === 0 ? (
        <p className="empty-state">{t("interviews.transcript.empty")}</p>
      ) : (
        <ol className="transcript stack">
          {data.answered.map((question) => (
            <li key={question.id} id={`q-${question.id}`} className="card stack">
              <p className="question-meta">
                <AskerLabel question={question} /> · {t(`interviews.types.${question.type}`)} ·{" "}
                {responsible(question.department)}
              </p>
              <p className="question-text">{question.text}</p>
              {question.answers.map((answer) => (
                <div key={answer.id} className="answer">
                  <p className="question-meta">
                    {answerCredit(answer)} · {format.dateTime(answer.createdAt)} ·{" "}
                    {t(
                      answer.mode === "live"
                        ? "interviews.transcript.answeredLive"
                        : "interviews.transcript.answeredLater",
                    )}
                  </p>
                  <p className="answer-text">{answer.text}</p>
                </div>
              ))}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
