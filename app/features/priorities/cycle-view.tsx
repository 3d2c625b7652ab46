import { Link } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { useFormat } from "~/ui/format";
import { PHASES, PHASE_START_FIELDS, type CyclePhase } from "./phases";

// How a cycle reads on a page: its title in the reader's language, its phase, its timeline.

type Titled = { titleZh: string; titleEn: string };
type Summarised = { summaryZh: string; summaryEn: string };
type Named = { nameZh: string; nameEn: string };
type Dated = { [K in (typeof PHASE_START_FIELDS)[keyof typeof PHASE_START_FIELDS]]: string };

/** A cycle's title in the reader's language, or the other one where only that was given. */
export function useCycleText() {
  const { i18n } = useTranslation();
  const zh = i18n.language.startsWith("zh");
  return {
    title: (cycle: Titled) => (zh ? cycle.titleZh || cycle.titleEn : cycle.titleEn || cycle.titleZh),
    summary: (cycle: Summarised) => (zh ? cycle.summaryZh || cycle.summaryEn : cycle.summaryEn || cycle.summaryZh),
    lang: (cycle: Titled) => ((zh ? cycle.titleZh : !cycle.titleEn) ? "zh-CN" : "en"),
    area: (area: Named) => (zh ? area.nameZh : area.nameEn),
  };
}

export function PhaseBadge({ phase }: { phase: CyclePhase }) {
  const { t } = useTranslation();
  return <span className="badge">{t(`priorities.phases.${phase}`)}</span>;
}

/** The six phases with their start dates; the current one is marked in words, not only by style. */
export function PhaseTimeline({ cycle }: { cycle: Dated & { phase: CyclePhase } }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <ol className="list">
      {PHASES.map((phase) => {
        const current = cycle.phase === phase;
        return (
          <li key={phase} className="list-item" aria-current={current ? "step" : undefined}>
            <div>
              {current ? <strong>{t(`priorities.phases.${phase}`)}</strong> : t(`priorities.phases.${phase}`)}
              {current ? <span className="badge">{t("priorities.timelineCurrent")}</span> : null}
              <p className="hint">
                {t("priorities.phaseStarts", { date: format.dateTime(cycle[PHASE_START_FIELDS[phase]]) })}
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}

export type CycleListEntry = Titled & { id: string; phase: CyclePhase; area: Named; collectStartsAt: string };

export function CycleListItem({ cycle }: { cycle: CycleListEntry }) {
  const text = useCycleText();
  return (
    <li className="list-item">
      <Link to={`/priorities/${cycle.id}`} lang={text.lang(cycle)}>
        {text.title(cycle)}
      </Link>
      <PhaseBadge phase={cycle.phase} />
      <p className="question-meta">{text.area(cycle.area)}</p>
    </li>
  );
}

/** The ballot method and its limit, in plain words. */
export function MethodExplained({
  cycle,
}: {
  cycle: { ballotMethod: string; maxChoices: number | null; budgetTotal: number | null };
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const method = cycle.ballotMethod as "approval" | "ranked" | "budget";
  return (
    <p>
      <Trans
        i18nKey="priorities.methodLine"
        values={{
          method: t(`priorities.methods.${method}`),
          help: t(`priorities.methodHelp.${method}`, {
            count: cycle.maxChoices ?? 0,
            total: format.number(cycle.budgetTotal ?? 0),
          }),
        }}
        components={{ strong: <strong /> }}
        t={t}
      />
    </p>
  );
}

/** The link back to a cycle from its other pages. */
export function BackToCycle({ cycle }: { cycle: Titled & { id: string } }) {
  const text = useCycleText();
  return (
    <p>
      <Link to={`/priorities/${cycle.id}`} className="standalone-link" lang={text.lang(cycle)}>
        {text.title(cycle)}
      </Link>
    </p>
  );
}
