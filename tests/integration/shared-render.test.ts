// Pages for visitors without an account are rendered once and reused while nothing they show has
// changed (app/http/shared-render.server.ts, app/features/interviews/public-view.server.ts; issue
// 9). What a visitor must still see: their own CSP nonce, never anyone's personal page, and a
// change (a new question in a live session) on the very next load.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { askQuestion } from "~/features/interviews/questions.server";
import { getSession } from "~/features/interviews/sessions.server";
import { asUser, newResident } from "./helpers";
import { logInOverHttp, withRealServer } from "./http";

let base: string;
withRealServer((url) => (base = url));

const unique = () => randomBytes(4).toString("hex");
const anonymous = (path: string) => fetch(`${base}${path}`, { headers: { "Accept-Language": "en" } });

/** The nonce the CSP header allows, and every nonce attribute in the page. */
async function nonces(response: Response) {
  const header = response.headers.get("content-security-policy") ?? "";
  const allowed = /'nonce-([^']+)'/.exec(header)?.[1];
  const html = await response.text();
  return { allowed, inPage: [...html.matchAll(/nonce="([^"]*)"/g)].map((match) => match[1]), html };
}

describe("pages shared between visitors without an account", () => {
  it("carry each request's own nonce, and are otherwise the same page", async () => {
    const first = await nonces(await anonymous("/"));
    const second = await nonces(await anonymous("/"));
    for (const page of [first, second]) {
      expect(page.allowed).toBeTruthy();
      expect(page.inPage.length).toBeGreaterThan(0);
      expect(new Set(page.inPage)).toEqual(new Set([page.allowed]));
    }
    expect(first.allowed).not.toBe(second.allowed);
    expect(second.html.replaceAll(second.allowed!, "N")).toBe(first.html.replaceAll(first.allowed!, "N"));
  });

  it("never give a signed-in resident's page to anyone else, nor a shared page to a resident", async () => {
    const name = `Resident ${unique()}`;
    const resident = await newResident({ displayName: name });
    const { cookie } = await logInOverHttp(base, resident.email, resident.password);
    const signedIn = () => fetch(`${base}/`, { headers: { "Accept-Language": "en", Cookie: cookie } });

    expect(await (await anonymous("/")).text()).not.toContain(name);
    expect(await (await signedIn()).text()).toContain(name);
    expect(await (await anonymous("/")).text()).not.toContain(name);
    expect(await (await signedIn()).text()).toContain(name);
  });

  it("show a question published in a live session on the next load", async () => {
    const department = await db.department.create({ data: { slug: `d-${unique()}`, nameZh: `住房局${unique()}`, nameEn: `Housing ${unique()}` } });
    const official = await newResident({ displayName: `Official ${unique()}` });
    const created = await db.interviewSession.create({
      data: {
        titleZh: `访谈 ${unique()}`,
        titleEn: `Interview ${unique()}`,
        topic: "Housing",
        premoderated: false,
        allowAnonymous: true,
        createdById: official.userId,
        startsAt: new Date(Date.now() - 30 * 60_000),
        endsAt: new Date(Date.now() + 90 * 60_000),
        hosts: { create: [{ departmentId: department.id }] },
      },
    });
    const path = `/interviews/${created.id}`;
    const before = await (await anonymous(path)).text();
    expect(before).toContain("Interview ");

    const asker = await newResident();
    const text = `Will the lift in block ${unique()} be fixed this week?`;
    const outcome = await askQuestion(await asUser(asker.userId), (await getSession(created.id))!, { type: "consultation", text, anonymous: false, submissionKey: randomBytes(18).toString("base64url") });
    expect(outcome.ok).toBe(true);

    expect(await (await anonymous(path)).text()).toContain(text);
  });
});
