// The plain editor for an official version: Tiptap with the shared extension list and no
// collaboration. It keeps the text as JSON in a hidden field of the surrounding form; the
// server checks that JSON against the same schema and renders it (never HTML from here).
import { EditorContent, useEditor, useEditorState, type Editor } from "@tiptap/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { policyTextExtensions } from "~/shared/editor";
import { TextArea } from "~/ui/form";

interface VersionEditorProps {
  /** The starting text (Tiptap JSON), or null for an empty one. */
  initial: unknown;
  /** The same text as lines, for the form without JavaScript (textAsLines). */
  initialLines: string;
  /** The JSON a failed submission sent back, so nothing typed is lost. */
  submitted?: string;
  error?: string;
}

function Toolbar({ editor }: { editor: Editor }) {
  const { t } = useTranslation();
  const state = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      h2: current.isActive("heading", { level: 2 }),
      h3: current.isActive("heading", { level: 3 }),
      h4: current.isActive("heading", { level: 4 }),
      paragraph: current.isActive("paragraph"),
      bullet: current.isActive("bulletList"),
      ordered: current.isActive("orderedList"),
      bold: current.isActive("bold"),
      italic: current.isActive("italic"),
    }),
  });
  const button = (label: string, pressed: boolean, run: () => void) => (
    <button type="button" aria-pressed={pressed} onClick={run} className="secondary">
      {label}
    </button>
  );
  const chain = () => editor.chain().focus();
  return (
    <div
      role="toolbar"
      aria-label={t("policies.editor.toolbar")}
      aria-controls="field-content"
      className="policy-editor-toolbar"
    >
      {button(t("policies.editor.heading2"), state.h2, () => chain().setHeading({ level: 2 }).run())}
      {button(t("policies.editor.heading3"), state.h3, () => chain().setHeading({ level: 3 }).run())}
      {button(t("policies.editor.heading4"), state.h4, () => chain().setHeading({ level: 4 }).run())}
      {button(t("policies.editor.paragraph"), state.paragraph, () => chain().setParagraph().run())}
      {button(t("policies.editor.bulletList"), state.bullet, () => chain().toggleBulletList().run())}
      {button(t("policies.editor.orderedList"), state.ordered, () => chain().toggleOrderedList().run())}
      {button(t("policies.editor.bold"), state.bold, () => chain().toggleBold().run())}
      {button(t("policies.editor.italic"), state.italic, () => chain().toggleItalic().run())}
    </div>
  );
}

export function VersionEditor({
  initial,
  initialLines,
  submitted,
  submittedLines,
  error,
  linesError,
}: VersionEditorProps & { submittedLines?: string; linesError?: string }) {
  const { t } = useTranslation();
  const start = (() => {
    if (!submitted) return initial;
    try {
      return JSON.parse(submitted) as unknown;
    } catch {
      return initial;
    }
  })();
  // Empty until the editor runs in the browser: without JavaScript the form posts the lines instead.
  const [json, setJson] = useState("");
  const editor = useEditor({
    extensions: policyTextExtensions(),
    content: (start as object | null) ?? "",
    // Rendered in the browser only: the server sends the form and the noscript notice.
    immediatelyRender: false,
    editorProps: {
      attributes: {
        id: "field-content",
        role: "textbox",
        "aria-multiline": "true",
        "aria-labelledby": "policy-editor-label",
        ...(error ? { "aria-invalid": "true", "aria-describedby": "content-error" } : {}),
      },
    },
    onUpdate: ({ editor: current }) => setJson(JSON.stringify(current.getJSON())),
    onCreate: ({ editor: current }) => setJson(JSON.stringify(current.getJSON())),
  });
  return (
    <div className="field stack">
      <span id="policy-editor-label" className="label">
        {t("policies.editor.text")}
      </span>
      {error ? (
        <p id="content-error" className="field-error">
          {error}
        </p>
      ) : null}
      <noscript>
        <TextArea
          name="lines"
          label={t("policies.editor.lines")}
          hint={t("policies.editor.linesHint")}
          defaultValue={submittedLines ?? initialLines}
          rows={20}
          error={linesError}
        />
      </noscript>
      {editor ? <Toolbar editor={editor} /> : null}
      <div className="policy-editor">
        <EditorContent editor={editor} />
      </div>
      <input type="hidden" name="content" value={json} />
    </div>
  );
}
