import { registerPersonalData } from "~/features/accounts/personal-data.server";
import { db } from "~/db.server";

// A resident's data download says where they are verified and that they voted, with the choices
// of their current ballots: those are theirs. The published record never links a ballot to an
// account; only this download, asked for by the person, does.
registerPersonalData("voting", {
  collect: async (userId) => {
    const [verifications, ballots] = await Promise.all([
      db.verification.findMany({
        where: { userId },
        orderBy: { verifiedAt: "asc" },
        select: { method: true, documentKind: true, verifiedAt: true, area: { select: { nameZh: true, nameEn: true } } },
      }),
      db.ballot.findMany({
        where: { voterId: userId },
        orderBy: { castOn: "asc" },
        select: { cycleId: true, choices: true, castOn: true, cycle: { select: { titleZh: true, titleEn: true } } },
      }),
    ]);
    return {
      verifications: verifications.map(({ area, ...verification }) => ({ area: area.nameEn || area.nameZh, areaZh: area.nameZh, ...verification })),
      ballots: ballots.map(({ cycle, choices, ...ballot }) => ({ ...ballot, cycle: cycle.titleEn || cycle.titleZh, cycleZh: cycle.titleZh, choices: choices.split(",").map(Number) })),
    };
  },
  summary: (data) => ({ key: "priorities.voting.myData", count: (data as { ballots: unknown[] }).ballots.length }),
});
