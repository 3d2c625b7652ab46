// Policies and official versions (docs/decisions/0020): who may create a policy, change its status and
// publish versions; what posted texts are refused (with a translated message, nothing written);
// versions numbered and never changed; opening a consultation copies the latest version into the
// community draft's stored document; search finding Chinese substrings; open data. Through the
// real server with form posts where a person acts, through the commands elsewhere.
import { randomBytes } from "node:crypto";
import { yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { draftDocumentName, loadDraftDoc } from "~/features/policies/consultation.server";
import {
  changePolicyStatus,
  createPolicy,
  getPolicy,
  listPolicies,
  updatePolicy,
} from "~/features/policies/policies.server";
import { POLICY_TEXT_MAX_CHARACTERS, renderText, type TextJson } from "~/features/policies/render.server";
import { listQuerySchema, type PolicyInput } from "~/features/policies/schemas";
import { getVersion, latestVersion, publishVersion } from "~/features/policies/versions.server";
import { i18nextFor } from "~/i18n/i18next.server";
import { TEXT_FRAGMENT } from "~/shared/editor";
import { SEED_POLICY_ADOPTED, SEED_POLICY_OPEN, seedPolicies } from "../../prisma/seed-policies";
import { newAdministrator, newResident, newDepartment, newOfficial, type Person } from "./helpers";
import { asHtml, expectRefusalIn, peopleOverHttp, withRealServer } from "./http";

let base: string;
withRealServer((url) => (base = url));

const unique = () => randomBytes(4).toString("hex");
type Language = "en" | "zh-CN";

let world: {
  admin: Person;
  department: { id: string };
  otherDepartment: { id: string };
  official: Person;
  otherOfficial: Person;
  resident: Person;
};

beforeAll(async () => {
  const department = await newDepartment("Housing");
  const otherDepartment = await newDepartment("Water");
  world = {
    admin: await newAdministrator(),
    department,
    otherDepartment,
    official: await newOfficial(department.id),
    otherOfficial: await newOfficial(otherDepartment.id),
    resident: await newResident({ displayName: "Auntie Zhang" }),
  };
});

const text = (value: string, marks?: TextJson["marks"]): TextJson => ({
  type: "text",
  text: value,
  ...(marks ? { marks } : {}),
});
const heading = (level: number, value: string): TextJson => ({
  type: "heading",
  attrs: { level },
  content: [text(value)],
});
const paragraph = (...content: TextJson[]): TextJson => ({ type: "paragraph", content });
const bullets = (...items: string[]): TextJson => ({
  type: "bulletList",
  content: items.map((item) => ({ type: "listItem", content: [paragraph(text(item))] })),
});
const doc = (...content: TextJson[]): TextJson => ({ type: "doc", content });

const regulation = (article: string) =>
  doc(
    heading(2, "第一章 总则"),
    heading(4, "第一条 目的"),
    paragraph(text(article)),
    bullets("业主自愿；", "协商一致。"),
    paragraph(
      text("详见"),
      text("住建委网站", [{ type: "link", attrs: { href: "https://example.gov.cn/" } }]),
      text("。"),
    ),
  );

const policyInput = (overrides: Partial<PolicyInput> = {}): PolicyInput => ({
  title: `老旧小区加装电梯管理办法 ${unique()}`,
  summary: "加装电梯的申请条件和补贴。",
  departmentId: world.department.id,
  opensAt: "",
  closesAt: "",
  ...overrides,
});

async function newPolicy(overrides: Partial<PolicyInput> = {}) {
  const created = await createPolicy(world.official.user, policyInput(overrides));
  if (!created.ok) throw new Error(created.error);
  return (await getPolicy(created.value.id))!;
}

async function publish(
  policy: { id: string; title: string; departmentId: string },
  content: TextJson,
  changeNote = "征求意见稿。",
) {
  const outcome = await publishVersion(world.official.user, policy, { content: JSON.stringify(content), changeNote });
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.value.number;
}

// ---------------------------------------------------------------------------------------------
// A browser without JavaScript

const { open, submit } = peopleOverHttp(() => base);
const translate = (language: Language, key: string) => i18nextFor(language).t(key);

const expectRefusal = (response: Response, language: Language, key: string) => expectRefusalIn(response, language, key);

/** Everything a refused command could have touched. */
async function snapshot(policyId: string) {
  const [policy, versions, updates, audit] = await Promise.all([
    db.policy.findUnique({ where: { id: policyId } }),
    db.policyVersion.findMany({ where: { policyId }, orderBy: { number: "asc" } }),
    db.documentUpdate.count({ where: { documentName: draftDocumentName(policyId) } }),
    db.auditEntry.count({ where: { targetType: "policy", targetId: policyId } }),
  ]);
  return { policy, versions, updates, audit };
}

// ---------------------------------------------------------------------------------------------

describe("creating and editing a policy", () => {
  it("is for officials of the owning department and administrators, audited", async () => {
    const input = policyInput();
    expect(await createPolicy(world.resident.user, input)).toMatchObject({
      ok: false,
      error: "policies.errors.notAllowed",
    });
    expect(await createPolicy(world.otherOfficial.user, input)).toMatchObject({
      ok: false,
      error: "policies.errors.notAllowed",
    });
    expect(await db.policy.count({ where: { title: input.title } })).toBe(0);

    // Residents cannot open the form; an official creates through it.
    expect((await open(world.resident, "/policies/new")).status).toBe(403);
    const created = await submit(world.official, "/policies/new", {
      title: input.title,
      summary: input.summary,
      departmentId: world.department.id,
      opensAt: "2027-03-01",
      closesAt: "2027-03-31",
    });
    expect(created.status).toBe(302);
    const policy = (await db.policy.findFirst({ where: { title: input.title } }))!;
    expect(created.headers.get("location")).toBe(`/policies/${policy.id}`);
    expect(policy).toMatchObject({
      status: "draft",
      departmentId: world.department.id,
      createdById: world.official.userId,
    });
    expect(policy.opensAt?.toISOString()).toBe("2027-03-01T00:00:00.000Z");
    expect(await db.auditEntry.count({ where: { action: "policy.create", targetId: policy.id } })).toBe(1);

    // Someone else's department: neither the other official nor a resident edits it.
    const view = (await getPolicy(policy.id))!;
    expect(await updatePolicy(world.otherOfficial.user, view, policyInput())).toMatchObject({
      ok: false,
      error: "policies.errors.notAllowed",
    });
    expect((await open(world.otherOfficial, `/policies/${policy.id}/edit`)).status).toBe(403);
    expect((await open(world.resident, `/policies/${policy.id}/versions/new`)).status).toBe(403);
    // The official cannot hand the policy to a department they do not belong to; an administrator can.
    expect(
      await updatePolicy(world.official.user, view, policyInput({ departmentId: world.otherDepartment.id })),
    ).toMatchObject({ ok: false, field: "departmentId" });
    expect(
      await updatePolicy(
        world.admin.user,
        view,
        policyInput({ title: "改名后的办法", departmentId: world.otherDepartment.id }),
      ),
    ).toEqual({ ok: true, value: undefined });
    expect(await db.policy.findUnique({ where: { id: policy.id } })).toMatchObject({
      title: "改名后的办法",
      departmentId: world.otherDepartment.id,
    });
    expect(await db.auditEntry.count({ where: { action: "policy.update", targetId: policy.id } })).toBe(1);
  });

  it("refuses a window that closes before it opens, in the reader's language", async () => {
    for (const language of ["en", "zh-CN"] as const) {
      const title = `窗口 ${unique()}`;
      const response = await submit(
        world.official,
        "/policies/new",
        { title, departmentId: world.department.id, opensAt: "2027-03-31", closesAt: "2027-03-01" },
        language,
      );
      await expectRefusal(response, language, "policies.errors.closesBeforeOpens");
      expect(await db.policy.count({ where: { title } })).toBe(0);
    }
  });
});

describe("official versions", () => {
  it("are numbered, rendered on the server and never changed", async () => {
    const policy = await newPolicy();
    expect(
      await publishVersion(world.otherOfficial.user, policy, {
        content: JSON.stringify(regulation("第一稿")),
        changeNote: "x",
      }),
    ).toMatchObject({ ok: false, error: "policies.errors.notAllowed" });
    expect(
      await publishVersion(world.resident.user, policy, {
        content: JSON.stringify(regulation("第一稿")),
        changeNote: "x",
      }),
    ).toMatchObject({ ok: false });

    // Published through the form, as the editor page posts it: JSON in a hidden field.
    const first = await submit(world.official, `/policies/${policy.id}/versions/new`, {
      content: JSON.stringify(regulation("为改善居住条件，制定本办法。<script>alert(1)</script>")),
      changeNote: "征求意见稿。",
    });
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe(`/policies/${policy.id}/versions/1`);
    const v1 = (await getVersion(policy.id, 1))!;
    expect(v1.html).toContain("<h2>第一章 总则</h2>");
    expect(v1.html).toContain("<ul><li><p>业主自愿；</p></li>");
    // Text that looks like markup stays text.
    expect(v1.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(v1.html).not.toContain("<script");
    expect(v1.text).toContain("第一条 目的\n为改善居住条件");

    expect(await publish(policy, regulation("第二稿"), "根据意见修改。")).toBe(2);
    const again = (await getVersion(policy.id, 1))!;
    expect(again).toEqual(v1);
    expect((await latestVersion(policy.id))?.number).toBe(2);
    expect(await db.auditEntry.count({ where: { action: "policyVersion.publish", targetId: policy.id } })).toBe(2);

    // Two officials publishing at the same moment get two numbers, not one overwritten version.
    const [a, b] = await Promise.all([publish(policy, regulation("甲")), publish(policy, regulation("乙"))]);
    expect([a, b].sort()).toEqual([3, 4]);

    // The version page shows it with print styles and no way to change it.
    const page = await open(null, `/policies/${policy.id}/versions/1`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("第一章 总则");
    expect(html).toContain("征求意见稿。");
    expect((await open(null, `/policies/${policy.id}/versions/99`)).status).toBe(404);
    expect((await open(null, `/policies/${policy.id}/versions/abc`)).status).toBe(404);
  });

  it("refuses texts the schema cannot hold, with a message, storing nothing", async () => {
    const policy = await newPolicy();
    const before = await snapshot(policy.id);
    const withLink = (href: string) => doc(paragraph(text("点击"), text("这里", [{ type: "link", attrs: { href } }])));
    const cases: Array<[string, string]> = [
      [JSON.stringify(withLink("javascript:alert(document.cookie)")), "policies.errors.badLink"],
      [JSON.stringify(withLink(" JavaScript:alert(1)")), "policies.errors.badLink"],
      [JSON.stringify(withLink("data:text/html,<b>x</b>")), "policies.errors.badLink"],
      [
        JSON.stringify(doc(paragraph(text("图")), { type: "image", attrs: { src: "https://example.org/x.png" } })),
        "policies.errors.unknownNode",
      ],
      [JSON.stringify(doc({ type: "table", content: [] })), "policies.errors.unknownNode"],
      [JSON.stringify(doc(paragraph(text("删除线", [{ type: "strike" }])))), "policies.errors.unknownMark"],
      [JSON.stringify(doc(heading(1, "第一章"))), "policies.errors.badHeading"],
      [
        JSON.stringify(doc({ type: "listItem", content: [paragraph(text("孤立的列表项"))] })),
        "policies.errors.textInvalid",
      ],
      ["{not json", "policies.errors.textInvalid"],
      [JSON.stringify({ type: "paragraph", content: [] }), "policies.errors.textInvalid"],
      [JSON.stringify(doc(paragraph(text("   ")))), "policies.errors.textEmpty"],
      [
        JSON.stringify(doc(paragraph(text("条".repeat(POLICY_TEXT_MAX_CHARACTERS + 1))))),
        "policies.errors.textTooLong",
      ],
    ];
    for (const [content, key] of cases) {
      for (const language of ["en", "zh-CN"] as const) {
        const response = await submit(
          world.official,
          `/policies/${policy.id}/versions/new`,
          { content, changeNote: "修改" },
          language,
        );
        await expectRefusal(response, language, key);
      }
    }
    // Deeply nested lists are refused rather than crashing the renderer.
    let nested: TextJson = paragraph(text("深"));
    for (let depth = 0; depth < 200; depth++)
      nested = { type: "bulletList", content: [{ type: "listItem", content: [paragraph(text("层")), nested] }] };
    expect(
      await publishVersion(world.official.user, policy, { content: JSON.stringify(doc(nested)), changeNote: "x" }),
    ).toMatchObject({ ok: false, error: "policies.errors.textInvalid" });
    // A body beyond the route's limit is refused before it is read.
    const huge = await submit(world.official, `/policies/${policy.id}/versions/new`, {
      content: "x".repeat(13 * 1024 * 1024),
      changeNote: "x",
    });
    expect(huge.status).toBe(413);
    expect(await snapshot(policy.id)).toEqual(before);
  });

  it("can be written without JavaScript, as lines: chapters, articles and lists from their markers", async () => {
    const policy = await newPolicy();
    const lines = [
      "第一章 总则",
      "",
      "第一条 为了规范加装电梯，制定本办法。",
      "申请应当符合下列条件：",
      "1. 业主三分之二同意；",
      "2. 方案符合消防要求。",
      "",
      "#### 第二条 补贴",
      "- 每部二十万元",
    ].join("\n");
    const response = await submit(world.official, `/policies/${policy.id}/versions/new`, {
      content: "",
      lines,
      changeNote: "征求意见稿。",
    });
    expect(response.status).toBe(302);
    const version = (await latestVersion(policy.id))!;
    expect(version.html).toBe(
      "<h2>第一章 总则</h2><h4>第一条 为了规范加装电梯，制定本办法。</h4><p>申请应当符合下列条件：</p><ol><li><p>业主三分之二同意；</p></li><li><p>方案符合消防要求。</p></li></ol><h4>第二条 补贴</h4><ul><li><p>每部二十万元</p></li></ul>",
    );
    // The form without JavaScript starts from the latest version written back as lines.
    const form = await (await open(world.official, `/policies/${policy.id}/versions/new`)).text();
    expect(form).toContain("## 第一章 总则\n\n#### 第一条 为了规范加装电梯，制定本办法。");
    const empty = await submit(
      world.official,
      `/policies/${policy.id}/versions/new`,
      { content: "", lines: "  \n ", changeNote: "x" },
      "zh-CN",
    );
    await expectRefusal(empty, "zh-CN", "policies.errors.textEmpty");
  });

  it("keeps only what the schema has: a link's address, not a client's attributes", async () => {
    const policy = await newPolicy();
    const content = doc(
      paragraph(
        text("见"),
        text("通知", [
          {
            type: "link",
            attrs: { href: "mailto:zhufang@example.gov.cn", target: "_self", class: "evil", onclick: "alert(1)" },
          },
        ]),
      ),
    );
    await publish(policy, content);
    const version = (await latestVersion(policy.id))!;
    expect(JSON.parse(version.content)).toEqual(
      doc(paragraph(text("见"), text("通知", [{ type: "link", attrs: { href: "mailto:zhufang@example.gov.cn" } }]))),
    );
    expect(version.html).toContain('href="mailto:zhufang@example.gov.cn"');
    expect(version.html).not.toMatch(/evil|onclick|_self/);
    expect(renderText(JSON.parse(version.content)).markdown).toBe("见[通知](<mailto:zhufang@example.gov.cn>)\n");
  });
  it("exports as Markdown what residents typed into the draft as text, not as markup of its own", () => {
    // An adopted version's text is the community draft: anyone signed in wrote it.
    const markdown = renderText(
      doc(
        paragraph(text("- 1. <script>alert(1)</script> [prize](javascript:alert(1)) | a | ~~b~~ &lt;")),
        paragraph(text("> quoted\n# heading")),
      ),
    ).markdown;
    expect(markdown).toBe(
      "\\- 1. \\<script\\>alert(1)\\</script\\> \\[prize\\](javascript:alert(1)) \\| a \\| \\~\\~b\\~\\~ \\&lt;\n\n\\> quoted \\# heading\n",
    );
  });
});

describe("consultation", () => {
  it("cannot open without an official version", async () => {
    const policy = await newPolicy();
    const before = await snapshot(policy.id);
    expect(await changePolicyStatus(world.official.user, policy, "open")).toMatchObject({
      ok: false,
      error: "policies.errors.noVersion",
    });
    const response = await submit(
      world.official,
      `/policies/${policy.id}/edit`,
      { intent: "status", change: "open" },
      "zh-CN",
    );
    await expectRefusal(response, "zh-CN", "policies.errors.noVersion");
    expect(await snapshot(policy.id)).toEqual(before);
  });

  it("opens in the way of changing the draft the bureau chose with it, refusing a way that does not exist", async () => {
    const policy = await newPolicy();
    await publish(policy, regulation("第一稿的条文。"));
    const bad = await submit(
      world.official,
      `/policies/${policy.id}/edit`,
      { intent: "status", change: "open", changeMode: "anything" },
      "zh-CN",
    );
    await expectRefusal(bad, "zh-CN", "validation.choose");
    expect((await getPolicy(policy.id))?.status).toBe("draft");

    const opened = await submit(world.official, `/policies/${policy.id}/edit`, {
      intent: "status",
      change: "open",
      changeMode: "suggestions",
    });
    expect(opened.status).toBe(302);
    expect(await getPolicy(policy.id)).toMatchObject({ status: "open", changeMode: "suggestions" });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: "policy.status", targetId: policy.id } });
    expect(JSON.parse(audit.detail ?? "{}")).toMatchObject({ to: "open", changeMode: "suggestions" });
    // Closing says nothing of the mode and leaves it as it was.
    await changePolicyStatus(world.official.user, (await getPolicy(policy.id))!, "close");
    expect((await getPolicy(policy.id))?.changeMode).toBe("suggestions");
  });

  it("opens with the community draft a copy of the latest version, closes read-only, and every change is audited", async () => {
    const policy = await newPolicy();
    await publish(policy, regulation("第一稿的条文。"));
    const latest = regulation("第二稿的条文，业主三分之二同意。");
    await publish(policy, latest);

    expect(await changePolicyStatus(world.otherOfficial.user, policy, "open")).toMatchObject({
      ok: false,
      error: "policies.errors.notAllowed",
    });
    const opened = await submit(world.official, `/policies/${policy.id}/edit`, { intent: "status", change: "open" });
    expect(opened.status).toBe(302);
    expect((await getPolicy(policy.id))?.status).toBe("open");

    // The stored draft, loaded back through the collaboration store, is the latest version's text.
    const rows = await db.documentUpdate.findMany({ where: { documentName: draftDocumentName(policy.id) } });
    expect(rows).toHaveLength(1);
    expect(rows[0].authorId).toBe(world.official.userId);
    const draft = (await loadDraftDoc(policy.id))!;
    const draftJson = yXmlFragmentToProsemirrorJSON(draft.getXmlFragment(TEXT_FRAGMENT));
    expect(renderText(draftJson).text).toBe(renderText(latest).text);
    expect(renderText(draftJson).html).toBe((await latestVersion(policy.id))!.html);
    // The history starts with the official's text alone, so that residents' first edits are a
    // revision of their own, credited to them, and not mixed into the starting text.
    const first = await db.revision.findMany({ where: { policyId: policy.id }, include: { authors: true } });
    expect(first.map((revision) => [revision.number, revision.text])).toEqual([[1, renderText(latest).text]]);
    expect(first[0].authors.map((author) => author.userId)).toEqual([world.official.userId]);

    // Closing asks for confirmation, then makes the draft read-only (status closed).
    const unconfirmed = await submit(world.official, `/policies/${policy.id}/edit`, {
      intent: "status",
      change: "close",
    });
    await expectRefusal(unconfirmed, "en", "policies.errors.confirm");
    const closed = await changePolicyStatus(world.official.user, (await getPolicy(policy.id))!, "close");
    expect(closed).toEqual({ ok: true, value: { status: "closed" } });
    expect(await changePolicyStatus(world.official.user, (await getPolicy(policy.id))!, "close")).toMatchObject({
      ok: false,
      error: "policies.errors.cannot.close",
    });

    // Reopening continues the same draft: the text is not copied in a second time.
    await publish(policy, regulation("第三稿"));
    expect(await changePolicyStatus(world.official.user, (await getPolicy(policy.id))!, "open")).toEqual({
      ok: true,
      value: { status: "open" },
    });
    expect(await db.documentUpdate.count({ where: { documentName: draftDocumentName(policy.id) } })).toBe(1);
    expect(await db.revision.count({ where: { policyId: policy.id } })).toBe(1);

    const audit = await db.auditEntry.findMany({
      where: { action: "policy.status", targetId: policy.id },
      orderBy: { id: "asc" },
    });
    expect(
      audit
        .map((entry) => JSON.parse(entry.detail!) as { from: string; to: string })
        .map(({ from, to }) => `${from}>${to}`),
    ).toEqual(["draft>open", "open>closed", "closed>open"]);
    expect(audit.every((entry) => entry.actorId === world.official.userId)).toBe(true);
  });

  it("opened by two officials at once holds the text once", async () => {
    const policy = await newPolicy();
    const latest = regulation("并发开启时的条文。");
    await publish(policy, latest);
    const second = await newOfficial(world.department.id);
    const outcomes = await Promise.all([
      changePolicyStatus(world.official.user, policy, "open"),
      changePolicyStatus(second.user, policy, "open"),
    ]);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    const draft = (await loadDraftDoc(policy.id))!;
    expect(renderText(yXmlFragmentToProsemirrorJSON(draft.getXmlFragment(TEXT_FRAGMENT))).text).toBe(
      renderText(latest).text,
    );
    expect(await db.auditEntry.count({ where: { action: "policy.status", targetId: policy.id } })).toBe(1);
  });
});

