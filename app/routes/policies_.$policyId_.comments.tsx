import type { Editor } from "@tiptap/core";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useCallback, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { getCurrentUser, requireUser } from "~/features/accounts/auth.server";
import { runIntent } from "~/features/interviews/route-helpers.server";
import { OpenDataDownloads } from "~/features/open-data/downloads";
import { draftHtml, loadDraftView } from "~/features/policies/comment-draft.server";
import { passageCommentsPanel } from "~/features/policies/comments-panel.server";
import { commentSchema, hideSchema, outcomeSchema, replySchema } from "~/features/policies/comment-schemas";
import {
  findPolicyForComments,
  hideComment,
  markCommentOutcome,
  postPassageComment,
  replyToComment,
} from "~/features/policies/comments.server";
import { DraftViewer } from "~/features/policies/draft-viewer";
import {
  acceptSchema,
  changeModeSchema,
  hideSuggestionSchema,
  rejectSchema,
  stanceSchema,
  suggestionSchema,
} from "~/features/policies/suggestion-schemas";
import {
  acceptSuggestion,
  chooseChangeMode,
  hideSuggestion,
  rejectSuggestion,
  suggestChange,
  suggestionsPanel,
  takeStance,
} from "~/features/policies/suggestions.server";
import {
  PolicySuggestions,
  useTrackedChanges,
  type SuggestionItem,
  type SuggestionPlace,
} from "~/features/policies/policy-suggestions";
import { showPassage, type SelectedPassage } from "~/features/policies/editor-anchors";
import { PassageComments, type PassageComment } from "~/features/policies/passage-comments";
import styles from "~/features/policies/policy-comments.css";
import { translatorFor } from "~/i18n/i18next.server";
import { ErrorSummary } from "~/ui/error-summary";
import { redirectWithFlash } from "~/ui/flash.server";
import { titleFromLoader } from "~/ui/meta";
import { Pagination } from "~/ui/pagination";
import { submitForm } from "~/ui/submit.server";
import { useFormState } from "~/ui/use-form-state";

export const meta = titleFromLoader;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

async function requirePolicy(policyId: string | undefined) {
  const policy = await findPolicyForComments(policyId);
  if (!policy) throw new Response("Not Found", { status: 404 });
  return policy;
}

