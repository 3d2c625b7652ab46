import type { User } from "lucia";
import type { Outcome } from "~/shared/outcome";
import { recordAudit } from "~/features/audit/audit.server";
import { wallTimeToDate } from "~/shared/wall-time";
import { db } from "~/db.server";
import { isRecordId } from "~/validation";
import { canManageCycles } from "./permissions.server";
import {
  PHASES,
  PHASE_START_FIELDS,
  phaseAt,
  phasesInOrder,
  type CyclePhase,
  type CycleSchedule,
  type Phase,
} from "./phases";
import type { CycleInput } from "./schemas";

// Cycles: an area's yearly round of proposing, reviewing, voting and reporting. The phase is
// never stored: it follows from the six dates (phases.ts), so a page, a command and a test
// agree on it, and a phase opened by hand is a date moved, with an audit entry.

const notAdministrator = { ok: false as const, field: "form", error: "priorities.errors.notAdministrator" };

const cycleInclude = { area: { select: { id: true, slug: true, nameZh: true, nameEn: true } } } as const;

function withPhase<T extends CycleSchedule>(cycle: T, now = new Date()) {
  return { ...cycle, phase: phaseAt(cycle, now) };
}

export async function getCycle(id: string) {
  if (!isRecordId(id)) return null;
  const cycle = await db.cycle.findUnique({ where: { id }, include: cycleInclude });
  return cycle && withPhase(cycle);
}
export type CycleView = NonNullable<Awaited<ReturnType<typeof getCycle>>>;

/** What pages may show of a cycle: no account ids. */
export function cycleSummary(cycle: CycleView) {
  const { createdById: _creator, ...summary } = cycle;
  return summary;
}

/** Cycles still under way (announced up to implementation) first, soonest phase change first; then finished ones, newest first, paged. */
export async function listCycles(pastPage: number, pageSize = 20) {
  const now = new Date();
  const [current, past, pastTotal] = await Promise.all([
    db.cycle.findMany({
      where: { reportStartsAt: { gt: now } },
      include: cycleInclude,
      orderBy: { collectStartsAt: "desc" },
      take: 100,
    }),
    db.cycle.findMany({
      where: { reportStartsAt: { lte: now } },
      include: cycleInclude,
      orderBy: { reportStartsAt: "desc" },
      skip: (pastPage - 1) * pageSize,
      take: pageSize,
    }),
    db.cycle.count({ where: { reportStartsAt: { lte: now } } }),
  ]);
  const summary = (cycle: (typeof current)[number]) => cycleSummary(withPhase(cycle, now));
  return {
    current: current.map(summary),
    past: past.map(summary),
    pastPageCount: Math.max(1, Math.ceil(pastTotal / pageSize)),
  };
}

/** The cycles whose collection is open: for the counter desk's entry form. */
export async function listCyclesCollecting() {
  const now = new Date();
  const rows = await db.cycle.findMany({
    where: { collectStartsAt: { lte: now }, reviewStartsAt: { gt: now } },
    include: cycleInclude,
    orderBy: { reviewStartsAt: "asc" },
    take: 50,
  });
  return rows.map((row) => cycleSummary(withPhase(row, now)));
}

function scheduleFrom(input: CycleInput, timeZone: string): Outcome<CycleSchedule> {
  const schedule = Object.fromEntries(
    PHASES.map((phase) => [PHASE_START_FIELDS[phase], wallTimeToDate(input[PHASE_START_FIELDS[phase]], timeZone)]),
  ) as CycleSchedule;
  for (const phase of PHASES) {
    if (Number.isNaN(schedule[PHASE_START_FIELDS[phase]].getTime()))
      return { ok: false, field: PHASE_START_FIELDS[phase], error: "validation.dateTime" };
  }
  // Checked again after the conversion: a clock change can turn two close wall times around.
  if (!phasesInOrder(schedule)) return { ok: false, field: "reviewStartsAt", error: "priorities.errors.phaseOrder" };
  return { ok: true, value: schedule };
}

