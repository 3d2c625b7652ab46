import { registerPersonalData } from "~/features/accounts/personal-data.server";
import { db } from "~/db.server";
import { publishVoteCount } from "./events.server";

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
  // A deleted account's votes stop counting in every session not yet closed (decision 0030):
  // otherwise deleting the account and registering again gave the same person a second vote on
  // the same question. Closed sessions keep their record as published; the vote rows there stay
  // on the anonymous account row and name nobody.
  erase: async (tx, userId) => {
    const votes = await tx.questionVote.findMany({
      where: { userId, question: { session: { closedAt: null } } },
      select: { questionId: true },
    });
    if (votes.length === 0) return;
    const questionIds = votes.map((vote) => vote.questionId);
    await tx.questionVote.deleteMany({ where: { userId, questionId: { in: questionIds } } });
    const counts: Array<{ id: string; sessionId: string; voteCount: number }> = [];
    for (const questionId of questionIds) {
      counts.push(
        await tx.question.update({
          where: { id: questionId },
          data: { voteCount: { decrement: 1 } },
          select: { id: true, sessionId: true, voteCount: true },
        }),
      );
    }
    // The pages follow once the deletion has committed; vote counts are coalesced per second.
    setImmediate(() => counts.forEach((count) => publishVoteCount(count.sessionId, count.id, count.voteCount)));
  },
});
