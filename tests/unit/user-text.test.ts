import { describe, expect, it } from "vitest";
import { htmlLanguage, textLanguage } from "~/ui/user-text";

describe("the language of what people wrote", () => {
  it("is told from the text: Chinese naming an app stays Chinese, English stays English, figures tell nothing", () => {
    expect(textLanguage("小区 Wi-Fi 和 APP 什么时候开通？")).toBe("zh-CN");
    expect(textLanguage("When will the night bus run again?")).toBe("en");
    expect(textLanguage("2027-03-01 12:00")).toBeUndefined();
    expect(textLanguage("")).toBeUndefined();
  });

  it("of a whole regulation is told from its start, tags aside", () => {
    const article = "<p>市政部门应当定期检查道路设施，发现损坏及时修复。</p>";
    const regulation = `<h2>第一章 总则</h2>${article.repeat(10_000)}<p>${"Annex in English. ".repeat(100)}</p>`;
    expect(regulation.length).toBeGreaterThan(300_000);
    expect(htmlLanguage(regulation)).toBe("zh-CN");
    expect(htmlLanguage(`<p class="x" data-a="aaaaaaaaaaaaaaaa">${"Streets near schools. ".repeat(20_000)}</p>`)).toBe(
      "en",
    );
  });
});
