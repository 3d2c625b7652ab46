import { registerPersonalData } from "~/features/accounts/personal-data.server";
import { db } from "~/db.server";

// A resident's proposals belong in their data download: the public sees them without a name,
// the person sees that they are theirs. (Ballots are registered by the ballot's own module.)
registerPersonalData("proposals", {
  collect: async (userId) => ({
    proposals: await db.proposal.findMany({
      where: { authorId: userId },
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        cycleId: true,
        title: true,
        description: true,
        category: true,
        status: true,
        response: true,
        mergedIntoId: true,
        createdAt: true,
      },
    }),
  }),
  summary: (data) => ({ key: "priorities.myData", count: (data as { proposals: unknown[] }).proposals.length }),
});
