// The one list of what a policy text may contain, imported by the browser's editor, the server's
// renderer (pages, print, export, diff, search) and collab-server/. Headings (chapters and
// articles), paragraphs, lists, bold, italic and links; anything else pasted in is dropped,
// because the schema has no place for it. The server never trusts HTML from a client: it renders
// the stored document with this list.
import { Extension, type Extensions } from "@tiptap/core";
import { Plugin } from "@tiptap/pm/state";
import StarterKit from "@tiptap/starter-kit";

/** Links may only lead to web pages and email addresses: no javascript:, data: or file:. */
export const LINK_PROTOCOLS = ["http", "https", "mailto"] as const;

export function isAllowedLink(href: string): boolean {
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(href.trim());
  return !!match && (LINK_PROTOCOLS as readonly string[]).includes(match[1].toLowerCase());
}

/** Chapter, section, article. */
export const HEADING_LEVELS = [2, 3, 4] as const;

/**
 * The extensions of a policy text. The editor adds Collaboration and CollaborationCaret on top
 * (they change how the text is edited, not what it may contain), which is why undo/redo is off:
 * Yjs keeps its own undo history.
 */
export function policyTextExtensions(): Extensions {
  return [
    StarterKit.configure({
      heading: { levels: [...HEADING_LEVELS] },
      blockquote: false,
      code: false,
      codeBlock: false,
      horizontalRule: false,
      strike: false,
      underline: false,
      undoRedo: false,
      link: {
        openOnClick: false,
        autolink: true,
        protocols: [...LINK_PROTOCOLS],
        isAllowedUri: (url) => isAllowedLink(url),
      },
    }),
    PastedTables,
  ];
}

/**
 * A policy text has no tables, and ProseMirror runs a pasted table's cells together into one
 * paragraph ("第一条罚款200元第二条…"). Each cell becomes a paragraph of its own instead, row by
 * row, so that no words are joined and every cell can be edited or made a heading.
 */
export const PastedTables = Extension.create({
  name: "pastedTables",
  addProseMirrorPlugins: () => [
    new Plugin({
      props: {
        transformPastedHTML(html) {
          if (!/<table/i.test(html)) return html;
          const page = new DOMParser().parseFromString(html, "text/html");
          for (const table of [...page.querySelectorAll("table")].reverse()) {
            const blocks = [...table.querySelectorAll("th, td")].map((cell) => {
              const hasBlocks = cell.querySelector("p, h1, h2, h3, h4, h5, h6, ul, ol, div");
              if (hasBlocks) {
                const group = page.createElement("div");
                group.append(...cell.childNodes);
                return group;
              }
              const paragraph = page.createElement("p");
              paragraph.append(...cell.childNodes);
              return paragraph;
            });
            table.replaceWith(...blocks);
          }
          return page.body.innerHTML;
        },
      },
    }),
  ],
});

/** The Yjs fragment of a collaborative document that holds the text (y-prosemirror's default name). */
export const TEXT_FRAGMENT = "default";
