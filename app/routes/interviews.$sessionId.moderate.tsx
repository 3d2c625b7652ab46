import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData, useLocation, type ShouldRevalidateFunction } from "@remix-run/react";
import { createContext, useContext, useEffect, useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ReassignForm, BackToSession, DepartmentSelect } from "~/features/interviews/controls";
import { listDepartmentNames } from "~/features/departments/departments.server";
import { queueTopic, sessionTopic } from "~/features/interviews/events.server";
import { LiveStatus } from "~/features/live/live-status";
import { EDIT_REASONS, QUESTION_TYPES } from "~/features/interviews/state";
import { live } from "~/features/live/live.server";
import { useLiveRevalidation } from "~/features/live/use-live-events";
import type { QuestionView } from "~/features/interviews/live-view";
import {
  approveQuestion,
  approveQuestions,
  countModeration,
  editQuestion,
  listModeration,
  mergeQuestions,
  reassignQuestion,
  rejectQuestion,
  searchMergeTargets,
} from "~/features/interviews/moderation.server";
import { canModerate } from "~/features/interviews/permissions.server";
import { AskerLabel, AskerRating, QuestionCard, QuestionInName } from "~/features/interviews/question-card";
import { publicQuestion } from "~/features/interviews/questions.server";
import { requireSessionStaff, runIntent } from "~/features/interviews/route-helpers.server";
import {
  approveSchema,
  bulkApproveSchema,
  editQuestionSchema,
  mergeSchema,
  moderationQuerySchema,
  reassignSchema,
  rejectSchema,
  type ModerationQuery,
} from "~/features/interviews/schemas";

import { translatorFor } from "~/i18n/i18next.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { Field, SelectField, SubmitButton, TextArea } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";
import { pageTitle } from "~/ui/page.server";
import { Pagination } from "~/ui/pagination";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";
import type { FieldErrors } from "~/validation";

export const meta = titleFromLoader;

const readQuery = (url: URL) => moderationQuerySchema.parse(Object.fromEntries(url.searchParams));

/** The filters of the address, as a search string (without the merge search, which is done once). */
function filtersSearch(query: Omit<ModerationQuery, "merge" | "into">) {
  const params = new URLSearchParams();
  if (query.view !== "pending") params.set("view", query.view);
  if (query.type) params.set("type", query.type);
  if (query.department) params.set("department", query.department);
  if (query.q) params.set("q", query.q);
  if (query.page > 1) params.set("page", String(query.page));
  const search = params.toString();
  return search ? `?${search}` : "";
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const lastEventId = await live.lastEventId();
  const { session } = await requireSessionStaff(request, context, params.sessionId, canModerate);
  const { locale } = await translatorFor(request);
  const query = readQuery(new URL(request.url));
  const [list, counts, departments, mergeTargets] = await Promise.all([
    listModeration(session.id, query),
    countModeration(session.id),
    listDepartmentNames(locale),
    query.merge && query.into ? searchMergeTargets(session.id, query.merge, query.into) : Promise.resolve(null),
  ]);
  return json({
    title: await pageTitle(request, "interviews.moderation.title"),
    session: { id: session.id, titleZh: session.titleZh, titleEn: session.titleEn, state: session.state },
    query,
    // Moderators know who asked, also behind "Anonymous": the queue shows the real name.
    questions: list.rows.map((row) => ({
      ...publicQuestion(row),
      realAsker: row.asker?.displayName ?? null,
      enteredBy: row.enteredBy?.displayName ?? null,
      rating: { satisfied: row.satisfied, ratingComment: row.ratingComment, ratedAt: row.ratedAt },
      // The version this page shows: an approval names it (decision 0041).
      seen: row.updatedAt.toISOString(),
    })),
    total: list.total,
    pages: list.pages,
    counts,
    // The session's hosts first: most questions are routed to one of them.
    departments: [
      ...departments.filter((department) => session.hostDepartmentIds.includes(department.id)),
      ...departments.filter((department) => !session.hostDepartmentIds.includes(department.id)),
    ],
    mergeTargets,
    lastEventId,
    liveTopics: [queueTopic(session.id), sessionTopic(session.id)],
    now: Date.now(),
  });
}

const FLASH = {
  approve: "interviews.moderation.approved",
  reject: "interviews.moderation.rejectedDone",
  edit: "interviews.moderation.edited",
  merge: "interviews.moderation.mergedDone",
  reassign: "interviews.moderation.reassigned",
  approveSelected: "interviews.moderation.bulkApproved",
} as const;

