// A plain Tiptap editor (no collaboration) for the text of a version being published: it keeps
// a hidden field up to date with the text as Tiptap JSON, which the server checks against the
// schema and renders itself. Without JavaScript the hidden field keeps the text it came with.
import type { Editor, JSONContent } from "@tiptap/core";
import { useEffect, useRef, useState } from "react";
import { policyTextExtensions } from "~/shared/editor";
import { TextToolbar } from "./text-toolbar";
import { NestedHeadingLevels } from "./nested-headings";

export function PlainPolicyEditor({ name, initial, label }: { name: string; initial: JSONContent; label: string }) {
  const mount = useRef<HTMLDivElement>(null);
  const [value, setValue] = useState(() => JSON.stringify(initial));
  const [editor, setEditor] = useState<Editor | null>(null);
  const initialRef = useRef(initial);

  useEffect(() => {
    let created: Editor | null = null;
    let cancelled = false;
    void import("@tiptap/core").then(({ Editor }) => {
      if (cancelled || !mount.current) return;
      created = new Editor({
        element: mount.current,
        // Its stylesheet is in app.css: an injected <style> breaks the Content-Security-Policy.
        injectCSS: false,
        extensions: [...policyTextExtensions(), NestedHeadingLevels.configure({ parent: 1 })],
        content: initialRef.current,
        editorProps: {
          attributes: {
            class: "policy-text plain-editor",
            role: "textbox",
            "aria-multiline": "true",
            "aria-label": label,
          },
        },
        onUpdate: ({ editor: changed }) => setValue(JSON.stringify(changed.getJSON())),
      });
      setEditor(created);
    });
    return () => {
      cancelled = true;
      created?.destroy();
    };
  }, [label]);

  return (
    <div className="plain-policy-editor">
      <input type="hidden" name={name} value={value} />
      {editor ? <TextToolbar editor={editor} /> : null}
      <div ref={mount} />
    </div>
  );
}
