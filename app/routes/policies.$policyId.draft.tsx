import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { nestHeadings } from "~/features/policies/heading-levels";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { db } from "~/db.server";
import { getCurrentUser, requireUser } from "~/features/accounts/auth.server";
import { runIntent } from "~/features/interviews/route-helpers.server";
import { live } from "~/features/live/live.server";
import { useLiveEvents, useRevalidateWhenIdle } from "~/features/live/use-live-events";
import {
  draftAccessFor,
  draftDocumentName,
  draftTopic,
  type DraftEventType,
} from "~/features/policies/draft-access.server";
import type { ChangesState, ConnectionStatus, Presence } from "~/features/policies/draft-editor.client";
import { draftHtml, loadDraftView } from "~/features/policies/comment-draft.server";
import { passageCommentsPanel } from "~/features/policies/comments-panel.server";
import { findPolicyForComments } from "~/features/policies/comments.server";
import type { SelectedPassage } from "~/features/policies/editor-anchors";
import { NewCommentForm } from "~/features/policies/passage-comments";
import { requireDraftPolicy } from "~/features/policies/editing-pages.server";
import { canModerateDraft } from "~/features/policies/editing-permissions.server";
import styles from "~/features/policies/editing.css";
import commentStyles from "~/features/policies/policy-comments.css";
import {
  blockSchema,
  EDIT_SUMMARY_MAX_LENGTH,
  protectionSchema,
  REASON_MAX_LENGTH,
  saveDraftSchema,
  unblockSchema,
} from "~/features/policies/editing-schemas";
import {
  blockEditor,
  draftModeration,
  protectPolicy,
  unblockEditor,
  unprotectPolicy,
} from "~/features/policies/moderation.server";
import { saveDraft } from "~/features/policies/revisions.server";
import { TrackedChangesList, useTrackedChanges } from "~/features/policies/policy-suggestions";
import { listSuggestions } from "~/features/policies/suggestions.server";
import { translatorFor } from "~/i18n/i18next.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { Field, SelectField, SubmitButton, TextArea } from "~/ui/form";
import { titleFromLoader } from "~/ui/meta";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";
import { htmlLanguage } from "~/ui/user-text";

export const meta = titleFromLoader;
// The comments' look (marked passages, the comment form) as on the comments page.
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: commentStyles },
];

// Only in the browser: the server renders the stored text, and the editor takes over once loaded.
const DraftEditor = lazy(() =>
  import("~/features/policies/draft-editor.client").then((module) => ({ default: module.DraftEditor })),
);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  // Taken before the state is read: a change of rights after this reaches the page.
  const lastEventId = await live.lastEventId();
  const policy = await requireDraftPolicy(params.policyId);
  const reader = await getCurrentUser(request, context);
  const { t } = await translatorFor(request);
  // Read and built once: the page's text, the comments' anchors and the suggestions' places all
  // come from the same document.
  const draft = loadDraftView(policy.id);
  const [{ access, reason }, view, moderation, lastRevision, lastVersion, panels] = await Promise.all([
    draftAccessFor(reader, policy.id),
    draft,
    canModerateDraft(reader) ? draftModeration(policy.id) : null,
    db.revision.findFirst({ where: { policyId: policy.id }, orderBy: { number: "desc" }, select: { number: true } }),
    db.policyVersion.findFirst({
      where: { policyId: policy.id },
      orderBy: { number: "desc" },
      select: { number: true },
    }),
    // Comments are written from the editor's own selection too, and marked in its text; open
    // suggestions are drawn in it as tracked changes.
    Promise.all([findPolicyForComments(policy.id), draft]).then(async ([forComments, view]) =>
      forComments
        ? Promise.all([
            passageCommentsPanel(forComments, reader, { draft: view }),
            listSuggestions(policy.id, { draft: view }),
          ])
        : ([null, []] as const),
    ),
  ]);
  const [comments, suggestions] = panels;
  return json({
    title: `${t("policies.editing.draft.title", { title: policy.title })} · ${t("shell.siteName")}`,
    policy: { id: policy.id, title: policy.title, protected: policy.protected },
    documentName: draftDocumentName(policy.id),
    canEdit: access === "write",
    reason,
    user: reader ? { id: reader.id, name: reader.displayName } : null,
    html: draftHtml(view),
    moderation,
    lastRevision: lastRevision?.number ?? null,
    lastVersion: lastVersion?.number ?? null,
    lastEventId,
    liveTopic: draftTopic(policy.id),
    comments: {
      can: !!comments?.can.comment && !!comments.submissionKey,
      submissionKey: comments?.submissionKey ?? null,
      passages: (comments?.comments ?? []).map((comment) => ({
        id: comment.id,
        anchorStart: comment.anchorStart ?? undefined,
        anchorEnd: comment.anchorEnd ?? undefined,
        quote: comment.quote,
      })),
    },
    suggestions: suggestions
      .filter((suggestion) => suggestion.status === "open" && !suggestion.hiddenReason)
      .map(({ id, authorName, quote, replacement, kind, anchorStart, anchorEnd, status, hiddenReason, passage }) => ({
        id,
        authorName,
        quote,
        replacement,
        kind,
        anchorStart,
        anchorEnd,
        status,
        hiddenReason,
        passage,
      })),
  });
}

