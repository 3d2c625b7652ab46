// Losing one instance loses nothing (docs/decisions/0038): two instances as child processes
// behind nginx (deploy/nginx.conf, as `npm run start:cluster` fills it in), on one PostgreSQL
// database and one Redis. The instance that holds a co-edited document is killed with SIGKILL
// while editors type, live pages watch and residents ask, vote and cast ballots. Clients do what
// browsers do: the editors' y-websocket clients reconnect by themselves, a live page resumes with
// Last-Event-ID, a form whose answer never came is sent again (with the same submission key).
// PostgreSQL only: SQLite serves one process.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { DATA_POLICY_VERSION } from "~/features/accounts/data-policy";
import { loadUpdate } from "~/features/collab/store.server";
import { draftDocumentName } from "~/features/policies/draft-access.server";
import { seedDemoCity } from "../../prisma/seed";
import { openEventStream, type EventFrame, type OpenStream } from "../event-stream-client";
import { freePort, ROOT, startProcess } from "../processes";
import { draftTextOf, typeInDraft } from "../protocol";
import * as http from "./http";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `test-crash-${randomBytes(4).toString("hex")}`;
const onPostgres = process.env.TEST_DATABASE === "postgresql";
const DAY = 86_400_000;
/** Short leases: a killed instance's documents wait at most this long for another (default 10 s). */
const LEASE_SECONDS = 2;

interface Instance {
  base: string;
  child: ChildProcess;
}
const instances: Instance[] = [];
let nginx: ChildProcess | undefined;
let runDir: string | undefined;
const redis = onPostgres ? new Redis(REDIS_URL) : undefined;

async function startInstance(): Promise<Instance> {
  const port = await freePort();
  const child = await startProcess(
    ["--experimental-wasm-modules", "--disable-warning=ExperimentalWarning", "--import", "tsx", "server.ts"],
    {
      PORT: String(port),
      DATABASE_URL: process.env.DATABASE_URL!,
      SEED_DEMO: "false",
      REDIS_URL,
      REDIS_KEY_PREFIX: PREFIX,
      COLLAB_LEASE_SECONDS: String(LEASE_SECONDS),
    },
    "The forum is running at",
  );
  const instance = { base: `http://127.0.0.1:${port}`, child };
  instances.push(instance);
  return instance;
}