/**
 * A bulk approval that left questions still to be routed says so (decision 0044): they wait for a
 * department each, chosen on their own cards.
 */
function flashFor(intent: keyof typeof FLASH, values: Record<string, string> | undefined) {
  return intent === "approveSelected" && values?.toBeRouted !== "0"
    ? "interviews.routing.bulkLeftToRoute"
    : FLASH[intent];
}

/** What a form sent in place gets back: done (with the bulk counts), or the reasons it was refused. */
interface ModerationReply {
  ok?: boolean;
  intent?: string;
  message?: string;
  values?: Record<string, string>;
  fieldErrors?: FieldErrors;
}

const firstError = (reply: ModerationReply | undefined) =>
  reply?.fieldErrors ? (Object.values(reply.fieldErrors).find(Boolean) ?? null) : null;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, session } = await requireSessionStaff(request, context, params.sessionId, canModerate);
  let values: Record<string, string> | undefined;
  const commands = {
    approve: () =>
      submitForm(request, approveSchema, (input) =>
        approveQuestion(user, session, input.questionId, input.seen, input.departmentId),
      ),
    approveSelected: () =>
      submitForm(request, bulkApproveSchema, async (input) => {
        const outcome = await approveQuestions(user, session, input.questionIds, input.seen);
        if (outcome.ok)
          values = {
            approved: String(outcome.value.approved),
            alreadyHandled: String(outcome.value.alreadyHandled),
            toBeRouted: String(outcome.value.toBeRouted),
          };
        return outcome;
      }),
    reject: () =>
      submitForm(request, rejectSchema, (input) => rejectQuestion(user, session, input.questionId, input.reason)),
    edit: () =>
      submitForm(request, editQuestionSchema, (input) =>
        editQuestion(user, session, input.questionId, input.text, input.editReason),
      ),
    merge: () =>
      submitForm(request, mergeSchema, (input) => mergeQuestions(user, session, input.questionId, input.intoId)),
    reassign: () =>
      submitForm(request, reassignSchema, (input) =>
        reassignQuestion(user, session, input.questionId, input.departmentId),
      ),
  };
  // The page's script asks for the outcome itself (the card has already left); a form without
  // JavaScript gets the page again, with the same filters, after the redirect.
  const inPlace = (await request.clone().formData()).get("reply") === "in-place";
  const { intent, response } = await runIntent(request, commands);
  if (!intent) return response;
  const message = flashFor(intent, values);
  if (inPlace) return json({ ok: true as const, intent, values, message } satisfies ModerationReply);
  const { merge: _merge, into: _into, ...filters } = readQuery(new URL(request.url));
  return redirectWithFlash(`/interviews/${session.id}/moderate${filtersSearch(filters)}`, { message, values });
}

/**
 * A refused decision leaves the page as it is, so that the card that came back keeps its reason
 * beside it (a reload would take it away unexplained when another moderator decided first).
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  (actionResult as ModerationReply | undefined)?.fieldErrors ? false : defaultShouldRevalidate;

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type ModerationQuestion = Data["questions"][number];

/** Where the page's script runs, forms ask for their outcome in place instead of the page again. */
function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

function InPlace() {
  return useHydrated() ? <input type="hidden" name="reply" value="in-place" /> : null;
}

const BULK_FORM = "bulk-approve";

/**
 * The page's one polite region for what a decision sent in place did ("The question was
 * published."): the card itself has left, and a screen reader must still hear that it worked.
 */
const Announce = createContext<(message: string) => void>(() => {});

/** Says what a fetcher's decision did once its reply arrives (before the card leaves the list). */
function useAnnounceReply(reply: ModerationReply | undefined) {
  const { t } = useTranslation();
  const announce = useContext(Announce);
  useEffect(() => {
    if (reply?.ok && reply.intent && Object.hasOwn(FLASH, reply.intent))
      announce(t(reply.message ?? FLASH[reply.intent as keyof typeof FLASH], reply.values));
  }, [reply, announce, t]);
}
const LEAVING_INTENTS = new Set(["approve", "reject", "merge"]);

