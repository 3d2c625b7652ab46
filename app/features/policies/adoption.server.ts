// Adopting the community draft: an official of the owning department makes the next official
// version from the draft's current text (edited further if needed), and publishes with it the
// response report: every comment with its kind, quote, outcome and reason, and the changes
// adopted as a diff summary against the previous version. Adopting closes the draft for good
// (status "adopted": the collaboration hooks give read-only access from then on).
import { createHash } from "node:crypto";
import { announceDraftAccessChanged } from "./draft-access.server";
import { summariseChanges, type ChangeSummary } from "./change-summary";
import { markdownLine, markdownLines } from "./markdown";
import type { TFunction } from "i18next";
import type { User } from "lucia";
import type { Outcome } from "~/shared/outcome";
import { recordAudit } from "~/features/audit/audit.server";
import {
  notifyPeople,
  registerNotificationKinds,
  type NotificationsTx,
  type SentNotifications,
} from "~/features/notifications/notifications.server";
import { db, type Db } from "~/db.server";
import type { JSONContent } from "@tiptap/core";
import { draftJSON, loadDraftView } from "./comment-draft.server";
import { CANONICAL_TEXT_FORM, textBlocks } from "./draft-text";
import { parsePolicyText, renderText } from "./render.server";
import { canAdopt } from "./comment-permissions.server";
import type { AdoptInput, CommentKind, CommentOutcome } from "./comment-schemas";
import { listPassageComments, type CommentView, type PolicyForComments } from "./comments.server";
import type { SuggestionKind, SuggestionStatus } from "./suggestion-schemas";
import { listSuggestions, type SuggestionView } from "./suggestions.server";

export { summariseChanges, diffTokens, type ChangeSummary, type ReportChange } from "./change-summary";

export const REPORT_FORMAT = "forum.policy-response-report/1";

// Everyone who commented on or edited the draft hears that it was adopted, with a link to what
// became of their contribution in the response report.
registerNotificationKinds({ "policies.adopted": { message: "policies.comments.notifications.adopted" } });

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

/** A suggested change as the report keeps it (decision 0042). */
export interface ReportSuggestion {
  id: string;
  authorName: string;
  quote: string;
  /** Empty: the suggestion was to delete the passage. */
  replacement: string;
  /** Absent from reports written before insertions existed: a replacement. */
  kind?: SuggestionKind;
  explanation: string;
  status: SuggestionStatus;
  reason: string | null;
  /** Set when a moderator hid it (its new words and explanation are then left out). */
  hiddenReason: string | null;
  support: number;
  oppose: number;
  createdAt: string;
}

export interface ResponseReport {
  format: typeof REPORT_FORMAT;
  policyId: string;
  title: string;
  version: number;
  previousVersion: number | null;
  adoptedAt: string;
  comments: ReportComment[];
  /** Absent from reports written before suggestions existed. */
  suggestions?: ReportSuggestion[];
  changes: ChangeSummary;
}

function reportSuggestion(suggestion: SuggestionView): ReportSuggestion {
  return {
    id: suggestion.id,
    authorName: suggestion.authorName,
    quote: suggestion.quote,
    replacement: suggestion.replacement,
    kind: suggestion.kind,
    explanation: suggestion.explanation,
    status: suggestion.status,
    reason: suggestion.reason,
    hiddenReason: suggestion.hiddenReason,
    support: suggestion.support,
    oppose: suggestion.oppose,
    createdAt: suggestion.createdAt.toISOString(),
  };
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
  const version = await db.policyVersion.findFirst({
    where: { policyId },
    orderBy: { number: "desc" },
    select: { number: true, content: true },
  });
  // Compared by its structure, from its stored JSON (never from a stored plain text's separators).
  return version && { number: version.number, blocks: textBlocks(JSON.parse(version.content) as JSONContent) };
}

/**
 * The draft's text as a short stamp: the adopt page sends back the one it showed, and adoption
 * refuses when the draft has changed since (residents' late edits are never dropped unseen).
 * Made from the text, not from stored row ids, which compaction rewrites without changing it.
 */