function cycleColumns(input: CycleInput, schedule: CycleSchedule) {
  return {
    areaId: input.areaId,
    titleZh: input.titleZh,
    titleEn: input.titleEn,
    summaryZh: input.summaryZh,
    summaryEn: input.summaryEn,
    ballotMethod: input.ballotMethod,
    // Only the one the method uses is kept, so that no page explains a limit that does not apply.
    maxChoices: input.ballotMethod === "budget" ? null : (input.maxChoices ?? null),
    budgetTotal: input.ballotMethod === "budget" ? (input.budgetTotal ?? null) : null,
    ...schedule,
  };
}

/** The six dates as the audit entry keeps them. */
const datesOf = (schedule: CycleSchedule) =>
  Object.fromEntries(
    PHASES.map((phase) => [PHASE_START_FIELDS[phase], schedule[PHASE_START_FIELDS[phase]].toISOString()]),
  );

export async function createCycle(actor: User, input: CycleInput, timeZone: string): Promise<Outcome<{ id: string }>> {
  if (!canManageCycles(actor)) return notAdministrator;
  if (!(await db.area.findUnique({ where: { id: input.areaId }, select: { id: true } })))
    return { ok: false, field: "areaId", error: "validation.choose" };
  const schedule = scheduleFrom(input, timeZone);
  if (!schedule.ok) return schedule;
  const cycle = await db.$transaction(async (tx) => {
    const created = await tx.cycle.create({ data: { ...cycleColumns(input, schedule.value), createdById: actor.id } });
    await recordAudit(tx, {
      actor,
      action: "cycle.create",
      targetType: "cycle",
      targetId: created.id,
      detail: { title: created.titleZh || created.titleEn, ...datesOf(schedule.value) },
    });
    return created;
  });
  return { ok: true, value: { id: cycle.id } };
}

const VOTE_OR_LATER: readonly CyclePhase[] = ["vote", "results", "implementation", "report"];
const VOTE_CLOSED: readonly CyclePhase[] = ["results", "implementation", "report"];
/** The dates that make up the vote: once it has closed, moving any of them would reopen it or rewrite its history. */
const VOTE_DATES = ["collectStartsAt", "reviewStartsAt", "voteStartsAt", "resultsStartsAt"] as const;

