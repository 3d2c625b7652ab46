// What a page needs to mount <PassageComments>: the comments comments page and the editor page's
// side panel read them the same way. The editor page (editing part) calls this in its loader
// and passes the result to the component with its own editor's selection.
import type { User } from "lucia";
import { newSubmissionKey } from "~/shared/submission-key.server";
import type { DraftView } from "./comment-draft.server";
import { canAdopt, canAnswerComments, canComment, canHideComments } from "./comment-permissions.server";
import { listPassageComments, type PolicyForComments } from "./comments.server";

export const COMMENTS_PAGE_SIZE = 30;

export async function passageCommentsPanel(
  policy: PolicyForComments,
  reader: User | null,
  options: { page?: number; draft?: DraftView } = {},
) {
  const comments = await listPassageComments(policy.id, options.draft);
  const pageCount = Math.max(1, Math.ceil(comments.length / COMMENTS_PAGE_SIZE));
  const page = Math.min(pageCount, Math.max(1, Math.floor(options.page ?? 1) || 1));
  const can = {
    signedIn: !!reader,
    comment: canComment(reader, policy),
    answer: canAnswerComments(reader, policy),
    hide: canHideComments(reader),
    adopt: canAdopt(reader, policy),
  };
  return {
    policyId: policy.id,
    comments: comments.slice((page - 1) * COMMENTS_PAGE_SIZE, page * COMMENTS_PAGE_SIZE),
    total: comments.length,
    page,
    pageCount,
    can,
    submissionKey: can.comment || can.answer ? newSubmissionKey() : null,
  };
}
