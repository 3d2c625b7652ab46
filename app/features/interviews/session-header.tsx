import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/ui/format";
import type { SessionState } from "./state";
import { textComma, textLanguage } from "~/ui/user-text";

export interface SessionSummary {
  id: string;
  titleZh: string;
  titleEn: string;
  summaryZh: string;
  summaryEn: string;
  topic: string;
  startsAt: string;
  endsAt: string;
  state: SessionState;
  /** The session's promise: working days after its end, and the moment that gives (decision 0030). */
  replyWorkingDays: number;
  replyDueAt: string;
  streamUrl?: string;
  minutesZh?: string;
  minutesEn?: string;
  minutesAt?: string | null;
  hosts: Array<{ department: { id: string; nameZh: string; nameEn: string } }>;
  guests: Array<{ name: string; title: string }>;
}

/** A session's title in the reader's language, or the other one where only that was given. */
export function useSessionText() {
  const { i18n } = useTranslation();
  const zh = i18n.language.startsWith("zh");
  return {
    title: (session: Pick<SessionSummary, "titleZh" | "titleEn">) =>
      zh ? session.titleZh || session.titleEn : session.titleEn || session.titleZh,
    summary: (session: Pick<SessionSummary, "summaryZh" | "summaryEn">) =>
      zh ? session.summaryZh || session.summaryEn : session.summaryEn || session.summaryZh,
    /** The hosts' minutes in the reader's language, or the other one where only that was written. */
    minutes: (session: Pick<SessionSummary, "minutesZh" | "minutesEn">) =>
      (zh ? session.minutesZh || session.minutesEn : session.minutesEn || session.minutesZh) ?? "",
    lang: (session: Pick<SessionSummary, "titleZh" | "titleEn">) =>
      (zh ? session.titleZh : !session.titleEn) ? "zh-CN" : "en",
  };
}

export function StateBadge({ state }: { state: SessionState }) {
  const { t } = useTranslation();
  return <span className={`badge state-${state}`}>{t(`interviews.states.${state}`)}</span>;
}

export function SessionFacts({ session }: { session: SessionSummary }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <dl className="facts">
      <dt>{t("interviews.topic")}</dt>
      <dd>{session.topic}</dd>
      <dt>{t("interviews.hosts")}</dt>
      <dd>{session.hosts.map((host) => format.departmentName(host.department)).join(t("shell.listSeparator"))}</dd>
      {session.guests.length > 0 ? (
        <>
          <dt>{t("interviews.guests")}</dt>
          <dd>
            <ul className="plain-list">
              {session.guests.map((guest) => (
                <li key={`${guest.name}-${guest.title}`} lang={textLanguage(`${guest.name}${guest.title}`)}>
                  {guest.name}
                  {textComma(`${guest.name}${guest.title}`)}
                  {guest.title}
                </li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
      <dt>{t("interviews.promise.title")}</dt>
      <dd>
        {t("interviews.promise.statement", {
          count: session.replyWorkingDays,
          time: format.dateTime(session.replyDueAt),
        })}
      </dd>
    </dl>
  );
}

/** One session in a listing: title, state, time and hosts. */
export function SessionListItem({ session }: { session: SessionSummary }) {
  const { t } = useTranslation();
  const format = useFormat();
  const text = useSessionText();
  return (
    <li className="list-item">
      <Link to={`/interviews/${session.id}`} lang={text.lang(session)}>
        {text.title(session)}
      </Link>
      <StateBadge state={session.state} />
      <p className="question-meta">
        {t("interviews.when", { start: format.dateTime(session.startsAt), end: format.dateTime(session.endsAt) })} ·{" "}
        {session.hosts.map((host) => format.departmentName(host.department)).join(t("shell.listSeparator"))}
      </p>
    </li>
  );
}