/** The merge target, searched for by its words: a search form and the matching questions to pick from. */
function MergeControl({ question, data }: { question: ModerationQuestion; data: Data }) {
  const { t } = useTranslation();
  const location = useLocation();
  const search = useFetcher<{ targets: Array<{ id: string; text: string; voteCount: number }> }>();
  const opened = data.query.merge === question.id;
  const [words, setWords] = useState(opened ? data.query.into : "");
  const targets: Array<{ id: string; text: string; voteCount: number }> | null =
    search.data?.targets ?? (opened ? data.mergeTargets : null);
  const { merge: _merge, into: _into, ...filters } = data.query;
  const filterFields = new URLSearchParams(filtersSearch(filters));
  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    search.load(
      `/interviews/${data.session.id}/merge-targets?${new URLSearchParams({ questionId: question.id, into: words })}`,
    );
  };
  return (
    <details open={opened || undefined}>
      <summary>
        {t("interviews.moderation.merge")}
        <QuestionInName text={question.text} />
      </summary>
      <Form method="get" action={location.pathname} className="inline-form" onSubmit={onSearch} role="search">
        {[...filterFields].map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="merge" value={question.id} />
        <Field
          name="into"
          id={`into-search-${question.id}`}
          type="search"
          label={t("interviews.moderation.mergeSearch")}
          value={words}
          onChange={(event) => setWords(event.currentTarget.value)}
          maxLength={100}
        />
        <button type="submit">
          {t("interviews.moderation.mergeSearchSubmit")}
          <QuestionInName text={question.text} />
        </button>
      </Form>
      {targets === null ? null : targets.length === 0 ? (
        <p className="empty-state" role="status">
          {t("interviews.moderation.mergeNoMatch")}
        </p>
      ) : (
        <MergeTargets question={question} targets={targets} />
      )}
    </details>
  );
}

function MergeTargets({
  question,
  targets,
}: {
  question: ModerationQuestion;
  targets: Array<{ id: string; text: string; voteCount: number }>;
}) {
  const { t } = useTranslation();
  const fetcher = useCardFetcher(question.id);
  return (
    <fetcher.Form method="post" className="stack">
      <input type="hidden" name="questionId" value={question.id} />
      <InPlace />
      <fieldset>
        <legend>{t("interviews.moderation.mergeInto")}</legend>
        {targets.map((target, index) => (
          <div className="field checkbox" key={target.id}>
            <input
              type="radio"
              name="intoId"
              id={`into-${question.id}-${target.id}`}
              value={target.id}
              defaultChecked={index === 0}
            />
            <label htmlFor={`into-${question.id}-${target.id}`}>
              {target.text.slice(0, 120)} ({t("interviews.questions.votes", { count: target.voteCount })})
            </label>
          </div>
        ))}
      </fieldset>
      <p className="hint">{t("interviews.moderation.mergeHint")}</p>
      <SubmitButton name="intent" value="merge" pendingLabel={t("actions.saving")}>
        {t("interviews.moderation.mergeSubmit")}
        <QuestionInName text={question.text} />
      </SubmitButton>
    </fetcher.Form>
  );
}

/** Every form of a card shares one fetcher: the card follows the last thing done to it. */
const useCardFetcher = (questionId: string) => useFetcher({ key: `moderate-${questionId}` });

