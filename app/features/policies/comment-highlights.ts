// Each comment's passage marked where it is in the text now, as others edit, and each open
// suggestion as a tracked change (decision 0042): in the comments page's live text and in the
// editor alike. A module of its own, so that both load it with their editor, in the browser only.
import { Plugin } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { passageInState, type CommentPlace } from "./editor-anchors";
import { spacedInsertion } from "./suggestion-text";

export type HighlightedPassage = CommentPlace & {
  id: string;
  /** The words a comment is being written on now: marked while the focus is in the comment form. */
  current?: boolean;
  /**
   * An open suggestion: the passage is struck and its new words shown after it; for an insertion
   * the passage (the neighbouring words) stays as it is and the new words show beside it.
   */
  suggestion?: { label: string; replacement: string; kind?: "replace" | "insertAfter" | "insertBefore" };
};

/** `passages` is read at every drawing, so that new ones show once the view is told (a meta transaction). */
export function commentHighlightsPlugin(passages: () => readonly HighlightedPassage[]) {
  return new Plugin({
    props: {
      decorations: (state) =>
        DecorationSet.create(
          state.doc,
          passages().flatMap((passage) => {
            const range = passageInState(state, passage);
            if (!range) return [];
            const suggestion = passage.suggestion;
            if (!suggestion)
              return [
                Decoration.inline(range.from, range.to, {
                  class: passage.current ? "commenting-passage" : "commented-passage",
                  "data-comment": passage.id,
                }),
              ];
            // A passage changed since (an accepted suggestion's words, someone's edit) is no
            // longer what the suggestion would replace: it is not shown as a tracked change.
            if (range.text !== passage.quote) return [];
            const insertion = suggestion.kind === "insertAfter" || suggestion.kind === "insertBefore";
            const at = suggestion.kind === "insertBefore" ? range.from : range.to;
            // As the words would go in: with the space English needs, none in Chinese.
            const words = insertion
              ? spacedInsertion(
                  state.doc.textBetween(Math.max(state.doc.resolve(at).start(), at - 1), at, " ", " "),
                  suggestion.replacement,
                  state.doc.textBetween(at, Math.min(state.doc.resolve(at).end(), at + 1), " ", " "),
                )
              : suggestion.replacement;
            const inserted = () => {
              const ins = document.createElement("ins");
              ins.className = "suggested-insertion";
              ins.textContent = words;
              ins.title = suggestion.label;
              ins.setAttribute("aria-hidden", "true");
              return ins;
            };
            if (insertion)
              return [
                Decoration.widget(at, inserted, {
                  side: suggestion.kind === "insertBefore" ? -1 : 1,
                  key: `suggestion-${passage.id}-${words}`,
                }),
              ];
            return [
              Decoration.inline(range.from, range.to, {
                class: "suggested-deletion",
                title: suggestion.label,
                "data-suggestion": passage.id,
              }),
              ...(suggestion.replacement
                ? [Decoration.widget(range.to, inserted, { side: 1, key: `suggestion-${passage.id}` })]
                : []),
            ];
          }),
        ),
    },
  });
}
