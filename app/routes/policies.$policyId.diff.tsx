import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { db } from "~/db.server";
import { compareTexts, diffCounts } from "~/features/policies/diff";
import { requireDraftPolicy } from "~/features/policies/editing-pages.server";
import { diffQuerySchema, type DiffSide } from "~/features/policies/editing-schemas";
import styles from "~/features/policies/editing.css";
import { getRevision, readDraft } from "~/features/policies/revisions.server";
import { translatorFor } from "~/i18n/i18next.server";
import { titleFromLoader } from "~/ui/meta";

export const meta = titleFromLoader;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/** The plain text of one side, or null when there is no such revision or version. */
async function textOf(policyId: string, side: DiffSide): Promise<string | null> {
  if (side.kind === "draft") return (await readDraft(policyId)).text;
  if (side.kind === "revision") return (await getRevision(policyId, side.number))?.text ?? null;
  const version = await db.policyVersion.findUnique({
    where: { policyId_number: { policyId, number: side.number } },
    select: { text: true },
  });
  return version?.text ?? null;
}

/** /policies/<id>/diff?from=<revision|vN>&to=<revision|vN|draft> */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const policy = await requireDraftPolicy(params.policyId);
  const search = new URL(request.url).searchParams;
  const query = diffQuerySchema.safeParse({ from: search.get("from"), to: search.get("to") });
  if (!query.success) throw new Response("Bad Request", { status: 400 });
  const { from, to } = query.data;
  const [before, after] = await Promise.all([textOf(policy.id, from), textOf(policy.id, to)]);
  if (before === null || after === null) throw new Response("Not Found", { status: 404 });
  const { t } = await translatorFor(request);
  // Bounded (see diff.ts): passages too different to compare finely come back whole.
  const { parts, method, whole } = compareTexts(before, after);
  return json({
    title: `${t("policies.editing.diff.title", { title: policy.title })} · ${t("shell.siteName")}`,
    policy: { id: policy.id, title: policy.title },
    from,
    to,
    method,
    whole,
    parts,
    counts: diffCounts(parts),
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
  const changed = data.parts.some((part) => part.kind !== "same");
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
        {data.parts.map((part, index) =>
          part.kind === "same" ? (
            <span key={index}>{part.value}</span>
          ) : (
            // The hidden words say what changed to screen readers, which often do not announce <ins>/<del>.
            <span key={index}>
              <span className="visually-hidden">
                {t(
                  part.kind === "added" ? "policies.editing.diff.insertedStart" : "policies.editing.diff.deletedStart",
                )}
              </span>
              {part.kind === "added" ? (
                <ins title={t("policies.editing.diff.inserted")}>{part.value}</ins>
              ) : (
                <del title={t("policies.editing.diff.deleted")}>{part.value}</del>
              )}
              <span className="visually-hidden">{t("policies.editing.diff.end")}</span>
            </span>
          ),
        )}
      </div>
    </section>
  );
}
