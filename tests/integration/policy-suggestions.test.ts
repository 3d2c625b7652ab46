// Suggested changes to a community draft (docs/decisions/0042), over HTTP and the collaboration
// socket as residents and officials use them: the department's choice of mode enforced on the
// socket, suggestions anchored like comments, one stance per person, acceptance entering the
// draft through the server's change path (stored, relayed, credited to the suggester), rejection
// with a reason, the suggester told, and the response report listing every suggestion. Attacks:
// a resident accepting, another department's official, a passage since changed or deleted, two
// acceptances at once, suggesting on a closed policy or in open-editing mode.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { db } from "~/db.server";
import { loadUpdate, storeUpdates } from "~/features/collab/store.server";
import { adoptDraft, findVersionReport, prepareAdoption, reportMarkdown } from "~/features/policies/adoption.server";
import { findPolicyForComments } from "~/features/policies/comments.server";
import { draftDocumentName, draftTopic } from "~/features/policies/draft-access.server";
import {
  docFromState,
  jsonOfDoc,
  paragraphs,
  plainTextOf,
  stateOfJson,
  updateTowards,
} from "~/features/policies/draft-text";
import { listSuggestions } from "~/features/policies/suggestions.server";
import { i18nextFor } from "~/i18n/i18next.server";
import { EDITING_PAUSE_MS } from "~/shared/collab";
import { TEXT_FRAGMENT } from "~/shared/editor";
import { deleteAccount } from "~/features/accounts/accounts.server";
import { asUser } from "./helpers";
import { isAnswer, rawClient, requestMessage, signedInResident, updateMessage } from "./collab";
import { expectRefusalIn, openEditor, post, textArrives, withRealServer } from "./http";
import { readSync } from "../protocol";
import { builtServices } from "../../server";

let base: string;
withRealServer((url) => (base = url));

const unique = () => randomBytes(4).toString("hex");
const key = () => randomBytes(18).toString("base64url");

type Person = Awaited<ReturnType<typeof signedInResident>>;
let department: { id: string };
let official: Person;
let otherOfficial: Person;

beforeAll(async () => {
  department = await db.department.create({
    data: { slug: `s-${unique()}`, nameZh: `交通局${unique()}`, nameEn: `Transport ${unique()}` },
  });
  const other = await db.department.create({
    data: { slug: `o-${unique()}`, nameZh: `住房局${unique()}`, nameEn: `Housing ${unique()}` },
  });
  official = await signedInResident(`Official ${unique()}`);
  await db.membership.create({ data: { userId: official.userId, departmentId: department.id } });
  otherOfficial = await signedInResident(`Other official ${unique()}`);
  await db.membership.create({ data: { userId: otherOfficial.userId, departmentId: other.id } });
});

const LINES = ["Article 1. Streets near schools get bicycle lanes.", "第二条 学校周边道路设置自行车道。"];

/** A policy in the given state and mode whose draft was written by its official before a pause. */
async function newPolicy(changeMode = "suggestions", status = "open") {
  const policy = await db.policy.create({
    data: { title: `Safe school streets ${unique()}`, departmentId: department.id, status, changeMode },
  });
  await storeUpdates(draftDocumentName(policy.id), [
    {
      update: stateOfJson(paragraphs(...LINES)),
      authorId: official.userId,
      at: new Date(Date.now() - 2 * EDITING_PAUSE_MS),
    },
  ]);
  return policy;
}

const draftText = async (policyId: string) =>
  plainTextOf(jsonOfDoc(docFromState(await loadUpdate(draftDocumentName(policyId)))));

const path = (policyId: string) => `/policies/${policyId}/comments`;
const as = (person: Person, language: "en" | "zh-CN" = "en") => ({
  cookie: person.cookie,
  "Accept-Language": language,
});

function suggest(policyId: string, person: Person, fields: Record<string, string>, language: "en" | "zh-CN" = "en") {
  return post(
    base,
    path(policyId),
    { intent: "suggest", anchorStart: "", anchorEnd: "", explanation: "", submissionKey: key(), ...fields },
    as(person, language),
  );
}

