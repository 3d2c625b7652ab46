// The demo city's policy wiki: one adopted regulation with two official versions
// (seed-policy-adopted; v2 followed a consultation, and the comments seed adds its response
// report) and one draft in open consultation (seed-policy-open), whose community draft starts as
// a copy of its v1, as opening a consultation makes it. Both in Chinese, with chapters, articles
// and lists. Skips each policy that already exists, so running it twice changes nothing.
import type { Db } from "../app/db.server";
import * as Y from "yjs";
import { CANONICAL_TEXT_FORM, docFromState, updateTowards } from "../app/features/policies/draft-text";
import { copyClientId, textAsUpdate } from "../app/features/policies/draft-update";
import { recordRevision } from "../app/features/policies/revisions.server";
import { parsePolicyText, renderText, type TextJson } from "../app/features/policies/render.server";
import { policySearchText } from "../app/features/policies/search";
import { formatDocumentName } from "../app/shared/collab";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export const SEED_POLICY_ADOPTED = "seed-policy-adopted";
export const SEED_POLICY_OPEN = "seed-policy-open";

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);
const dayAt = (days: number) => {
  const date = new Date(Date.now() + days * DAY);
  date.setUTCHours(0, 0, 0, 0);
  return date;
};

const text = (value: string): TextJson => ({ type: "text", text: value });
const h = (level: 2 | 3 | 4, value: string): TextJson => ({
  type: "heading",
  attrs: { level },
  content: [text(value)],
});
const p = (...content: Array<string | TextJson>): TextJson => ({
  type: "paragraph",
  content: content.map((part) => (typeof part === "string" ? text(part) : part)),
});
const bold = (value: string): TextJson => ({ type: "text", text: value, marks: [{ type: "bold" }] });
const link = (value: string, href: string): TextJson => ({
  type: "text",
  text: value,
  marks: [{ type: "link", attrs: { href } }],
});
const list = (type: "bulletList" | "orderedList", items: string[]): TextJson => ({
  type,
  content: items.map((item) => ({ type: "listItem", content: [p(item)] })),
});
const doc = (...content: TextJson[]): TextJson => ({ type: "doc", content });

const bikesV1 = doc(
  h(2, "第一章 总则"),
  h(4, "第一条 目的和依据"),
  p(
    "为规范本市互联网租赁自行车（以下简称共享单车）停放秩序，保障道路通行安全，改善市容环境，根据有关法律法规，结合本市实际，制定本规定。",
  ),
  h(4, "第二条 适用范围"),
  p("本市行政区域内共享单车的投放、停放及其监督管理，适用本规定。"),
  h(2, "第二章 停放管理"),
  h(4, "第三条 停放要求"),
  p("使用人应当在电子围栏内停放共享单车，", bold("不得"), "有下列行为："),
  list("bulletList", ["在盲道、消防通道、公交站台上停放；", "在机动车道内停放；", "在居住小区出入口五米范围内停放。"]),
  h(4, "第四条 企业责任"),
  p("运营企业应当按照区交通部门核定的规模投放车辆，并在接到通知后两小时内清理违规停放的车辆。"),
);

const bikesV2 = doc(
  h(2, "第一章 总则"),
  h(4, "第一条 目的和依据"),
  p(
    "为规范本市互联网租赁自行车（以下简称共享单车）停放秩序，保障道路通行安全，改善市容环境，根据有关法律法规，结合本市实际，制定本规定。",
  ),
  h(4, "第二条 适用范围"),
  p("本市行政区域内共享单车的投放、停放及其监督管理，适用本规定。"),
  h(2, "第二章 停放管理"),
  h(4, "第三条 停放要求"),
  p("使用人应当在电子围栏内停放共享单车，", bold("不得"), "有下列行为："),
  list("bulletList", [
    "在盲道、消防通道、公交站台上停放；",
    "在机动车道内停放；",
    "在居住小区、学校和医院出入口十米范围内停放。",
  ]),
  h(4, "第四条 企业责任"),
  p(
    "运营企业应当按照区交通部门核定的规模投放车辆，并在接到通知后一小时内清理违规停放的车辆；早晚高峰期间应当在地铁站周边安排专人调度。",
  ),
  h(4, "第五条 公众监督"),
  p(
    "任何单位和个人发现违规停放的，可以通过",
    link("市民服务热线网站", "https://www.example.gov.cn/12345"),
    "反映，有关部门应当在三个工作日内处理并答复。",
  ),
);

const elevatorsV1 = doc(
  h(2, "第一章 总则"),
  h(4, "第一条 目的"),
  p("为改善老旧小区居住条件，方便老年人和行动不便的居民出行，规范既有多层住宅加装电梯工作，制定本办法。"),
  h(4, "第二条 基本原则"),
  p("加装电梯遵循业主自愿、协商一致、保障安全、依法实施的原则。"),
  h(2, "第二章 申请与审批"),
  h(4, "第三条 申请条件"),
  p("申请加装电梯，应当符合下列条件："),
  list("orderedList", [
    "经本单元房屋专有部分面积占比三分之二以上的业主同意；",
    "经本单元参与表决的业主四分之三以上同意；",
    "设计方案符合建筑安全和消防要求。",
  ]),
  h(4, "第四条 补贴"),
  p("区政府对符合条件的加装电梯项目给予每部电梯", bold("二十万元"), "的补贴，具体办法由区住房城乡建设部门另行制定。"),
  h(2, "第三章 附则"),
  h(4, "第五条 施行日期"),
  p("本办法自发布之日起施行。"),
);

interface SeedVersion {
  content: TextJson;
  changeNote: string;
  daysAgo: number;
}

