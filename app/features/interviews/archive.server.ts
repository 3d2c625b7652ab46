import { foldForSearch } from "~/features/accounts/display-name";
import { db } from "~/db.server";
import { publicQuestion, publicQuestionSelect } from "./questions.server";
import type { ArchiveQuery } from "./schemas";
import { dayRange } from "~/shared/wall-time";

export const ARCHIVE_PAGE_SIZE = 20;

/**
 * Published questions and their answers, found by text, department, type and date. The text is
 * matched as a substring of the folded question and answers: Chinese has no spaces between
 * words, so "电梯" must find "加装电梯的补贴", which a word index would not.
 */
export async function searchArchive(query: ArchiveQuery, timeZone: string) {
  const needle = foldForSearch(query.q);
  const { from, to } = dayRange(query.from, query.to, timeZone);
  const where = {
    status: "published",
    ...(needle ? { searchText: { contains: needle } } : {}),
    ...(query.department ? { departmentId: query.department } : {}),
    ...(query.type ? { type: query.type } : {}),
    ...(from || to ? { receivedAt: { gte: from, lt: to } } : {}),
  };
  const [rows, total] = await Promise.all([
    db.question.findMany({
      where,
      select: { ...publicQuestionSelect, session: { select: { id: true, titleZh: true, titleEn: true } } },
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      skip: (query.page - 1) * ARCHIVE_PAGE_SIZE,
      take: ARCHIVE_PAGE_SIZE,
    }),
    db.question.count({ where }),
  ]);
  return {
    results: rows.map(({ session, ...row }) => ({ ...publicQuestion(row), session })),
    total,
    pageCount: Math.max(1, Math.ceil(total / ARCHIVE_PAGE_SIZE)),
  };
}