const FLASH = {
  save: "policies.editing.flash.saved",
  protect: "policies.editing.flash.protected",
  unprotect: "policies.editing.flash.unprotected",
  block: "policies.editing.flash.blocked",
  unblock: "policies.editing.flash.unblocked",
} as const;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const policy = await requireDraftPolicy(params.policyId);
  const commands = {
    save: () => submitForm(request, saveDraftSchema, (input) => saveDraft(user, policy.id, input)),
    protect: () => submitForm(request, protectionSchema, (input) => protectPolicy(user, policy.id, input)),
    unprotect: () => submitForm(request, protectionSchema, (input) => unprotectPolicy(user, policy.id, input)),
    block: () => submitForm(request, blockSchema, (input) => blockEditor(user, policy.id, input)),
    unblock: () => submitForm(request, unblockSchema, (input) => unblockEditor(user, policy.id, input)),
  };
  const { intent, response } = await runIntent(request, commands);
  if (!intent) return response;
  return redirectWithFlash(`/policies/${policy.id}/${intent === "save" ? "history" : "draft"}`, {
    message: FLASH[intent],
  });
}

export default function DraftPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { errors, values } = useFormState();
  // Never in the middle of the navigation after the reader's own form: its confirmation would be lost.
  const revalidate = useRevalidateWhenIdle();
  const [mounted, setMounted] = useState(false);
  const [status, setStatus] = useState<ConnectionStatus>("connecting");
  const [presence, setPresence] = useState<Presence>({ editors: [], readers: 0 });
  useEffect(() => setMounted(true), []);
  // Someone was blocked, the page protected or the consultation closed: read the rights again.
  useLiveEvents<Record<DraftEventType, object>>({
    topics: [data.liveTopic],
    after: data.lastEventId,
    handlers: { access: () => revalidate(), suggestions: () => revalidate() },
  });
  const tracked = useTrackedChanges(data.suggestions);

  const onStatus = useCallback((next: ConnectionStatus) => setStatus(next), []);
  const onPresence = useCallback((next: Presence) => setPresence(next), []);
  const [tooLarge, setTooLarge] = useState(false);
  const onTooLarge = useCallback(() => setTooLarge(true), []);
  const [changes, setChanges] = useState<ChangesState>({ alive: false, unsent: false, dropped: false });
  const onChanges = useCallback((next: ChangesState) => setChanges(next), []);
  // The comment form opens beside the words, not at the foot of a long text: undefined while
  // closed, null when asked for with no words selected.
  const [commenting, setCommenting] = useState<SelectedPassage | null | undefined>(undefined);
  const onComment = useCallback((passage: SelectedPassage | null) => setCommenting(passage), []);
  // The caret goes to the comment's text box, and the words stay in sight above the panel (on a
  // phone it covers the lower half of the screen, where the words often are).
  useEffect(() => {
    if (!commenting) return;
    document.getElementById("field-comment-text")?.focus({ preventScroll: true });
    return keepWordsAbovePanel();
  }, [commenting]);
  const commentingPassages = useMemo(
    () => (commenting ? [{ ...commenting, id: "commenting", current: true }] : []),
    [commenting],
  );
  const passages = useMemo(
    () => [...data.comments.passages, ...tracked, ...commentingPassages],
    [data.comments.passages, tracked, commentingPassages],
  );
  const staticText = data.html ? (
    // Rendered on the server from the stored JSON with the shared extension list, never from client HTML.
    <div
      className="policy-text"
      lang={htmlLanguage(data.html)}
      dangerouslySetInnerHTML={{ __html: nestHeadings(data.html, 1) }}
    />
  ) : (
    <p className="empty">{t("policies.editing.draft.empty")}</p>
  );
  // Only what is true: changes are "kept and sent" only while this person may still edit.
  const statusKey =
    status === "connected"
      ? data.canEdit
        ? changes.unsent
          ? "sending"
          : "connected"
        : "connectedReadOnly"
      : status === "reconnecting"
        ? data.canEdit && changes.unsent
          ? "offlineUnsent"
          : "offline"
        : status;
  const statusText = !mounted ? t("policies.editing.draft.noScript") : t(`policies.editing.draft.status.${statusKey}`);
  return (
    <section aria-labelledby="draft-title" className="page stack">
      <p>
        <Link to={`/policies/${data.policy.id}`} className="standalone-link">
          {t("policies.editing.draft.back")}
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      <h1 id="draft-title">{t("policies.editing.draft.title", { title: data.policy.title })}</h1>
      <p>{t("policies.editing.draft.lead")}</p>
      <ul className="link-row">
        <li>
          <Link to={`/policies/${data.policy.id}/history`}>{t("policies.editing.draft.history")}</Link>
        </li>
        <li>
          <Link to={`/policies/${data.policy.id}/comments`}>{t("policies.page.comments")}</Link>
        </li>
        {data.lastRevision ? (
          <li>
            <Link to={`/policies/${data.policy.id}/diff?from=${data.lastRevision}&to=draft`}>
              {t("policies.editing.draft.compareWithDraft")}
            </Link>
          </li>
        ) : null}
        {data.lastVersion ? (
          <li>
            <Link to={`/policies/${data.policy.id}/diff?from=v${data.lastVersion}&to=draft`}>
              {t("policies.editing.draft.compareWithVersion", { number: data.lastVersion })}
            </Link>
          </li>
        ) : null}
      </ul>
      <div className="card stack" data-testid="draft-status">
        <p role="status" aria-live="polite" data-status={mounted ? status : "static"}>
          {statusText}
        </p>
        {changes.dropped ? (
          <p role="alert" data-testid="draft-dropped">
            {t("policies.editing.draft.dropped")}
          </p>
        ) : null}
        {tooLarge ? (
          <p role="alert" data-testid="draft-too-large">
            {t("policies.editing.draft.tooLarge")}
          </p>
        ) : null}
        {data.reason ? (
          <p data-testid="read-only-reason">{t(`policies.editing.draft.readOnly.${data.reason}`)}</p>
        ) : null}
        {mounted ? (
          // Announced when people come and go: their carets in the text are hidden from screen readers.
          <p data-testid="draft-editors" aria-live="polite">
            {presence.editors.length > 0
              ? t("policies.editing.draft.editors", {
                  names: presence.editors.join(t("policies.editing.draft.nameSeparator")),
                })
              : t("policies.editing.draft.editorsNone")}
            {presence.readers > 0 ? ` ${t("policies.editing.draft.readers", { count: presence.readers })}` : null}
          </p>
        ) : null}
      </div>
      <div className="draft-text" aria-label={t("policies.editing.draft.editorLabel")} role="region">
        {mounted ? (
          <Suspense fallback={staticText}>
            <DraftEditor
              documentName={data.documentName}
              editable={data.canEdit}
              user={data.user}
              label={t("policies.editing.draft.editorLabel")}
              onStatus={onStatus}
              onPresence={onPresence}
              onChanges={onChanges}
              onTooLarge={onTooLarge}
              passages={passages}
              onComment={data.comments.can ? onComment : undefined}
            />
          </Suspense>
        ) : (
          staticText
        )}
      </div>
      <TrackedChangesList policyId={data.policy.id} suggestions={data.suggestions} />
      {commenting !== undefined && data.comments.submissionKey ? (
        <div
          className="comment-beside-text"
          role="dialog"
          aria-modal="false"
          aria-labelledby={commenting ? "new-comment-title" : undefined}
          aria-label={commenting ? undefined : t("policies.comments.commentOnWords")}
          onKeyDown={(event) => {
            if (event.key !== "Escape") return;
            setCommenting(undefined);
            document.getElementById("draft-editor-text")?.focus();
          }}
        >
          <button
            type="button"
            className="secondary comment-beside-text-close"
            onClick={() => {
              setCommenting(undefined);
              document.getElementById("draft-editor-text")?.focus();
            }}
          >
            {t("policies.comments.commentPanelClose")}
          </button>
          {commenting ? (
            // A new key each time: the panel is a new form for new words.
            <NewCommentForm
              key={`${commenting.anchorStart}-${commenting.anchorEnd}`}
              action={`/policies/${data.policy.id}/comments?returnTo=draft`}
              submissionKey={data.comments.submissionKey}
              selected={commenting}
            />
          ) : (
            <p role="status">{t("policies.comments.commentNoSelection")}</p>
          )}
        </div>
      ) : null}
      {/* Saving names a revision of what was typed in the editor, which needs JavaScript: without
          it the page shows the text read-only, and a save button there could only fail. */}
      {data.canEdit && mounted ? (
        <Form method="post" noValidate className="stack card" aria-labelledby="save-title">
          <h2 id="save-title">{t("policies.editing.draft.save.title")}</h2>
          <p className="hint">{t("policies.editing.draft.save.hint")}</p>
          <Field
            name="summary"
            label={t("policies.editing.draft.save.summary")}
            hint={t("policies.editing.draft.save.summaryHint", { max: EDIT_SUMMARY_MAX_LENGTH })}
            maxLength={EDIT_SUMMARY_MAX_LENGTH}
            defaultValue={values.summary}
            error={errors.summary}
          />
          <SubmitButton name="intent" value="save" pendingLabel={t("policies.editing.draft.save.sending")}>
            {t("policies.editing.draft.save.submit")}
          </SubmitButton>
        </Form>
      ) : null}
      {data.moderation ? (
        <ModerationPanel
          protectedPage={data.policy.protected}
          moderation={data.moderation}
          errors={errors}
          values={values}
        />
      ) : null}
    </section>
  );
}

