// <PolicySuggestions>: suggested changes to a community draft (decision 0042) on the comments
// page, beside the text. Each shows as a tracked change, the words struck and the new words
// underlined in colour, read by a screen reader as a sentence ("Suggested by X: replace … with
// …"); with its support and opposition, the reader's stance, and the official's accept and
// reject forms. The department's officials also choose here how residents change the draft.
// Plain forms posting to /policies/<id>/comments; the passage comes from the page's selection,
// or without JavaScript from words copied into the quote field.
import { Form, Link, useActionData, useLocation } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { ChoiceGroup, Field, SubmitButton, TextArea } from "~/ui/form";
import { useFormat } from "~/ui/format";
import { UserText } from "~/ui/user-text";
import type { FieldErrors } from "~/validation";
import type { PassageAnchor } from "./comment-anchors";
import type { HighlightedPassage } from "./comment-highlights";
import { REASON_MAX_LENGTH } from "./comment-schemas";
import type { CommentPlace, SelectedPassage } from "./editor-anchors";
import {
  CHANGE_MODES,
  EXPLANATION_MAX_LENGTH,
  REPLACEMENT_MAX_LENGTH,
  SUGGESTION_KINDS,
  type ChangeMode,
  type SuggestionKind,
  type Stance,
  type SuggestionStatus,
} from "./suggestion-schemas";

export interface SuggestionItem {
  id: string;
  authorName: string;
  quote: string;
  replacement: string;
  kind: SuggestionKind;
  explanation: string;
  status: SuggestionStatus;
  reason: string | null;
  revisionNumber: number | null;
  hiddenReason: string | null;
  createdAt: string;
  passage: string | null;
  anchorStart: string;
  anchorEnd: string;
  support: number;
  oppose: number;
  stance: Stance | null;
  own: boolean;
}

export interface PolicySuggestionsProps {
  policyId: string;
  changeMode: ChangeMode;
  suggestions: SuggestionItem[];
  can: { signedIn: boolean; suggest: boolean; decide: boolean; chooseMode: boolean; hide: boolean };
  submissionKey: string | null;
  /** The words selected in the text, or the words next to a caret where new words are to go in. */
  selected?: SuggestionPlace | null;
  onShowPassage?: (place: CommentPlace) => boolean;
}

/** A passage for the suggestion form; `kind` set when it is the neighbour of a point to insert at. */
export type SuggestionPlace = SelectedPassage & { kind?: SuggestionKind };

/** The last submission's errors and values when it was this suggestion's form of this intent. */
function useSuggestionFormState(suggestionId: string | null, intent: string) {
  const data = useActionData() as { fieldErrors?: FieldErrors; values?: Record<string, string> } | undefined;
  if (!data?.fieldErrors || data.values?.intent !== intent) return null;
  if (suggestionId !== null && data.values?.suggestionId !== suggestionId) return null;
  return { errors: data.fieldErrors, values: data.values };
}

