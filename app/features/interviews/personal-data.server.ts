import { registerPersonalData } from "~/features/accounts/personal-data.server";
import { db } from "~/db.server";

// A resident's questions, votes and ratings belong in their data download. Anonymous questions
// are theirs too: anonymity hides the name from the public, not from the person.
registerPersonalData("interviews", {
  collect: async (userId) => {
    const [questions, votes, answers] = await Promise.all([
      db.question.findMany({
        where: { askerId: userId },
        orderBy: { receivedAt: "asc" },
        select: {
          id: true,
          sessionId: true,
          type: true,
          text: true,
          anonymous: true,
          status: true,
          rejectionReason: true,
          receivedAt: true,
          satisfied: true,
          ratingComment: true,
          ratedAt: true,
        },
      }),
      db.questionVote.findMany({
        where: { userId },
        orderBy: { createdAt: "asc" },
        select: { questionId: true, createdAt: true },
      }),
      db.answer.findMany({
        where: { authorId: userId },
        orderBy: { createdAt: "asc" },
        select: { questionId: true, mode: true, text: true, createdAt: true },
      }),
    ]);
    return { questions, votes, answers };
  },
  summary: (data) => ({ key: "interviews.myData", count: (data as { questions: unknown[] }).questions.length }),
});
