// The plain editor for an official version: Tiptap with the shared extension list and no
// collaboration. It keeps the text as JSON in a hidden field of the surrounding form; the
// server checks that JSON against the same schema and renders it (never HTML from here).
import { EditorContent, useEditor } from "@tiptap/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { policyTextExtensions } from "~/shared/editor";
import { TextArea } from "~/ui/form";
import { TextToolbar } from "./text-toolbar";
import { NestedHeadingLevels } from "./nested-headings";

interface VersionEditorProps {
  /** The starting text (Tiptap JSON), or null for an empty one. */
  initial: unknown;
  /** The same text as lines, for the form without JavaScript (textAsLines). */
  initialLines: string;
  /** The JSON a failed submission sent back, so nothing typed is lost. */
  submitted?: string;
  error?: string;
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
    extensions: [...policyTextExtensions(), NestedHeadingLevels.configure({ parent: 1 })],
    // Its stylesheet is in app.css: an injected <style> breaks the Content-Security-Policy.
    injectCSS: false,
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
      {editor ? <TextToolbar editor={editor} controls="field-content" /> : null}
      <div className="policy-editor">
        <EditorContent editor={editor} />
      </div>
      <input type="hidden" name="content" value={json} />
    </div>
  );
}
