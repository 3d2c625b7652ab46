import { registerPersonalData } from "~/features/accounts/personal-data.server";
import { db } from "~/db.server";

// The comments and replies a person wrote on policies belong in their data download.
registerPersonalData("policyComments", {
  collect: async (userId) =>
    db.passageComment.findMany({
      where: { authorId: userId },
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        policyId: true,
        parentId: true,
        kind: true,
        quote: true,
        text: true,
        asOfficial: true,
        outcome: true,
        outcomeReason: true,
        hiddenReason: true,
        createdAt: true,
      },
    }),
  summary: (data) => ({ key: "policies.comments.myData", count: (data as unknown[]).length }),
});