describe("the policies page", () => {
  it("finds Chinese substrings of titles and summaries, and filters by status and department", async () => {
    const tag = unique();
    const elevators = await newPolicy({ title: `既有住宅加装电梯补贴办法${tag}`, summary: "补贴标准" });
    const parking = await newPolicy({
      title: `共享单车停放管理规定${tag}`,
      summary: "禁止在盲道上停放",
      departmentId: world.department.id,
    });
    await publish(parking, regulation("停放"));
    await changePolicyStatus(world.official.user, parking, "open");

    const titles = async (q: string, extra: Record<string, string> = {}) =>
      (await listPolicies(listQuerySchema.parse({ q, ...extra }))).rows
        .map((row) => row.title)
        .filter((title) => title.endsWith(tag));
    expect(await titles("加装电梯")).toEqual([elevators.title]);
    expect(await titles("盲道")).toEqual([parking.title]);
    expect(await titles(`单车停放管理规定${tag}`)).toEqual([parking.title]);
    expect(await titles("地铁")).toEqual([]);
    expect(await titles(tag, { status: "open" })).toEqual([parking.title]);
    expect(await titles(tag, { department: world.otherDepartment.id })).toEqual([]);

    // Through the page, in Chinese, with the query as a visitor types it.
    const page = await open(null, `/policies?q=${encodeURIComponent("电梯补贴")}`, "zh-CN");
    const html = await page.text();
    expect(html).toContain(asHtml(elevators.title));
    expect(html).not.toContain(asHtml(parking.title));
    const none = await (await open(null, `/policies?q=${encodeURIComponent(`不存在的${tag}`)}`, "zh-CN")).text();
    expect(none).toContain(translate("zh-CN", "policies.emptyFiltered"));
  });
});

