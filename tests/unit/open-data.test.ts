import { describe, expect, it } from "vitest";
import { readOpenDataCsv, toOpenDataCsv, UTF8_BOM } from "~/features/open-data/csv";
import { datasetRecord, defineDataset, OpenDataReadError } from "~/features/open-data/dataset";
import { readOpenDataJson, toOpenDataJson } from "~/features/open-data/json";
import { openDataResponse } from "~/features/open-data/response.server";

interface Question {
  id: string;
  text: string;
  votes: number;
  share: number;
  answeredLive: boolean;
  askedOn: string;
  answeredAt: Date | null;
}

const questions = defineDataset<Question>({
  name: "test-questions",
  title: { "zh-CN": "问题", en: "Questions" },
  license: "CC-BY-4.0",
  columns: [
    { name: "question_id", type: "text", label: { "zh-CN": "问题编号", en: "Question" }, value: (q) => q.id },
    { name: "text", type: "text", label: { "zh-CN": "内容", en: "Text" }, value: (q) => q.text },
    { name: "votes", type: "integer", label: { "zh-CN": "票数", en: "Votes" }, value: (q) => q.votes },
    { name: "share", type: "number", value: (q) => q.share },
    { name: "answered_live", type: "boolean", value: (q) => q.answeredLive },
    { name: "asked_on", type: "date", value: (q) => q.askedOn },
    { name: "answered_at", type: "datetime", value: (q) => q.answeredAt },
  ],
});

const base = {
  votes: 12,
  share: 0.25,
  answeredLive: true,
  askedOn: "2026-11-23",
  answeredAt: new Date("2026-11-23T02:15:00Z"),
};
const rows: Question[] = [
  { ...base, id: "q1", text: "清明节能否用鲜花代替烧纸？" },
  { ...base, id: "q2", text: '公交线路，"夜班车"\n第二行\r\n第三行', votes: 0, answeredAt: null },
  { ...base, id: "q3", text: '=HYPERLINK("http://example.com","点我")', votes: -3, share: 0.1 + 0.2 },
  { ...base, id: "q4", text: "-5 is text here", share: -0.000123 },
  { ...base, id: "q5", text: "'already has an apostrophe", answeredLive: false },
  { ...base, id: "q6", text: "'=both at once" },
  { ...base, id: "q7", text: "＝全角等号, +86 28, @sum" },
  { ...base, id: "q8", text: "\ttab first" },
  { ...base, id: "q9", text: "" }, // published as no text: a CSV cell cannot tell the two apart
  { ...base, id: "+q10", text: "@mention", share: 1e21 },
];
const published = rows.map((row) => datasetRecord(questions, row));

describe("open data: CSV", () => {
  const csv = toOpenDataCsv(questions, rows);

  it("reads back exactly what was published: Chinese, commas, quotes, line breaks, formulas, negative numbers", () => {
    expect(readOpenDataCsv(questions, csv)).toEqual(published);
  });

  it("starts with a byte order mark so Excel reads UTF-8, and names the columns by their machine names", () => {
    expect(csv.startsWith(`${UTF8_BOM}question_id,text,votes,share,answered_live,asked_on,answered_at\r\n`)).toBe(true);
  });

  it("quotes what RFC 4180 requires and ends each record with CRLF", () => {
    expect(csv).toContain('q2,"公交线路，""夜班车""\n第二行\r\n第三行",0,0.25,true,2026-11-23,\r\n');
  });

  it("keeps spreadsheets from running a cell as a formula, and numbers as numbers", () => {
    const lines = csv.split("\r\n");
    expect(lines.find((line) => line.startsWith("q3,"))).toBe(
      `q3,"'=HYPERLINK(""http://example.com"",""点我"")",-3,0.30000000000000004,true,2026-11-23,2026-11-23T02:15:00.000Z`,
    );
    expect(csv).toContain("q4,'-5 is text here,12,-0.000123,");
    expect(csv).toContain("q5,''already has an apostrophe,");
    expect(csv).toContain("q6,''=both at once,");
    expect(csv).toContain(`q7,"'＝全角等号, +86 28, @sum",`);
    expect(csv).toContain("q8,'\ttab first,");
    expect(csv).toContain("'+q10,'@mention,12,1e+21,");
  });

  it("can name the columns in a language, and reads such a file back", () => {
    const chinese = toOpenDataCsv(questions, rows, { headerLanguage: "zh-CN" });
    expect(chinese.split("\r\n")[0]).toBe(`${UTF8_BOM}问题编号,内容,票数,share,answered_live,asked_on,answered_at`);
    expect(readOpenDataCsv(questions, chinese)).toEqual(published);
  });

  it("reads columns in another order", () => {
    const reordered = `votes,question_id,text,share,answered_live,asked_on,answered_at\r\n7,q1,hello,1,false,2026-01-02,\r\n`;
    expect(readOpenDataCsv(questions, reordered)).toEqual([
      {
        question_id: "q1",
        text: "hello",
        votes: 7,
        share: 1,
        answered_live: false,
        asked_on: "2026-01-02",
        answered_at: null,
      },
    ]);
  });

  it("says where a file is wrong", () => {
    const header = "question_id,text,votes,share,answered_live,asked_on,answered_at\r\n";
    const read = (text: string) => () => readOpenDataCsv(questions, text);
    expect(read("")).toThrow(OpenDataReadError);
    expect(read("question_id,text\r\nq1,x\r\n")).toThrow(
      "lacks the column(s) votes, share, answered_live, asked_on, answered_at",
    );
    expect(read(header.replace("share", "voter_email"))).toThrow(
      'Column 4 ("voter_email") is not part of the test-questions dataset.',
    );
    expect(read(`${header}q1,x,1.5,1,true,2026-01-01,\r\n`)).toThrow('Record 1, column votes: "1.5" is not a integer');
    expect(read(`${header}q1,x,1,1,yes,2026-01-01,\r\n`)).toThrow(
      'Record 1, column answered_live: "yes" is not a boolean',
    );
    expect(read(`${header}q1,x,1,1\r\n`)).toThrow(/Not a readable CSV file/);
  });
});

