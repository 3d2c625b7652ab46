import { registerPersonalData } from "~/features/accounts/personal-data.server";
import { db } from "~/db.server";
import { personRefOf, voterKey } from "./voter-keys.server";

// A resident's data download says where they are verified, the choices of their ballots in votes
// still open (theirs to see and change), and in which closed votes they took part: after the
// close the forum no longer knows their choices (vote-close.server.ts), only that they voted.

/** The closed votes of the person's areas in which they took part, found by their voter key. */
async function closedVotesTakenPart(
  verifications: Array<{ areaId: string; userId: string; documentHash: string | null }>,
) {
  if (verifications.length === 0) return [];
  const cycles = await db.cycle.findMany({
    where: { areaId: { in: verifications.map((verification) => verification.areaId) }, voteClosedAt: { not: null } },
    orderBy: { voteStartsAt: "asc" },
    select: { id: true, areaId: true, titleZh: true, titleEn: true },
  });
  const keys = cycles.map((cycle) => {
    const verification = verifications.find((row) => row.areaId === cycle.areaId)!;
    return { cycle, key: voterKey(cycle.id, personRefOf(verification)) };
  });
  const taken = new Set(
    (
      await db.participation.findMany({
        where: { OR: keys.map(({ cycle, key }) => ({ cycleId: cycle.id, voterKey: key })) },
        select: { cycleId: true },
      })
    ).map((row) => row.cycleId),
  );
  return keys
    .filter(({ cycle }) => taken.has(cycle.id))
    .map(({ cycle }) => ({ cycle: cycle.titleEn || cycle.titleZh, cycleZh: cycle.titleZh }));
}

registerPersonalData("voting", {
  collect: async (userId) => {
    const [verifications, ballots] = await Promise.all([
      db.verification.findMany({
        where: { userId },
        orderBy: { verifiedAt: "asc" },
        select: {
          areaId: true,
          userId: true,
          documentHash: true,
          method: true,
          documentKind: true,
          verifiedAt: true,
          area: { select: { nameZh: true, nameEn: true } },
        },
      }),
      // Only open votes still link a ballot to its voter.
      db.ballot.findMany({
        where: { voterId: userId },
        orderBy: { castOn: "asc" },
        select: { cycleId: true, choices: true, castOn: true, cycle: { select: { titleZh: true, titleEn: true } } },
      }),
    ]);
    return {
      // The document's number was never kept; its keyed hash is not given out either: it is no use to the person and would only be a handle.
      verifications: verifications.map(({ area, areaId: _area, userId: _user, documentHash, ...verification }) => ({
        area: area.nameEn || area.nameZh,
        areaZh: area.nameZh,
        ...verification,
        documentRecorded: documentHash !== null,
      })),
      ballots: ballots.map(({ cycle, choices, ...ballot }) => ({
        ...ballot,
        cycle: cycle.titleEn || cycle.titleZh,
        cycleZh: cycle.titleZh,
        choices: choices.split(",").map(Number),
      })),
      votedIn: await closedVotesTakenPart(verifications),
    };
  },
  summary: (data) => ({ key: "priorities.voting.myData", count: (data as { ballots: unknown[] }).ballots.length }),
  /**
   * A ballot already cast in an open vote stays counted: an eligible resident cast it, and the
   * person stays marked as having voted (Participation, by document), so registering again does
   * not give a second ballot. Its link to the account is cut at once, as the close would.
   */
  erase: async (tx, userId) => {
    await tx.ballot.updateMany({ where: { voterId: userId }, data: { voterId: null } });
  },
});