/** A resident's suggestion, made over HTTP; its id. */
async function suggestion(policyId: string, person: Person, quote: string, replacement: string) {
  const response = await suggest(policyId, person, { quote, replacement, explanation: "Safer for children." });
  expect(response.status, await response.clone().text()).toBe(302);
  const row = await db.suggestion.findFirstOrThrow({
    where: { policyId, authorId: person.userId, quote },
    orderBy: { createdAt: "desc" },
  });
  expect(response.headers.get("location")).toContain(`#suggestion-${row.id}`);
  return row.id;
}

const decide = (policyId: string, person: Person, fields: Record<string, string>, language: "en" | "zh-CN" = "en") =>
  post(base, path(policyId), fields, as(person, language));

/** Connects to the draft on the socket, sends a new last line, and reads the text the server then holds. */
async function tryToWrite(documentName: string, cookie: string, line: string) {
  const client = rawClient(base, documentName, cookie);
  await client.opened;
  const seen = await serverDoc(client);
  client.send(updateMessage(updateTowards(seen, paragraphs(...plainTextOf(jsonOfDoc(seen)).split("\n"), line))));
  const after = plainTextOf(jsonOfDoc(await serverDoc(client)));
  client.socket.close();
  return after;
}

async function serverDoc(client: ReturnType<typeof rawClient>) {
  const answer = client.inbox.next(isAnswer);
  client.send(requestMessage());
  const doc = new Y.Doc();
  Y.applyUpdate(doc, readSync(await answer)!.payload);
  return doc;
}

describe("the department chooses how residents change the draft", () => {
  it("in suggestions only, residents' edits are refused by the collaboration server while officials still edit", async () => {
    const policy = await newPolicy("editing");
    const documentName = draftDocumentName(policy.id);
    const resident = await signedInResident("Resident Li");
    expect(await tryToWrite(documentName, resident.cookie, "Resident line")).toBe(
      [...LINES, "Resident line"].join("\n"),
    );

    // A resident and another department's official may not choose; nothing changes.
    for (const person of [resident, otherOfficial]) {
      const refused = await decide(policy.id, person, { intent: "changeMode", changeMode: "suggestions" }, "zh-CN");
      await expectRefusalIn(refused, "zh-CN", "policies.suggestions.errors.notYourDepartment");
    }
    expect((await db.policy.findUniqueOrThrow({ where: { id: policy.id } })).changeMode).toBe("editing");

    const chosen = await decide(policy.id, official, { intent: "changeMode", changeMode: "suggestions" });
    expect(chosen.status).toBe(302);
    expect(await db.auditEntry.count({ where: { action: "policy.changeMode", targetId: policy.id } })).toBe(1);

    const before = [...LINES, "Resident line"].join("\n");
    expect(await tryToWrite(documentName, resident.cookie, "Second resident line")).toBe(before);
    expect(await tryToWrite(documentName, official.cookie, "Official line")).toBe(`${before}\nOfficial line`);
    // The draft page tells the resident why, in their language.
    const page = await fetch(`${base}/policies/${policy.id}/draft`, { headers: as(resident, "zh-CN") });
    expect(await page.text()).toContain(i18nextFor("zh-CN").t("policies.editing.draft.readOnly.suggestionsOnly"));

    // "Both": residents edit again and may suggest.
    expect((await decide(policy.id, official, { intent: "changeMode", changeMode: "both" })).status).toBe(302);
    expect(await tryToWrite(documentName, resident.cookie, "Back")).toBe(`${before}\nOfficial line\nBack`);
    await suggestion(policy.id, resident, "bicycle lanes", "protected bicycle lanes");
  });

  it("refuses an unknown mode with a message, and suggestions in open-editing mode or on a closed policy", async () => {
    const policy = await newPolicy("editing");
    const bad = await decide(policy.id, official, { intent: "changeMode", changeMode: "anarchy" }, "zh-CN");
    await expectRefusalIn(bad, "zh-CN", "validation.choose");
    const resident = await signedInResident();
    const refused = await suggest(
      policy.id,
      resident,
      { quote: "bicycle lanes", replacement: "cycle tracks" },
      "zh-CN",
    );
    await expectRefusalIn(refused, "zh-CN", "policies.suggestions.errors.notOpen");
    const closed = await newPolicy("suggestions", "closed");
    const late = await suggest(closed.id, resident, { quote: "bicycle lanes", replacement: "cycle tracks" });
    await expectRefusalIn(late, "en", "policies.suggestions.errors.notOpen");
    const visitor = await post(base, path(closed.id), { intent: "suggest", quote: "bicycle lanes", replacement: "x" });
    expect(visitor.status).not.toBe(200);
    expect(await db.suggestion.count({ where: { policyId: { in: [policy.id, closed.id] } } })).toBe(0);
  });
});