export const draftStamp = (content: JSONContent) =>
  createHash("sha256").update(JSON.stringify(content)).digest("base64url");

/** What the adoption page starts from: the draft's text now, the next number, and the report as it would be. */
export async function prepareAdoption(policy: PolicyForComments) {
  const draft = await loadDraftView(policy.id);
  const [previous, comments, suggestions] = await Promise.all([
    latestVersion(policy.id),
    listPassageComments(policy.id, draft),
    listSuggestions(policy.id, { draft }),
  ]);
  const content = draftJSON(draft);
  return {
    number: (previous?.number ?? 0) + 1,
    content,
    stamp: draftStamp(content),
    report: buildReport(
      policy,
      (previous?.number ?? 0) + 1,
      previous,
      comments,
      textBlocks(content),
      new Date(),
      suggestions,
    ),
  };
}

function buildReport(
  policy: PolicyForComments,
  number: number,
  previous: { number: number; blocks: string[] } | null,
  comments: CommentView[],
  blocks: string[],
  at: Date,
  suggestions: SuggestionView[],
): ResponseReport {
  return {
    format: REPORT_FORMAT,
    policyId: policy.id,
    title: policy.title,
    version: number,
    previousVersion: previous?.number ?? null,
    adoptedAt: at.toISOString(),
    comments: comments.map(reportComment),
    // In the order they were made: the report is a record, not a page to work through.
    suggestions: suggestions
      .map(reportSuggestion)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)),
    changes: summariseChanges(previous?.blocks ?? [], blocks),
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
  // The same check as every other door: the schema, links, heading levels and the size limits.
  const parsed = parsePolicyText(input.content);
  if (!parsed.ok)
    return {
      ok: false,
      field: "content",
      error: parsed.error === "policies.errors.textTooLong" ? parsed.error : "policies.comments.errors.text",
    };
  const previous = await latestVersion(policy.id);
  const number = (previous?.number ?? 0) + 1;
  if (input.number !== number) return { ok: false, field: "form", error: "policies.comments.errors.versionTaken" };
  if (input.draftStamp !== undefined && input.draftStamp !== draftStamp(draftJSON(await loadDraftView(policy.id))))
    return { ok: false, field: "form", error: "policies.comments.errors.draftChanged" };
  const { html, text } = renderText(parsed.json);
  const [comments, suggestions] = await Promise.all([listPassageComments(policy.id), listSuggestions(policy.id)]);
  const now = new Date();
  const report = buildReport(
    policy,
    number,
    previous,
    comments,
    textBlocks(parsed.json as JSONContent),
    now,
    suggestions,
  );
  let sent: SentNotifications[];
  try {
    sent = await db.$transaction(async (tx) => {
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
          content: JSON.stringify(parsed.json),
          html,
          text,
          textForm: CANONICAL_TEXT_FORM,
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
      return notifyContributors(tx, actor, policy, number);
    });
  } catch (error) {
    if (error instanceof VersionTaken || (error as { code?: string })?.code === "P2002")
      return { ok: false, field: "form", error: "policies.comments.errors.versionTaken" };
    throw error;
  }
  for (const notifications of sent) void notifications.afterCommit();
  // The draft is read-only from now on: open editors are told at once.
  announceDraftAccessChanged(policy.id);
  return { ok: true, value: { number } };
}

type Tx = NotificationsTx & Pick<Db, "passageComment" | "suggestion" | "revisionAuthor">;

/**
 * Notifies, in the adoption's transaction, everyone who commented, suggested or edited the draft
 * (not the official adopting it): a commenter is led to their first comment in the report, where
 * its outcome and reason stand; a suggester to their first suggestion's outcome; an editor to the
 * report's summary of the changes adopted.
 */
