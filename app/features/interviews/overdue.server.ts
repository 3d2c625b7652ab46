import { db } from "~/db.server";

/**
 * The broken promises the public may see (decision 0030): published questions past their
 * first-reply time without a reply, or past their resolution time unresolved, grouped by the
 * department responsible, oldest broken promise first. Supervision of officials by residents is
 * the point, so the page needs no account; it shows what the session pages show already.
 */
export async function listOverduePromises(now = new Date(), limit = 1000) {
  const replyOwed = { status: "published", firstRepliedAt: null, firstReplyDueAt: { lt: now } } as const;
  // An answered question (or one whose reply is not yet due) owes its resolution.
  const resolutionOwed = {
    status: "published",
    resolvedAt: null,
    resolutionDueAt: { lt: now },
    NOT: { firstRepliedAt: null, firstReplyDueAt: { lt: now } },
  } as const;
  // The counts are the department's figures, so they count every broken promise; only the list
  // of questions under them stops at `limit`.
  const [rows, replyCounts, resolutionCounts] = await Promise.all([
    db.question.findMany({
      where: { OR: [replyOwed, resolutionOwed] },
      orderBy: [{ resolutionDueAt: "asc" }, { id: "asc" }],
      take: limit,
      select: {
        id: true,
        sessionId: true,
        text: true,
        type: true,
        departmentId: true,
        firstReplyDueAt: true,
        firstRepliedAt: true,
        resolutionDueAt: true,
        session: { select: { titleZh: true, titleEn: true } },
      },
    }),
    db.question.groupBy({ by: ["departmentId"], where: replyOwed, _count: { _all: true } }),
    db.question.groupBy({ by: ["departmentId"], where: resolutionOwed, _count: { _all: true } }),
  ]);
  const counted = [...replyCounts, ...resolutionCounts].map((count) => count.departmentId);
  const departmentIds = [...new Set(counted.filter((id): id is string => id !== null))];
  const departments: Array<{ id: string; nameZh: string; nameEn: string } | null> = await db.department.findMany({
    where: { id: { in: departmentIds } },
    select: { id: true, nameZh: true, nameEn: true },
  });
  // Questions still to be routed (decision 0044) are a group of their own, `department: null`:
  // overdue all the same, and the moderators', not a department's, to route.
  if (counted.includes(null)) departments.push(null);
  const groups = new Map(
    departments.map((department) => [
      department?.id ?? null,
      {
        department,
        replyOverdue: replyCounts.find((count) => count.departmentId === (department?.id ?? null))?._count._all ?? 0,
        resolutionOverdue:
          resolutionCounts.find((count) => count.departmentId === (department?.id ?? null))?._count._all ?? 0,
        questions: [] as Array<{
          id: string;
          sessionId: string;
          text: string;
          type: string;
          session: { titleZh: string; titleEn: string };
          promise: "firstReply" | "resolution";
          dueAt: Date;
        }>,
      },
    ]),
  );
  for (const row of rows) {
    const owesReply = !row.firstRepliedAt && row.firstReplyDueAt < now;
    groups.get(row.departmentId)?.questions.push({
      id: row.id,
      sessionId: row.sessionId,
      text: row.text,
      type: row.type,
      session: row.session,
      promise: owesReply ? "firstReply" : "resolution",
      dueAt: owesReply ? row.firstReplyDueAt : row.resolutionDueAt,
    });
  }
  return [...groups.values()].sort(
    (a, b) => b.replyOverdue + b.resolutionOverdue - (a.replyOverdue + a.resolutionOverdue),
  );
}