function ModerationCard({ question, data }: { question: ModerationQuestion; data: Data }) {
  const { t } = useTranslation();
  const fetcher = useCardFetcher(question.id);
  const bulk = useFetcher({ key: BULK_FORM });
  const pending = question.status === "pending";
  // No department yet (decision 0044): approved with one chosen on this card, never in bulk.
  const toBeRouted = !question.departmentId;
  const intent = String(fetcher.formData?.get("intent") ?? "");
  // The card leaves at once; if the server refuses, it comes back with the reason.
  const leaving =
    (fetcher.state !== "idle" && LEAVING_INTENTS.has(intent)) ||
    (bulk.state !== "idle" && (bulk.formData?.getAll("questionIds") ?? []).includes(question.id));
  const refused = fetcher.state === "idle" ? firstError(fetcher.data as ModerationReply | undefined) : null;
  useAnnounceReply(fetcher.data as ModerationReply | undefined);
  if (leaving) return null;
  const prefix = question.id;
  return (
    <QuestionCard question={question as QuestionView} answering={!!question.answeringAt} now={data.now}>
      <p className="question-meta">
        {question.enteredBy
          ? t("interviews.moderation.enteredBy", {
              name: question.enteredBy,
              channel: t(`interviews.channels.${question.channel}`),
            })
          : t("interviews.moderation.askedBy", {
              name: question.realAsker ?? t("interviews.questions.deletedAsker"),
            })}
        {question.anonymous && question.channel === "online" ? (
          <>
            {" "}
            (<AskerLabel question={question} />)
          </>
        ) : null}
      </p>
      <AskerRating rating={question.rating} />
      {refused ? (
        <p className="field-error" role="alert">
          {refused}
        </p>
      ) : null}
      <div className="stack moderation-controls">
        {pending ? (
          <div className="inline-form">
            {toBeRouted ? (
              <p className="hint">{t("interviews.routing.bulkNote")}</p>
            ) : (
              <div className="field checkbox">
                <input type="checkbox" name="questionIds" value={question.id} form={BULK_FORM} id={`pick-${prefix}`} />
                {/* The version read: a question its asker reworded since is not approved unread. */}
                <input type="hidden" name="seen" value={`${question.id}@${question.seen}`} form={BULK_FORM} />
                <label htmlFor={`pick-${prefix}`}>
                  {t("interviews.moderation.pick")}
                  <QuestionInName text={question.text} />
                </label>
              </div>
            )}
            <fetcher.Form method="post" className="inline-form">
              <input type="hidden" name="questionId" value={question.id} />
              <input type="hidden" name="seen" value={question.seen} />
              <InPlace />
              {toBeRouted ? (
                <>
                  <p className="hint" id={`route-hint-${prefix}`}>
                    {t("interviews.routing.approveHint")}
                  </p>
                  <DepartmentSelect
                    name="departmentId"
                    id={`approve-department-${prefix}`}
                    label={t("interviews.routing.approveDepartment")}
                    departments={data.departments}
                    anyLabel={t("interviews.routing.choose")}
                  />
                </>
              ) : null}
              <SubmitButton name="intent" value="approve" pendingLabel={t("actions.saving")}>
                {t("interviews.moderation.approve")}
                <QuestionInName text={question.text} />
              </SubmitButton>
            </fetcher.Form>
          </div>
        ) : null}
        <details>
          <summary>
            {t("interviews.moderation.reject")}
            <QuestionInName text={question.text} />
          </summary>
          <fetcher.Form method="post" className="stack">
            <input type="hidden" name="questionId" value={question.id} />
            <InPlace />
            <Field
              name="reason"
              id={`reason-${prefix}`}
              label={t("interviews.moderation.reason")}
              maxLength={300}
              required
            />
            <SubmitButton name="intent" value="reject" className="danger" pendingLabel={t("actions.saving")}>
              {t("interviews.moderation.reject")}
              <QuestionInName text={question.text} />
            </SubmitButton>
          </fetcher.Form>
        </details>
        <details>
          <summary>
            {t("interviews.moderation.edit")}
            <QuestionInName text={question.text} />
          </summary>
          <fetcher.Form method="post" className="stack">
            <input type="hidden" name="questionId" value={question.id} />
            <InPlace />
            <TextArea
              name="text"
              id={`text-${prefix}`}
              label={t("fields.text")}
              hint={t("interviews.moderation.editHint")}
              defaultValue={question.text}
              maxLength={500}
            />
            <SelectField
              name="editReason"
              id={`edit-reason-${prefix}`}
              label={t("interviews.moderation.editReason")}
              options={EDIT_REASONS.map((reason) => ({
                value: reason,
                label: t(`interviews.moderation.editReasons.${reason}`),
              }))}
              defaultValue="personalData"
            />
            <SubmitButton name="intent" value="edit" pendingLabel={t("actions.saving")}>
              {t("interviews.moderation.edit")}
              <QuestionInName text={question.text} />
            </SubmitButton>
          </fetcher.Form>
        </details>
        <MergeControl question={question} data={data} />
        <ReassignForm question={question} departments={data.departments} form={fetcher.Form}>
          <InPlace />
        </ReassignForm>
      </div>
    </QuestionCard>
  );
}

/** The filters: a kind of question, a department, words of the text. A form that works without script. */
function Filters({ data }: { data: Data }) {
  const { t } = useTranslation();
  return (
    <Form method="get" className="filters inline-form" role="search" aria-label={t("interviews.moderation.filters")}>
      {data.query.view !== "pending" ? <input type="hidden" name="view" value={data.query.view} /> : null}
      <SelectField
        name="type"
        id="filter-type"
        label={t("interviews.moderation.type")}
        defaultValue={data.query.type ?? ""}
        options={[
          { value: "", label: t("interviews.moderation.anyType") },
          ...QUESTION_TYPES.map((type) => ({ value: type, label: t(`interviews.types.${type}`) })),
        ]}
      />
      <DepartmentSelect
        name="department"
        id="filter-department"
        label={t("interviews.moderation.department")}
        departments={data.departments}
        value={data.query.department}
        anyLabel={t("interviews.moderation.anyDepartment")}
      />
      <Field
        name="q"
        id="filter-q"
        type="search"
        label={t("interviews.moderation.search")}
        defaultValue={data.query.q}
        maxLength={100}
      />
      <button type="submit">{t("interviews.moderation.filter")}</button>
    </Form>
  );
}