export function PolicySuggestions(props: PolicySuggestionsProps) {
  const { policyId, changeMode, suggestions, can, submissionKey, selected, onShowPassage } = props;
  const { t } = useTranslation();
  const location = useLocation();
  const action = `/policies/${policyId}/comments`;
  const takes = changeMode !== "editing";
  if (!takes && suggestions.length === 0 && !can.chooseMode) return null;
  return (
    <section className="policy-suggestions stack" aria-labelledby="suggestions-title" id="suggestions">
      <h2 id="suggestions-title">{t("policies.suggestions.heading", { count: suggestions.length })}</h2>
      <p>{t(`policies.suggestions.intro.${changeMode}`)}</p>
      {can.chooseMode ? <ChangeModeForm action={action} changeMode={changeMode} /> : null}
      {can.suggest && submissionKey ? (
        <NewSuggestionForm action={action} submissionKey={`${submissionKey}-s`} selected={selected ?? null} />
      ) : takes && !can.signedIn ? (
        <p>
          <Trans
            i18nKey="policies.suggestions.loginToSuggest"
            components={{ login: <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`} /> }}
          />
        </p>
      ) : takes && !can.decide ? (
        <p className="hint">{t("policies.suggestions.notOpen")}</p>
      ) : null}
      {suggestions.length === 0 ? (
        takes ? (
          <p className="empty-state">{t("policies.suggestions.empty")}</p>
        ) : null
      ) : (
        <ol className="suggestion-list">
          {suggestions.map((suggestion) => (
            <SuggestionCard
              key={suggestion.id}
              suggestion={suggestion}
              action={action}
              can={can}
              onShowPassage={onShowPassage}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

/** How residents change the draft, as radio buttons: on the comments page, and with opening the consultation. */
export function ChangeModeChoice({ selected, error }: { selected: string; error?: string }) {
  const { t } = useTranslation();
  return (
    <ChoiceGroup
      name="changeMode"
      kind="radio"
      legend={t("policies.suggestions.mode.legend")}
      hint={t("policies.suggestions.mode.hint")}
      options={CHANGE_MODES.map((mode) => ({ value: mode, label: t(`policies.suggestions.mode.${mode}`) }))}
      selected={[selected]}
      error={error}
    />
  );
}

function ChangeModeForm({ action, changeMode }: { action: string; changeMode: ChangeMode }) {
  const { t } = useTranslation();
  const state = useSuggestionFormState(null, "changeMode");
  return (
    <details className="card" open={state ? true : undefined}>
      <summary>{t("policies.suggestions.mode.title")}</summary>
      <Form method="post" action={action} className="stack">
        <ChangeModeChoice
          selected={state?.values.changeMode ?? changeMode}
          error={state?.errors.changeMode ?? state?.errors.form}
        />
        <SubmitButton name="intent" value="changeMode" pendingLabel={t("actions.saving")}>
          {t("policies.suggestions.mode.submit")}
        </SubmitButton>
      </Form>
    </details>
  );
}

function NewSuggestionForm({
  action,
  submissionKey,
  selected,
}: {
  action: string;
  submissionKey: string;
  selected: SuggestionPlace | null;
}) {
  const { t } = useTranslation();
  const state = useSuggestionFormState(null, "suggest");
  const errors = state?.errors ?? {};
  const [quote, setQuote] = useState(state?.values.quote ?? "");
  const [anchor, setAnchor] = useState<PassageAnchor | null>(null);
  const [placed, setPlaced] = useState(0);
  const [kind, setKind] = useState<SuggestionKind>(
    SUGGESTION_KINDS.find((value) => value === state?.values.kind) ?? "replace",
  );
  // A selection in the text fills the passage and its anchors (a caret: the words next to it, and
  // where the new words go); typing in the field drops the anchors, and the server looks the
  // typed words up instead.
  useEffect(() => {
    if (!selected) return;
    setQuote(selected.quote);
    setAnchor({ anchorStart: selected.anchorStart, anchorEnd: selected.anchorEnd });
    setKind(selected.kind ?? "replace");
    setPlaced((count) => count + 1);
  }, [selected]);
  return (
    <Form method="post" action={action} noValidate className="stack card" aria-labelledby="new-suggestion-title">
      <h3 id="new-suggestion-title">{t("policies.suggestions.form.title")}</h3>
      <input type="hidden" name="submissionKey" value={submissionKey.slice(0, 64)} />
      <input type="hidden" name="anchorStart" value={anchor?.anchorStart ?? ""} />
      <input type="hidden" name="anchorEnd" value={anchor?.anchorEnd ?? ""} />
      {errors.form ? <p className="field-error">{errors.form}</p> : null}
      <TextArea
        name="quote"
        id={state ? "field-quote" : "suggestion-quote"}
        label={t("policies.suggestions.form.quote")}
        hint={t("policies.suggestions.form.quoteHint")}
        value={quote}
        rows={2}
        onChange={(event) => {
          setQuote(event.target.value);
          setAnchor(null);
        }}
        error={errors.quote}
      />
      {/* Remade for each new place in the text, whose kind it then shows; the reader may change it. */}
      <div
        key={placed}
        onChange={(event) => {
          const input = event.target as HTMLInputElement;
          if (input.name === "kind") setKind(input.value as SuggestionKind);
        }}
      >
        <ChoiceGroup
          name="kind"
          id="suggestion-kind"
          kind="radio"
          legend={t("policies.suggestions.form.kind")}
          hint={t("policies.suggestions.form.kindHint")}
          options={SUGGESTION_KINDS.map((value) => ({
            value,
            label: t(`policies.suggestions.form.kinds.${value}`),
          }))}
          selected={[kind]}
          error={errors.kind}
        />
      </div>
      <TextArea
        name="replacement"
        id={state ? "field-replacement" : "suggestion-replacement"}
        label={t(`policies.suggestions.form.${kind === "replace" ? "replacement" : "insertion"}`)}
        hint={t("policies.suggestions.form.replacementHint", { max: REPLACEMENT_MAX_LENGTH })}
        maxLength={REPLACEMENT_MAX_LENGTH}
        rows={2}
        defaultValue={state?.values.replacement}
        error={errors.replacement}
      />
      <TextArea
        name="explanation"
        id={state ? "field-explanation" : "suggestion-explanation"}
        label={t("policies.suggestions.form.explanation")}
        hint={t("policies.suggestions.form.explanationHint", { max: EXPLANATION_MAX_LENGTH })}
        maxLength={EXPLANATION_MAX_LENGTH}
        rows={3}
        defaultValue={state?.values.explanation}
        error={errors.explanation}
      />
      <SubmitButton name="intent" value="suggest" pendingLabel={t("policies.suggestions.form.sending")}>
        {t("policies.suggestions.form.submit")}
      </SubmitButton>
    </Form>
  );
}

/** The suggester's name as the public saw it; "Deleted account" once they deleted it. */
export const useSuggesterName = () => {
  const { t } = useTranslation();
  return useCallback((name: string) => name || t("policies.suggestions.deletedAccount"), [t]);
};

/** What a text needs to draw a suggestion as a tracked change. */
export type TrackedSuggestion = Pick<
  SuggestionItem,
  | "id"
  | "authorName"
  | "quote"
  | "replacement"
  | "kind"
  | "anchorStart"
  | "anchorEnd"
  | "status"
  | "hiddenReason"
  | "passage"
>;

/**
 * The open suggestions as passages for the text's highlight plugin (comment-highlights.ts): the
 * passage struck, the new words after it, the author named in their tooltip. Decided, hidden
 * and detached ones are not drawn.
 */
export function useTrackedChanges(suggestions: readonly TrackedSuggestion[]): HighlightedPassage[] {
  const { t } = useTranslation();
  const suggesterName = useSuggesterName();
  return useMemo(
    () =>
      suggestions
        .filter((suggestion) => suggestion.status === "open" && !suggestion.hiddenReason && suggestion.passage !== null)
        .map((suggestion) => ({
          id: suggestion.id,
          anchorStart: suggestion.anchorStart,
          anchorEnd: suggestion.anchorEnd,
          quote: suggestion.quote,
          suggestion: {
            label: t("policies.suggestions.inText", {
              name: suggesterName(suggestion.authorName),
              replacement: suggestion.replacement || "—",
            }),
            replacement: suggestion.replacement,
            kind: suggestion.kind,
          },
        })),
    [suggestions, t, suggesterName],
  );
}

/**
 * Beside the editor: each tracked change drawn in the text, said as a sentence (the marks in the
 * text are hidden from screen readers), with a link to where it is discussed and decided.
 */
export function TrackedChangesList({
  policyId,
  suggestions,
}: {
  policyId: string;
  suggestions: readonly TrackedSuggestion[];
}) {
  const { t } = useTranslation();
  const open = suggestions.filter((suggestion) => suggestion.status === "open" && !suggestion.hiddenReason);
  if (open.length === 0) return null;
  return (
    <section className="tracked-changes stack" aria-labelledby="tracked-changes-title" data-testid="tracked-changes">
      <h2 id="tracked-changes-title">{t("policies.suggestions.trackedHeading", { count: open.length })}</h2>
      <ol className="suggestion-list">
        {open.map((suggestion) => (
          <li key={suggestion.id} className="card">
            <SuggestedChange {...suggestion} />
            <Link to={`/policies/${policyId}/comments#suggestion-${suggestion.id}`}>
              {t("policies.suggestions.discuss")}
            </Link>
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * The change itself as real text: struck words and underlined new words, each named for a
 * screen reader, in the order the reader's language says it.
 */
export function SuggestedChange({
  authorName,
  quote,
  replacement,
  kind,
}: Pick<SuggestionItem, "authorName" | "quote" | "replacement"> & { kind?: SuggestionKind }) {
  const { t } = useTranslation();
  const name = useSuggesterName()(authorName);
  if (kind === "insertAfter" || kind === "insertBefore")
    return (
      <p className="suggested-change" data-testid="suggested-change">
        {/* The language orders the parts: <ins/> stands for the new words, <q/> for their neighbours. */}
        {t(`policies.suggestions.sentence.${kind}`, { name })
          .split(/(<ins\/>|<q\/>)/)
          .filter(Boolean)
          .map((part, index) =>
            part === "<ins/>" ? (
              <ins key={index}>{replacement}</ins>
            ) : part === "<q/>" ? (
              <q key={index}>{quote}</q>
            ) : (
              <span key={index} className="suggestion-words">
                {part}
              </span>
            ),
          )}
      </p>
    );
  return (
    <p className="suggested-change" data-testid="suggested-change">
      {replacement ? (
        <>
          <span className="suggestion-words">{t("policies.suggestions.sentence.replaceBefore", { name })}</span>{" "}
          <del>{quote}</del>{" "}
          <span className="suggestion-words">{t("policies.suggestions.sentence.replaceBetween")}</span>{" "}
          <ins>{replacement}</ins>
        </>
      ) : (
        <>
          <span className="suggestion-words">{t("policies.suggestions.sentence.deleteBefore", { name })}</span>{" "}
          <del>{quote}</del>
        </>
      )}
    </p>
  );
}

function SuggestionCard({
  suggestion,
  action,
  can,
  onShowPassage,
}: {
  suggestion: SuggestionItem;
  action: string;
  can: PolicySuggestionsProps["can"];
  onShowPassage?: PolicySuggestionsProps["onShowPassage"];
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const suggesterName = useSuggesterName();
  const rejected = useSuggestionFormState(suggestion.id, "reject");
  const accepted = useSuggestionFormState(suggestion.id, "accept");
  const stanceState = useSuggestionFormState(suggestion.id, "stance");
  const hidden = useSuggestionFormState(suggestion.id, "hideSuggestion");
  const open = suggestion.status === "open" && !suggestion.hiddenReason;
  const gone = open && suggestion.passage === null;
  const changed = open && suggestion.passage !== null && suggestion.passage !== suggestion.quote;
  return (
    <li
      id={`suggestion-${suggestion.id}`}
      className={`suggestion card stack suggestion-${suggestion.status}`}
      data-testid="suggestion"
    >
      <p className="comment-head">
        <span className={`badge suggestion-status-${suggestion.status}`}>
          {t(`policies.suggestions.statuses.${suggestion.status}`)}
        </span>
      </p>
      {suggestion.hiddenReason ? (
        <p className="hidden-comment">{t("policies.suggestions.hiddenBecause", { reason: suggestion.hiddenReason })}</p>
      ) : (
        <SuggestedChange {...suggestion} />
      )}
      {gone ? <p className="hint">{t("policies.suggestions.passageGone")}</p> : null}
      {changed ? (
        <p className="hint">{t("policies.suggestions.passageChanged", { passage: suggestion.passage })}</p>
      ) : null}
      {onShowPassage && open && !gone ? (
        <button
          type="button"
          className="link-button"
          onClick={() =>
            onShowPassage({
              anchorStart: suggestion.anchorStart,
              anchorEnd: suggestion.anchorEnd,
              quote: suggestion.quote,
            })
          }
        >
          {t("policies.comments.showInText")}
        </button>
      ) : null}
      {suggestion.explanation ? (
        <div className="suggestion-explanation">
          <span className="hint">{t("policies.suggestions.explanationLabel")}</span>
          <UserText as="p" text={suggestion.explanation} />
        </div>
      ) : null}
      <p className="comment-byline">
        {t("policies.suggestions.postedBy", {
          name: suggesterName(suggestion.authorName),
          date: format.dateTime(suggestion.createdAt),
        })}
      </p>
      <p data-testid="suggestion-counts">
        {t("policies.suggestions.counts", { support: suggestion.support, oppose: suggestion.oppose })}
      </p>
      {suggestion.status === "accepted" ? (
        <p className="comment-outcome" data-testid="suggestion-outcome">
          {suggestion.revisionNumber
            ? t("policies.suggestions.acceptedLine", { number: suggestion.revisionNumber })
            : t("policies.suggestions.acceptedNoRevision")}
        </p>
      ) : suggestion.status === "rejected" ? (
        <p className="comment-outcome" data-testid="suggestion-outcome">
          {t("policies.suggestions.rejectedLine", { reason: suggestion.reason ?? "" })}
        </p>
      ) : null}
      {open && can.suggest ? (
        suggestion.own ? (
          <p className="hint">{t("policies.suggestions.stance.own")}</p>
        ) : (
          <Form method="post" action={action} className="stance-form">
            <input type="hidden" name="suggestionId" value={suggestion.id} />
            <fieldset>
              <legend>{t("policies.suggestions.stance.legend")}</legend>
              {suggestion.stance ? (
                <p className="hint">
                  {t("policies.suggestions.stance.yours", {
                    stance: t(
                      `policies.suggestions.stance.${suggestion.stance === "support" ? "supported" : "opposed"}`,
                    ),
                  })}
                </p>
              ) : null}
              {stanceState?.errors.form ? <p className="field-error">{stanceState.errors.form}</p> : null}
              <div className="button-row">
                {(["support", "oppose"] as const).map((stance) => (
                  <button
                    key={stance}
                    type="submit"
                    name="stance"
                    value={stance}
                    aria-pressed={suggestion.stance === stance}
                    className="secondary"
                  >
                    {t(`policies.suggestions.stance.${stance}`)}
                  </button>
                ))}
              </div>
            </fieldset>
            <input type="hidden" name="intent" value="stance" />
          </Form>
        )
      ) : null}
      {open && can.decide ? (
        <div className="stack">
          <Form
            method="post"
            action={action}
            onSubmit={(event) => {
              if (
                !window.confirm(
                  t("policies.suggestions.accept.confirm", { name: suggesterName(suggestion.authorName) }),
                )
              )
                event.preventDefault();
            }}
          >
            <input type="hidden" name="suggestionId" value={suggestion.id} />
            {accepted?.errors.form ? <p className="field-error">{accepted.errors.form}</p> : null}
            <SubmitButton name="intent" value="accept" pendingLabel={t("actions.saving")}>
              {t("policies.suggestions.accept.submit")}
            </SubmitButton>
          </Form>
          <details open={rejected ? true : undefined}>
            <summary>{t("policies.suggestions.reject.title")}</summary>
            <Form method="post" action={action} className="stack">
              <input type="hidden" name="suggestionId" value={suggestion.id} />
              {rejected?.errors.form ? <p className="field-error">{rejected.errors.form}</p> : null}
              <TextArea
                name="reason"
                id={rejected ? "field-reason" : `suggestion-reason-${suggestion.id}`}
                label={t("policies.suggestions.reject.reason")}
                hint={t("policies.suggestions.reject.reasonHint")}
                maxLength={REASON_MAX_LENGTH}
                rows={3}
                defaultValue={rejected?.values.reason}
                error={rejected?.errors.reason}
              />
              <SubmitButton name="intent" value="reject" className="danger" pendingLabel={t("actions.saving")}>
                {t("policies.suggestions.reject.submit")}
              </SubmitButton>
            </Form>
          </details>
        </div>
      ) : null}
      {can.hide && !suggestion.hiddenReason ? (
        <details open={hidden ? true : undefined}>
          <summary>{t("policies.suggestions.hide.title")}</summary>
          <Form
            method="post"
            action={action}
            className="stack"
            onSubmit={(event) => {
              if (!window.confirm(t("policies.suggestions.hide.confirm"))) event.preventDefault();
            }}
          >
            <input type="hidden" name="suggestionId" value={suggestion.id} />
            <Field
              name="reason"
              id={hidden ? "field-reason" : `suggestion-hide-reason-${suggestion.id}`}
              label={t("policies.suggestions.hide.reason")}
              maxLength={300}
              required
              defaultValue={hidden?.values.reason}
              error={hidden?.errors.reason ?? hidden?.errors.form}
            />
            <SubmitButton name="intent" value="hideSuggestion" className="danger" pendingLabel={t("actions.saving")}>
              {t("policies.suggestions.hide.submit")}
            </SubmitButton>
          </Form>
        </details>
      ) : null}
    </li>
  );
}
