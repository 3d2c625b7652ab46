// The demo city's comments on policies: on the policy in open consultation (seed-policy-open) a
// comment of every kind, each anchored to a passage of its community draft, with an official's
// reply and one outcome; on the adopted policy (seed-policy-adopted) comments with outcomes and
// version 2's response report made from them. The policies, versions and drafts come from the
// policies seed: whatever is missing is skipped, with a line.
import * as Y from "yjs";
import type { Db } from "../app/db.server";
import { REPORT_FORMAT, summariseChanges, type ResponseReport } from "../app/features/policies/adoption.server";
import { anchorFromRange, findQuote } from "../app/features/policies/comment-anchors";
import { draftDocumentName, draftViewOf } from "../app/features/policies/comment-draft.server";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export const SEED_POLICY_OPEN = "seed-policy-open";
export const SEED_POLICY_ADOPTED = "seed-policy-adopted";

const COMMENTS: Array<{ kind: "feedback" | "question" | "concern" | "support"; text: string }> = [
  { kind: "support", text: "完全支持，这一条对老人和孩子都很重要。" },
  { kind: "question", text: "这里说的“周边”具体指多大范围？是否包括小区内部道路？" },
  { kind: "concern", text: "担心实施后早晚高峰更拥堵，希望先做交通评估。" },
  { kind: "feedback", text: "建议写明每年公布一次执行情况，方便居民监督。" },
];

/** A few words from each paragraph of a text, to comment on. */
function passages(blocks: string[]): string[] {
  return blocks
    .map((block) => block.trim())
    .filter((block) => block.length >= 6)
    .map((block) => block.slice(0, Math.min(block.length, /[\u3400-\u9fff]/.test(block) ? 10 : 30)).trim());
}

export async function seedPolicyComments(tx: Tx, people: { officialId: string; residentIds: string[] }) {
  const [official, ...residents] = await Promise.all(
    [people.officialId, ...people.residentIds].map((id) =>
      tx.user.findUniqueOrThrow({ where: { id }, select: { id: true, displayName: true } }),
    ),
  );
  const author = (index: number) => residents[index % residents.length];

  const open = await tx.policy.findUnique({ where: { id: SEED_POLICY_OPEN }, select: { id: true } });
  const rows = open
    ? await tx.documentUpdate.findMany({
        where: { documentName: draftDocumentName(SEED_POLICY_OPEN) },
        orderBy: { id: "asc" },
        select: { update: true },
      })
    : [];
  if (!open || rows.length === 0)
    console.log(`seed: ${SEED_POLICY_OPEN} or its community draft is missing; no comments seeded on it`);
  else if ((await tx.passageComment.count({ where: { policyId: SEED_POLICY_OPEN } })) === 0) {
    const ydoc = new Y.Doc();
    Y.applyUpdate(ydoc, Y.mergeUpdates(rows.map((row) => row.update)));
    const view = draftViewOf(ydoc);
    const blocks: string[] = [];
    view.doc.forEach((node) => blocks.push(node.textContent));
    const quotes = passages(blocks);
    for (const [index, comment] of COMMENTS.entries()) {
      const quote = quotes[index % Math.max(1, quotes.length)];
      const range = quote ? findQuote(view.doc, quote) : null;
      const anchor = range ? anchorFromRange(view.fragment, view.mapping, range.from, range.to) : null;
      const created = await tx.passageComment.create({
        data: {
          policyId: SEED_POLICY_OPEN,
          authorId: author(index).id,
          authorName: author(index).displayName,
          kind: comment.kind,
          text: comment.text,
          quote: quote ?? "",
          anchorStart: anchor?.anchorStart,
          anchorEnd: anchor?.anchorEnd,
          ...(comment.kind === "question"
            ? {
                outcome: "addressed",
                outcomeReason: "指学校出入口两百米范围内的市政道路，不含小区内部道路。",
                outcomeById: official.id,
                outcomeAt: new Date(),
              }
            : {}),
        },
      });
      if (comment.kind === "question") {
        await tx.passageComment.create({
          data: {
            policyId: SEED_POLICY_OPEN,
            parentId: created.id,
            authorId: official.id,
            authorName: official.displayName,
            asOfficial: true,
            text: "感谢提问：范围为学校出入口两百米以内的市政道路，修改稿将写明。",
          },
        });
      }
    }
  }

  const adopted = await tx.policyVersion.findMany({
    where: { policyId: SEED_POLICY_ADOPTED },
    orderBy: { number: "asc" },
    select: { id: true, number: true, text: true },
  });
  if (adopted.length < 2) {
    console.log(`seed: ${SEED_POLICY_ADOPTED} with two versions is missing; no response report seeded`);
    return;
  }
  if ((await tx.passageComment.count({ where: { policyId: SEED_POLICY_ADOPTED } })) > 0) return;
  const [v1, v2] = adopted;
  const quotes = passages(v1.text.split(/\n+/));
  const outcomes = [
    ["accepted", "已采纳，第二版已作相应修改。"],
    ["notAdopted", "该事项由其他规章规定，本规定不作调整。"],
    ["addressed", "已在起草说明中作出解释。"],
    ["accepted", "已采纳。"],
  ] as const;
  const policy = await tx.policy.findUniqueOrThrow({
    where: { id: SEED_POLICY_ADOPTED },
    select: { id: true, title: true },
  });
  const reportComments: ResponseReport["comments"] = [];
  for (const [index, comment] of COMMENTS.entries()) {
    const [outcome, reason] = outcomes[index];
    const quote = quotes[index % Math.max(1, quotes.length)] ?? "";
    const createdAt = new Date(Date.now() - (40 - index) * 86_400_000);
    const created = await tx.passageComment.create({
      data: {
        policyId: policy.id,
        authorId: author(index).id,
        authorName: author(index).displayName,
        kind: comment.kind,
        text: comment.text,
        quote,
        outcome,
        outcomeReason: reason,
        outcomeById: official.id,
        outcomeAt: createdAt,
        createdAt,
      },
    });
    reportComments.push({
      id: created.id,
      kind: comment.kind,
      quote,
      text: comment.text,
      hiddenReason: null,
      authorName: author(index).displayName,
      createdAt: createdAt.toISOString(),
      detached: false,
      outcome,
      outcomeReason: reason,
      replies: 0,
    });
  }
  const report: ResponseReport = {
    format: REPORT_FORMAT,
    policyId: policy.id,
    title: policy.title,
    version: v2.number,
    previousVersion: v1.number,
    adoptedAt: new Date().toISOString(),
    comments: reportComments,
    changes: summariseChanges(v1.text, v2.text),
  };
  await tx.policyVersion.update({ where: { id: v2.id }, data: { responseReport: JSON.stringify(report) } });
}