async function seedPolicy(
  tx: Tx,
  policy: {
    id: string;
    title: string;
    summary: string;
    departmentId: string;
    status: string;
    opensAt: Date;
    closesAt: Date;
    createdDaysAgo: number;
  },
  versions: SeedVersion[],
  officialId: string,
  draftFrom: number,
) {
  if (await tx.policy.findUnique({ where: { id: policy.id }, select: { id: true } })) return false;
  const { createdDaysAgo, ...columns } = policy;
  await tx.policy.create({
    data: {
      ...columns,
      searchText: policySearchText(policy.title, policy.summary),
      createdById: officialId,
      createdAt: daysAgo(createdDaysAgo),
    },
  });
  for (const [index, version] of versions.entries()) {
    const parsed = parsePolicyText(version.content);
    if (!parsed.ok) throw new Error(`seed policy ${policy.id} v${index + 1}: ${parsed.error}`);
    const rendered = renderText(parsed.json);
    await tx.policyVersion.create({
      data: {
        policyId: policy.id,
        number: index + 1,
        changeNote: version.changeNote,
        content: JSON.stringify(parsed.json),
        html: rendered.html,
        text: rendered.text,
        textForm: CANONICAL_TEXT_FORM,
        createdById: officialId,
        createdAt: daysAgo(version.daysAgo),
      },
    });
  }
  // The community draft's first text, as opening the consultation writes it (consultation.server.ts).
  const documentName = formatDocumentName({ kind: "policy-draft", id: policy.id });
  if ((await tx.documentUpdate.count({ where: { documentName } })) === 0) {
    const parsed = parsePolicyText(versions[draftFrom - 1].content);
    if (!parsed.ok) throw new Error(parsed.error);
    const at = daysAgo(versions[draftFrom - 1].daysAgo - 1);
    await tx.documentUpdate.create({
      data: {
        documentName,
        update: new Uint8Array(textAsUpdate(parsed.json, copyClientId(policy.id, draftFrom))),
        authorId: officialId,
        createdAt: at,
        lastAt: at,
      },
    });
  }
  return true;
}

/**
 * The adopted regulation's history during its consultation: the draft as copied from v1, then
 * two residents' edits towards what became v2, each recorded as a revision with its author, as
 * the editor's pauses record them.
 */
async function seedHistory(
  tx: Tx,
  policyId: string,
  edits: Array<{ content: unknown; authorId: string; daysAgo: number; summary: string }>,
) {
  const documentName = formatDocumentName({ kind: "policy-draft", id: policyId });
  const stamp = async (revision: { id: string } | null, days: number) => {
    if (revision) await tx.revision.update({ where: { id: revision.id }, data: { createdAt: daysAgo(days) } });
  };
  const first = await tx.documentUpdate.findFirstOrThrow({ where: { documentName }, orderBy: { id: "asc" } });
  await stamp(
    await recordRevision(policyId, { client: tx, summary: "征求意见稿" }),
    Math.round((Date.now() - first.createdAt.getTime()) / DAY),
  );
  for (const edit of edits) {
    const rows = await tx.documentUpdate.findMany({
      where: { documentName },
      orderBy: { id: "asc" },
      select: { update: true },
    });
    const doc = docFromState(Y.mergeUpdates(rows.map((row) => new Uint8Array(row.update))));
    const parsed = parsePolicyText(edit.content);
    if (!parsed.ok) throw new Error(parsed.error);
    const at = daysAgo(edit.daysAgo);
    await tx.documentUpdate.create({
      data: {
        documentName,
        update: new Uint8Array(updateTowards(doc, parsed.json)),
        authorId: edit.authorId,
        createdAt: at,
        lastAt: at,
      },
    });
    doc.destroy();
    await stamp(await recordRevision(policyId, { client: tx, summary: edit.summary }), edit.daysAgo);
  }
}

export async function seedPolicies(
  tx: Tx,
  {
    departments,
    officialId,
    residentIds = [],
  }: { departments: Map<string, string>; officialId: string; residentIds?: string[] },
) {
  const adopted = await seedPolicy(
    tx,
    {
      id: SEED_POLICY_ADOPTED,
      title: "共享单车停放管理规定",
      summary: "规范共享单车停放秩序：电子围栏、禁停区域、运营企业的清理时限和公众监督渠道。",
      departmentId: departments.get("transport")!,
      status: "adopted",
      opensAt: dayAt(-80),
      closesAt: dayAt(-20),
      createdDaysAgo: 95,
    },
    [
      { content: bikesV1, changeNote: "征求意见稿。", daysAgo: 90 },
      {
        content: bikesV2,
        changeNote: "根据征求意见修改：扩大出入口禁停范围至学校和医院，缩短清理时限，增加公众监督条款。",
        daysAgo: 10,
      },
    ],
    officialId,
    1,
  );
  const [residentA, residentB] = residentIds;
  if (adopted && residentA && residentB) {
    await seedHistory(tx, SEED_POLICY_ADOPTED, [
      {
        content: { ...bikesV2, content: (bikesV2.content ?? []).slice(0, -1) },
        authorId: residentA,
        daysAgo: 60,
        summary: "扩大禁停范围，缩短清理时限",
      },
      { content: bikesV2, authorId: residentB, daysAgo: 40, summary: "增加公众监督条款" },
    ]);
  }
  await seedPolicy(
    tx,
    {
      id: SEED_POLICY_OPEN,
      title: "老旧小区加装电梯管理办法",
      summary: "既有多层住宅加装电梯的申请条件、表决规则和政府补贴，现公开征求意见。",
      departmentId: departments.get("housing")!,
      status: "open",
      opensAt: dayAt(-7),
      closesAt: dayAt(23),
      createdDaysAgo: 14,
    },
    [{ content: elevatorsV1, changeNote: "征求意见稿。", daysAgo: 8 }],
    officialId,
    1,
  );
}
