import { describe, expect, it } from "vitest";
import { nestHeadings } from "~/features/policies/heading-levels";

const levels = (html: string) => [...html.matchAll(/<h(\d)>[^<]*<\/h(\d)>/g)].map((m) => [Number(m[1]), Number(m[2])]);

describe("a policy text's headings under the page's", () => {
  it("start one level below the page heading, and 条 straight after 章 follows without a gap", () => {
    const html = "<h2>第一章</h2><p>a</p><h4>第一条</h4><p>b</p><h4>第二条</h4><h2>第二章</h2><h4>第三条</h4>";
    expect(levels(nestHeadings(html, 2))).toEqual([
      [3, 3],
      [4, 4],
      [4, 4],
      [3, 3],
      [4, 4],
    ]);
  });

  it("keeps 章, 节 and 条 as three levels where the text has all three, and never goes past 6", () => {
    const html = "<h2>章</h2><h3>节</h3><h4>条</h4><h4>条</h4><h3>节</h3><h2>章</h2><h4>条</h4>";
    expect(levels(nestHeadings(html, 2)).map(([level]) => level)).toEqual([3, 4, 5, 5, 4, 3, 4]);
    expect(levels(nestHeadings(html, 4)).map(([level]) => level)).toEqual([5, 6, 6, 6, 6, 5, 6]);
  });

  it("leaves a text without headings, and the rest of the markup, as it was", () => {
    const html = '<p class="x">第一条 <strong>h2</strong></p><ul><li><p>h4</p></li></ul>';
    expect(nestHeadings(html, 2)).toBe(html);
  });
});
