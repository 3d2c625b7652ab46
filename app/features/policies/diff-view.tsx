// How an insertion or a deletion is shown, on the diff page, the adoption preview and the
// response report alike: underlined or struck through (not colour alone), and named in words
// that only screen readers read ("[inserted: …]"), since many do not announce <ins>/<del> and an
// aria-label on them is not allowed (axe: aria-prohibited-attr).
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import type { DiffBlock, DiffPart } from "./diff";

export function DiffMark({ kind, children }: { kind: "added" | "removed"; children: string }) {
  const { t } = useTranslation();
  return (
    <span className="diff-mark">
      <span className="visually-hidden">
        {t(kind === "added" ? "policies.editing.diff.insertedStart" : "policies.editing.diff.deletedStart")}
      </span>
      {kind === "added" ? (
        <ins title={t("policies.editing.diff.inserted")}>{children}</ins>
      ) : (
        <del title={t("policies.editing.diff.deleted")}>{children}</del>
      )}
      <span className="visually-hidden">{t("policies.editing.diff.end")}</span>
    </span>
  );
}

export function DiffParts({ parts }: { parts: readonly DiffPart[] }) {
  return (
    <>
      {parts.map((part, index) =>
        part.kind === "same" ? (
          <span key={index}>{part.value}</span>
        ) : (
          <DiffMark key={index} kind={part.kind}>
            {part.value}
          </DiffMark>
        ),
      )}
    </>
  );
}

/** A comparison block by block: each block a paragraph of its own, as the text has it. */
export function DiffBlocks({ blocks }: { blocks: readonly DiffBlock[] }) {
  return (
    <>
      {blocks.map((block, index) => (
        <p key={index} className={`diff-block diff-${block.kind}`}>
          <DiffParts parts={block.parts} />
        </p>
      ))}
    </>
  );
}

/** Unchanged blocks shown around each change; longer unchanged stretches fold away. */
const CONTEXT_BLOCKS = 1;

type Stretch =
  | { kind: "blocks"; blocks: { block: DiffBlock; change: number | null }[] }
  | { kind: "unchanged"; blocks: DiffBlock[] };

/** The blocks in stretches: changes with a block of context each side, and what lies between folded. */
function stretchesOf(blocks: readonly DiffBlock[]): Stretch[] {
  const changed = blocks.map((block) => block.kind !== "same");
  const near = (index: number) =>
    changed.slice(Math.max(0, index - CONTEXT_BLOCKS), index + CONTEXT_BLOCKS + 1).some(Boolean);
  const stretches: Stretch[] = [];
  let changes = 0;
  blocks.forEach((block, index) => {
    const shown = near(index);
    const last = stretches[stretches.length - 1];
    if (shown) {
      const entry = { block, change: changed[index] ? ++changes : null };
      if (last?.kind === "blocks") last.blocks.push(entry);
      else stretches.push({ kind: "blocks", blocks: [entry] });
    } else if (last?.kind === "unchanged") last.blocks.push(block);
    else stretches.push({ kind: "unchanged", blocks: [block] });
  });
  return stretches;
}

/**
 * The diff page's comparison: each change numbered, with a link to the next one (plain links to
 * anchors, so they work by keyboard and without JavaScript), and unchanged stretches folded into
 * a disclosure that says how many paragraphs it holds.
 */
export function NavigableDiff({ blocks }: { blocks: readonly DiffBlock[] }) {
  const { t } = useTranslation();
  const total = blocks.filter((block) => block.kind !== "same").length;
  return (
    <>
      {stretchesOf(blocks).map((stretch, index) =>
        stretch.kind === "unchanged" ? (
          <details key={index} className="diff-unchanged">
            <summary>{t("policies.editing.diff.unchanged", { count: stretch.blocks.length })}</summary>
            <DiffBlocks blocks={stretch.blocks} />
          </details>
        ) : (
          <Fragment key={index}>
            {stretch.blocks.map(({ block, change }, at) =>
              change === null ? (
                <p key={at} className="diff-block diff-same">
                  <DiffParts parts={block.parts} />
                </p>
              ) : (
                <div key={at} id={`change-${change}`} className="diff-change" tabIndex={-1}>
                  <p className={`diff-block diff-${block.kind}`}>
                    <DiffParts parts={block.parts} />
                  </p>
                  <p className="diff-change-nav">
                    {change < total ? (
                      <a href={`#change-${change + 1}`}>
                        {t("policies.editing.diff.nextChange", { number: change + 1, total })}
                      </a>
                    ) : (
                      <a href="#diff-title">{t("policies.editing.diff.lastChange", { total })}</a>
                    )}
                  </p>
                </div>
              ),
            )}
          </Fragment>
        ),
      )}
    </>
  );
}
