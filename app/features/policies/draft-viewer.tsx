// The community draft, read-only and live: Tiptap with Collaboration on the draft's Y.Doc over
// y-websocket. The server renders the draft's text first (the page works without JavaScript);
// once the live document has synced, the editor takes its place. Selecting words reports the
// passage (anchored with Yjs relative positions) to the page, for a comment.
import type { Editor } from "@tiptap/core";
import { nestHeadings } from "./heading-levels";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { COLLAB_PATH, formatDocumentName } from "~/shared/collab";
import { policyTextExtensions, TEXT_FRAGMENT } from "~/shared/editor";
import type { HighlightedPassage } from "./comment-highlights";
import { selectedPassage, type SelectedPassage } from "./editor-anchors";
import { NestedHeadingLevels } from "./nested-headings";
import type { SuggestionPlace } from "./policy-suggestions";
import { caretContext } from "./suggestion-text";

interface DraftViewerProps {
  policyId: string;
  /** The draft rendered by the server, shown until the live text has arrived. */
  html: string;
  /**
   * The comments' passages, highlighted in the text where they are now; a suggested change's
   * passage is struck, its new words shown after it (decision 0042). The suggestion's card beside
   * the text says the same in words, so the marks are hidden from screen readers.
   */
  passages?: readonly HighlightedPassage[];
  onEditor?: (editor: Editor | null) => void;
  onSelect?: (passage: SelectedPassage | null) => void;
  /**
   * A caret in the text with nothing selected: the words next to it, to which new words suggested
   * there are anchored (decision 0046); null when words are selected or the block is empty.
   */
  onCaret?: (place: SuggestionPlace | null) => void;
}

export function DraftViewer({ policyId, html, passages = [], onEditor, onSelect, onCaret }: DraftViewerProps) {
  const { t } = useTranslation();
  const mount = useRef<HTMLDivElement>(null);
  const [live, setLive] = useState(false);
  const callbacks = useRef({ onEditor, onSelect, onCaret });
  callbacks.current = { onEditor, onSelect, onCaret };
  const highlighted = useRef(passages);
  highlighted.current = passages;
  const current = useRef<Editor | null>(null);
  // New comments (the page's data read again): the highlights are drawn again.
  useEffect(() => {
    const editor = current.current;
    if (editor && !editor.isDestroyed)
      editor.view.dispatch(editor.state.tr.setMeta("commentPassages", passages.length));
  }, [passages]);

  useEffect(() => {
    let cancelled = false;
    let cleanup = () => {};
    // Loaded here, in the browser only: the server never opens a socket or builds an editor.
    void Promise.all([
      import("@tiptap/core"),
      import("@tiptap/extension-collaboration"),
      import("y-websocket"),
      import("yjs"),
      import("./comment-highlights"),
    ]).then(
      ([{ Editor, Extension }, { default: Collaboration }, { WebsocketProvider }, Y, { commentHighlightsPlugin }]) => {
        if (cancelled || !mount.current) return;
        const ydoc = new Y.Doc();
        const scheme = window.location.protocol === "https:" ? "wss" : "ws";
        const provider = new WebsocketProvider(
          `${scheme}://${window.location.host}${COLLAB_PATH}`,
          formatDocumentName({ kind: "policy-draft", id: policyId }),
          ydoc,
        );
        const element = mount.current;
        // Each comment's passage is marked where it is in the text now, as others edit.
        const Highlights = Extension.create({
          name: "commentPassages",
          addProseMirrorPlugins: () => [commentHighlightsPlugin(() => highlighted.current)],
        });
        const editor = new Editor({
          element,
          editable: false,
          // Its stylesheet is in app.css: an injected <style> breaks the Content-Security-Policy.
          injectCSS: false,
          extensions: [
            ...policyTextExtensions(),
            NestedHeadingLevels,
            Collaboration.configure({ document: ydoc, field: TEXT_FRAGMENT }),
            Highlights,
          ],
          editorProps: {
            attributes: {
              class: "policy-text draft-live",
              "aria-label": t("policies.comments.draftHeading"),
              "data-testid": "draft-live",
            },
          },
        });
        // A read-only view does not turn the reader's selection into an editor selection by
        // itself; the DOM selection is read instead.
        const onSelectionChange = () => {
          const selection = window.getSelection();
          if (!selection || selection.rangeCount === 0 || !editor.view.dom.contains(selection.anchorNode)) return;
          try {
            const a = editor.view.posAtDOM(selection.anchorNode!, selection.anchorOffset);
            const b = editor.view.posAtDOM(selection.focusNode!, selection.focusOffset);
            const [from, to] = a <= b ? [a, b] : [b, a];
            callbacks.current.onSelect?.(from < to ? selectedPassage(editor, { from, to }) : null);
            // A caret (a click, or the keyboard with caret browsing): where new words could go in.
            const context = from === to ? caretContext(editor.state.doc, from) : null;
            const place = context ? selectedPassage(editor, context) : null;
            callbacks.current.onCaret?.(context && place ? { ...place, kind: context.kind } : null);
          } catch {
            // A selection over something that is not text: nothing to comment on.
          }
        };
        document.addEventListener("selectionchange", onSelectionChange);
        provider.on("sync", (synced: boolean) => {
          if (synced && !cancelled) setLive(true);
        });
        current.current = editor;
        callbacks.current.onEditor?.(editor);
        cleanup = () => {
          current.current = null;
          document.removeEventListener("selectionchange", onSelectionChange);
          callbacks.current.onEditor?.(null);
          editor.destroy();
          provider.destroy();
          ydoc.destroy();
        };
      },
    );
    return () => {
      cancelled = true;
      cleanup();
    };
  }, [policyId, t]);

  return (
    <div className="draft-viewer" aria-busy={!live}>
      {/* Rendered on the server from the stored draft with the shared extension list. A draft
          without text still gets the live view: text written (or a slip undone) shows there. */}
      {live ? null : html ? (
        <div
          className="policy-text"
          data-testid="draft-static"
          dangerouslySetInnerHTML={{ __html: nestHeadings(html, 2) }}
        />
      ) : (
        <p className="empty-state">{t("policies.comments.draftEmpty")}</p>
      )}
      <div ref={mount} hidden={!live} />
    </div>
  );
}
