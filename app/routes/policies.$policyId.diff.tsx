import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { db } from "~/db.server";
import type { JSONContent } from "@tiptap/core";
import { compareTexts, diffCounts } from "~/features/policies/diff";
import { NavigableDiff } from "~/features/policies/diff-view";
import { textBlocks } from "~/features/policies/draft-text";
import { requireDraftPolicy } from "~/features/policies/editing-pages.server";
import { diffQuerySchema, type DiffSide } from "~/features/policies/editing-schemas";
import styles from "~/features/policies/editing.css";
import { getRevision, readDraft } from "~/features/policies/revisions.server";
import { translatorFor } from "~/i18n/i18next.server";
import { useFormat } from "~/ui/format";
import { titleFromLoader } from "~/ui/meta";

export const meta = titleFromLoader;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/** The blocks of one side (from its stored JSON: compared by structure), or null when there is no such side. */
async function blocksOf(policyId: string, side: DiffSide): Promise<string[] | null> {
  if (side.kind === "draft") return textBlocks((await readDraft(policyId)).json);
  const stored =
    side.kind === "revision"
      ? await getRevision(policyId, side.number)
      : await db.policyVersion.findUnique({
          where: { policyId_number: { policyId, number: side.number } },
          select: { content: true },
        });
  return stored ? textBlocks(JSON.parse(stored.content) as JSONContent) : null;
}

/** /policies/<id>/diff?from=<revision|vN>&to=<revision|vN|draft> */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const policy = await requireDraftPolicy(params.policyId);
  const search = new URL(request.url).searchParams;
  const query = diffQuerySchema.safeParse({ from: search.get("from"), to: search.get("to") });
  if (!query.success) throw new Response("Bad Request", { status: 400 });
  const { from, to } = query.data;
  const [before, after, revisions, versions] = await Promise.all([
    blocksOf(policy.id, from),
    blocksOf(policy.id, to),
    // What the picker offers: every revision and official version, newest first (numbers and dates only).
    db.revision.findMany({
      where: { policyId: policy.id },
      orderBy: { number: "desc" },
      select: { number: true, createdAt: true },
    }),
    db.policyVersion.findMany({
      where: { policyId: policy.id },
      orderBy: { number: "desc" },
      select: { number: true },
    }),
  ]);
  if (before === null || after === null) throw new Response("Not Found", { status: 404 });
  const { t } = await translatorFor(request);
  // Bounded (see diff.ts): passages too different to compare finely come back whole.
  const { blocks, method, whole } = compareTexts(before, after);
  return json({
    title: `${t("policies.editing.diff.title", { title: policy.title })} · ${t("shell.siteName")}`,
    policy: { id: policy.id, title: policy.title },
    from,
    to,
    method,
    whole,
    blocks,
    counts: diffCounts(blocks),
    revisions,
    versions: versions.map((version) => version.number),
  });
}

/** The value a side has in the URL (`draft`, `v2`, `7`), for the picker. */
const sideValue = (side: DiffSide) =>
  side.kind === "draft" ? "draft" : side.kind === "version" ? `v${side.number}` : String(side.number);

function useSideName() {
  const { t } = useTranslation();
  return (side: DiffSide) =>
    side.kind === "draft"
      ? t("policies.editing.diff.draft")
      : t(`policies.editing.diff.${side.kind}`, { number: side.number });
}

export default function DiffPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const sideName = useSideName();
  const format = useFormat();
  const changes = data.blocks.filter((block) => block.kind !== "same").length;
  const options = [
    { value: "draft", label: sideName({ kind: "draft" }) },
    ...data.versions.map((number) => ({ value: `v${number}`, label: sideName({ kind: "version", number }) })),
    ...data.revisions.map(({ number, createdAt }) => ({
      value: String(number),
      label: t("policies.editing.diff.revisionOn", { number, date: format.dateTime(createdAt) }),
    })),
  ];
  return (
    <section aria-labelledby="diff-title" className="page stack">
      <p>
        <Link to={`/policies/${data.policy.id}/history`} className="standalone-link">
          {t("policies.editing.draft.history")}
        </Link>
      </p>
      <h1 id="diff-title">{t("policies.editing.diff.title", { title: data.policy.title })}</h1>
      <p>{t("policies.editing.diff.lead", { from: sideName(data.from), to: sideName(data.to) })}</p>
      <Form method="get" className="diff-picker card">
        <fieldset>
          <legend>{t("policies.editing.diff.picker")}</legend>
          <label>
            {t("policies.editing.diff.from")}
            <select name="from" defaultValue={sideValue(data.from)}>
              {options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("policies.editing.diff.to")}
            <select name="to" defaultValue={sideValue(data.to)}>
              {options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{t("policies.editing.diff.compare")}</button>
        </fieldset>
      </Form>
      <p className="hint">
        {t(data.method === "characters" ? "policies.editing.diff.byCharacters" : "policies.editing.diff.byWords")}{" "}
        {changes > 0 ? t("policies.editing.diff.counts", data.counts) : t("policies.editing.diff.same")}
      </p>
      {data.whole ? <p className="hint">{t("policies.editing.diff.whole")}</p> : null}
      {changes > 0 ? (
        <p>
          {t("policies.editing.diff.changes", { count: changes })}{" "}
          <a href="#change-1" className="standalone-link">
            {t("policies.editing.diff.firstChange")}
          </a>
        </p>
      ) : null}
      <div className="diff-text card" data-testid="diff">
        <NavigableDiff blocks={data.blocks} />
      </div>
    </section>
  );
}
