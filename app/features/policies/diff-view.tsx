// How an insertion or a deletion is shown, on the diff page, the adoption preview and the
// response report alike: underlined or struck through (not colour alone), and named in words
// that only screen readers read ("[inserted: …]"), since many do not announce <ins>/<del> and an
// aria-label on them is not allowed (axe: aria-prohibited-attr).
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