describe("suggesting and taking a stance", () => {
  it("anchors the suggestion where the words are, refuses words not in the draft and changes that change nothing", async () => {
    const policy = await newPolicy();
    const resident = await signedInResident();
    const nowhere = await suggest(policy.id, resident, { quote: "不在草案里", replacement: "x" }, "zh-CN");
    await expectRefusalIn(nowhere, "zh-CN", "policies.comments.errors.quoteNotFound");
    const same = await suggest(policy.id, resident, { quote: "自行车道", replacement: "自行车道" }, "zh-CN");
    await expectRefusalIn(same, "zh-CN", "policies.suggestions.errors.sameText");
    const twoLines = await suggest(policy.id, resident, { quote: "自行车道", replacement: "一\n二" });
    await expectRefusalIn(twoLines, "en", "policies.suggestions.errors.replacementOneLine");
    const markup = await suggest(policy.id, resident, { quote: "自行车道", replacement: "<script>x</script>" });
    await expectRefusalIn(markup, "en", "validation.markup");

    const id = await suggestion(policy.id, resident, "自行车道", "");
    const [listed] = await listSuggestions(policy.id);
    expect(listed).toMatchObject({ id, quote: "自行车道", replacement: "", passage: "自行车道", status: "open" });
    // The page says it in words, not only in colour.
    const page = await (await fetch(`${base}${path(policy.id)}`, { headers: { "Accept-Language": "en" } })).text();
    expect(page).toContain(i18nextFor("en").t("policies.suggestions.sentence.deleteBefore", { name: "Test Resident" }));
    expect(page).toContain("<del>自行车道</del>");
  });

  it("keeps one stance per person, changeable; the suggester's own is refused", async () => {
    const policy = await newPolicy();
    const author = await signedInResident("Author");
    const neighbour = await signedInResident("Neighbour");
    const id = await suggestion(policy.id, author, "bicycle lanes", "cycle tracks");
    const stance = (person: Person, value: string) =>
      decide(policy.id, person, { intent: "stance", suggestionId: id, stance: value });
    expect((await stance(neighbour, "support")).status).toBe(302);
    expect((await stance(neighbour, "support")).status).toBe(302);
    expect((await listSuggestions(policy.id))[0]).toMatchObject({ support: 1, oppose: 0 });
    expect((await stance(neighbour, "oppose")).status).toBe(302);
    expect((await stance(official, "support")).status).toBe(302);
    expect((await listSuggestions(policy.id, { readerId: neighbour.userId }))[0]).toMatchObject({
      support: 1,
      oppose: 1,
      stance: "oppose",
    });
    await expectRefusalIn(await stance(author, "support"), "en", "policies.suggestions.errors.ownSuggestion");
    await expectRefusalIn(await stance(neighbour, "maybe"), "en", "validation.choose");
  });
});

describe("a moderator hides an abusive suggestion", () => {
  it("takes its words off the page with the reason in their place; it can no longer be supported or accepted", async () => {
    const policy = await newPolicy();
    const id = await suggestion(policy.id, await signedInResident(), "bicycle lanes", "lanes for idiots only");
    const moderator = await signedInResident("Moderator");
    await db.role.create({ data: { userId: moderator.userId, name: "moderator" } });
    const hide = (person: Person, reason: string) =>
      decide(policy.id, person, { intent: "hideSuggestion", suggestionId: id, reason }, "zh-CN");
    // Neither the department's official nor a resident hides; a reason is required.
    await expectRefusalIn(await hide(official, "Insult"), "zh-CN", "policies.comments.errors.notModerator");
    await expectRefusalIn(await hide(moderator, " "), "zh-CN", "validation.required");
    expect((await hide(moderator, "Insulting words")).status).toBe(302);
    expect(await db.auditEntry.count({ where: { action: "suggestion.hide", targetId: id } })).toBe(1);

    const page = await (await fetch(`${base}${path(policy.id)}`, { headers: { "Accept-Language": "en" } })).text();
    expect(page).not.toContain("idiots");
    expect(page).toContain(i18nextFor("en").t("policies.suggestions.hiddenBecause", { reason: "Insulting words" }));
    const stance = await decide(policy.id, await signedInResident(), {
      intent: "stance",
      suggestionId: id,
      stance: "support",
    });
    await expectRefusalIn(stance, "en", "policies.suggestions.errors.noSuchSuggestion");
    const accept = await decide(policy.id, official, { intent: "accept", suggestionId: id });
    await expectRefusalIn(accept, "en", "policies.suggestions.errors.noSuchSuggestion");
    expect(await draftText(policy.id)).toBe(LINES.join("\n"));
    const { report } = await prepareAdoption((await findPolicyForComments(policy.id))!);
    expect(report.suggestions).toEqual([
      expect.objectContaining({ id, replacement: "", hiddenReason: "Insulting words" }),
    ]);
    expect(reportMarkdown(report, i18nextFor("en").getFixedT("en"))).not.toContain("idiots");
  });
});

