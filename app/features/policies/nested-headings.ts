// In a live editor the text's headings are the document's own (章 2, 节 3, 条 4), and they sit
// under the page's headings: a screen reader's list of headings would jump from the page's level
// 2 to the text's level 4, or put the text's chapters beside the page's sections (axe
// heading-order). The rendered pages renumber the headings (nestHeadings); an editor cannot, as
// the level is what the toolbar and the stored text use, so it tells assistive technology the
// nested level with aria-level instead (docs/decisions/0037).
import { Extension } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { nestedLevels } from "./heading-levels";

function headingLevels(doc: ProseMirrorNode, parent: number) {
  const headings: Array<{ from: number; to: number; level: number }> = [];
  doc.descendants((node, pos) => {
    if (node.type.name === "heading")
      headings.push({ from: pos, to: pos + node.nodeSize, level: Number(node.attrs.level) });
    // Nothing inside a paragraph or a heading is a heading: only blocks of blocks are searched.
    return !node.isTextblock;
  });
  const shown = nestedLevels(
    headings.map((heading) => heading.level),
    parent,
  );
  return DecorationSet.create(
    doc,
    headings.map((heading, index) => Decoration.node(heading.from, heading.to, { "aria-level": String(shown[index]) })),
  );
}

/** The text's headings announced one level below the page heading of level `parent`, without gaps. */
export const NestedHeadingLevels = Extension.create<{ parent: number }>({
  name: "nestedHeadingLevels",
  addOptions: () => ({ parent: 2 }),
  addProseMirrorPlugins() {
    const { parent } = this.options;
    return [
      new Plugin<DecorationSet>({
        key: new PluginKey("nestedHeadingLevels"),
        state: {
          init: (_config, state) => headingLevels(state.doc, parent),
          apply: (transaction, levels) => (transaction.docChanged ? headingLevels(transaction.doc, parent) : levels),
        },
        props: {
          decorations(state) {
            return this.getState(state);
          },
        },
      }),
    ];
  },
});
