// Adopting the community draft: an official of the owning department makes the next official
// version from the draft's current text (edited further if needed), and publishes with it the
// response report: every comment with its kind, quote, outcome and reason, and the changes
// adopted as a diff summary against the previous version. Adopting closes the draft for good
// (status "adopted": the collaboration hooks give read-only access from then on).
import { announceDraftAccessChanged } from "./draft-access.server";
import { diffArrays } from "diff";
import { compareBounded, fromChanges, type FineDiff } from "./diff";
import { markdownLine, markdownLines } from "./markdown";
import type { TFunction } from "i18next";
import type { User } from "lucia";
import type { Outcome } from "~/shared/outcome";
import { recordAudit } from "~/features/audit/audit.server";
import { db } from "~/db.server";
import { draftJSON, loadDraftView, parsePolicyText, renderPolicyText } from "./comment-draft.server";
import { canAdopt } from "./comment-permissions.server";
import type { AdoptInput, CommentKind, CommentOutcome } from "./comment-schemas";
import { listPassageComments, type CommentView, type PolicyForComments } from "./comments.server";

export const REPORT_FORMAT = "forum.policy-response-report/1";

export interface ReportComment {
  id: string;
  kind: CommentKind;
  quote: string;
  /** Null when a moderator hid the comment (hiddenReason says why). */
  text: string | null;
  hiddenReason: string | null;
  authorName: string;
  createdAt: string;
  /** The passage was deleted from the draft before adoption. */
  detached: boolean;
  outcome: CommentOutcome | null;
  outcomeReason: string | null;
  replies: number;
}

export interface ReportChange {
  /** A little of the unchanged text before the change, to find it. */
  before: string;
  removed: string;
  added: string;
}

export interface ResponseReport {
  format: typeof REPORT_FORMAT;
  policyId: string;
  title: string;
  version: number;
  previousVersion: number | null;
  adoptedAt: string;
  comments: ReportComment[];
  changes: {
    charactersAdded: number;
    charactersRemoved: number;
    count: number;
    list: ReportChange[];
    /** Some changed passages were too different to compare piece by piece and count as one change each (absent in older reports). */
    whole?: boolean;
  };
}

/** Changes listed in a report; the counts cover all of them. */
const LISTED_CHANGES = 200;
const CHANGE_EXCERPT = 400;
const CONTEXT = 30;

/**
 * The units a text is compared in: Chinese (and Japanese, Korean) has no spaces between words,
 * so each of its characters is a unit; other scripts go by words, spaces and punctuation. A
 * regulation mixing both (article numbers, English names) is compared by each in its place.
 */
const CJK = "\\u3040-\\u30ff\\u3400-\\u9fff\\uf900-\\ufaff\\uac00-\\ud7af";
const TOKEN = new RegExp(`[${CJK}]|(?:(?![${CJK}])[\\p{L}\\p{N}_])+|\\s+|.`, "gsu");
export const diffTokens = (text: string) => text.match(TOKEN) ?? [];

const byTokens: FineDiff = (before, after, limits) =>
  fromChanges(diffArrays(diffTokens(before), diffTokens(after), limits), (tokens) => tokens.join(""));

/**
 * The changes from one text to the next, summarised: counts and each changed place. Bounded like
 * the diff page (residents write the draft, so its distance from the last version is theirs to
 * choose): passages too different to compare piece by piece count as one change each.
 */