describe("an official decides", () => {
  it("accepting puts the words into the draft through the server: relayed to open editors, credited to the suggester, who is told", async () => {
    const policy = await newPolicy();
    const suggester = await signedInResident("Suggester Zhao");
    const id = await suggestion(policy.id, suggester, "bicycle lanes", "protected cycle tracks");

    // Neither a resident nor another department's official may accept; the draft is untouched.
    for (const person of [await signedInResident(), otherOfficial]) {
      const refused = await decide(policy.id, person, { intent: "accept", suggestionId: id }, "zh-CN");
      await expectRefusalIn(refused, "zh-CN", "policies.suggestions.errors.notYourDepartment");
    }
    expect(await draftText(policy.id)).toBe(LINES.join("\n"));

    const reader = openEditor(base, draftDocumentName(policy.id), "");
    await reader.synced;
    const accepted = await decide(policy.id, official, { intent: "accept", suggestionId: id });
    expect(accepted.status).toBe(302);
    const expected = "Article 1. Streets near schools get protected cycle tracks.";
    await textArrives(reader, expected);
    reader.provider.destroy();
    expect(await draftText(policy.id)).toBe(`${expected}\n${LINES[1]}`);

    // Stored as the suggester's change, and recorded as a revision whose only author is them.
    const newest = await db.documentUpdate.findFirstOrThrow({
      where: { documentName: draftDocumentName(policy.id) },
      orderBy: { id: "desc" },
    });
    expect(newest.authorId).toBe(suggester.userId);
    const revision = await db.revision.findFirstOrThrow({
      where: { policyId: policy.id },
      orderBy: { number: "desc" },
      include: { authors: true },
    });
    expect(revision.authors.map((a) => a.userId)).toEqual([suggester.userId]);
    expect(revision.summary).toBe(`A suggested change, accepted by ${official.displayName}`);
    expect(await db.suggestion.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "accepted",
      decidedById: official.userId,
      revisionNumber: revision.number,
    });
    const told = await db.notification.findMany({ where: { userId: suggester.userId } });
    expect(told.map((n) => [n.kind, n.link])).toEqual([
      ["policies.suggestionAccepted", `/policies/${policy.id}/comments#suggestion-${id}`],
    ]);
    expect(await db.auditEntry.count({ where: { action: "suggestion.accept", targetId: id } })).toBe(1);

    // Pressed again: refused with a message, nothing applied twice.
    const again = await decide(policy.id, official, { intent: "accept", suggestionId: id }, "zh-CN");
    await expectRefusalIn(again, "zh-CN", "policies.suggestions.errors.decided");
    expect(await draftText(policy.id)).toBe(`${expected}\n${LINES[1]}`);
  });

  it("a suggester who deleted their account: name gone, stances withdrawn, the change still theirs, nobody notified", async () => {
    const policy = await newPolicy();
    const leaver = await signedInResident("Leaving Resident");
    const stayer = await signedInResident("Staying Resident");
    const theirs = await suggestion(policy.id, leaver, "bicycle lanes", "cycle tracks");
    const other = await suggestion(policy.id, stayer, "自行车道", "非机动车道");
    await decide(policy.id, leaver, { intent: "stance", suggestionId: other, stance: "oppose" });
    expect((await listSuggestions(policy.id)).find((s) => s.id === other)).toMatchObject({ oppose: 1 });

    expect(await deleteAccount(leaver.user, leaver.password, "10.9.9.9")).toEqual({ ok: true, value: undefined });
    const listed = await listSuggestions(policy.id);
    expect(listed.find((s) => s.id === theirs)).toMatchObject({ authorName: "" });
    expect(listed.find((s) => s.id === other)).toMatchObject({ oppose: 0 });
    const page = await (await fetch(`${base}${path(policy.id)}`, { headers: { "Accept-Language": "en" } })).text();
    expect(page).not.toContain("Leaving Resident");
    expect(page).toContain(
      i18nextFor("en").t("policies.suggestions.sentence.replaceBefore", { name: "Deleted account" }),
    );

    expect((await decide(policy.id, official, { intent: "accept", suggestionId: theirs })).status).toBe(302);
    const revision = await db.revision.findFirstOrThrow({
      where: { policyId: policy.id },
      orderBy: { number: "desc" },
      include: { authors: true },
    });
    expect(revision.authors.map((a) => a.userId)).toEqual([leaver.userId]);
    expect(await db.notification.count({ where: { userId: leaver.userId } })).toBe(0);
  });

  it("two officials accepting at once put the change in once", async () => {
    const policy = await newPolicy();
    const colleague = await signedInResident("Colleague");
    await db.membership.create({ data: { userId: colleague.userId, departmentId: department.id } });
    const id = await suggestion(policy.id, await signedInResident(), "学校周边", "全市中小学周边");
    const answers = await Promise.all(
      [official, colleague, official].map((person) =>
        decide(policy.id, person, { intent: "accept", suggestionId: id }),
      ),
    );
    expect(answers.filter((answer) => answer.status === 302)).toHaveLength(1);
    expect(await draftText(policy.id)).toBe(`${LINES[0]}\n第二条 全市中小学周边道路设置自行车道。`);
    expect(await db.auditEntry.count({ where: { action: "suggestion.accept", targetId: id } })).toBe(1);
  });

  it("refuses to accept a suggestion whose passage was since changed or deleted, with a message saying so", async () => {
    const policy = await newPolicy();
    const resident = await signedInResident();
    const changedId = await suggestion(policy.id, resident, "bicycle lanes", "cycle tracks");
    const deletedId = await suggestion(policy.id, resident, "学校周边", "校园周边");
    // An editor (the official) rewrites one passage and deletes the other.
    const doc = docFromState(await loadUpdate(draftDocumentName(policy.id)));
    const before = Y.encodeStateVector(doc);
    const [first, second] = doc.getXmlFragment(TEXT_FRAGMENT).toArray() as Y.XmlElement[];
    const firstText = first.get(0) as Y.XmlText;
    firstText.insert(firstText.toString().indexOf("lanes"), "wide ");
    const secondText = second.get(0) as Y.XmlText;
    secondText.delete(secondText.toString().indexOf("学校周边"), 4);
    await storeUpdates(draftDocumentName(policy.id), [
      { update: Y.encodeStateAsUpdate(doc, before), authorId: official.userId, at: new Date() },
    ]);
    const text = await draftText(policy.id);

    const changed = await decide(policy.id, official, { intent: "accept", suggestionId: changedId }, "zh-CN");
    await expectRefusalIn(changed, "zh-CN", "policies.suggestions.errors.passageChanged");
    const deleted = await decide(policy.id, official, { intent: "accept", suggestionId: deletedId }, "en");
    await expectRefusalIn(deleted, "en", "policies.suggestions.errors.passageGone");
    expect(await draftText(policy.id)).toBe(text);
    const listed = await listSuggestions(policy.id);
    expect(listed.find((s) => s.id === changedId)).toMatchObject({ status: "open", passage: "bicycle wide lanes" });
    expect(listed.find((s) => s.id === deletedId)).toMatchObject({ status: "open", passage: null });
    // The page shows both as they are now.
    const page = await (await fetch(`${base}${path(policy.id)}`, { headers: { "Accept-Language": "en" } })).text();
    expect(page).toContain(i18nextFor("en").t("policies.suggestions.passageGone"));
  });

  it("rejecting needs a reason, tells the suggester, and cannot be undone by a second decision", async () => {
    const policy = await newPolicy();
    const suggester = await signedInResident("Suggester Qian");
    const id = await suggestion(policy.id, suggester, "bicycle lanes", "car parks");
    const empty = await decide(policy.id, official, { intent: "reject", suggestionId: id, reason: "  " }, "zh-CN");
    await expectRefusalIn(empty, "zh-CN", "validation.required");
    const other = await decide(policy.id, otherOfficial, { intent: "reject", suggestionId: id, reason: "No" });
    await expectRefusalIn(other, "en", "policies.suggestions.errors.notYourDepartment");
    expect((await db.suggestion.findUniqueOrThrow({ where: { id } })).status).toBe("open");

    const reason = "Parking near schools endangers children.";
    expect((await decide(policy.id, official, { intent: "reject", suggestionId: id, reason })).status).toBe(302);
    expect(await db.suggestion.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "rejected", reason });
    expect((await db.notification.findMany({ where: { userId: suggester.userId } })).map((n) => n.kind)).toEqual([
      "policies.suggestionRejected",
    ]);
    const accept = await decide(policy.id, official, { intent: "accept", suggestionId: id });
    await expectRefusalIn(accept, "en", "policies.suggestions.errors.decided");
    expect(await draftText(policy.id)).toBe(LINES.join("\n"));
  });

  it("decides after the consultation closed, until adoption; the report lists every suggestion with its outcome, reason and counts", async () => {
    const policy = await newPolicy();
    const a = await signedInResident("Resident A");
    const b = await signedInResident("Resident B");
    const acceptedId = await suggestion(policy.id, a, "bicycle lanes", "cycle tracks");
    const rejectedId = await suggestion(policy.id, b, "自行车道", "停车位");
    const openId = await suggestion(policy.id, b, "Streets", "Roads");
    await decide(policy.id, b, { intent: "stance", suggestionId: acceptedId, stance: "support" });
    await decide(policy.id, a, { intent: "stance", suggestionId: rejectedId, stance: "oppose" });
    await db.policy.update({ where: { id: policy.id }, data: { status: "closed" } });
    expect((await decide(policy.id, official, { intent: "accept", suggestionId: acceptedId })).status).toBe(302);
    const reason = "Parking is not what the streets need.";
    await decide(policy.id, official, { intent: "reject", suggestionId: rejectedId, reason });

    const current = (await findPolicyForComments(policy.id))!;
    const prepared = await prepareAdoption(current);
    const adopted = await adoptDraft(await asUser(official.userId), current, {
      changeNote: "Adopted",
      content: JSON.stringify(prepared.content),
      number: prepared.number,
      draftStamp: prepared.stamp,
    });
    expect(adopted).toMatchObject({ ok: true });
    const { report } = (await findVersionReport(policy.id, prepared.number))!;
    expect(report!.suggestions).toEqual([
      expect.objectContaining({
        id: acceptedId,
        status: "accepted",
        support: 1,
        oppose: 0,
        replacement: "cycle tracks",
      }),
      expect.objectContaining({ id: rejectedId, status: "rejected", reason, support: 0, oppose: 1 }),
      expect.objectContaining({ id: openId, status: "open", reason: null }),
    ]);
    const markdown = reportMarkdown(report!, i18nextFor("en").getFixedT("en"), { locale: "en", timeZone: "UTC" });
    expect(markdown).toContain(reason);
    expect(markdown).toContain("~~bicycle lanes~~");
    const page = await (
      await fetch(`${base}/policies/${policy.id}/versions/${prepared.number}/report`, {
        headers: { "Accept-Language": "zh-CN" },
      })
    ).text();
    expect(page).toContain(i18nextFor("zh-CN").t("policies.suggestions.report.heading", { count: 3 }));
    // Adopted: nobody decides any more.
    const late = await decide(policy.id, official, { intent: "accept", suggestionId: openId });
    await expectRefusalIn(late, "en", "policies.suggestions.errors.notYourDepartment");
  });
});

