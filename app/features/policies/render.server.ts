// The server's one way from a policy text (Tiptap JSON) to what pages, print, search, diff and
// downloads show: HTML, plain text and Markdown, all from the shared extension list in
// app/shared/editor.ts. A posted text is checked against the schema that list builds before
// anything is stored: the browser's editor is a convenience, not a guarantee (decision 0020).
import type { JSONContent } from "@tiptap/core";
import type { Mark, Node as ProseMirrorNode, Schema } from "@tiptap/pm/model";
import { renderToHTMLString } from "@tiptap/static-renderer/pm/html-string";
import { HEADING_LEVELS, isAllowedLink, policyTextExtensions } from "~/shared/editor";
import { canonicalText, measureText, POLICY_TEXT_LIMITS, policySchema, withinTextLimits } from "./draft-text";
import { markdownBlockStart, markdownInline } from "./markdown";

/** A regulation runs to a few hundred thousand characters at most (the benchmark loads 300,000). */
export const POLICY_TEXT_MAX_CHARACTERS = POLICY_TEXT_LIMITS.characters;
/** The posted JSON's size: markup around the characters, with room for deeply marked-up text. */
export const POLICY_JSON_MAX_LENGTH = 4_000_000;
/** ProseMirror nests lists in lists; a hostile text nesting thousands deep would exhaust the stack. */
const MAX_DEPTH = 40;

export { policySchema };

export type PolicyTextError =
  | "policies.errors.textInvalid"
  | "policies.errors.textEmpty"
  | "policies.errors.textTooLong"
  | "policies.errors.unknownNode"
  | "policies.errors.unknownMark"
  | "policies.errors.badLink"
  | "policies.errors.badHeading";

export type ParsedText =
  { ok: true; json: TextJson; node: ProseMirrorNode } | { ok: false; error: PolicyTextError; detail?: string };

