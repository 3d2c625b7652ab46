// The formatting toolbar of every editor of a policy text (the community draft, a new version,
// an adopted version): chapters, sections and articles as the text names them, body text, lists,
// bold and italic. A screen reader hears each button's state (`aria-pressed`); the keyboard
// reaches the toolbar with one Tab and moves along it with the arrow keys, Home and End (the
// WAI-ARIA toolbar pattern), and a button puts the caret back in the text, where typing goes on.
import type { Editor } from "@tiptap/core";
import { useEditorState } from "@tiptap/react";
import { useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { HEADING_LEVELS } from "~/shared/editor";

type Level = (typeof HEADING_LEVELS)[number];

const HEADING_NAMES: Record<Level, string> = { 2: "heading2", 3: "heading3", 4: "heading4" };

export function TextToolbar({ editor, controls }: { editor: Editor; controls?: string }) {
  const { t } = useTranslation();
  const state = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      headings: HEADING_LEVELS.map((level) => current.isActive("heading", { level })),
      paragraph: current.isActive("paragraph") && !current.isActive("bulletList") && !current.isActive("orderedList"),
      bullet: current.isActive("bulletList"),
      ordered: current.isActive("orderedList"),
      bold: current.isActive("bold"),
      italic: current.isActive("italic"),
    }),
  });
  const chain = () => editor.chain().focus();
  const buttons: Array<{ name: string; label: string; pressed: boolean; run: () => void }> = [
    ...HEADING_LEVELS.map((level, index) => ({
      name: `h${level}`,
      label: t(`policies.editor.${HEADING_NAMES[level]}`),
      pressed: state.headings[index],
      run: () => chain().toggleHeading({ level }).run(),
    })),
    {
      name: "paragraph",
      label: t("policies.editor.paragraph"),
      pressed: state.paragraph,
      run: () => chain().setParagraph().run(),
    },
    {
      name: "bulletList",
      label: t("policies.editor.bulletList"),
      pressed: state.bullet,
      run: () => chain().toggleBulletList().run(),
    },
    {
      name: "orderedList",
      label: t("policies.editor.orderedList"),
      pressed: state.ordered,
      run: () => chain().toggleOrderedList().run(),
    },
    { name: "bold", label: t("policies.editor.bold"), pressed: state.bold, run: () => chain().toggleBold().run() },
    {
      name: "italic",
      label: t("policies.editor.italic"),
      pressed: state.italic,
      run: () => chain().toggleItalic().run(),
    },
  ];
  // The one button in the page's tab order; the arrow keys move it.
  const [current, setCurrent] = useState(0);
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    const last = buttons.length - 1;
    const next =
      event.key === "ArrowRight"
        ? current === last
          ? 0
          : current + 1
        : event.key === "ArrowLeft"
          ? current === 0
            ? last
            : current - 1
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    setCurrent(next);
    refs.current[next]?.focus();
  };
  return (
    <div
      role="toolbar"
      aria-label={t("policies.editor.toolbar")}
      aria-controls={controls}
      className="format-toolbar"
      onKeyDown={move}
      data-testid="format-toolbar"
    >
      {buttons.map((button, index) => (
        <button
          key={button.name}
          ref={(element) => {
            refs.current[index] = element;
          }}
          type="button"
          className="secondary"
          aria-pressed={button.pressed}
          tabIndex={index === current ? 0 : -1}
          onFocus={() => setCurrent(index)}
          // Keeps the editor's selection: a click on a button would otherwise take it away first.
          onMouseDown={(event) => event.preventDefault()}
          onClick={button.run}
        >
          {button.label}
        </button>
      ))}
    </div>
  );
}