describe("open data: JSON", () => {
  const generatedAt = new Date("2026-11-24T08:00:00Z");
  const json = toOpenDataJson(questions, rows, { generatedAt });

  it("has the documented shape, with the same records as the CSV", () => {
    const document = JSON.parse(json);
    expect(document).toMatchObject({
      dataset: "test-questions",
      title: { "zh-CN": "问题", en: "Questions" },
      generatedAt: "2026-11-24T08:00:00.000Z",
      license: "CC-BY-4.0",
    });
    expect(document.columns[2]).toEqual({ name: "votes", type: "integer", label: { "zh-CN": "票数", en: "Votes" } });
    expect(document.columns[3]).toEqual({ name: "share", type: "number" });
    expect(document.rows).toEqual(published);
    expect(document.rows).toEqual(readOpenDataCsv(questions, toOpenDataCsv(questions, rows)));
  });

  it("reads back exactly what was published", () => {
    expect(readOpenDataJson(questions, json)).toEqual(published);
    expect(readOpenDataJson(questions, toOpenDataJson(questions, []))).toEqual([]);
  });

  it("says what is wrong with a file", () => {
    expect(() => readOpenDataJson(questions, "{")).toThrow(/Not a readable open-data JSON file/);
    expect(() => readOpenDataJson(questions, JSON.stringify({ dataset: "ballots", rows: [] }))).toThrow(
      "holds the ballots dataset",
    );
    const tampered = JSON.parse(json);
    tampered.rows[0].votes = "12";
    expect(() => readOpenDataJson(questions, JSON.stringify(tampered))).toThrow(
      'Record 1, column votes: "12" is not a integer',
    );
  });
});

describe("open data: definitions", () => {
  it("refuses names that scripts could not rely on", () => {
    expect(() => defineDataset({ name: "Questions", columns: [{ name: "a", type: "text", value: () => "" }] })).toThrow(
      /Dataset name/,
    );
    expect(() => defineDataset({ name: "q", columns: [{ name: "Votes", type: "integer", value: () => 1 }] })).toThrow(
      /lower snake case/,
    );
    expect(() =>
      defineDataset({
        name: "q",
        columns: [
          { name: "a", type: "text", value: () => "" },
          { name: "a", type: "text", value: () => "" },
        ],
      }),
    ).toThrow(/appears twice/);
  });

  it("refuses a value of the wrong kind instead of publishing it", () => {
    const broken = defineDataset<{ votes: number }>({
      name: "broken",
      columns: [{ name: "votes", type: "integer", value: (row) => row.votes }],
    });
    expect(() => toOpenDataCsv(broken, [{ votes: 1.5 }])).toThrow("broken.votes: 1.5 is not a integer");
  });
});

describe("open data: the download response", () => {
  const many = Array.from({ length: 2500 }, (_, index) => ({ ...rows[index % rows.length], id: `q${index}` }));
  async function* fromDatabase() {
    for (let start = 0; start < many.length; start += 700) yield* many.slice(start, start + 700);
  }

  it("streams a CSV with the right headers and the same text as the in-memory file", async () => {
    const response = openDataResponse(questions, fromDatabase(), { format: "csv", filename: "2026年第3期访谈-问题" });
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8; header=present");
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="test-questions.csv"; filename*=UTF-8''2026%E5%B9%B4%E7%AC%AC3%E6%9C%9F%E8%AE%BF%E8%B0%88-%E9%97%AE%E9%A2%98.csv`,
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text).toBe(toOpenDataCsv(questions, many));
    expect(readOpenDataCsv(questions, text)).toHaveLength(2500);
  });

  it("streams JSON that parses to the same records", async () => {
    const generatedAt = new Date("2026-11-24T08:00:00Z");
    const response = openDataResponse(questions, fromDatabase(), { format: "json", generatedAt });
    expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="test-questions.json"');
    const text = await response.text();
    expect(text).toBe(toOpenDataJson(questions, many, { generatedAt }));
    expect(readOpenDataJson(questions, text)).toEqual(many.map((row) => datasetRecord(questions, row)));
  });

  it("writes a valid file for a dataset with no rows", async () => {
    const csv = await openDataResponse(questions, [], { format: "csv" }).text();
    expect(readOpenDataCsv(questions, csv)).toEqual([]);
    const json = await openDataResponse(questions, [], { format: "json" }).text();
    expect(readOpenDataJson(questions, json)).toEqual([]);
  });
});
