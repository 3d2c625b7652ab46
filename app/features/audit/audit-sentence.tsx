import { Link } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { useFormat } from "~/ui/format";
import type { AuditView } from "./audit.server";

type Jsonified<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };

/**
 * What happened, as a sentence in the reader's language, with the person and the department
 * linked where they still exist: "Granted the Moderator role to 张阿姨", not an id and JSON.
 */
export function AuditSentence({ entry }: { entry: Jsonified<AuditView> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const person = entry.person;
  const department = entry.department;
  const values = {
    person: person ? person.name || t("account.deletedUser") : "",
    department: department ? format.departmentName(department) : "",
    role: entry.role ? t(`roles.${entry.role}`, { defaultValue: entry.role }) : "",
    count: entry.sessions ?? 0,
    interview: entry.interview?.title ?? "",
    question: entry.question?.excerpt ?? "",
    channel: entry.question?.channel ? t(`interviews.channels.${entry.question.channel}`) : "",
    reason: entry.question?.reason ?? "",
    editReason: entry.question?.editReason
      ? t(`interviews.moderation.editReasons.${entry.question.editReason}`, { defaultValue: entry.question.editReason })
      : "",
    guest: entry.question?.guest ?? "",
    subject: entry.priority?.title ?? "",
    phase: entry.priority?.phase ? t(`priorities.phases.${entry.priority.phase}`) : "",
    via: entry.priority?.channel ? t(`priorities.channels.${entry.priority.channel}`) : "",
    response: entry.priority?.reason ?? "",
    year: entry.holidays?.year ?? "",
    daysOff: entry.holidays?.daysOff ?? 0,
    workingDays: entry.holidays?.workingDays ?? 0,
  };
  const components = {
    person: person && !person.deleted ? <Link to={`/admin/users/${person.id}`} /> : <span />,
    department: department?.id ? <Link to={`/admin/departments/${department.id}`} /> : <span />,
    interview: entry.interview ? <Link to={`/interviews/${entry.interview.id}`} /> : <span />,
    question: entry.question?.sessionId ? (
      <Link to={`/interviews/${entry.question.sessionId}#q-${entry.question.id}`} />
    ) : (
      <span />
    ),
    subject: entry.priority?.href ? <Link to={entry.priority.href} /> : <span />,
  };
  return <Trans i18nKey={`admin.audit.sentences.${entry.action}`} values={values} components={components} t={t} />;
}