describe("open data", () => {
  it("offers versions as JSON with their HTML and Markdown, and each version as a file", async () => {
    const policy = await newPolicy({ title: `开放数据办法 ${unique()}` });
    await publish(policy, regulation("公开的条文。"));
    const response = await open(null, `/policies/data/versions.json?policy=${policy.id}`);
    expect(response.status).toBe(200);
    const data = (await response.json()) as { rows: Array<Record<string, unknown>> };
    expect(data.rows).toHaveLength(1);
    expect(data.rows[0]).toMatchObject({ policy_id: policy.id, number: 1, change_note: "征求意见稿。" });
    expect(String(data.rows[0].markdown)).toContain(
      "## 第一章 总则\n\n#### 第一条 目的\n\n公开的条文。\n\n- 业主自愿；\n- 协商一致。",
    );
    expect(String(data.rows[0].html)).toContain("<h2>第一章 总则</h2>");
    expect(JSON.stringify(data)).not.toContain(world.official.userId);

    const markdown = await open(null, `/policies/${policy.id}/versions/1/download/md`);
    expect(markdown.headers.get("content-type")).toContain("text/markdown");
    expect(await markdown.text()).toContain("- 协商一致。");
    const html = await open(null, `/policies/${policy.id}/versions/1/download/html`);
    expect(await html.text()).toContain("<h2>第一章 总则</h2>");
    expect((await open(null, `/policies/${policy.id}/versions/1/download/exe`)).status).toBe(404);
    const policies = await (await open(null, "/policies/data/policies.csv")).text();
    expect(policies).toContain(policy.title);
  });
});

