// <PassageComments>: the comments on a policy's passages, for the comments page and the editor
// page's side panel. It lists every comment with its passage (or "detached" with the quote it
// was made on), replies, outcomes, and the forms for commenting, replying, recording an outcome
// and hiding, as each reader may. All forms post to /policies/<id>/comments (plain forms,
// POST-redirect-GET). The passage comes from the page's editor (`selected`); without
// JavaScript the reader copies its words into the quote field.
import { Form, Link, useActionData, useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { ChoiceGroup, SelectField, SubmitButton, TextArea, Field } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { useFormState } from "~/ui/use-form-state";
import type { PassageAnchor } from "./comment-anchors";
import {
  COMMENT_KINDS,
  COMMENT_OUTCOMES,
  COMMENT_TEXT_MAX_LENGTH,
  REASON_MAX_LENGTH,
  type CommentKind,
  type CommentOutcome,
} from "./comment-schemas";
import type { CommentPlace, SelectedPassage } from "./editor-anchors";
import type { FieldErrors } from "~/validation";
import { UserText } from "~/ui/user-text";

type CommentFormIntent = "reply" | "outcome" | "hide";

/**
 * The errors and typed values of the last submission when it was this comment's form of this
 * kind (every comment has its own reply, outcome and hiding forms, all with the same field
 * names), or null. Its fields then take the ids the error summary links to (`field-<name>`).
 */
function useCommentFormState(commentId: string, intent: CommentFormIntent) {
  const data = useActionData() as { fieldErrors?: FieldErrors; values?: Record<string, string> } | undefined;
  if (!data?.fieldErrors || data.values?.commentId !== commentId || data.values?.intent !== intent) return null;
  return { errors: data.fieldErrors, values: data.values };
}

export interface PassageReply {
  id: string;
  authorName: string;
  asOfficial: boolean;
  text: string | null;
  hiddenReason: string | null;
  createdAt: string;
}

export interface PassageComment extends PassageReply {
  kind: CommentKind;
  quote: string;
  passage: string | null;
  anchorStart: string | null;
  anchorEnd: string | null;
  outcome: CommentOutcome | null;
  outcomeReason: string | null;
  replies: PassageReply[];
}

export interface PassageCommentsProps {
  policyId: string;
  comments: PassageComment[];
  /** Every comment of the policy (the list may be one page of them). */
  total: number;
  can: { signedIn: boolean; comment: boolean; answer: boolean; hide: boolean };
  /** A fresh key per page view; each form adds its own suffix. Null for readers who cannot post. */
  submissionKey: string | null;
  /** The passage selected in the page's editor, if any. */
  selected?: SelectedPassage | null;
  /** Selects a comment's passage in the page's editor; false when it is detached. */
  onShowPassage?: (place: CommentPlace) => boolean;
  /** Mounted in the editor page: after posting, the reader goes back there. */
  returnTo?: "draft";
}

export function PassageComments({
  policyId,
  comments,
  total,
  can,
  submissionKey,
  selected,
  onShowPassage,
  returnTo,
}: PassageCommentsProps) {
  const { t } = useTranslation();
  const location = useLocation();
  // The forms post to the comments page's action; `?returnTo=draft` sends the reader back to the editor.
  const action = `/policies/${policyId}/comments${returnTo ? `?returnTo=${returnTo}` : ""}`;
  return (
    <section className="passage-comments stack" aria-labelledby="passage-comments-title">
      <h2 id="passage-comments-title">{t("policies.comments.count", { count: total })}</h2>
      {can.comment && submissionKey ? (
        <NewCommentForm action={action} submissionKey={submissionKey} selected={selected ?? null} />
      ) : !can.signedIn ? (
        <p>
          <Trans
            i18nKey="policies.comments.loginToComment"
            components={{ login: <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`} /> }}
          />
        </p>
      ) : (
        <p className="hint">{t("policies.comments.notOpen")}</p>
      )}
      {comments.length === 0 ? (
        <p className="empty-state">{t("policies.comments.empty")}</p>
      ) : (
        <ol className="comment-list">
          {comments.map((comment) => (
            <CommentItem
              key={comment.id}
              comment={comment}
              action={action}
              can={can}
              submissionKey={submissionKey}
              onShowPassage={onShowPassage}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

export function NewCommentForm({
  action,
  submissionKey,
  selected,
}: {
  action: string;
  submissionKey: string;
  selected: SelectedPassage | null;
}) {
  const { t } = useTranslation();
  const state = useFormState();
  // A comment's reply, outcome or hiding form has fields of the same names: not this form's.
  const own = !state.values.commentId;
  const errors = own ? state.errors : {};
  const values = own ? state.values : {};
  const [quote, setQuote] = useState(values.quote ?? "");
  const [anchor, setAnchor] = useState<PassageAnchor | null>(null);
  // A new selection in the editor fills the quote and its anchors; typing in the quote field
  // afterwards drops the anchors, and the server looks the typed words up instead.
  useEffect(() => {
    if (!selected) return;
    setQuote(selected.quote);
    setAnchor({ anchorStart: selected.anchorStart, anchorEnd: selected.anchorEnd });
  }, [selected]);
  return (
    <Form method="post" action={action} noValidate className="stack card" aria-labelledby="new-comment-title">
      <h3 id="new-comment-title">{t("policies.comments.form.title")}</h3>
      <input type="hidden" name="submissionKey" value={submissionKey} />
      <input type="hidden" name="anchorStart" value={anchor?.anchorStart ?? ""} />
      <input type="hidden" name="anchorEnd" value={anchor?.anchorEnd ?? ""} />
      <TextArea
        name="quote"
        id="field-quote"
        label={t("policies.comments.form.quote")}
        hint={t("policies.comments.form.quoteHint")}
        value={quote}
        rows={2}
        onChange={(event) => {
          setQuote(event.target.value);
          setAnchor(null);
        }}
        error={errors.quote}
      />
      <ChoiceGroup
        name="kind"
        kind="radio"
        legend={t("policies.comments.form.kind")}
        options={COMMENT_KINDS.map((kind) => ({ value: kind, label: t(`policies.comments.kinds.${kind}`) }))}
        selected={[values.kind ?? "feedback"]}
        error={errors.kind}
      />
      <TextArea
        name="text"
        id="field-comment-text"
        label={t("policies.comments.form.text")}
        hint={t("policies.comments.form.textHint", { max: COMMENT_TEXT_MAX_LENGTH })}
        maxLength={COMMENT_TEXT_MAX_LENGTH}
        defaultValue={values.text}
        error={errors.text}
      />
      <SubmitButton name="intent" value="comment" pendingLabel={t("policies.comments.form.sending")}>
        {t("policies.comments.form.submit")}
      </SubmitButton>
    </Form>
  );
}

function Byline({ entry }: { entry: PassageReply }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <p className="comment-byline">
      {t("policies.comments.postedBy", { name: entry.authorName, date: format.dateTime(entry.createdAt) })}
      {entry.asOfficial ? <span className="badge official-badge"> {t("policies.comments.official")}</span> : null}
    </p>
  );
}

function CommentText({ entry }: { entry: PassageReply }) {
  const { t } = useTranslation();
  return entry.text === null ? (
    <p className="hidden-comment">{t("policies.comments.hiddenBecause", { reason: entry.hiddenReason ?? "" })}</p>
  ) : (
    <UserText as="p" className="comment-text" text={entry.text} />
  );
}

function CommentItem({
  comment,
  action,
  can,
  submissionKey,
  onShowPassage,
}: {
  comment: PassageComment;
  action: string;
  can: PassageCommentsProps["can"];
  submissionKey: string | null;
  onShowPassage?: PassageCommentsProps["onShowPassage"];
}) {
  const { t } = useTranslation();
  const replied = useCommentFormState(comment.id, "reply");
  const marked = useCommentFormState(comment.id, "outcome");
  const changed = comment.passage !== null && comment.passage !== comment.quote;
  const detached = comment.passage === null;
  return (
    <li
      id={`comment-${comment.id}`}
      className={`comment card stack${detached ? " detached" : ""}`}
      data-testid="passage-comment"
    >
      <p className="comment-head">
        <span className={`badge kind-${comment.kind}`}>{t(`policies.comments.kinds.${comment.kind}`)}</span>
        {detached ? <span className="badge detached-badge">{t("policies.comments.detached")}</span> : null}
        {comment.outcome ? (
          <span className={`badge outcome-${comment.outcome}`}>
            {t(`policies.comments.outcomes.${comment.outcome}`)}
          </span>
        ) : null}
      </p>
      <figure className="comment-quote">
        <figcaption className="hint">{t("policies.comments.onPassage")}</figcaption>
        <UserText as="blockquote" data-testid="comment-quote" text={comment.quote} />
      </figure>
      {detached ? <p className="hint">{t("policies.comments.detachedHint")}</p> : null}
      {changed ? (
        <p className="passage-now">
          <span className="hint">{t("policies.comments.passageNowLabel")}</span>{" "}
          <q data-testid="comment-passage">{comment.passage}</q>
        </p>
      ) : (
        // Present also when unchanged, so that a test (or a reader's script) finds the passage as it is now.
        !detached && (
          <q hidden data-testid="comment-passage">
            {comment.passage}
          </q>
        )
      )}
      {onShowPassage && !detached ? (
        <button
          type="button"
          className="link-button"
          onClick={() =>
            onShowPassage({
              anchorStart: comment.anchorStart ?? undefined,
              anchorEnd: comment.anchorEnd ?? undefined,
              quote: comment.quote,
            })
          }
        >
          {t("policies.comments.showInText")}
        </button>
      ) : null}
      <CommentText entry={comment} />
      <Byline entry={comment} />
      {comment.outcome ? (
        <p className="comment-outcome" data-testid="comment-outcome">
          {t("policies.comments.outcomeWithReason", {
            outcome: t(`policies.comments.outcomes.${comment.outcome}`),
            reason: comment.outcomeReason ?? "",
          })}
        </p>
      ) : null}
      {comment.replies.length > 0 ? (
        <ol className="comment-replies">
          {comment.replies.map((reply) => (
            <li key={reply.id} id={`comment-${reply.id}`} className={reply.asOfficial ? "official-reply" : undefined}>
              <CommentText entry={reply} />
              <Byline entry={reply} />
              {can.hide && reply.text !== null ? <HideForm action={action} commentId={reply.id} /> : null}
            </li>
          ))}
        </ol>
      ) : null}
      {(can.comment || can.answer) && submissionKey && comment.text !== null ? (
        <details open={replied ? true : undefined}>
          <summary>{t("policies.comments.reply.label")}</summary>
          <Form method="post" action={action} className="stack">
            <input type="hidden" name="commentId" value={comment.id} />
            <input type="hidden" name="submissionKey" value={`${submissionKey}-${comment.id}`.slice(0, 64)} />
            {can.answer ? <p className="hint">{t("policies.comments.reply.asOfficial")}</p> : null}
            <TextArea
              name="text"
              id={replied ? "field-text" : `reply-${comment.id}`}
              label={t("policies.comments.reply.label")}
              maxLength={COMMENT_TEXT_MAX_LENGTH}
              rows={3}
              defaultValue={replied?.values.text}
              error={replied?.errors.text}
            />
            {replied?.errors.form ? <p className="field-error">{replied.errors.form}</p> : null}
            <SubmitButton name="intent" value="reply" pendingLabel={t("policies.comments.form.sending")}>
              {t("policies.comments.reply.submit")}
            </SubmitButton>
          </Form>
        </details>
      ) : null}
      {can.answer ? (
        <details open={marked ? true : undefined}>
          <summary>{t("policies.comments.outcomeForm.title")}</summary>
          <Form method="post" action={action} className="stack">
            <input type="hidden" name="commentId" value={comment.id} />
            <SelectField
              name="outcome"
              id={marked ? "field-outcome" : `outcome-${comment.id}`}
              label={t("policies.comments.outcomeForm.outcome")}
              defaultValue={marked ? marked.values.outcome : (comment.outcome ?? "")}
              error={marked?.errors.outcome}
              options={[
                { value: "", label: t("policies.comments.outcomes.none") },
                ...COMMENT_OUTCOMES.map((outcome) => ({
                  value: outcome,
                  label: t(`policies.comments.outcomes.${outcome}`),
                })),
              ]}
            />
            <TextArea
              name="reason"
              id={marked ? "field-reason" : `reason-${comment.id}`}
              label={t("policies.comments.outcomeForm.reason")}
              hint={t("policies.comments.outcomeForm.reasonHint")}
              maxLength={REASON_MAX_LENGTH}
              defaultValue={marked ? marked.values.reason : (comment.outcomeReason ?? "")}
              error={marked?.errors.reason}
              rows={3}
            />
            <SubmitButton name="intent" value="outcome" pendingLabel={t("actions.saving")}>
              {t("policies.comments.outcomeForm.submit")}
            </SubmitButton>
          </Form>
        </details>
      ) : null}
      {can.hide && comment.text !== null ? <HideForm action={action} commentId={comment.id} /> : null}
    </li>
  );
}

function HideForm({ action, commentId }: { action: string; commentId: string }) {
  const { t } = useTranslation();
  const hidden = useCommentFormState(commentId, "hide");
  return (
    <details open={hidden ? true : undefined}>
      <summary>{t("policies.comments.hide.title")}</summary>
      <Form
        method="post"
        action={action}
        className="stack"
        onSubmit={(event) => {
          if (!window.confirm(t("policies.comments.hide.confirm"))) event.preventDefault();
        }}
      >
        <input type="hidden" name="commentId" value={commentId} />
        <Field
          name="reason"
          id={hidden ? "field-reason" : `hide-reason-${commentId}`}
          label={t("policies.comments.hide.reason")}
          maxLength={300}
          required
          defaultValue={hidden?.values.reason}
          error={hidden?.errors.reason}
        />
        <SubmitButton name="intent" value="hide" className="danger" pendingLabel={t("actions.saving")}>
          {t("policies.comments.hide.submit")}
        </SubmitButton>
      </Form>
    </details>
  );
}
