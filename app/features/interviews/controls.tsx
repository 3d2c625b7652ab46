import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ChoiceGroup, SelectField, SubmitButton } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { useSessionText } from "./session-header";
import { QUESTION_TYPES } from "./state";

type DepartmentName = { id: string; nameZh: string; nameEn: string };

/** The responsible department's name, or "To be routed" for a question that has none yet (decision 0044). */
export function useResponsibleName() {
  const { t } = useTranslation();
  const format = useFormat();
  return (department: { nameZh: string; nameEn: string } | null) =>
    department ? format.departmentName(department) : t("interviews.routing.toBeRouted");
}

/** The link back to a session from its staff and statistics pages. */
export function BackToSession({ session }: { session: { id: string; titleZh: string; titleEn: string } }) {
  const text = useSessionText();
  return (
    <p>
      <Link to={`/interviews/${session.id}`} className="standalone-link" lang={text.lang(session)}>
        {text.title(session)}
      </Link>
    </p>
  );
}

/** A hosting department of a session and its topic line, as the session's page receives it. */
export type HostTopic = { department: DepartmentName; topicZh: string | null; topicEn: string | null };

/**
 * Which hosting department a question is about, offered by each host's topic in plain words, and
 * "Not sure" (the default: the moderators route it; decision 0044). Only in a session of several
 * hosts: with one, every question is that host's and nothing is asked.
 */
export function TopicChoice({ hosts, selected, error }: { hosts: HostTopic[]; selected?: string; error?: string }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  if (hosts.length < 2) return null;
  const zh = i18n.language.startsWith("zh");
  return (
    <ChoiceGroup
      name="departmentId"
      kind="radio"
      legend={t("interviews.routing.topic")}
      options={[
        ...hosts.map((host) => {
          const topic = (zh ? host.topicZh || host.topicEn : host.topicEn || host.topicZh) || "";
          const name = format.departmentName(host.department);
          return { value: host.department.id, label: topic || name, hint: topic ? name : undefined };
        }),
        { value: "", label: t("interviews.routing.notSure") },
      ]}
      selected={[selected ?? ""]}
      error={error}
    />
  );
}

/** The three kinds of question, each with a line saying what it is for. */
export function QuestionTypeChoice({ selected, error }: { selected?: string; error?: string }) {
  const { t } = useTranslation();
  return (
    <ChoiceGroup
      name="type"
      kind="radio"
      legend={t("interviews.ask.type")}
      options={QUESTION_TYPES.map((type) => ({
        value: type,
        label: t(`interviews.types.${type}`),
        hint: t(`interviews.typeHints.${type}`),
      }))}
      selected={[selected ?? ""]}
      error={error}
    />
  );
}

/** A choice of department; with `anyLabel`, an empty first option (all departments, or the default). */
export function DepartmentSelect({
  name,
  label,
  departments,
  value,
  anyLabel,
  id,
  error,
}: {
  name: string;
  label: string;
  departments: DepartmentName[];
  value?: string;
  anyLabel?: string;
  id?: string;
  error?: string;
}) {
  const format = useFormat();
  const options = departments.map((department) => ({ value: department.id, label: format.departmentName(department) }));
  return (
    <SelectField
      name={name}
      id={id}
      label={label}
      defaultValue={value ?? ""}
      options={anyLabel ? [{ value: "", label: anyLabel }, ...options] : options}
      error={error}
    />
  );
}

/** Passes a question to the department responsible for it. */
export function ReassignForm({
  question,
  departments,
  form: FormComponent = Form,
  children,
}: {
  question: { id: string; departmentId: string | null };
  departments: DepartmentName[];
  /** A fetcher's form, where the page sends it without reloading. */
  form?: typeof Form;
  /** Hidden fields of the page's own. */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <FormComponent method="post" className="inline-form">
      <input type="hidden" name="questionId" value={question.id} />
      {children}
      <DepartmentSelect
        name="departmentId"
        id={`department-${question.id}`}
        label={t("interviews.moderation.reassign")}
        departments={departments}
        value={question.departmentId ?? undefined}
        anyLabel={question.departmentId ? undefined : t("interviews.routing.choose")}
      />
      <SubmitButton name="intent" value="reassign" pendingLabel={t("actions.saving")}>
        {t(question.departmentId ? "interviews.moderation.reassignSubmit" : "interviews.routing.routeSubmit")}
      </SubmitButton>
    </FormComponent>
  );
}
