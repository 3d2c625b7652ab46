// The browser's side of anchoring: the Tiptap editor (with Collaboration on the draft's Y.Doc)
// gives its selection as a passage anchor, and finds a comment's passage again. The editor page
// and the comments page both use these through <PassageComments>.
import type { Editor } from "@tiptap/core";
import type { EditorState } from "@tiptap/pm/state";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import type * as Y from "yjs";
import {
  anchorFromRange,
  locatePassage,
  passageText,
  type ProsemirrorMapping,
  QUOTE_MAX_LENGTH,
  type PassageAnchor,
  type ResolvedPassage,
} from "./comment-anchors";

export interface SelectedPassage extends PassageAnchor {
  quote: string;
}

/** The XmlFragment and the Yjs ⇄ ProseMirror mapping the editor's sync plugin keeps. */
function binding(editor: Editor | EditorState): { fragment: Y.XmlFragment; mapping: ProsemirrorMapping } | null {
  const state = ySyncPluginKey.getState("state" in editor ? editor.state : editor) as
    { type?: Y.XmlFragment; binding?: { mapping: ProsemirrorMapping } } | undefined;
  if (!state?.type || !state.binding) return null;
  return { fragment: state.type, mapping: state.binding.mapping };
}

/**
 * The passage the reader has selected (or the given range: a read-only view reads the browser's
 * selection itself), or null when nothing but spaces is selected.
 */
export function selectedPassage(
  editor: Editor,
  range: { from: number; to: number } = editor.state.selection,
): SelectedPassage | null {
  const { from, to } = range;
  const quote = passageText(editor.state.doc, from, to);
  const yjs = binding(editor);
  if (!quote || !yjs) return null;
  const anchor = anchorFromRange(yjs.fragment, yjs.mapping, from, to);
  return anchor ? { ...anchor, quote: quote.slice(0, QUOTE_MAX_LENGTH) } : null;
}

/** A comment's place: its anchors, and its quote for when they name deleted text (`locatePassage`). */
export type CommentPlace = Partial<PassageAnchor> & { quote?: string | null };

/** Where a comment's passage is in the editor now; null when it is detached. */
export function passageInEditor(editor: Editor, anchor: CommentPlace): ResolvedPassage | null {
  const yjs = binding(editor);
  return yjs ? locatePassage(yjs.fragment, yjs.mapping, editor.state.doc, anchor) : null;
}

/** The same for an editor state, while it is being drawn (the highlights of the comments' passages). */
export function passageInState(state: EditorState, anchor: CommentPlace): ResolvedPassage | null {
  const yjs = binding(state);
  if (!yjs) return null;
  try {
    return locatePassage(yjs.fragment, yjs.mapping, state.doc, anchor);
  } catch {
    // The mapping can trail the document by one transaction while remote changes arrive.
    return null;
  }
}

/** Selects a comment's passage and scrolls it into view; false when it is detached. */
export function showPassage(editor: Editor, anchor: CommentPlace): boolean {
  const passage = passageInEditor(editor, anchor);
  if (!passage) return false;
  editor.chain().setTextSelection({ from: passage.from, to: passage.to }).scrollIntoView().run();
  // The viewer is read-only and not focused, so the editor neither draws its selection nor
  // scrolls the window to it: select the passage in the page itself and bring it to the middle
  // of the screen, where the reader sees it highlighted.
  const start = editor.view.domAtPos(passage.from);
  const end = editor.view.domAtPos(passage.to);
  const range = document.createRange();
  range.setStart(start.node, start.offset);
  range.setEnd(end.node, end.offset);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
  const shown = start.node instanceof Element ? start.node : start.node.parentElement;
  shown?.scrollIntoView({ block: "center" });
  return true;
}
