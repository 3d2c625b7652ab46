import { registerPersonalData } from "~/features/accounts/personal-data.server";
import { db } from "~/db.server";

// The commitments a person follows, and the progress reports they posted and the changes they
// made to commitments as an official, belong in their data download.
registerPersonalData("commitments", {
  collect: async (userId) => {
    const [following, reports, changes] = await Promise.all([
      db.commitmentFollower.findMany({
        where: { userId },
        orderBy: { createdAt: "asc" },
        select: { commitmentId: true, createdAt: true, commitment: { select: { titleZh: true, titleEn: true } } },
      }),
      db.progressReport.findMany({
        where: { authorId: userId },
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          commitmentId: true,
          status: true,
          percent: true,
          text: true,
          reportedOn: true,
          createdAt: true,
        },
      }),
      db.commitmentChange.findMany({
        where: { authorId: userId },
        orderBy: { changedAt: "asc" },
        select: { id: true, commitmentId: true, reason: true, before: true, after: true, changedAt: true },
      }),
    ]);
    return {
      following: following.map((row) => ({
        commitmentId: row.commitmentId,
        titleZh: row.commitment.titleZh,
        titleEn: row.commitment.titleEn,
        since: row.createdAt,
      })),
      progressReports: reports,
      commitmentChanges: changes,
    };
  },
  summary: (data) => {
    const {
      following,
      progressReports,
      commitmentChanges = [],
    } = data as { following: unknown[]; progressReports: unknown[]; commitmentChanges?: unknown[] };
    return { key: "commitments.myData", count: following.length + progressReports.length + commitmentChanges.length };
  },
});