describe("tracked changes in the editor", () => {
  it("the editor page has each open suggestion to draw in its text, and is told when one is made or decided", async () => {
    const policy = await newPolicy();
    const suggester = await signedInResident("Suggester Qian");
    const serverLive = (await builtServices()).live;
    const events = async (after: number) =>
      ((await serverLive.eventsAfter(draftTopic(policy.id), after)) ?? []).filter(
        (event) => event.type === "suggestions",
      ).length;
    const draftData = async () =>
      (await (
        await fetch(
          `${base}/policies/${policy.id}/draft?_data=${encodeURIComponent("routes/policies.$policyId.draft")}`,
          {
            headers: { cookie: suggester.cookie },
          },
        )
      ).json()) as { suggestions: Array<{ id: string; authorName: string; quote: string; replacement: string }> };

    const before = await serverLive.lastEventId();
    const first = await suggestion(policy.id, suggester, "bicycle lanes", "protected cycle tracks");
    const second = await suggestion(policy.id, suggester, "自行车道", "");
    expect(await events(before)).toBe(2);
    expect((await draftData()).suggestions).toEqual([
      expect.objectContaining({
        id: first,
        authorName: "Suggester Qian",
        quote: "bicycle lanes",
        replacement: "protected cycle tracks",
      }),
      expect.objectContaining({ id: second, quote: "自行车道", replacement: "" }),
    ]);

    // Decided: no longer drawn, and the open pages are told at once.
    const decided = await serverLive.lastEventId();
    expect((await decide(policy.id, official, { intent: "accept", suggestionId: first })).status).toBe(302);
    expect(
      (await decide(policy.id, official, { intent: "reject", suggestionId: second, reason: "Lanes stay." })).status,
    ).toBe(302);
    expect(await events(decided)).toBe(2);
    expect((await draftData()).suggestions).toEqual([]);
  });
});