export async function updateCycle(
  actor: User,
  cycle: CycleView,
  input: CycleInput,
  timeZone: string,
): Promise<Outcome> {
  if (!canManageCycles(actor)) return notAdministrator;
  if (!(await db.area.findUnique({ where: { id: input.areaId }, select: { id: true } })))
    return { ok: false, field: "areaId", error: "validation.choose" };
  const schedule = scheduleFrom(input, timeZone);
  if (!schedule.ok) return schedule;
  const columns = cycleColumns(input, schedule.value);
  // Once the vote has started, ballots were cast under these rules and in this area: changing
  // them would change what those ballots mean.
  // The phase now, not when the page was loaded: the close may have passed in between.
  const phase = phaseAt(cycle);
  if (VOTE_OR_LATER.includes(phase)) {
    if (
      columns.ballotMethod !== cycle.ballotMethod ||
      columns.maxChoices !== cycle.maxChoices ||
      columns.budgetTotal !== cycle.budgetTotal
    ) {
      return { ok: false, field: "ballotMethod", error: "priorities.errors.rulesFixed" };
    }
    if (columns.areaId !== cycle.areaId) return { ok: false, field: "areaId", error: "priorities.errors.rulesFixed" };
    // Nor may new dates take the cycle back before the vote: review would reopen, and taking a
    // candidate off the shortlist renumbers the others under the ballots already cast.
    if (!VOTE_OR_LATER.includes(phaseAt(schedule.value)))
      return { ok: false, field: PHASE_START_FIELDS.vote, error: "priorities.errors.voteStarted" };
  }
  // Once voting has closed, the vote's dates and terms are frozen (decision 0026): moving the
  // close later would hide the published result and let ballots in again. Only the later
  // phases (implementation, report) may still move; a wrong result is corrected openly
  // (corrections.server.ts), never by editing the cycle.
  if (VOTE_CLOSED.includes(phase) || cycle.voteClosedAt) {
    // The form shows minutes: a date opened by hand to the second comes back as its minute.
    const minute = (date: Date) => Math.floor(date.getTime() / 60_000);
    const moved = VOTE_DATES.find((field) => minute(schedule.value[field]) !== minute(cycle[field]));
    if (moved) return { ok: false, field: moved, error: "priorities.errors.voteClosedFrozen" };
    for (const field of VOTE_DATES) columns[field] = cycle[field];
    if (!phasesInOrder(columns) || !VOTE_CLOSED.includes(phaseAt(columns)))
      return { ok: false, field: PHASE_START_FIELDS.implementation, error: "priorities.errors.voteClosedFrozen" };
  }
  const saved = await db.$transaction(async (tx) => {
    // Conditional on the cycle as the checks above read it: the vote may have closed since the
    // page was loaded (the upkeep timer, another page), and an edit read before the close must
    // not move its dates after it. On PostgreSQL the second of two writers re-reads the row.
    const { count } = await tx.cycle.updateMany({
      where: { id: cycle.id, voteClosedAt: cycle.voteClosedAt, resultsStartsAt: cycle.resultsStartsAt },
      data: columns,
    });
    if (count !== 1) return false;
    await recordAudit(tx, {
      actor,
      action: "cycle.update",
      targetType: "cycle",
      targetId: cycle.id,
      detail: { title: input.titleZh || input.titleEn, before: datesOf(cycle), after: datesOf(schedule.value) },
    });
    return true;
  });
  // Changed since the page was loaded (closed, or dates moved by someone else): reload and look again.
  if (!saved) return { ok: false, field: "form", error: "priorities.errors.phaseMoved" };
  return { ok: true, value: undefined };
}

/** The phase that follows the cycle's current one, which an administrator may start now; null after the last. */
export function nextPhase(phase: CyclePhase): Phase | null {
  if (phase === "announced") return "collect";
  return PHASES[PHASES.indexOf(phase) + 1] ?? null;
}

/**
 * Starts the next phase now, which closes the current one: "Close collection now" starts the
 * review. Only the next phase, named by the form, so that pressing twice (or two administrators
 * at once) moves one phase, not two. The later dates stay as they were.
 */
export async function startPhaseNow(actor: User, cycle: CycleView, phase: Phase): Promise<Outcome<{ phase: Phase }>> {
  if (!canManageCycles(actor)) return notAdministrator;
  const now = new Date();
  const moved = await db.$transaction(async (tx) => {
    const current = await tx.cycle.findUniqueOrThrow({ where: { id: cycle.id } });
    const from = phaseAt(current, now);
    if (nextPhase(from) !== phase) return null;
    const field = PHASE_START_FIELDS[phase];
    // Conditional on the date read above: on PostgreSQL the second of two presses finds it moved.
    const { count } = await tx.cycle.updateMany({
      where: { id: cycle.id, [field]: current[field] },
      data: { [field]: now },
    });
    if (count === 0) return null;
    await recordAudit(tx, {
      actor,
      action: "cycle.phase",
      targetType: "cycle",
      targetId: cycle.id,
      detail: {
        title: cycle.titleZh || cycle.titleEn,
        phase,
        from,
        plannedAt: current[field].toISOString(),
        startedAt: now.toISOString(),
      },
    });
    return phase;
  });
  if (!moved) return { ok: false, field: "form", error: "priorities.errors.phaseMoved" };
  return { ok: true, value: { phase: moved } };
}
