import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { db } from "~/db.server";
import type { JSONContent } from "@tiptap/core";
import { compareTexts, diffCounts } from "~/features/policies/diff";
import { DiffBlocks } from "~/features/policies/diff-view";
import { textBlocks } from "~/features/policies/draft-text";
import { requireDraftPolicy } from "~/features/policies/editing-pages.server";
import { diffQuerySchema, type DiffSide } from "~/features/policies/editing-schemas";
import styles from "~/features/policies/editing.css";
import { getRevision, readDraft } from "~/features/policies/revisions.server";
import { translatorFor } from "~/i18n/i18next.server";
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
  const [before, after] = await Promise.all([blocksOf(policy.id, from), blocksOf(policy.id, to)]);
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
  });
}

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
  const changed = data.blocks.some((block) => block.kind !== "same");
  return (
    <section aria-labelledby="diff-title" className="page stack">
      <p>
        <Link to={`/policies/${data.policy.id}/history`} className="standalone-link">
          {t("policies.editing.draft.history")}
        </Link>
      </p>
      <h1 id="diff-title">{t("policies.editing.diff.title", { title: data.policy.title })}</h1>
      <p>{t("policies.editing.diff.lead", { from: sideName(data.from), to: sideName(data.to) })}</p>
      <p className="hint">
        {t(data.method === "characters" ? "policies.editing.diff.byCharacters" : "policies.editing.diff.byWords")}{" "}
        {changed ? t("policies.editing.diff.counts", data.counts) : t("policies.editing.diff.same")}
      </p>
      {data.whole ? <p className="hint">{t("policies.editing.diff.whole")}</p> : null}
      <div className="diff-text card" data-testid="diff">
        <DiffBlocks blocks={data.blocks} />
      </div>
    </section>
  );
}
