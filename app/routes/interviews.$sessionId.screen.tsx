import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { sessionTopic } from "~/features/interviews/events.server";
import { readPublicSessionView } from "~/features/interviews/public-view.server";
import { answerCredit } from "~/features/interviews/question-card";
import { useLiveRevalidation } from "~/features/live/use-live-events";
import { i18nextFor } from "~/i18n/i18next.server";
import { titleFromLoader } from "~/ui/meta";
import { textLanguage } from "~/ui/user-text";

export const meta = titleFromLoader;
// Shown without the site's header and footer: a hall screen has nothing to press.
export const handle = { bare: true };

/**
 * The hall screen (decision 0040): the question the hall is on and its answers, large, with the
 * labels and the session's title in both languages, following the hosts live. It is public, as
 * the session page is, and may be framed by the forum's own pages and the origins the
 * installation lists in SCREEN_EMBED_ORIGINS (app/shared/embedding.server.ts).
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const view = await readPublicSessionView(params.sessionId ?? "");
  if (!view) throw new Response("Not Found", { status: 404 });
  const { session, lastEventId } = view;
  const current = session.currentQuestionId ? await view.question(session.currentQuestionId) : null;
  const label = (key: string) => ({ zh: i18nextFor("zh-CN").t(key), en: i18nextFor("en").t(key) });
  return json({
    title: [session.titleZh, session.titleEn, label("interviews.screen.title").zh].filter(Boolean).join(" · "),
    session: { id: session.id, titleZh: session.titleZh, titleEn: session.titleEn },
    current: current && {
      id: current.id,
      text: current.text,
      answers: current.answers.map((answer) => ({
        id: answer.id,
        text: answer.text,
        credit: answerCredit(answer),
      })),
    },
    labels: {
      question: label("interviews.screen.question"),
      answer: label("interviews.screen.answer"),
      waiting: label("interviews.screen.waiting"),
      noAnswer: label("interviews.screen.noAnswer"),
    },
    lastEventId,
    liveTopic: sessionTopic(session.id),
  });
}

/** A label in both languages, Chinese first: "问题 · Question". */
function Both({ label }: { label: { zh: string; en: string } }) {
  return (
    <>
      <span lang="zh-CN">{label.zh}</span> · <span lang="en">{label.en}</span>
    </>
  );
}

export default function HallScreen() {
  const data = useLoaderData<typeof loader>();
  useLiveRevalidation({
    topics: [data.liveTopic],
    after: data.lastEventId,
    types: ["current", "question", "removed", "session"],
    minIntervalMs: 300,
  });
  const { session, current, labels } = data;
  return (
    <div className="hall-screen">
      {/* Where script fails on the hall's computer, the screen still follows, a little later. */}
      <noscript>
        <meta httpEquiv="refresh" content="15" />
      </noscript>
      <h1>
        {session.titleZh ? <span lang="zh-CN">{session.titleZh}</span> : null}
        {session.titleZh && session.titleEn ? " · " : null}
        {session.titleEn ? <span lang="en">{session.titleEn}</span> : null}
      </h1>
      {/* One polite region: a screen reader on the screen's page hears each new question once. */}
      <div aria-live="polite" className="stack" data-testid="screen-current">
        {current ? (
          <>
            <p className="screen-label">
              <Both label={labels.question} />
            </p>
            <p className="screen-question" lang={textLanguage(current.text)}>
              {current.text}
            </p>
            <p className="screen-label">
              <Both label={labels.answer} />
            </p>
            {current.answers.length === 0 ? (
              <p className="screen-waiting">
                <Both label={labels.noAnswer} />
              </p>
            ) : (
              current.answers.map((answer) => (
                <div key={answer.id} className="stack">
                  <p className="screen-answer" lang={textLanguage(answer.text)}>
                    {answer.text}
                  </p>
                  <p className="screen-credit" lang={textLanguage(answer.credit)}>
                    {answer.credit}
                  </p>
                </div>
              ))
            )}
          </>
        ) : (
          <p className="screen-waiting">
            <Both label={labels.waiting} />
          </p>
        )}
      </div>
    </div>
  );
}
