// The community draft's live editor, in the browser only (the page shows the server's rendering
// until this has loaded): Tiptap with the shared extension list, bound to the Yjs document that
// y-websocket keeps in step with collab-server/. People who may only read get the same live
// document in an editor that does not take input; the server drops their changes anyway.
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { Extension } from "@tiptap/core";
import { EditorContent, useEditor } from "@tiptap/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { COLLAB_PATH } from "~/shared/collab";
import { policyTextExtensions, TEXT_FRAGMENT } from "~/shared/editor";
import { TextToolbar } from "./text-toolbar";
import { trackUnsentChanges, type ChangesState } from "./unsent-changes.client";
import { NestedHeadingLevels } from "./nested-headings";
import { commentHighlightsPlugin, type HighlightedPassage } from "./comment-highlights";
import { selectedPassage, type SelectedPassage } from "./editor-anchors";

export type { ChangesState };

export type ConnectionStatus = "connecting" | "connected" | "reconnecting";

export interface Presence {
  editors: string[];
  readers: number;
}

export interface DraftEditorProps {
  documentName: string;
  editable: boolean;
  /** The signed-in person (the server stamps the same name on their caret); null for a visitor. */
  user: { id: string; name: string } | null;
  label: string;
  onStatus(status: ConnectionStatus): void;
  /** Who else has the draft open now (from their presence): the names of those who may edit it, and how many only read. */
  onPresence(presence: Presence): void;
  /** The server refused a change: it would have made the text longer than a policy text may be. */
  onTooLarge?(): void;
  /** Whether changes typed here wait to be stored, or were kept but will not be taken. */
  onChanges?(state: ChangesState): void;
  /** The comments' passages, marked in the text where they are now. */
  passages?: readonly HighlightedPassage[];
  /** Set when the reader may comment: called with the words selected in the editor (null: none selected). */
  onComment?(passage: SelectedPassage | null): void;
}

/** The collaboration server's close code for a change past the size limit (collab-server/core.ts). */
const DOCUMENT_TOO_LARGE = 4413;

/** Caret colours with enough contrast against white for their name labels (WCAG AA with white text). */
const CARET_COLOURS = ["#1d4ed8", "#b91c1c", "#047857", "#7c3aed", "#b45309", "#be185d", "#0f766e", "#4338ca"];
const colourFor = (id: string) =>
  CARET_COLOURS[[...id].reduce((sum, c) => (sum * 31 + c.charCodeAt(0)) >>> 0, 7) % CARET_COLOURS.length];

export function DraftEditor(props: DraftEditorProps) {
  const { documentName, editable, onStatus, onPresence, onTooLarge, onChanges } = props;
  const [session, setSession] = useState<{ doc: Y.Doc; provider: WebsocketProvider } | null>(null);
  // Bumped when the server refuses a change as too large: the editor starts again from the
  // server's document, or it would send the refused change again on every reconnection.
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const doc = new Y.Doc();
    const url = `${window.location.protocol === "https:" ? "wss:" : "ws:"}//${window.location.host}${COLLAB_PATH}`;
    const provider = new WebsocketProvider(url, documentName, doc, { disableBc: true });
    let wasConnected = false;
    // "Connected" only while the server answers: a socket whose network died looks open for long.
    const changes = trackUnsentChanges(provider, doc, { documentName, editable }, (state) => {
      if (state.alive) wasConnected = true;
      onStatus(state.alive ? "connected" : wasConnected ? "reconnecting" : "connecting");
      onChanges?.(state);
    });
    const showEditors = () => {
      const names = new Set<string>();
      let readers = 0;
      provider.awareness.getStates().forEach((state, clientId) => {
        if (clientId === doc.clientID) return;
        const name = (state.user as { name?: unknown } | undefined)?.name;
        // The server says who may edit (`editing`); visitors and read-only viewers only read.
        if (state.editing === true && typeof name === "string" && name) names.add(name);
        else readers += 1;
      });
      onPresence({ editors: [...names].sort((a, b) => a.localeCompare(b)), readers });
    };
    provider.awareness.on("change", showEditors);
    provider.on("connection-close", (event: CloseEvent | null) => {
      if (event?.code !== DOCUMENT_TOO_LARGE) return;
      provider.disconnect();
      // The refused change must not be sent again from the browser's storage either.
      changes.discard();
      onTooLarge?.();
      setGeneration((value) => value + 1);
    });
    setSession({ doc, provider });
    return () => {
      provider.awareness.off("change", showEditors);
      changes.stop();
      provider.destroy();
      doc.destroy();
    };
    // A fresh document whenever the right to edit changes: what was typed after the server
    // stopped taking this person's changes was dropped there, and must not linger on screen.
  }, [documentName, editable, onStatus, onPresence, onTooLarge, onChanges, generation]);

  return session ? <BoundEditor {...props} doc={session.doc} provider={session.provider} /> : null;
}