describe("the demo seed", () => {
  it("has an adopted policy with two versions and one in consultation with its draft copied from v1, and runs twice without change", async () => {
    const departments = new Map([
      ["transport", world.otherDepartment.id],
      ["housing", world.department.id],
    ]);
    await db.$transaction((tx) => seedPolicies(tx, { departments, officialId: world.official.userId }));
    const first = await Promise.all([snapshot(SEED_POLICY_ADOPTED), snapshot(SEED_POLICY_OPEN)]);
    await db.$transaction((tx) => seedPolicies(tx, { departments, officialId: world.official.userId }));
    expect(await Promise.all([snapshot(SEED_POLICY_ADOPTED), snapshot(SEED_POLICY_OPEN)])).toEqual(first);

    const [adopted, consulted] = first;
    expect(adopted.policy?.status).toBe("adopted");
    expect(adopted.versions.map((version) => version.number)).toEqual([1, 2]);
    expect(consulted.policy?.status).toBe("open");
    expect(consulted.versions).toHaveLength(1);
    const v1 = consulted.versions[0];
    expect(v1.html).toMatch(/<h2>第一章 总则<\/h2>.*<h4>第一条 目的<\/h4>.*<ol>/s);
    const draft = (await loadDraftDoc(SEED_POLICY_OPEN))!;
    expect(renderText(yXmlFragmentToProsemirrorJSON(draft.getXmlFragment(TEXT_FRAGMENT))).text).toBe(v1.text);
    // Found by a Chinese substring like any other policy.
    expect((await listPolicies(listQuerySchema.parse({ q: "加装电梯" }))).rows.map((row) => row.id)).toContain(
      SEED_POLICY_OPEN,
    );
  });
});
