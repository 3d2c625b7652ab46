// The forum's side of `npm run bench:live`: where viewers subscribe, how an answer is published
// and how residents ask and vote. Everything specific to interviews is here, behind ForumDriver.
//
// - "interviews" (the default): the demo city's live session, answers published by the demo
//   official through the real answer action, residents asking and voting through the real
//   session page actions.
// - "synthetic": the push channel alone. A topic of the benchmark's own, published over IPC in
//   the forum process (live-forum-server.ts) with a payload shaped like an answered question.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";

export interface ResidentRun {
  /** Lines for the report, and whether the database holds exactly what was accepted. */
  stop(): Promise<{ lines: string[]; consistent: boolean }>;
}

export interface ForumDriver {
  description: string;
  /** Path and query of the stream every viewer opens. */
  viewerPath: string;
  /** Publishes answer n (its text carries "bench-marker-<n>"); resolves with the time just before it was sent. */
  publish(n: number): Promise<number>;
  residents?: { start(): ResidentRun };
  /** The moderation page of a session of 200 questions, and approvals from it: lines for the report. */
  moderation?(rounds: number): Promise<string[]>;
  close?(): Promise<void>;
}

export interface DriverContext {
  base: string;
  /** The forum's process, for the synthetic driver's IPC (bench:live). */
  child?: ChildProcess;
  databaseUrl: string;
  residents: number;
  answers: number;
  /** About how long a resident waits between two actions. */
  thinkMs: number;
  /** Added to the accounts' emails, so that several runs can share one database (bench:cluster). */
  label?: string;
}

export const now = () => performance.timeOrigin + performance.now();

/** About the size of a published answer: a paragraph in each language. */
export const answerText = (n: number) =>
  `关于第${n}个问题：公交线路调整方案已经报市政府审议，预计下月起在三个街道试行，试行期间将在各站点张贴告示并听取居民意见。` +
  `Regarding question ${n}: the bus route changes have gone to the city government for review and will be tried in three streets from next month; ` +
  `notices will be posted at every stop during the trial and residents' comments collected. (bench-marker-${n})`;

function syntheticDriver({ child }: DriverContext): ForumDriver {
  if (!child) throw new Error("the synthetic driver publishes over the forum process's IPC channel");
  return {
    description: "synthetic: a topic published over IPC in the forum process, no action, no database",
    viewerPath: "/live?topic=bench.session.live",
    async publish(n) {
      const sentAt = now();
      child.send({
        publish: {
          key: "live",
          data: {
            type: "question",
            question: {
              id: `question-${n}`,
              sessionId: "live",
              type: "consultation",
              channel: "online",
              text: `第${n}个问题：公交线路什么时候调整？When will the bus routes change?`,
              anonymous: false,
              askerName: "张阿姨",
              status: "published",
              voteCount: 12,
              receivedAt: new Date().toISOString(),
              answers: [
                {
                  id: `answer-${n}`,
                  authorName: "王局长",
                  mode: "live",
                  text: answerText(n),
                  resolves: false,
                  createdAt: new Date().toISOString(),
                },
              ],
            },
          },
        },
      });
      return sentAt;
    },
  };
}

/** A fresh form key, as each form on the page carries one. */
const submissionKey = () => randomBytes(18).toString("base64url");
const SESSION_ROUTE = "routes/interviews.$sessionId._index";

async function postForm(base: string, path: string, cookie: string, fields: Record<string, string>) {
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Cookie: cookie,
      Origin: base,
      "Accept-Language": "en",
    },
    body: new URLSearchParams(fields),
  });
  await response.arrayBuffer();
  return response.status;
}

/**
 * What Remix's browser code does on a form submission with JavaScript: the action alone
 * (?_data=<route id>: its data, or 204 with X-Remix-Redirect), then every loader of the page
 * again in parallel (revalidation). Resolves with the action's status and how long each part took.
 */
async function submitAsBrowser(
  base: string,
  page: string,
  routeId: string,
  cookie: string,
  fields: Record<string, string>,
) {
  const headers = { Cookie: cookie, "Accept-Language": "en" };
  const began = now();
  const action = await fetch(`${base}${page}?index&_data=${encodeURIComponent(routeId)}`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded", Origin: base },
    body: new URLSearchParams(fields),
  });
  await action.arrayBuffer();
  const actionMs = now() - began;
  await Promise.all(
    ["root", routeId].map(async (id) => {
      const loader = await fetch(`${base}${page}?_data=${encodeURIComponent(id)}`, { headers });
      await loader.arrayBuffer();
    }),
  );
  return { status: action.status, actionMs, revalidationMs: now() - began - actionMs };
}