/**
 * Another person's caret with their name, drawn inside the text. Hidden from assistive
 * technology, which would otherwise read the name as part of the regulation ("加装 陈同学 电梯");
 * the page announces who is editing in its own words instead.
 */
function caretElement(user: Record<string, string>): HTMLElement {
  const caret = document.createElement("span");
  caret.classList.add("collaboration-carets__caret");
  caret.setAttribute("aria-hidden", "true");
  caret.style.borderColor = user.color;
  const label = document.createElement("span");
  label.classList.add("collaboration-carets__label");
  label.style.backgroundColor = user.color;
  label.textContent = user.name;
  caret.append(label);
  return caret;
}

function BoundEditor({
  doc,
  provider,
  editable,
  user,
  label,
  passages = [],
  onComment,
}: DraftEditorProps & { doc: Y.Doc; provider: WebsocketProvider }) {
  const { t } = useTranslation();
  const highlighted = useRef(passages);
  highlighted.current = passages;
  const commentOn = useRef(onComment);
  commentOn.current = onComment;
  const editor = useEditor(
    {
      immediatelyRender: false,
      // Its stylesheet is in app.css: an injected <style> breaks the Content-Security-Policy.
      injectCSS: false,
      editable,
      extensions: [
        ...policyTextExtensions(),
        // The editor sits right under the page's title.
        NestedHeadingLevels.configure({ parent: 1 }),
        Collaboration.configure({ document: doc, field: TEXT_FRAGMENT }),
        // Comments' passages marked in the text; Ctrl+Alt+M comments on the selected words, as in
        // the office suites people know.
        Extension.create({
          name: "passageComments",
          addProseMirrorPlugins: () => [commentHighlightsPlugin(() => highlighted.current)],
          addKeyboardShortcuts() {
            return {
              "Mod-Alt-m": () => {
                if (!commentOn.current) return false;
                commentOn.current(selectedPassage(this.editor));
                return true;
              },
            };
          },
        }),
        // A visitor shows no caret: their presence carries no name (the server strips it too).
        ...(user
          ? [
              CollaborationCaret.configure({
                provider,
                user: { name: user.name, color: colourFor(user.id) },
                render: caretElement,
              }),
            ]
          : []),
      ],
      editorProps: {
        attributes: {
          class: "policy-text draft-editor",
          // A text box to assistive technology, which then also hears whether it is read-only.
          role: "textbox",
          "aria-multiline": "true",
          "aria-label": label,
          "aria-readonly": editable ? "false" : "true",
          "data-testid": "draft-editor",
          id: "draft-editor-text",
        },
      },
    },
    [doc, provider, editable, user?.id],
  );
  // New comments (the page's data read again): the marks are drawn again.
  useEffect(() => {
    if (editor && !editor.isDestroyed) editor.view.dispatch(editor.state.tr.setMeta("passageComments", passages));
  }, [editor, passages]);
  return (
    <>
      {/* Before the toolbar: one Shift+Tab from the text reaches the toolbar, a second this. */}
      {onComment && editor ? (
        <p className="comment-on-selection-bar">
          <button
            type="button"
            aria-keyshortcuts="Control+Alt+M"
            // Keeps the selection: a click would otherwise take the focus, and the words, from the text.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => onComment(selectedPassage(editor))}
          >
            {t("policies.comments.commentOnWords")}
          </button>
        </p>
      ) : null}
      {editable && editor ? <TextToolbar editor={editor} controls="draft-editor-text" /> : null}
      <EditorContent editor={editor} />
    </>
  );
}