/**
 * Scrolls the words being commented on (marked `.commenting-passage` in the editor) to just above
 * the comment panel when the panel covers them, with room added below the page to scroll into.
 * Returns what takes that room away again.
 */
function keepWordsAbovePanel(): () => void {
  const body = document.body;
  const before = body.style.paddingBottom;
  const frame = requestAnimationFrame(() => {
    const panel = document.querySelector(".comment-beside-text")?.getBoundingClientRect();
    const marks = [...document.querySelectorAll(".commenting-passage")].map((mark) => mark.getBoundingClientRect());
    if (!panel || marks.length === 0) return;
    const words = {
      top: Math.min(...marks.map((mark) => mark.top)),
      bottom: Math.max(...marks.map((mark) => mark.bottom)),
      left: Math.min(...marks.map((mark) => mark.left)),
      right: Math.max(...marks.map((mark) => mark.right)),
    };
    const covered =
      words.bottom > panel.top && words.top < panel.bottom && words.right > panel.left && words.left < panel.right;
    if (!covered && words.top >= 0) return;
    body.style.paddingBottom = `${Math.ceil(panel.height)}px`;
    // The words' last line just above the panel, or their first line at the top if they are taller than the room.
    const margin = 12;
    const by = Math.min(words.bottom - (panel.top - margin), words.top - margin);
    window.scrollBy({ top: by, behavior: "instant" });
  });
  return () => {
    cancelAnimationFrame(frame);
    body.style.paddingBottom = before;
  };
}