interface ResidentTally {
  asked: number;
  askRefused: number;
  voted: number;
  voteRefused: number;
  askMs: number[];
  voteMs: number[];
  revalidationMs: number[];
  failed: number;
}

/**
 * The demo city's live session. Setup (not timed): residents' accounts and logins are made in the
 * database; residents ask the questions the official will answer and the demo moderator approves
 * them, through the real actions (the session is premoderated). Then the demo official answers
 * through the answering console's real action, and residents ask and vote through the session
 * page's real actions as a browser with JavaScript sends them (the action, then the page's
 * loaders), each waiting about `thinkMs` between two actions.
 */
async function interviewsDriver({
  base,
  databaseUrl,
  residents: residentCount,
  answers,
  thinkMs,
  label = "",
}: DriverContext): Promise<ForumDriver> {
  process.env.DATABASE_URL = databaseUrl;
  const { db } = await import("../../../app/db.server");
  const { lucia, SESSION_COOKIE } = await import("../../../app/features/accounts/auth.server");
  const at = new Date();
  const session = await db.interviewSession.findFirst({
    where: { startsAt: { lte: at }, endsAt: { gt: at }, endedAt: null, closedAt: null },
    select: { id: true, hosts: { select: { departmentId: true } } },
  });
  if (!session) throw new Error("the demo city has no live interview session");
  // The questions the official answers are asked about a host of theirs, as a resident picks the
  // topic (decision 0044): a "Not sure" one would wait to be routed.
  const officialDepartments = (
    await db.membership.findMany({ where: { user: { email: "official@demo.city" } }, select: { departmentId: true } })
  ).map((membership) => membership.departmentId);
  const topic = session.hosts.find((host) => officialDepartments.includes(host.departmentId))?.departmentId;
  if (!topic) throw new Error("the demo official hosts no department of the live session");
  const cookieFor = async (userId: string) =>
    `${SESSION_COOKIE}=${(await lucia.createSession(userId, { userAgent: "bench" })).id}`;
  const accountCookie = async (email: string) =>
    cookieFor((await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } })).id);
  const [official, moderator] = await Promise.all([
    accountCookie("official@demo.city"),
    accountCookie("moderator@demo.city"),
  ]);
  const residentIds: string[] = [];
  for (let i = 0; i < residentCount; i++) {
    residentIds.push(
      (
        await db.user.create({
          data: {
            email: `viewer${i}${label}@bench.example`,
            displayName: `Resident ${i}`,
            consentVersion: "bench",
            consentedAt: at,
          },
        })
      ).id,
    );
  }
  const cookies = await Promise.all(residentIds.map(cookieFor));
  // The questions to answer are asked by someone else, so that every resident may vote for them.
  const asker = await cookieFor(
    (
      await db.user.create({
        data: { email: `asker${label}@bench.example`, displayName: "Asker", consentVersion: "bench", consentedAt: at },
      })
    ).id,
  );
  const page = `/interviews/${session.id}`;

  // The questions the official will answer, one per answer: asked and approved for real.
  const toAnswer: string[] = [];
  for (let n = 1; n <= answers; n++) {
    const key = submissionKey();
    const status = await postForm(base, page, asker, {
      intent: "ask",
      type: "consultation",
      text: `第${n}个问题：老旧小区改造什么时候开始？When does renovation start? (${n})`,
      departmentId: topic,
      submissionKey: key,
    });
    if (status !== 302) throw new Error(`asking a question answered ${status}`);
    const question = await db.question.findUniqueOrThrow({ where: { submissionKey: key }, select: { id: true } });
    const approved = await postForm(base, `${page}/moderate`, moderator, {
      intent: "approve",
      questionId: question.id,
    });
    if (approved !== 302) throw new Error(`approving a question answered ${approved}`);
    toAnswer.push(question.id);
  }
  const votable = (
    await db.question.findMany({ where: { sessionId: session.id, status: "published" }, select: { id: true } })
  ).map((question) => question.id);

  return {
    description: `the demo city's live session; answers through the console's action as the demo official; residents each act about every ${thinkMs / 1000} s`,
    viewerPath: `/live?topic=interviews.session.${session.id}`,
    async publish(n) {
      const sentAt = now();
      const status = await postForm(base, `${page}/console`, official, {
        intent: "answer",
        questionId: toAnswer[n - 1],
        text: answerText(n),
        submissionKey: submissionKey(),
      });
      if (status !== 302) throw new Error(`answering answered ${status}`);
      return sentAt;
    },
    residents: residentCount
      ? {
          start() {
            let running = true;
            const tally: ResidentTally = {
              asked: 0,
              askRefused: 0,
              voted: 0,
              voteRefused: 0,
              askMs: [],
              voteMs: [],
              revalidationMs: [],
              failed: 0,
            };
            const startedAt = now();
            const resident = async (i: number) => {
              // Each resident votes for the questions in a random order of their own, once each.
              const unvoted = [...votable].sort(() => Math.random() - 0.5);
              let asks = 0;
              while (running) {
                await new Promise((done) => setTimeout(done, thinkMs * (0.5 + Math.random())));
                if (!running) break;
                const ask = Math.random() < 0.3 || !unvoted.length;
                try {
                  if (ask) {
                    const text = `居民${i}的第${++asks}条建议：请在小区门口增设休息座椅。Resident ${i}'s suggestion ${asks}.`;
                    const { status, actionMs, revalidationMs } = await submitAsBrowser(
                      base,
                      page,
                      SESSION_ROUTE,
                      cookies[i],
                      { intent: "ask", type: "suggestion", text, submissionKey: submissionKey() },
                    );
                    tally.askMs.push(actionMs);
                    tally.revalidationMs.push(revalidationMs);
                    // A redirect after a successful form (to the page with its confirmation) comes as 204 + X-Remix-Redirect.
                    if (status === 204) tally.asked++;
                    else tally.askRefused++;
                  } else {
                    const { status, actionMs, revalidationMs } = await submitAsBrowser(
                      base,
                      page,
                      SESSION_ROUTE,
                      cookies[i],
                      // As the page sends it once its JavaScript runs: answered in place, not redirected.
                      { intent: "vote", questionId: unvoted.pop()!, vote: "add", answer: "in-place" },
                    );
                    tally.voteMs.push(actionMs);
                    tally.revalidationMs.push(revalidationMs);
                    if (status === 200) tally.voted++;
                    else tally.voteRefused++;
                  }
                } catch {
                  // A connection refused or reset: the forum was out of sockets or the request was lost.
                  tally.failed++;
                }
              }
            };
            const all = Promise.all(cookies.map((_, i) => resident(i)));
            return {
              async stop() {
                running = false;
                await all;
                const seconds = (now() - startedAt) / 1000;
                const [storedQuestions, storedVotes, votesCounted] = await Promise.all([
                  // Only the loop's questions: the ones to answer were asked by another account.
                  db.question.count({ where: { askerId: { in: residentIds } } }),
                  db.questionVote.count({ where: { userId: { in: residentIds } } }),
                  db.question.aggregate({ where: { sessionId: session.id }, _sum: { voteCount: true } }),
                ]);
                const allVotes = await db.questionVote.count({ where: { question: { sessionId: session.id } } });
                const p95 = (values: number[]) =>
                  [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)] ?? NaN;
                const consistent =
                  storedQuestions === tally.asked &&
                  storedVotes === tally.voted &&
                  (votesCounted._sum.voteCount ?? 0) === allVotes;
                return {
                  consistent,
                  lines: [
                    `residents  ${residentCount} over ${seconds.toFixed(0)} s: ${tally.asked} questions accepted (${(tally.asked / seconds).toFixed(1)}/s, ${tally.askRefused} refused), p95 ${p95(tally.askMs).toFixed(0)} ms;` +
                      ` ${tally.voted} votes accepted (${(tally.voted / seconds).toFixed(1)}/s, ${tally.voteRefused} refused), p95 ${p95(tally.voteMs).toFixed(0)} ms;` +
                      ` the page's data reloaded after each (as Remix does), p95 ${p95(tally.revalidationMs).toFixed(0)} ms; ${tally.failed} requests failed`,
                    `stored     ${storedQuestions} of ${tally.asked} accepted questions and ${storedVotes} of ${tally.voted} accepted votes are in the database;` +
                      ` the questions' vote counts add up to ${votesCounted._sum.voteCount ?? 0} for ${allVotes} vote rows: ${consistent ? "nothing lost" : "MISMATCH"}`,
                  ],
                };
              },
            };
          },
        }
      : undefined,
    async moderation(rounds) {
      return measureModeration(base, db, moderator, rounds);
    },
    async close() {
      await db.$disconnect();
    },
  };
}