async function notifyContributors(tx: Tx, actor: User, policy: PolicyForComments, version: number) {
  const [comments, suggestions, editors] = await Promise.all([
    tx.passageComment.findMany({
      where: { policyId: policy.id, authorId: { not: null } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, parentId: true, authorId: true },
    }),
    tx.suggestion.findMany({
      where: { policyId: policy.id, authorId: { not: null } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, authorId: true },
    }),
    tx.revisionAuthor.findMany({
      where: { revision: { policyId: policy.id } },
      select: { userId: true },
      distinct: ["userId"],
    }),
  ]);
  const report = `/policies/${policy.id}/versions/${version}/report`;
  const links = new Map<string, string>();
  // The report lists the comments, not the replies: a reply leads to the comment it answers.
  for (const comment of comments)
    if (!links.has(comment.authorId!))
      links.set(comment.authorId!, `${report}#comment-${comment.parentId ?? comment.id}`);
  for (const suggestion of suggestions)
    if (!links.has(suggestion.authorId!)) links.set(suggestion.authorId!, `${report}#suggestion-${suggestion.id}`);
  for (const { userId } of editors) if (!links.has(userId)) links.set(userId, `${report}#report-changes`);
  links.delete(actor.id);
  const byLink = new Map<string, string[]>();
  for (const [userId, link] of links) byLink.set(link, [...(byLink.get(link) ?? []), userId]);
  const sent: SentNotifications[] = [];
  for (const [link, recipients] of byLink)
    sent.push(
      await notifyPeople(tx, recipients, {
        kind: "policies.adopted",
        params: { title: policy.title, version: String(version) },
        link,
      }),
    );
  return sent;
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

/**
 * The report as Markdown, in the reader's language, its date in the reader's time zone (named,
 * since a file outlives the page). Every word people wrote is escaped (./markdown.ts).
 */
export function reportMarkdown(
  report: ResponseReport,
  t: TFunction,
  reader: { locale: string; timeZone: string } = { locale: "zh-CN", timeZone: "Asia/Shanghai" },
): string {
  const adoptedAt = `${new Intl.DateTimeFormat(reader.locale, {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: reader.timeZone,
  }).format(new Date(report.adoptedAt))} (${reader.timeZone})`;
  const out: string[] = [
    `# ${t("policies.comments.report.heading", { title: line(report.title), number: report.version })}`,
    "",
  ];
  out.push(t("policies.comments.report.adoptedAt", { date: adoptedAt }), "");
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
  // A consultation without suggestions (most of those in open editing) has no section for them.
  const suggestions = report.suggestions ?? [];
  if (suggestions.length > 0)
    out.push(`## ${t("policies.suggestions.report.heading", { count: suggestions.length })}`, "");
  for (const suggestion of suggestions) {
    const name = line(suggestion.authorName || t("policies.suggestions.deletedAccount"));
    out.push(`### ${t(`policies.suggestions.statuses.${suggestion.status}`)} · ${name}`, "");
    out.push(
      suggestion.hiddenReason
        ? t("policies.suggestions.hiddenBecause", { reason: line(suggestion.hiddenReason) })
        : suggestion.kind === "insertAfter" || suggestion.kind === "insertBefore"
          ? // The sentence's markup (<ins>, <q>) as Markdown: the new words in bold, the neighbours quoted.
            t(`policies.suggestions.sentence.${suggestion.kind}`, { name })
              .replace("<ins/>", `**${line(suggestion.replacement)}**`)
              .replace("<q/>", `“${line(suggestion.quote)}”`)
          : suggestion.replacement
            ? `${t("policies.suggestions.sentence.replaceBefore", { name })} ~~${line(suggestion.quote)}~~ ${t("policies.suggestions.sentence.replaceBetween")} **${line(suggestion.replacement)}**`
            : `${t("policies.suggestions.sentence.deleteBefore", { name })} ~~${line(suggestion.quote)}~~`,
      "",
    );
    if (suggestion.explanation) out.push(markdownLines(suggestion.explanation), "");
    out.push(t("policies.suggestions.counts", { support: suggestion.support, oppose: suggestion.oppose }), "");
    out.push(
      `**${suggestion.status === "rejected" ? t("policies.suggestions.rejectedLine", { reason: line(suggestion.reason ?? "") }) : suggestion.status === "accepted" ? t("policies.suggestions.acceptedNoRevision") : t("policies.suggestions.report.open")}**`,
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
