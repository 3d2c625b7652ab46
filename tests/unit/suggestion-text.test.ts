import { getSchema } from "@tiptap/core";
import { Node } from "@tiptap/pm/model";
import { describe, expect, it } from "vitest";
import { caretContext, spacedInsertion } from "~/features/policies/suggestion-text";
import { policyTextExtensions } from "~/shared/editor";

const doc = Node.fromJSON(getSchema(policyTextExtensions()), {
  type: "doc",
  content: [
    { type: "paragraph", content: [{ type: "text", text: "Streets get bicycle lanes." }] },
    { type: "paragraph", content: [{ type: "text", text: "第二条 学校周边道路设置自行车道。" }] },
    { type: "paragraph" },
  ],
});
/** The position right after the first occurrence of `words` in the document. */
const after = (words: string) => {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found < 0 && node.isText && node.text!.includes(words)) found = pos + node.text!.indexOf(words) + words.length;
  });
  return found;
};
const contextAt = (pos: number) => {
  const context = caretContext(doc, pos);
  return context && { kind: context.kind, words: doc.textBetween(context.from, context.to) };
};

describe("the words an insertion at a caret is anchored to", () => {
  it("are the word before the caret, past the spaces right before it", () => {
    expect(contextAt(after("bicycle"))).toEqual({ kind: "insertAfter", words: "bicycle" });
    expect(contextAt(after("bicycle "))).toEqual({ kind: "insertAfter", words: "bicycle" });
    expect(contextAt(after("lanes."))).toEqual({ kind: "insertAfter", words: "lanes." });
  });
  it("are at most twelve characters of a run without spaces (Chinese)", () => {
    expect(contextAt(after("道路设置"))).toEqual({ kind: "insertAfter", words: "学校周边道路设置" });
    expect(contextAt(after("自行车道。"))).toEqual({ kind: "insertAfter", words: "校周边道路设置自行车道。" });
  });
  it("are the word after the caret at a block's start, and nothing in an empty block", () => {
    expect(contextAt(1)).toEqual({ kind: "insertBefore", words: "Streets" });
    expect(contextAt(doc.content.size - 1)).toBeNull();
  });
});

describe("new words put in at a point", () => {
  it("get the spaces English needs and none in Chinese or before punctuation", () => {
    expect(spacedInsertion("s", "and footpaths", ".")).toBe(" and footpaths");
    expect(spacedInsertion("s", " and footpaths ", " ")).toBe(" and footpaths");
    expect(spacedInsertion("", "Near schools,", "S")).toBe("Near schools, ");
    expect(spacedInsertion("边", "所有", "道")).toBe("所有");
    expect(spacedInsertion("(", "new", ")")).toBe("new");
  });
});