const percentileOf = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const MODERATE_ROUTE = "routes/interviews.$sessionId.moderate";

/**
 * A premoderated live session with 200 questions waiting (made in the database: setup, not
 * timed). The moderation page is read `rounds` times as a browser without JavaScript reads it (the
 * whole document), then `rounds` questions are approved one after the other as the page's script
 * sends it (the action alone, asking for its outcome in place, then the page's loaders).
 */
async function measureModeration(
  base: string,
  db: typeof import("../../../app/db.server").db,
  moderator: string,
  rounds: number,
) {
  const at = new Date();
  const host = await db.department.findFirstOrThrow({ select: { id: true } });
  const creator = await db.user.findFirstOrThrow({ where: { email: "moderator@demo.city" }, select: { id: true } });
  const session = await db.interviewSession.create({
    data: {
      titleZh: "基准：两百个问题",
      titleEn: "Benchmark: two hundred questions",
      topic: "Transport",
      premoderated: true,
      createdById: creator.id,
      startsAt: new Date(at.getTime() - 30 * 60_000),
      endsAt: new Date(at.getTime() + 90 * 60_000),
      hosts: { create: [{ departmentId: host.id }] },
    },
  });
  const types = ["suggestion", "consultation", "complaint"];
  await db.question.createMany({
    data: Array.from({ length: 200 }, (_, i) => {
      const text = `第${i}个问题：我们小区门口的公交站什么时候恢复？When will the bus stop at our gate reopen? (${i})`;
      return {
        sessionId: session.id,
        askerId: creator.id,
        type: types[i % 3]!,
        text,
        searchText: text.toLowerCase(),
        status: "pending",
        departmentId: host.id,
        receivedAt: new Date(at.getTime() - i * 1000),
        firstReplyDueAt: new Date(at.getTime() + (i + 1) * 60_000),
        resolutionDueAt: new Date(at.getTime() + (i + 61) * 60_000),
      };
    }),
  });
  const page = `/interviews/${session.id}/moderate`;
  const headers = { Cookie: moderator, "Accept-Language": "en" };
  const pageMs: number[] = [];
  let bytes = 0;
  for (let i = 0; i < rounds; i++) {
    const began = now();
    const response = await fetch(`${base}${page}`, { headers });
    const body = await response.arrayBuffer();
    pageMs.push(now() - began);
    if (response.status !== 200) throw new Error(`the moderation page answered ${response.status}`);
    bytes = body.byteLength;
  }
  const waiting = await db.question.findMany({
    where: { sessionId: session.id, status: "pending" },
    orderBy: { firstReplyDueAt: "asc" },
    select: { id: true },
    take: rounds,
  });
  const approveMs: number[] = [];
  const revalidationMs: number[] = [];
  for (const question of waiting) {
    const began = now();
    const action = await fetch(`${base}${page}?_data=${encodeURIComponent(MODERATE_ROUTE)}`, {
      method: "POST",
      headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded", Origin: base },
      body: new URLSearchParams({ intent: "approve", questionId: question.id, reply: "in-place" }),
    });
    await action.arrayBuffer();
    approveMs.push(now() - began);
    if (action.status !== 200) throw new Error(`approving answered ${action.status}`);
    const loaded = now();
    await Promise.all(
      ["root", MODERATE_ROUTE].map(async (id) => {
        await (await fetch(`${base}${page}?_data=${encodeURIComponent(id)}`, { headers })).arrayBuffer();
      }),
    );
    revalidationMs.push(now() - loaded);
  }
  const approved = await db.question.count({ where: { sessionId: session.id, status: "published" } });
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  return [
    `moderation page of 200 questions: ${(bytes / 1024).toFixed(1)} KiB (target < 293 KiB, 300 KB), response p50 ${ms(percentileOf(pageMs, 50))} p95 ${ms(percentileOf(pageMs, 95))} (target < 200 ms) over ${rounds} reads`,
    `moderation approving one: the action p95 ${ms(percentileOf(approveMs, 95))} (target < 100 ms), p50 ${ms(percentileOf(approveMs, 50))}; the page's loaders after it p95 ${ms(percentileOf(revalidationMs, 95))}; ${approved} of ${waiting.length} approved`,
  ];
}

export async function forumDriver(name: string, context: DriverContext): Promise<ForumDriver> {
  if (name === "synthetic") return syntheticDriver(context);
  if (name === "interviews") return interviewsDriver(context);
  throw new Error(`no driver named ${name}: interviews or synthetic`);
}