/** nginx in front of the instances, with the repository's configuration. */
async function startBalancer(ports: number[]): Promise<string> {
  const port = await freePort();
  runDir = mkdtempSync(join(tmpdir(), "forum-crash-"));
  for (const dir of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(join(runDir, dir));
  const config = readFileSync(join(ROOT, "deploy", "nginx.conf"), "utf8")
    .replaceAll("{{USER}}", process.getuid?.() === 0 ? "user root;" : "")
    .replaceAll("{{RUN_DIR}}", runDir)
    .replaceAll("{{PORT}}", String(port))
    .replaceAll("{{CONNECTIONS_PER_VISITOR}}", "400")
    .replaceAll("{{SERVERS}}", ports.map((p) => `    server 127.0.0.1:${p};`).join("\n"));
  writeFileSync(join(runDir, "nginx.conf"), config);
  const binary = ["/usr/sbin/nginx", "nginx"].find((path) => spawnSync(path, ["-v"]).status === 0)!;
  nginx = spawn(binary, ["-p", runDir, "-c", join(runDir, "nginx.conf")], { stdio: "ignore" });
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    const status = await fetch(`${base}/healthz`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) break;
    if (attempt > 100) throw new Error("nginx did not start");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return base;
}

/** The instance whose lease a document is under (the lease's value names the process), or null. */
async function holderOf(documentName: string): Promise<Instance | null> {
  const token = await redis!.get(`${PREFIX}collab-lease:${documentName}`);
  const pid = token ? Number(token.split(":")[1]) : NaN;
  return instances.find(({ child }) => child.pid === pid) ?? null;
}

/** A signed-in person as the forum keeps them: an account and a session, its cookie to send. */
async function people(tag: string, count: number) {
  const ids = Array.from({ length: count }, (_, index) => `crash-${tag}-${index}`);
  await db.user.createMany({
    data: ids.map((id, index) => ({
      id,
      email: `${id}@example.org`,
      displayName: `Person ${index}`,
      displayNameFolded: `person ${index}`,
      consentVersion: DATA_POLICY_VERSION,
      consentedAt: new Date(),
    })),
  });
  const sessions = ids.map((userId) => ({
    id: randomBytes(20).toString("hex"),
    userId,
    expiresAt: new Date(Date.now() + DAY),
    userAgent: "test",
  }));
  await db.session.createMany({ data: sessions });
  return sessions.map(({ id, userId }) => ({ userId, cookie: `forum_session=${id}` }));
}

/**
 * Posts a form as a browser whose user presses again when no answer came (the connection broke,
 * or nginx answered 502/504 because the instance died): until the forum itself answers.
 */
async function postUntilAnswered(base: string, path: string, fields: Record<string, string>, cookie: string) {
  for (let attempt = 0; ; attempt++) {
    const response = await http.post(base, path, fields, { cookie, "Accept-Language": "en" }).catch(() => null);
    if (response && response.status < 500) {
      await response.arrayBuffer();
      return response.status;
    }
    await response?.arrayBuffer();
    if (attempt > 100) throw new Error(`${path} never answered`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A live page: its stream through the balancer, resumed with Last-Event-ID whenever it ends. */
function livePage(base: string, topic: string) {
  const frames: EventFrame[] = [];
  let stream: OpenStream | undefined;
  let closed = false;
  let reconnections = 0;
  const lastId = () => frames.filter((frame) => frame.id).at(-1)?.id;
  const open = async (): Promise<void> => {
    while (!closed) {
      const id = lastId();
      const opened = await openEventStream(`${base}/live?topic=${topic}`, {
        headers: id ? { "Last-Event-ID": id } : {},
        onFrame: (frame) => frames.push(frame),
      }).catch(() => null);
      if (opened?.status === 200) {
        stream = opened;
        void opened.ended.then(() => {
          if (closed) return;
          reconnections++;
          void open();
        });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const ready = open();
  return {
    ready,
    frames,
    reconnections: () => reconnections,
    close() {
      closed = true;
      stream?.close();
    },
  };
}

/** The answer each "question" frame announces: the newest of the question's answers. */
const announcedAnswers = (frames: EventFrame[]) =>
  frames
    .filter((frame) => frame.event === "question")
    .map(
      (frame) =>
        (JSON.parse(frame.data) as { question: { answers: Array<{ text: string }> } }).question.answers.at(-1)?.text,
    );

beforeAll(async () => {
  if (onPostgres) await seedDemoCity(db);
});

afterAll(async () => {
  nginx?.kill("SIGQUIT");
  await Promise.all(
    instances.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        }),
    ),
  );
  if (runDir) rmSync(runDir, { recursive: true, force: true });
  if (!redis) return;
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe.runIf(onPostgres)("two instances behind nginx, one killed", () => {
  let balancer: string;
  let tag: string;
  let documentName: string;
  let policyId: string;

  beforeAll(async () => {
    const [a, b] = await Promise.all([startInstance(), startInstance()]);
    balancer = await startBalancer([a, b].map(({ base }) => Number(new URL(base).port)));
    tag = randomBytes(4).toString("hex");
    const department = await db.department.create({
      data: { slug: `crash-${tag}`, nameZh: `应急局${tag}`, nameEn: `Emergency Bureau ${tag}` },
    });
    const policy = await db.policy.create({
      data: { title: `停电应急办法 ${tag}`, departmentId: department.id, status: "open" },
    });
    policyId = policy.id;
    documentName = draftDocumentName(policy.id);
  }, 120_000);

  it("never let two instances serve one document: the second sends its sockets away while the first holds it", async () => {
    const [a, b] = instances;
    const [editor] = await people(`${tag}-lease`, 1);
    const { departmentId } = await db.policy.findUniqueOrThrow({ where: { id: policyId } });
    const other = await db.policy.create({ data: { title: `租约 ${tag}`, departmentId, status: "open" } });
    const name = draftDocumentName(other.id);
    const onA = http.openEditor(a!.base, name, editor!.cookie);
    await onA.synced;
    expect((await holderOf(name))?.base).toBe(a!.base);

    // Directly to the other instance (not through the balancer): refused with "try again later".
    const direct = http.openSocket(b!.base, name, editor!.cookie);
    await direct.opened;
    expect(await direct.closed).toBe(1013);
    // An edit on the holder is unaffected.
    typeInDraft(onA.doc, "held by one ");
    await expect.poll(async () => draftTextOf(await storedDocument(name))).toContain("held by one");

    // Once the holder lets go (its last editor left), the other instance takes the document.
    onA.provider.destroy();
    await expect.poll(() => holderOf(name), { timeout: 10_000 }).toBeNull();
    const onB = http.openEditor(b!.base, name, editor!.cookie);
    await onB.synced;
    expect((await holderOf(name))?.base).toBe(b!.base);
    expect(draftTextOf(onB.doc)).toContain("held by one");
    onB.provider.destroy();
  });

  it("lose no accepted edit, question, vote, ballot or live event when the instance holding the draft is killed", async () => {
    const session = await db.interviewSession.findFirstOrThrow({
      where: { titleEn: { contains: "Housing Bureau" } },
      select: { id: true },
    });
    const question = await db.question.findFirstOrThrow({
      where: { sessionId: session.id, status: "published", text: { contains: "加装电梯" } },
      select: { id: true, voteCount: true },
    });
    const officialCookie = (await http.logInOverHttp(balancer, "official@demo.city", "demo-official-2026")).cookie;

    // A vote open now, its voters verified in its area.
    const area = await db.area.create({ data: { slug: `crash-${tag}`, nameZh: "崩溃区", nameEn: "Crash District" } });
    const now = Date.now();
    const cycle = await db.cycle.create({
      data: {
        areaId: area.id,
        titleEn: "Crash vote",
        titleZh: "崩溃投票",
        ballotMethod: "ranked",
        maxChoices: 3,
        collectStartsAt: new Date(now - 20 * DAY),
        reviewStartsAt: new Date(now - 10 * DAY),
        voteStartsAt: new Date(now - DAY),
        resultsStartsAt: new Date(now + 5 * DAY),
        implementationStartsAt: new Date(now + 20 * DAY),
        reportStartsAt: new Date(now + 300 * DAY),
      },
    });
    await db.proposal.createMany({
      data: Array.from({ length: 3 }, (_, index) => ({
        cycleId: cycle.id,
        title: `Candidate ${index + 1}`,
        description: "A shortlisted candidate.",
        category: "transport",
        status: "shortlisted",
        ballotNumber: index + 1,
      })),
    });
    const residents = await people(`${tag}-residents`, 12);
    await db.verification.createMany({
      data: residents.map(({ userId }) => ({ areaId: area.id, userId, method: "code" })),
    });
    const [first, second] = await people(`${tag}-editors`, 2);

    // Two editors through the balancer: the consistent hash sends both to one instance.
    const editors = [first!, second!].map((person) => http.openEditor(balancer, documentName, person.cookie));
    await Promise.all(editors.map((editor) => editor.synced));
    const holder = (await holderOf(documentName))!;
    expect(holder).not.toBeNull();
    const survivor = instances.find((instance) => instance !== holder)!;

    // Live pages through the balancer (least connections: spread over both instances).
    const pages = Array.from({ length: 4 }, () => livePage(balancer, `interviews.session.${session.id}`));
    await Promise.all(pages.map((page) => page.ready));

    const typed: string[] = [];
    const type = (round: number) =>
      editors.forEach((editor, n) => {
        const word = `[${n}-${round}]`;
        typeInDraft(editor.doc, word);
        typed.push(word);
      });
    const answers: string[] = [];
    const answer = async (label: string) => {
      const text = `Answer ${label} (${randomBytes(3).toString("hex")}).`;
      const status = await postUntilAnswered(
        balancer,
        `/interviews/${session.id}/console`,
        {
          intent: "answer",
          questionId: question.id,
          text,
          submissionKey: randomBytes(18).toString("base64url"),
        },
        officialCookie,
      );
      expect(status).toBe(302);
      answers.push(text);
    };
    const asked: string[] = [];
    const ask = async (resident: (typeof residents)[number], label: string) => {
      const text = `停电时电梯怎么办？${label} ${randomBytes(3).toString("hex")}`;
      const fields = {
        intent: "ask",
        type: "consultation",
        text,
        submissionKey: randomBytes(18).toString("base64url"),
      };
      expect(await postUntilAnswered(balancer, `/interviews/${session.id}`, fields, resident.cookie)).toBe(302);
      asked.push(text);
    };
    const vote = async (resident: (typeof residents)[number]) => {
      const fields = { intent: "vote", vote: "add", questionId: question.id };
      // 302: counted; 400: counted already, by a try whose answer was lost with the instance.
      expect([302, 400]).toContain(
        await postUntilAnswered(balancer, `/interviews/${session.id}`, fields, resident.cookie),
      );
    };
    const ballots = new Map<string, number>();
    const cast = async (resident: (typeof residents)[number], choice: number) => {
      const status = await postUntilAnswered(
        balancer,
        `/priorities/${cycle.id}/ballot`,
        { [`rank-${choice}`]: "1" },
        resident.cookie,
      );
      expect(status).toBe(302);
      ballots.set(resident.userId, choice);
    };
    // One of each, by a third of the residents at a time.
    const everyone = (part: number) =>
      Promise.all(
        residents.slice(part * 4, part * 4 + 4).map(async (resident, index) => {
          await ask(resident, `${part}.${index}`);
          await vote(resident);
          await cast(resident, 1 + ((part + index) % 3));
        }),
      );

    // Before: everything works.
    type(0);
    await answer("before");
    await everyone(0);
    // While requests are in flight, the instance holding the draft dies.
    type(1);
    const during = Promise.all([everyone(1), answer("during")]);
    holder.child.kill("SIGKILL");
    type(2);
    await during;
    // The other instance takes the draft once the dead one's lease has expired.
    await expect.poll(() => holderOf(documentName), { timeout: 5 * LEASE_SECONDS * 1000 }).toBe(survivor);
    type(3);
    await answer("after");
    await everyone(2);
    type(4);

    // Every word typed, by either editor, before, during and after, is in both editors and stored.
    const expected = (doc: Y.Doc) => typed.every((word) => draftTextOf(doc).includes(word));
    await expect.poll(() => editors.every(({ doc }) => expected(doc)), { timeout: 15_000 }).toBe(true);
    await expect.poll(async () => expected(await storedDocument(documentName)), { timeout: 15_000 }).toBe(true);
    expect(draftTextOf(await storedDocument(documentName))).toBe(draftTextOf(editors[0]!.doc));
    expect(draftTextOf(editors[1]!.doc)).toBe(draftTextOf(editors[0]!.doc));

    // Every live page, reconnected or not, showed every answer given, in order, and none twice.
    await expect
      .poll(() => pages.map((page) => announcedAnswers(page.frames).filter((text) => answers.includes(text!))), {
        timeout: 10_000,
      })
      .toEqual(pages.map(() => answers));
    expect(pages.some((page) => page.reconnections() > 0)).toBe(true);
    for (const page of pages) expect(page.frames.filter((frame) => frame.event === "reset")).toEqual([]);

    // What residents were told was accepted is what the database holds: no more, no less.
    const questions = await db.question.findMany({ where: { sessionId: session.id, text: { in: asked } } });
    expect(questions.map((row) => row.text).sort()).toEqual([...asked].sort());
    const votes = await db.questionVote.count({
      where: { questionId: question.id, userId: { in: residents.map(({ userId }) => userId) } },
    });
    expect(votes).toBe(residents.length);
    const { voteCount } = await db.question.findUniqueOrThrow({ where: { id: question.id } });
    expect(voteCount).toBe(question.voteCount + residents.length);
    const stored = await db.ballot.findMany({ where: { cycleId: cycle.id }, select: { voterId: true } });
    expect(stored.map(({ voterId }) => voterId).sort()).toEqual([...ballots.keys()].sort());
    expect(await db.participation.count({ where: { cycleId: cycle.id } })).toBe(ballots.size);

    for (const page of pages) page.close();
    for (const editor of editors) editor.provider.destroy();
  }, 120_000);

  it("on SIGTERM, store what editors sent, then give the lease back at once instead of letting it expire", async () => {
    const running = instances.find(({ child }) => child.exitCode === null && child.signalCode === null)!;
    const [editor] = await people(`${tag}-stop`, 1);
    const onIt = http.openEditor(running.base, documentName, editor!.cookie);
    await onIt.synced;
    await expect.poll(() => holderOf(documentName)).toBe(running);
    typeInDraft(onIt.doc, "[before the stop]");
    const exited = new Promise<number | null>((resolve) => running.child.once("exit", (code) => resolve(code)));
    running.child.kill("SIGTERM");
    expect(await exited).toBe(0);
    // Expiry would take up to LEASE_SECONDS more: the key is gone as the process ends.
    expect(await redis!.get(`${PREFIX}collab-lease:${documentName}`)).toBeNull();
    expect(draftTextOf(await storedDocument(documentName))).toContain("[before the stop]");
    onIt.provider.destroy();
  });
});

/** The draft as the database holds it: what any instance would load. */
async function storedDocument(name: string) {
  const doc = new Y.Doc();
  const update = await loadUpdate(name);
  if (update) Y.applyUpdate(doc, update);
  return doc;
}