function ModerationPanel({
  protectedPage,
  moderation,
  errors,
  values,
}: {
  protectedPage: boolean;
  moderation: {
    blocks: Array<{ userId: string; displayName: string; reason: string }>;
    editors: Array<{ id: string; displayName: string }>;
  };
  errors: Record<string, string | undefined>;
  values: Record<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="moderation-title" className="stack card">
      <h2 id="moderation-title">{t("policies.editing.moderation.title")}</h2>
      <Form method="post" noValidate className="stack">
        {protectedPage ? <p>{t("policies.editing.moderation.protectedNow")}</p> : null}
        <TextArea
          name="reason"
          id="field-protection-reason"
          label={t("policies.editing.moderation.reason")}
          hint={t("policies.editing.moderation.reasonHint")}
          maxLength={REASON_MAX_LENGTH}
          rows={2}
          defaultValue={values.intent === "protect" || values.intent === "unprotect" ? values.reason : undefined}
          error={values.intent === "protect" || values.intent === "unprotect" ? errors.reason : undefined}
        />
        <SubmitButton
          name="intent"
          value={protectedPage ? "unprotect" : "protect"}
          pendingLabel={t("policies.editing.draft.save.sending")}
        >
          {t(protectedPage ? "policies.editing.moderation.unprotect" : "policies.editing.moderation.protect")}
        </SubmitButton>
      </Form>
      <h3>{t("policies.editing.moderation.blocked")}</h3>
      {moderation.blocks.length === 0 ? (
        <p className="empty">{t("policies.editing.moderation.noBlocks")}</p>
      ) : (
        <ul className="stack">
          {moderation.blocks.map((block) => (
            <li key={block.userId}>
              <Form method="post">
                <input type="hidden" name="userId" value={block.userId} />
                <strong>{block.displayName}</strong>: {block.reason}{" "}
                <SubmitButton name="intent" value="unblock" pendingLabel={t("policies.editing.draft.save.sending")}>
                  {t("policies.editing.moderation.unblock", { name: block.displayName })}
                </SubmitButton>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <h3>{t("policies.editing.moderation.block")}</h3>
      {moderation.editors.length === 0 ? (
        <p className="empty">{t("policies.editing.moderation.noEditors")}</p>
      ) : (
        <Form method="post" noValidate className="stack">
          <SelectField
            name="userId"
            label={t("policies.editing.moderation.person")}
            options={moderation.editors.map((editor) => ({ value: editor.id, label: editor.displayName }))}
            defaultValue={values.userId}
            error={errors.userId}
          />
          <TextArea
            name="reason"
            id="field-block-reason"
            label={t("policies.editing.moderation.reason")}
            hint={t("policies.editing.moderation.reasonHint")}
            maxLength={REASON_MAX_LENGTH}
            rows={2}
            defaultValue={values.intent === "block" ? values.reason : undefined}
            error={values.intent === "block" ? errors.reason : undefined}
          />
          <SubmitButton name="intent" value="block" pendingLabel={t("policies.editing.draft.save.sending")}>
            {t("policies.editing.moderation.blockSubmit")}
          </SubmitButton>
        </Form>
      )}
    </section>
  );
}
