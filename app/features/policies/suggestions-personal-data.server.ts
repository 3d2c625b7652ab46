import { registerPersonalData } from "~/features/accounts/personal-data.server";
import { db } from "~/db.server";

// The changes a person suggested and their stances on others' belong in their data download.
// Deleting the account withdraws their stances on suggestions not yet decided (like a deleted
// account's votes in an open interview); the suggestions stay, without the name (shown as
// "Deleted account"; a report already published keeps the name it was published with).
registerPersonalData("policySuggestions", {
  collect: async (userId) => ({
    suggestions: await db.suggestion.findMany({
      where: { authorId: userId },
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        policyId: true,
        quote: true,
        replacement: true,
        kind: true,
        explanation: true,
        status: true,
        reason: true,
        createdAt: true,
      },
    }),
    stances: await db.suggestionStance.findMany({
      where: { userId },
      select: { suggestionId: true, stance: true, updatedAt: true },
    }),
  }),
  summary: (data) => ({
    key: "policies.suggestions.myData",
    count: (data as { suggestions: unknown[] }).suggestions.length,
  }),
  erase: async (tx, userId) => {
    await tx.suggestionStance.deleteMany({ where: { userId, suggestion: { status: "open" } } });
    await tx.suggestion.updateMany({ where: { authorId: userId }, data: { authorName: "" } });
  },
});