/** Waiting and published, each with its count: the two lists of the page. */
function Views({ data }: { data: Data }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { counts } = data;
  const link = (view: "pending" | "published" | "toBeRouted", label: ReactNode) => (
    <Link
      to={filtersSearch({ ...data.query, view, page: 1 }) || "?"}
      aria-current={data.query.view === view ? "page" : undefined}
    >
      {label}
    </Link>
  );
  return (
    <nav aria-label={t("interviews.moderation.views")} className="stack">
      <ul className="link-row">
        <li>{link("pending", t("interviews.moderation.waiting", { count: counts.pending }))}</li>
        <li>{link("published", t("interviews.moderation.publishedCount", { count: counts.published }))}</li>
        <li>{link("toBeRouted", t("interviews.routing.view", { count: counts.toBeRouted }))}</li>
      </ul>
      {counts.pending > 0 ? (
        <p className="question-meta">
          {QUESTION_TYPES.map(
            (type) => `${t(`interviews.types.${type}`)} ${format.number(counts.pendingByType[type] ?? 0)}`,
          ).join(" · ")}
        </p>
      ) : null}
    </nav>
  );
}

function BulkApprove({ data }: { data: Data }) {
  const { t } = useTranslation();
  const bulk = useFetcher({ key: BULK_FORM });
  const hydrated = useHydrated();
  const result = bulk.state === "idle" ? (bulk.data as ModerationReply | undefined) : undefined;
  useAnnounceReply(bulk.data as ModerationReply | undefined);
  return (
    <bulk.Form method="post" id={BULK_FORM} className="inline-form bulk-approve">
      <InPlace />
      {hydrated ? (
        <div className="field checkbox">
          <input
            type="checkbox"
            id="pick-all"
            onChange={(event) => {
              const checked = event.currentTarget.checked;
              document
                .querySelectorAll<HTMLInputElement>(`input[form="${BULK_FORM}"][name="questionIds"]`)
                .forEach((box) => (box.checked = checked));
            }}
          />
          <label htmlFor="pick-all">{t("interviews.moderation.pickAll")}</label>
        </div>
      ) : null}
      <SubmitButton name="intent" value="approveSelected" pendingLabel={t("actions.saving")}>
        {t("interviews.moderation.approveSelected")}
      </SubmitButton>
      {firstError(result) ? (
        <p className="field-error" role="alert">
          {firstError(result)}
        </p>
      ) : null}
      {data.total > data.questions.length ? <p className="hint">{t("interviews.moderation.bulkHint")}</p> : null}
    </bulk.Form>
  );
}

export default function ModerationPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { errors } = useFormState();
  // New questions and other moderators' decisions reload the page's 25 questions and counts.
  const stream = useLiveRevalidation({
    topics: data.liveTopics,
    after: data.lastEventId,
    types: ["received", "moderated", "question", "removed"],
  });
  const waiting = data.query.view === "pending";
  const [announcement, setAnnouncement] = useState("");
  return (
    <Announce.Provider value={setAnnouncement}>
      <section aria-labelledby="queue-title" className="page stack">
        <ErrorSummary errors={errors} />
        <h1 id="queue-title">{t("interviews.moderation.title")}</h1>
        {/* Under the heading: a long session title above it would push the heading off a phone's first screen. */}
        <BackToSession session={data.session} />
        <LiveStatus state={stream.state} />
        {/* In the page from the start, empty until a decision is done: a region screen readers already know. */}
        <div aria-live="polite">{announcement ? <p className="status">{announcement}</p> : null}</div>
        <Views data={data} />
        <Filters data={data} />
        <p className="hint">{t("interviews.moderation.order")}</p>
        {data.questions.length === 0 ? (
          <p className="empty-state">
            {t(
              data.query.type || data.query.department || data.query.q
                ? "interviews.moderation.noMatch"
                : waiting
                  ? "interviews.moderation.empty"
                  : data.query.view === "toBeRouted"
                    ? "interviews.routing.empty"
                    : "interviews.moderation.nonePublished",
            )}
          </p>
        ) : (
          <>
            {waiting ? <BulkApprove data={data} /> : null}
            <div className="question-list">
              {data.questions.map((question) => (
                <ModerationCard key={question.id} question={question} data={data} />
              ))}
            </div>
          </>
        )}
        <Pagination page={data.query.page} pageCount={data.pages} />
      </section>
    </Announce.Provider>
  );
}
