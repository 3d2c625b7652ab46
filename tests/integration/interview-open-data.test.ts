// The open data of interviews, as anyone downloads it: every published figure is recomputed from
// the downloaded question records alone, and no record names or reaches a person.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { questionRecordFromOpenData, questionsDataset, statisticsDataset } from "~/features/interviews/open-data";
import { computeStatistics } from "~/features/interviews/statistics";
import { readOpenDataCsv } from "~/features/open-data/csv";
import { readOpenDataJson } from "~/features/open-data/json";
import { seedDemoCity } from "../../prisma/seed";
import { withRealServer } from "./http";

let base: string;
withRealServer((url) => (base = url));

let sessionId: string;
beforeAll(async () => {
  await seedDemoCity(db);
  // The demo's past session: dozens of questions, anonymous and named, online and offline.
  const past = await db.interviewSession.findFirstOrThrow({
    where: { endsAt: { lt: new Date() } },
    orderBy: { startsAt: "asc" },
  });
  sessionId = past.id;
});

const download = async (path: string) => {
  const response = await fetch(`${base}${path}`);
  expect(response.status).toBe(200);
  return response.text();
};

describe("an interview session's open data", () => {
  it("recomputes every published figure from the downloaded questions, in CSV and in JSON", async () => {
    const published = readOpenDataJson(statisticsDataset, await download(`/interviews/${sessionId}/statistics.json`));
    const figures = Object.fromEntries(published.map((row) => [row.figure, row.value]));
    expect(figures.received).toBeGreaterThan(20);

    for (const records of [
      readOpenDataCsv(questionsDataset, await download(`/interviews/${sessionId}/questions.csv`)),
      readOpenDataJson(questionsDataset, await download(`/interviews/${sessionId}/questions.json`)),
    ]) {
      // The figures describe a moment, given with them: a promise counts once it is past.
      const recomputed = computeStatistics(records.map(questionRecordFromOpenData), String(published[0]!.as_of));
      const { byType, byChannel, asOf, ...scalars } = recomputed;
      expect(asOf).toBe(published[0]!.as_of);
      for (const [name, value] of Object.entries(scalars)) expect(figures[name], name).toBe(value);
      for (const [type, value] of Object.entries(byType)) expect(figures[`type.${type}`], type).toBe(value);
      for (const [channel, value] of Object.entries(byChannel))
        expect(figures[`channel.${channel}`], channel).toBe(value);
    }
  });

  it("names nobody: no emails, no account ids, no askers' or clerks' names", async () => {
    const people = await db.user.findMany({ select: { id: true, email: true, displayName: true } });
    for (const path of ["questions.csv", "questions.json", "statistics.csv", "statistics.json"]) {
      const text = await download(`/interviews/${sessionId}/${path}`);
      for (const person of people) {
        expect(text, path).not.toContain(person.id);
        if (person.email) expect(text, path).not.toContain(person.email);
        expect(text, path).not.toContain(person.displayName);
      }
    }
  });
});