describe("suggesting new words at a point", () => {
  it("anchors an insertion to the neighbouring words; accepting puts the words in there, spaced as the language writes", async () => {
    const policy = await newPolicy();
    const suggester = await signedInResident("Suggester Sun");
    // Without JavaScript: the neighbouring words copied into the passage field, and the choice.
    const after = await suggest(policy.id, suggester, {
      quote: "bicycle lanes",
      replacement: "and footpaths",
      kind: "insertAfter",
    });
    expect(after.status).toBe(302);
    const before = await suggest(policy.id, suggester, {
      quote: "学校周边",
      replacement: "所有",
      kind: "insertBefore",
    });
    expect(before.status).toBe(302);
    // An insertion of nothing is no suggestion; a made-up kind is refused.
    await expectRefusalIn(
      await suggest(policy.id, suggester, { quote: "Streets", replacement: "", kind: "insertAfter" }, "zh-CN"),
      "zh-CN",
      "policies.suggestions.errors.insertionEmpty",
    );
    await expectRefusalIn(
      await suggest(policy.id, suggester, { quote: "Streets", replacement: "x", kind: "append" }),
      "en",
      "validation.choose",
    );
    const [english, chinese] = await Promise.all(
      [
        ["bicycle lanes", "and footpaths"],
        ["学校周边", "所有"],
      ].map(([quote, replacement]) =>
        db.suggestion.findFirstOrThrow({ where: { policyId: policy.id, quote, replacement } }),
      ),
    );
    expect([english.kind, chinese.kind]).toEqual(["insertAfter", "insertBefore"]);
    expect((await listSuggestions(policy.id)).map((s) => [s.kind, s.passage])).toEqual([
      ["insertAfter", "bicycle lanes"],
      ["insertBefore", "学校周边"],
    ]);

    // The passage stays; the new words go in next to it, with a space in English and none in Chinese.
    for (const id of [english.id, chinese.id])
      expect((await decide(policy.id, official, { intent: "accept", suggestionId: id })).status).toBe(302);
    expect(await draftText(policy.id)).toBe(
      "Article 1. Streets near schools get bicycle lanes and footpaths.\n第二条 所有学校周边道路设置自行车道。",
    );

    // The report says it was an insertion.
    const current = (await findPolicyForComments(policy.id))!;
    const prepared = await prepareAdoption(current);
    expect(
      await adoptDraft(await asUser(official.userId), current, {
        changeNote: "Adopted",
        content: JSON.stringify(prepared.content),
        number: prepared.number,
        draftStamp: prepared.stamp,
      }),
    ).toMatchObject({ ok: true });
    const { report } = (await findVersionReport(policy.id, prepared.number))!;
    expect(report!.suggestions!.map((s) => [s.kind, s.quote, s.replacement, s.status])).toEqual([
      ["insertAfter", "bicycle lanes", "and footpaths", "accepted"],
      ["insertBefore", "学校周边", "所有", "accepted"],
    ]);
    const markdown = reportMarkdown(report!, i18nextFor("en").getFixedT("en"), { locale: "en", timeZone: "UTC" });
    expect(markdown).toContain("Suggested by Suggester Sun: insert **and footpaths** after “bicycle lanes”");
    const zh = reportMarkdown(report!, i18nextFor("zh-CN").getFixedT("zh-CN"), {
      locale: "zh-CN",
      timeZone: "UTC",
    });
    expect(zh).toContain("Suggester Sun 建议在“学校周边”之前插入**所有**");
    const page = await (await fetch(`${base}/policies/${policy.id}/versions/${prepared.number}/report`)).text();
    expect(page).toContain("<ins>and footpaths</ins>");
  });

  it("refuses to accept an insertion whose neighbouring words were since changed", async () => {
    const policy = await newPolicy();
    const suggester = await signedInResident("Suggester Wu");
    const response = await suggest(policy.id, suggester, {
      quote: "bicycle lanes",
      replacement: "and footpaths",
      kind: "insertAfter",
    });
    expect(response.status).toBe(302);
    const { id } = await db.suggestion.findFirstOrThrow({ where: { policyId: policy.id, authorId: suggester.userId } });
    const edited = ["Article 1. Streets near schools get bus lanes.", LINES[1]];
    const doc = docFromState(await loadUpdate(draftDocumentName(policy.id)));
    await storeUpdates(draftDocumentName(policy.id), [
      { update: updateTowards(doc, paragraphs(...edited)), authorId: official.userId, at: new Date() },
    ]);
    await expectRefusalIn(
      await decide(policy.id, official, { intent: "accept", suggestionId: id }),
      "en",
      "policies.suggestions.errors.passageChanged",
    );
    expect(await draftText(policy.id)).toBe(edited.join("\n"));
  });
});

