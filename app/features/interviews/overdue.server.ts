import { db } from "~/db.server";

/**
 * The broken promises the public may see (decision 0030): published questions past their
 * first-reply time without a reply, or past their resolution time unresolved, grouped by the
 * department responsible, oldest broken promise first. Supervision of officials by residents is
 * the point, so the page needs no account; it shows what the session pages show already.
 */
export async function listOverduePromises(now = new Date(), limit = 1000) {
  const rows = await db.question.findMany({
    where: {
      status: "published",
      OR: [
        { firstRepliedAt: null, firstReplyDueAt: { lt: now } },
        { resolvedAt: null, resolutionDueAt: { lt: now } },
      ],
    },
    orderBy: [{ resolutionDueAt: "asc" }, { id: "asc" }],
    take: limit,
    select: {
      id: true,
      sessionId: true,
      text: true,
      type: true,
      firstReplyDueAt: true,
      firstRepliedAt: true,
      resolutionDueAt: true,
      department: { select: { id: true, nameZh: true, nameEn: true } },
      session: { select: { titleZh: true, titleEn: true } },
    },
  });
  const departments = new Map<
    string,
    {
      department: { id: string; nameZh: string; nameEn: string };
      replyOverdue: number;
      resolutionOverdue: number;
      questions: Array<{
        id: string;
        sessionId: string;
        text: string;
        type: string;
        session: { titleZh: string; titleEn: string };
        promise: "firstReply" | "resolution";
        dueAt: Date;
      }>;
    }
  >();
  for (const row of rows) {
    const group = departments.get(row.department.id) ?? {
      department: row.department,
      replyOverdue: 0,
      resolutionOverdue: 0,
      questions: [],
    };
    departments.set(row.department.id, group);
    // An unanswered question owes its reply first; an answered one its resolution.
    const replyOwed = !row.firstRepliedAt && row.firstReplyDueAt < now;
    if (replyOwed) group.replyOverdue += 1;
    else group.resolutionOverdue += 1;
    group.questions.push({
      id: row.id,
      sessionId: row.sessionId,
      text: row.text,
      type: row.type,
      session: row.session,
      promise: replyOwed ? "firstReply" : "resolution",
      dueAt: replyOwed ? row.firstReplyDueAt : row.resolutionDueAt,
    });
  }
  return [...departments.values()].sort(
    (a, b) => b.replyOverdue + b.resolutionOverdue - (a.replyOverdue + a.resolutionOverdue),
  );
}