export function summariseChanges(previous: string, next: string): ResponseReport["changes"] {
  const { parts: compared, whole } = compareBounded(previous, next, byTokens);
  const parts = compared.map((part) => ({
    value: part.value,
    added: part.kind === "added",
    removed: part.kind === "removed",
  }));
  const list: ReportChange[] = [];
  let charactersAdded = 0;
  let charactersRemoved = 0;
  let count = 0;
  let before = "";
  let open: ReportChange | null = null;
  for (const part of parts) {
    if (!part.added && !part.removed) {
      open = null;
      before = part.value;
      continue;
    }
    if (!open) {
      count++;
      open = { before: before.slice(-CONTEXT), removed: "", added: "" };
      if (list.length < LISTED_CHANGES) list.push(open);
    }
    if (part.added) {
      charactersAdded += part.value.length;
      open.added = (open.added + part.value).slice(0, CHANGE_EXCERPT);
    } else {
      charactersRemoved += part.value.length;
      open.removed = (open.removed + part.value).slice(0, CHANGE_EXCERPT);
    }
  }
  return { charactersAdded, charactersRemoved, count, list, whole };
}

function reportComment(comment: CommentView): ReportComment {
  return {
    id: comment.id,
    kind: comment.kind,
    quote: comment.quote,
    text: comment.text,
    hiddenReason: comment.hiddenReason,
    authorName: comment.authorName,
    createdAt: comment.createdAt.toISOString(),
    detached: comment.passage === null,
    outcome: comment.outcome,
    outcomeReason: comment.outcomeReason,
    replies: comment.replies.length,
  };
}

async function latestVersion(policyId: string) {
  return db.policyVersion.findFirst({
    where: { policyId },
    orderBy: { number: "desc" },
    select: { number: true, text: true },
  });
}

/** What the adoption page starts from: the draft's text now, the next number, and the report as it would be. */
export async function prepareAdoption(policy: PolicyForComments) {
  const draft = await loadDraftView(policy.id);
  const [previous, comments] = await Promise.all([latestVersion(policy.id), listPassageComments(policy.id, draft)]);
  const content = draftJSON(draft);
  const node = parsePolicyText(JSON.stringify(content));
  return {
    number: (previous?.number ?? 0) + 1,
    content,
    report: buildReport(
      policy,
      (previous?.number ?? 0) + 1,
      previous,
      comments,
      node ? renderPolicyText(node).text : "",
      new Date(),
    ),
  };
}

function buildReport(
  policy: PolicyForComments,
  number: number,
  previous: { number: number; text: string } | null,
  comments: CommentView[],
  text: string,
  at: Date,
): ResponseReport {
  return {
    format: REPORT_FORMAT,
    policyId: policy.id,
    title: policy.title,
    version: number,
    previousVersion: previous?.number ?? null,
    adoptedAt: at.toISOString(),
    comments: comments.map(reportComment),
    changes: summariseChanges(previous?.text ?? "", text),
  };
}

/**
 * Publishes the next official version from the text the official sent (the draft, perhaps
 * edited further; checked against the schema and rendered here), with its response report, and
 * sets the policy adopted. The page offers a version number: a second send finds it taken.
 */
export async function adoptDraft(
  actor: User,
  policy: PolicyForComments,
  input: AdoptInput,
): Promise<Outcome<{ number: number }>> {
  if (!canAdopt(actor, policy)) return { ok: false, field: "form", error: "policies.comments.errors.cannotAdopt" };
  const node = parsePolicyText(input.content);
  if (!node) return { ok: false, field: "content", error: "policies.comments.errors.text" };
  const previous = await latestVersion(policy.id);
  const number = (previous?.number ?? 0) + 1;
  if (input.number !== number) return { ok: false, field: "form", error: "policies.comments.errors.versionTaken" };
  const { html, text } = renderPolicyText(node);
  const comments = await listPassageComments(policy.id);
  const now = new Date();
  const report = buildReport(policy, number, previous, comments, text, now);
  try {
    await db.$transaction(async (tx) => {
      // Only a policy still in consultation is adopted: two officials at once, one version.
      const { count } = await tx.policy.updateMany({
        where: { id: policy.id, status: { in: ["open", "closed"] } },
        data: { status: "adopted" },
      });
      if (count !== 1) throw new VersionTaken();
      await tx.policyVersion.create({
        data: {
          policyId: policy.id,
          number,
          changeNote: input.changeNote,
          content: JSON.stringify(node.toJSON()),
          html,
          text,
          responseReport: JSON.stringify(report),
          createdById: actor.id,
          createdAt: now,
        },
      });
      await recordAudit(tx, {
        actor,
        action: "policy.adopt",
        targetType: "policy",
        targetId: policy.id,
        detail: {
          title: policy.title,
          departmentId: policy.departmentId,
          version: number,
          comments: report.comments.length,
        },
      });
    });
  } catch (error) {
    if (error instanceof VersionTaken || (error as { code?: string })?.code === "P2002")
      return { ok: false, field: "form", error: "policies.comments.errors.versionTaken" };
    throw error;
  }
  // The draft is read-only from now on: open editors are told at once.
  announceDraftAccessChanged(policy.id);
  return { ok: true, value: { number } };
}