/** /policies/<id>/comments: the community draft, read-only and live, with the comments on its passages. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const policy = await requirePolicy(params.policyId);
  const reader = await getCurrentUser(request, context);
  const { t } = await translatorFor(request);
  const draft = await loadDraftView(policy.id);
  const panel = await passageCommentsPanel(policy, reader, {
    page: Number(new URL(request.url).searchParams.get("page")) || 1,
    draft,
  });
  return json({
    title: `${t("policies.comments.heading", { title: policy.title })} · ${t("shell.siteName")}`,
    policy,
    html: draftHtml(draft),
    ...panel,
    suggestionsPanel: await suggestionsPanel(policy, reader, draft),
  });
}

const FLASH = {
  comment: "policies.comments.flash.posted",
  reply: "policies.comments.flash.replied",
  outcome: "policies.comments.flash.outcomeMarked",
  hide: "policies.comments.flash.hidden",
  suggest: "policies.suggestions.flash.suggested",
  stance: "policies.suggestions.flash.stance",
  accept: "policies.suggestions.flash.accepted",
  reject: "policies.suggestions.flash.rejected",
  changeMode: "policies.suggestions.flash.modeChosen",
  hideSuggestion: "policies.suggestions.flash.hidden",
} as const;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const policy = await requirePolicy(params.policyId);
  let anchor = "";
  const commands = {
    comment: () => submitForm(request, commentSchema, (input) => postPassageComment(user, policy, input)),
    reply: () => submitForm(request, replySchema, (input) => replyToComment(user, policy, input)),
    outcome: () =>
      submitForm(request, outcomeSchema, (input) => {
        anchor = `comment-${input.commentId}`;
        return markCommentOutcome(user, policy, input);
      }),
    hide: () => submitForm(request, hideSchema, (input) => hideComment(user, policy, input)),
    suggest: () =>
      submitForm(request, suggestionSchema, async (input) => {
        const outcome = await suggestChange(user, policy, input);
        if (outcome.ok) anchor = `suggestion-${outcome.value.id}`;
        return outcome;
      }),
    stance: () =>
      submitForm(request, stanceSchema, (input) => {
        anchor = `suggestion-${input.suggestionId}`;
        return takeStance(user, policy, input);
      }),
    accept: () =>
      submitForm(request, acceptSchema, (input) => {
        anchor = `suggestion-${input.suggestionId}`;
        return acceptSuggestion(user, policy, input);
      }),
    reject: () =>
      submitForm(request, rejectSchema, (input) => {
        anchor = `suggestion-${input.suggestionId}`;
        return rejectSuggestion(user, policy, input);
      }),
    changeMode: () => submitForm(request, changeModeSchema, (input) => chooseChangeMode(user, policy, input)),
    hideSuggestion: () =>
      submitForm(request, hideSuggestionSchema, (input) => {
        anchor = `suggestion-${input.suggestionId}`;
        return hideSuggestion(user, policy, input);
      }),
  };
  const { intent, response } = await runIntent(request, commands);
  if (!intent) return response;
  const page = new URL(request.url).searchParams.get("returnTo") === "draft" ? "draft" : "comments";
  return redirectWithFlash(`/policies/${policy.id}/${page}${anchor ? `#${anchor}` : ""}`, {
    message: FLASH[intent],
  });
}

export default function PolicyCommentsPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { errors } = useFormState();
  const editor = useRef<Editor | null>(null);
  const [selected, setSelected] = useState<SelectedPassage | null>(null);
  // A caret in the text (words next to it), and the point chosen with "Suggest text here".
  const [caret, setCaret] = useState<SuggestionPlace | null>(null);
  const [insertAt, setInsertAt] = useState<SuggestionPlace | null>(null);
  const onSelect = useCallback((passage: SelectedPassage | null) => {
    setSelected(passage);
    // Words selected after a point was chosen: the suggestion is about them now.
    if (passage) setInsertAt(null);
  }, []);
  const onEditor = useCallback((instance: Editor | null) => (editor.current = instance), []);
  const suggestions = data.suggestionsPanel.suggestions as SuggestionItem[];
  const tracked = useTrackedChanges(suggestions);
  const passages = useMemo(
    () => [
      ...data.comments.map((comment) => ({
        id: comment.id,
        anchorStart: comment.anchorStart ?? undefined,
        anchorEnd: comment.anchorEnd ?? undefined,
        quote: comment.quote,
      })),
      // Open suggestions show in the text as tracked changes where their passage is now.
      ...tracked,
    ],
    [data.comments, tracked],
  );
  const onShowPassage = useCallback(
    (anchor: Parameters<typeof showPassage>[1]) => (editor.current ? showPassage(editor.current, anchor) : false),
    [],
  );
  return (
    <section aria-labelledby="comments-title" className="page stack">
      <p>
        <Link to={`/policies/${data.policy.id}`} className="standalone-link">
          {t("policies.comments.back")}
        </Link>
      </p>
      <ErrorSummary errors={errors} />
      <h1 id="comments-title">{t("policies.comments.heading", { title: data.policy.title })}</h1>
      <p>{t("policies.comments.intro")}</p>
      {data.can.adopt ? (
        <p>
          <Link to={`/policies/${data.policy.id}/adopt`}>{t("policies.comments.adopt.link")}</Link>
        </p>
      ) : null}
      <div className="comments-layout">
        <section aria-labelledby="draft-title" className="stack">
          <h2 id="draft-title">{t("policies.comments.draftHeading")}</h2>
          <p className="hint">{t("policies.comments.draftHint")}</p>
          <DraftViewer
            policyId={data.policy.id}
            html={data.html}
            passages={passages}
            onEditor={onEditor}
            onSelect={onSelect}
            onCaret={setCaret}
          />
          {caret && data.suggestionsPanel.can.suggest ? (
            <p className="suggest-here">
              <button
                type="button"
                // Keeps the caret where it is: a click would otherwise take the focus from the text.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => {
                  setInsertAt({ ...caret });
                  const field = document.getElementById("suggestion-replacement");
                  field?.scrollIntoView({ block: "center" });
                  field?.focus();
                }}
              >
                {t("policies.suggestions.suggestHereNear", {
                  quote: caret.quote.length > 40 ? `${caret.quote.slice(0, 40)}…` : caret.quote,
                })}
              </button>
            </p>
          ) : null}
          {/* The form is below the whole text on a phone: this stays at the screen's foot while
              words are selected and takes the reader to it, the passage already quoted. */}
          {selected && (data.can.comment || data.suggestionsPanel.can.suggest) ? (
            <p className="comment-on-selection">
              {(
                [
                  ["field-comment-text", "policies.comments.commentOnSelection", data.can.comment],
                  [
                    "suggestion-replacement",
                    "policies.suggestions.suggestOnSelection",
                    data.suggestionsPanel.can.suggest,
                  ],
                ] as const
              ).map(([fieldId, label, shown]) =>
                shown ? (
                  <button
                    key={fieldId}
                    type="button"
                    onClick={() => {
                      const field = document.getElementById(fieldId);
                      field?.scrollIntoView({ block: "center" });
                      field?.focus();
                    }}
                  >
                    {t(label, {
                      quote: selected.quote.length > 40 ? `${selected.quote.slice(0, 40)}…` : selected.quote,
                    })}
                  </button>
                ) : null,
              )}
            </p>
          ) : null}
        </section>
        <div className="stack">
          <PolicySuggestions
            policyId={data.policy.id}
            changeMode={data.suggestionsPanel.changeMode}
            suggestions={suggestions}
            can={{ signedIn: data.can.signedIn, ...data.suggestionsPanel.can }}
            submissionKey={data.suggestionsPanel.submissionKey}
            selected={insertAt ?? selected}
            onShowPassage={onShowPassage}
          />
          <PassageComments
            policyId={data.policy.id}
            comments={data.comments as PassageComment[]}
            total={data.total}
            can={data.can}
            submissionKey={data.submissionKey}
            selected={selected}
            onShowPassage={onShowPassage}
          />
          <Pagination page={data.page} pageCount={data.pageCount} />
          <OpenDataDownloads
            title={t("policies.comments.openData")}
            hrefs={{
              json: `/policies/${data.policy.id}/comments/passage-comments.json`,
              csv: `/policies/${data.policy.id}/comments/passage-comments.csv`,
            }}
          />
        </div>
      </div>
    </section>
  );
}