export interface TextJson {
  type: string;
  attrs?: Record<string, unknown>;
  content?: TextJson[];
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>;
  text?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Checks what a client sent before ProseMirror sees it, so that each refusal says why: a node or
 * mark the schema does not have (an image, a table, a script pasted in), a link that is not
 * http(s) or mailto, a heading level the text does not use.
 */
function screen(value: unknown, schema: Schema, depth: number): { error: PolicyTextError; detail?: string } | null {
  if (depth > MAX_DEPTH || !isObject(value) || typeof value.type !== "string")
    return { error: "policies.errors.textInvalid" };
  if (!Object.hasOwn(schema.nodes, value.type)) return { error: "policies.errors.unknownNode", detail: value.type };
  if (
    value.type === "heading" &&
    !(HEADING_LEVELS as readonly unknown[]).includes(isObject(value.attrs) ? value.attrs.level : undefined)
  )
    return { error: "policies.errors.badHeading" };
  if (value.marks !== undefined) {
    if (!Array.isArray(value.marks)) return { error: "policies.errors.textInvalid" };
    for (const mark of value.marks) {
      if (!isObject(mark) || typeof mark.type !== "string") return { error: "policies.errors.textInvalid" };
      if (!Object.hasOwn(schema.marks, mark.type)) return { error: "policies.errors.unknownMark", detail: mark.type };
      if (mark.type === "link") {
        const href = isObject(mark.attrs) ? mark.attrs.href : undefined;
        if (typeof href !== "string" || !isAllowedLink(href))
          return { error: "policies.errors.badLink", detail: String(href ?? "") };
      }
    }
  }
  if (value.text !== undefined && typeof value.text !== "string") return { error: "policies.errors.textInvalid" };
  if (value.content !== undefined) {
    if (!Array.isArray(value.content)) return { error: "policies.errors.textInvalid" };
    for (const child of value.content) {
      const problem = screen(child, schema, depth + 1);
      if (problem) return problem;
    }
  }
  return null;
}

/**
 * The stored form of a text: what the schema makes of it, with links reduced to their address
 * (a client's target, class or title attributes are not kept).
 */
function canonical(node: ProseMirrorNode): TextJson {
  const json = node.toJSON() as TextJson;
  const clean = (entry: TextJson): TextJson => ({
    ...entry,
    ...(entry.marks
      ? {
          marks: entry.marks.map((mark) =>
            mark.type === "link"
              ? { type: "link", attrs: { href: String(mark.attrs?.href ?? "") } }
              : { type: mark.type },
          ),
        }
      : {}),
    ...(entry.content ? { content: entry.content.map(clean) } : {}),
  });
  return clean(json);
}

/**
 * Parses and checks a posted text (a JSON string or an already parsed value): the schema, links,
 * heading levels, nesting, and the size limits every door applies (docs/decisions/0031).
 * `limits: false` only for reading back what is already stored (a text stored before the limits
 * must still be served).
 */
export function parsePolicyText(input: unknown, { allowEmpty = false, limits = true } = {}): ParsedText {
  let value = input;
  if (typeof input === "string") {
    if (limits && input.length > POLICY_JSON_MAX_LENGTH) return { ok: false, error: "policies.errors.textTooLong" };
    try {
      value = JSON.parse(input);
    } catch {
      return { ok: false, error: "policies.errors.textInvalid" };
    }
  }
  const schema = policySchema();
  if (!isObject(value) || value.type !== "doc") return { ok: false, error: "policies.errors.textInvalid" };
  const problem = screen(value, schema, 0);
  if (problem) return { ok: false, ...problem };
  let node: ProseMirrorNode;
  try {
    node = schema.nodeFromJSON(value);
    node.check();
  } catch {
    // Known nodes in an impossible arrangement (a list item outside a list, text in a list).
    return { ok: false, error: "policies.errors.textInvalid" };
  }
  if (limits && !withinTextLimits(measureText(node.toJSON() as JSONContent)))
    return { ok: false, error: "policies.errors.textTooLong" };
  if (!allowEmpty && node.textContent.trim() === "") return { ok: false, error: "policies.errors.textEmpty" };
  const json = canonical(node);
  return { ok: true, json, node: schema.nodeFromJSON(json) };
}

/** The canonical plain text (./draft-text.ts): what diff, search and downloads read. */
const plainTextOf = (node: ProseMirrorNode): string => canonicalText(node.toJSON() as JSONContent);

/** Markdown of the text, for downloads: headings, lists, bold, italic and links are all it has. */
function markdownOf(doc: ProseMirrorNode): string {
  const escape = markdownInline;
  const inline = (node: ProseMirrorNode) => {
    let out = "";
    node.forEach((child) => {
      if (child.type.name === "hardBreak") {
        out += "  \n";
        return;
      }
      let text = escape(child.text ?? "");
      const marks = [...child.marks].sort((a: Mark, b: Mark) =>
        a.type.name === "link" ? -1 : b.type.name === "link" ? 1 : 0,
      );
      for (const mark of marks) {
        if (mark.type.name === "bold") text = `**${text}**`;
        else if (mark.type.name === "italic") text = `*${text}*`;
        else if (mark.type.name === "link")
          text = `[${text}](<${String(mark.attrs.href).replace(/[<>]/g, encodeURIComponent)}>)`;
      }
      out += text;
    });
    return out;
  };
  const block = (node: ProseMirrorNode, indent: string): string[] => {
    switch (node.type.name) {
      case "heading":
        return [`${"#".repeat(Number(node.attrs.level))} ${inline(node)}`];
      case "paragraph":
        // Text that starts like a list or a quote stays text ("- 1." typed by a resident).
        return [indent + markdownBlockStart(inline(node))];
      case "bulletList":
      case "orderedList": {
        const lines: string[] = [];
        let number = Number(node.attrs.start ?? 1);
        node.forEach((item) => {
          const marker = node.type.name === "bulletList" ? "- " : `${number++}. `;
          const inner: string[] = [];
          item.forEach((child) => inner.push(...block(child, "")));
          inner.forEach((line, index) =>
            lines.push(index === 0 ? indent + marker + line : `${indent}${" ".repeat(marker.length)}${line}`),
          );
        });
        return lines;
      }
      default:
        return [indent + inline(node)];
    }
  };
  const parts: string[] = [];
  doc.forEach((child) => parts.push(block(child, "").join("\n")));
  return `${parts.join("\n\n")}\n`;
}

export interface RenderedText {
  html: string;
  text: string;
  markdown: string;
}

/**
 * HTML from the one extension list, on the server: a client's HTML is never used. A document
 * already built (the draft's, from Yjs) is rendered as it is, without a round trip through JSON.
 */
export const renderHtml = (content: JSONContent | TextJson | ProseMirrorNode) =>
  renderToHTMLString({ extensions: policyTextExtensions(), content });

/**
 * Renders a stored text (a version, the community draft read back from Yjs; an empty draft too).
 * Anything the schema refuses throws: it cannot have come from the database.
 */
export function renderText(json: unknown): RenderedText {
  // What was stored is served whatever its size: the limits are checked where texts come in.
  const parsed = parsePolicyText(json, { allowEmpty: true, limits: false });
  if (!parsed.ok) throw new Error(`renderText: not a policy text (${parsed.error})`);
  return {
    html: renderHtml(parsed.json),
    text: plainTextOf(parsed.node),
    markdown: markdownOf(parsed.node),
  };
}

/**
 * The text as lines for the no-JavaScript form: "## " to "#### " before headings, "- " and
 * "1. " before list items, a blank line between blocks. Bold, italic and links are not kept.
 */
export function textAsLines(json: unknown): string {
  const parsed = parsePolicyText(json, { allowEmpty: true, limits: false });
  if (!parsed.ok) return "";
  const blocks: string[] = [];
  parsed.node.forEach((block) => {
    const line = (node: ProseMirrorNode) => node.textBetween(0, node.content.size, " ", " ");
    if (block.type.name === "heading") blocks.push(`${"#".repeat(Number(block.attrs.level))} ${line(block)}`);
    else if (block.type.name === "bulletList" || block.type.name === "orderedList") {
      const items: string[] = [];
      block.forEach((item, _offset, index) =>
        items.push(`${block.type.name === "bulletList" ? "-" : `${index + 1}.`} ${line(item)}`),
      );
      blocks.push(items.join("\n"));
    } else blocks.push(line(block));
  });
  return blocks.join("\n\n");
}

/** Chapter, section and article lines of a Chinese regulation: 第一章, 第二节, 第十五条. */
const NUMBERED_HEADING = /^第[一二三四五六七八九十百千零〇两\d]+(章|节|条)(\s|$)/;
const HEADING_FOR: Record<string, number> = { 章: 2, 节: 3, 条: 4 };

/**
 * A text typed without JavaScript, as Tiptap JSON: the lines textAsLines writes, and also
 * "第一章 …" / "第一节 …" / "第一条 …" lines as chapter, section and article headings. Each other
 * line is a paragraph. The result goes through parsePolicyText like any posted text.
 */
export function linesAsText(lines: string): TextJson {
  const content: TextJson[] = [];
  let list: TextJson | null = null;
  const paragraph = (value: string): TextJson => ({ type: "paragraph", content: [{ type: "text", text: value }] });
  for (const raw of lines.split(/\r?\n/)) {
    const line = raw.trim();
    const bullet = /^[-*•・]\s+(.+)$/.exec(line);
    const numbered = /^\d+[.、．]\s*(.+)$/.exec(line);
    const item = bullet ?? numbered;
    if (item) {
      const type = bullet ? "bulletList" : "orderedList";
      if (!list || list.type !== type) {
        list = { type, content: [] };
        content.push(list);
      }
      list.content!.push({ type: "listItem", content: [paragraph(item[1])] });
      continue;
    }
    list = null;
    if (!line) continue;
    const marked = /^(#{2,4})\s+(.+)$/.exec(line);
    const numberedHeading = NUMBERED_HEADING.exec(line);
    if (marked)
      content.push({
        type: "heading",
        attrs: { level: marked[1].length },
        content: [{ type: "text", text: marked[2] }],
      });
    else if (numberedHeading)
      content.push({
        type: "heading",
        attrs: { level: HEADING_FOR[numberedHeading[1]] },
        content: [{ type: "text", text: line }],
      });
    else content.push(paragraph(line));
  }
  return { type: "doc", content: content.length > 0 ? content : [{ type: "paragraph" }] };
}