class VersionTaken extends Error {}

/** A version's response report, or null when it has none (or one written before this format). */
export function parseResponseReport(stored: string | null): ResponseReport | null {
  if (!stored) return null;
  try {
    const report = JSON.parse(stored) as ResponseReport;
    return report && report.format === REPORT_FORMAT && Array.isArray(report.comments) ? report : null;
  } catch {
    return null;
  }
}

/** A version and its report, for the report page and its downloads. */
export async function findVersionReport(policyId: string, number: number) {
  const version = await db.policyVersion.findUnique({
    where: { policyId_number: { policyId, number } },
    select: {
      number: true,
      changeNote: true,
      createdAt: true,
      responseReport: true,
      policy: { select: { id: true, title: true } },
    },
  });
  if (!version) return null;
  return { ...version, report: parseResponseReport(version.responseReport) };
}

const line = (value: string) => markdownLine(value.replace(/\s+/g, " ").trim());
const quoteBlock = (value: string) => `> ${line(value)}`;

/** The report as Markdown, in the reader's language. Every word people wrote is escaped (./markdown.ts). */
export function reportMarkdown(report: ResponseReport, t: TFunction): string {
  const out: string[] = [
    `# ${t("policies.comments.report.heading", { title: line(report.title), number: report.version })}`,
    "",
  ];
  out.push(t("policies.comments.report.adoptedAt", { date: report.adoptedAt }), "");
  out.push(`## ${t("policies.comments.report.commentsHeading", { count: report.comments.length })}`, "");
  if (report.comments.length === 0) out.push(t("policies.comments.report.noComments"), "");
  for (const comment of report.comments) {
    out.push(
      `### ${t(`policies.comments.kinds.${comment.kind}`)} · ${line(comment.authorName)}${comment.detached ? ` · ${t("policies.comments.detached")}` : ""}`,
      "",
    );
    out.push(quoteBlock(comment.quote), "");
    out.push(
      comment.text === null
        ? t("policies.comments.hiddenBecause", { reason: line(comment.hiddenReason ?? "") })
        : markdownLines(comment.text),
      "",
    );
    const outcome = comment.outcome
      ? t(`policies.comments.outcomes.${comment.outcome}`)
      : t("policies.comments.outcomes.none");
    out.push(
      `**${comment.outcomeReason ? t("policies.comments.outcomeWithReason", { outcome, reason: line(comment.outcomeReason) }) : t("policies.comments.outcomeLine", { outcome })}**`,
      "",
    );
  }
  out.push(`## ${t("policies.comments.report.changesHeading")}`, "");
  out.push(
    t("policies.comments.report.changesSummary", {
      count: report.changes.count,
      added: report.changes.charactersAdded,
      removed: report.changes.charactersRemoved,
    }),
    "",
  );
  if (report.changes.whole) out.push(t("policies.comments.report.changesWhole"), "");
  for (const change of report.changes.list) {
    out.push(
      `- …${line(change.before)} ${change.removed ? `~~${line(change.removed)}~~ ` : ""}${change.added ? `**${line(change.added)}**` : ""}`,
    );
  }
  return out.join("\n").trimEnd() + "\n";
}
