// The server's rendering of policy texts (app/features/policies/render.server.ts): the same
// text as HTML, plain text and Markdown, and the no-JavaScript lines back and forth.
import { describe, expect, it } from "vitest";
import {
  linesAsText,
  parsePolicyText,
  renderText,
  textAsLines,
  type TextJson,
} from "~/features/policies/render.server";

const t = (text: string, marks?: TextJson["marks"]): TextJson => ({ type: "text", text, ...(marks ? { marks } : {}) });
const p = (...content: TextJson[]): TextJson => ({ type: "paragraph", content });
const doc = (...content: TextJson[]): TextJson => ({ type: "doc", content });

describe("renderText", () => {
  const text = doc(
    { type: "heading", attrs: { level: 2 }, content: [t("第一章 总则")] },
    { type: "heading", attrs: { level: 4 }, content: [t("第一条 目的")] },
    p(
      t("补贴"),
      t("二十万元", [{ type: "bold" }]),
      t("，"),
      t("另行", [{ type: "italic" }]),
      t("规定，见"),
      t("网站", [{ type: "link", attrs: { href: "https://example.gov.cn/a_b" } }]),
      t("。"),
    ),
    {
      type: "orderedList",
      attrs: { start: 3 },
      content: [
        { type: "listItem", content: [p(t("第三项"))] },
        { type: "listItem", content: [p(t("第四项 *星号* #井号"))] },
      ],
    },
  );

  it("gives HTML, plain text with blocks on their own lines, and Markdown", () => {
    const rendered = renderText(text);
    expect(rendered.html).toBe(
      '<h2>第一章 总则</h2><h4>第一条 目的</h4><p>补贴<strong>二十万元</strong>，<em>另行</em>规定，见<a target="_blank" rel="noopener noreferrer nofollow" href="https://example.gov.cn/a_b">网站</a>。</p><ol start="3"><li><p>第三项</p></li><li><p>第四项 *星号* #井号</p></li></ol>',
    );
    expect(rendered.text).toBe(
      "第一章 总则\n第一条 目的\n补贴二十万元，另行规定，见网站。\n第三项\n第四项 *星号* #井号",
    );
    // Markdown characters in the text are escaped, so the download reads back as the same text.
    expect(rendered.markdown).toBe(
      "## 第一章 总则\n\n#### 第一条 目的\n\n补贴**二十万元**，*另行*规定，见[网站](<https://example.gov.cn/a_b>)。\n\n3. 第三项\n4. 第四项 \\*星号\\* \\#井号\n",
    );
  });

  it("renders an empty draft, and refuses what no stored text can be", () => {
    expect(renderText(doc(p())).text).toBe("");
    expect(() => renderText(doc(p(t("x", [{ type: "link", attrs: { href: "javascript:alert(1)" } }]))))).toThrow(
      /badLink/,
    );
  });

  it("accepts mailto and http links in any letter case, nothing else", () => {
    const link = (href: string) => parsePolicyText(doc(p(t("x", [{ type: "link", attrs: { href } }]))));
    for (const href of ["mailto:a@example.org", "HTTPS://example.org", "http://example.org"])
      expect(link(href).ok, href).toBe(true);
    for (const href of [
      "javascript:alert(1)",
      "vbscript:x",
      "data:text/html,x",
      "file:///etc/passwd",
      "/relative",
      "",
      "  java\tscript:x",
    ]) {
      expect(link(href), href).toMatchObject({ ok: false, error: "policies.errors.badLink" });
    }
  });
});

describe("lines for the form without JavaScript", () => {
  it("turn chapter, section and article lines into headings and marked lines into lists", () => {
    const json = linesAsText("第一章 总则\n第二节 申请\n第十五条 补贴\n普通段落\n- 甲\n- 乙\n1. 一\n2、二\n\n### 小节");
    expect(renderText(json).html).toBe(
      "<h2>第一章 总则</h2><h3>第二节 申请</h3><h4>第十五条 补贴</h4><p>普通段落</p><ul><li><p>甲</p></li><li><p>乙</p></li></ul><ol><li><p>一</p></li><li><p>二</p></li></ol><h3>小节</h3>",
    );
    // "第一条例" is not an article heading: the marker must stand alone.
    expect(renderText(linesAsText("第一条例外情形")).html).toBe("<p>第一条例外情形</p>");
  });

  it("read back the text a version's lines were written from", () => {
    const original = linesAsText("## 第一章 总则\n\n#### 第一条 目的\n\n为了规范。\n\n- 甲\n- 乙\n\n1. 一\n2. 二");
    expect(textAsLines(original)).toBe(
      "## 第一章 总则\n\n#### 第一条 目的\n\n为了规范。\n\n- 甲\n- 乙\n\n1. 一\n2. 二",
    );
    expect(linesAsText(textAsLines(original))).toEqual(original);
  });
});