describe("those who took a stance hear the outcome", () => {
  it("supporters and opponents are told of an acceptance, and of a rejection with its reason; the suggester once", async () => {
    const policy = await newPolicy();
    const suggester = await signedInResident("Suggester Zhou");
    const supporter = await signedInResident("Supporter Ma");
    const opponent = await signedInResident("Opponent He");
    const accepted = await suggestion(policy.id, suggester, "bicycle lanes", "protected cycle tracks");
    const rejected = await suggestion(policy.id, suggester, "自行车道", "停车位");
    for (const id of [accepted, rejected]) {
      await decide(policy.id, supporter, { intent: "stance", suggestionId: id, stance: "support" });
      await decide(policy.id, opponent, { intent: "stance", suggestionId: id, stance: "oppose" });
    }
    const told = async (person: Person) =>
      (await db.notification.findMany({ where: { userId: person.userId }, orderBy: { createdAt: "asc" } })).map((n) => [
        n.kind,
        n.link,
        JSON.parse(n.params) as Record<string, string>,
      ]);

    expect((await decide(policy.id, official, { intent: "accept", suggestionId: accepted })).status).toBe(302);
    const reason = "Parking is not what the streets need.";
    expect((await decide(policy.id, official, { intent: "reject", suggestionId: rejected, reason })).status).toBe(302);

    const link = (id: string) => `/policies/${policy.id}/comments#suggestion-${id}`;
    for (const person of [supporter, opponent])
      expect(await told(person)).toEqual([
        ["policies.stancedSuggestionAccepted", link(accepted), { title: policy.title }],
        ["policies.stancedSuggestionRejected", link(rejected), { title: policy.title, reason }],
      ]);
    expect(await told(suggester)).toEqual([
      ["policies.suggestionAccepted", link(accepted), { title: policy.title }],
      ["policies.suggestionRejected", link(rejected), { title: policy.title, reason }],
    ]);
    expect(await told(official)).toEqual([]);

    // Worded in the reader's language, the reason with it.
    const inbox = await (
      await fetch(`${base}/notifications`, { headers: { cookie: opponent.cookie, "Accept-Language": "zh-CN" } })
    ).text();
    expect(inbox).toContain(
      i18nextFor("zh-CN").t("policies.suggestions.notifications.stanceRejected", { title: policy.title, reason }),
    );
  });
});
