import { registerPersonalData } from "~/features/accounts/personal-data.server";
import { db } from "~/db.server";

// The commitments a person follows, and the progress reports they posted as an official,
// belong in their data download.
registerPersonalData("commitments", {
  collect: async (userId) => {
    const [following, reports] = await Promise.all([
      db.commitmentFollower.findMany({
        where: { userId },
        orderBy: { createdAt: "asc" },
        select: { commitmentId: true, createdAt: true, commitment: { select: { titleZh: true, titleEn: true } } },
      }),
      db.progressReport.findMany({
        where: { authorId: userId },
        orderBy: { createdAt: "asc" },
        select: { id: true, commitmentId: true, status: true, percent: true, text: true, reportedOn: true, createdAt: true },
      }),
    ]);
    return {
      following: following.map((row) => ({ commitmentId: row.commitmentId, titleZh: row.commitment.titleZh, titleEn: row.commitment.titleEn, since: row.createdAt })),
      progressReports: reports,
    };
  },
  summary: (data) => {
    const { following, progressReports } = data as { following: unknown[]; progressReports: unknown[] };
    return { key: "commitments.myData", count: following.length + progressReports.length };
  },
});
