// A priority cycle's phases (Haidian style). Each phase starts at its date and lasts until the
// next one starts; before the first date the cycle is only announced. Opening or closing a phase
// by hand moves the dates (an audited command), so this one function decides the phase for every
// page, command and test, in the browser and on the server.

export const PHASES = ["collect", "review", "vote", "results", "implementation", "report"] as const;
export type Phase = (typeof PHASES)[number];
/** "announced": the cycle exists but collecting has not started. */
export type CyclePhase = "announced" | Phase;

export const PHASE_START_FIELDS = {
  collect: "collectStartsAt",
  review: "reviewStartsAt",
  vote: "voteStartsAt",
  results: "resultsStartsAt",
  implementation: "implementationStartsAt",
  report: "reportStartsAt",
} as const satisfies Record<Phase, string>;

export type CycleSchedule = { [K in (typeof PHASE_START_FIELDS)[Phase]]: Date };

/** The phase the cycle is in at `now`. */
export function phaseAt(schedule: CycleSchedule, now: Date = new Date()): CyclePhase {
  let current: CyclePhase = "announced";
  for (const phase of PHASES) {
    if (schedule[PHASE_START_FIELDS[phase]].getTime() <= now.getTime()) current = phase;
  }
  return current;
}

/** When a phase starts and ends (null: the last phase never ends). */
export function phaseWindow(schedule: CycleSchedule, phase: Phase): { startsAt: Date; endsAt: Date | null } {
  const index = PHASES.indexOf(phase);
  const next = PHASES[index + 1];
  return { startsAt: schedule[PHASE_START_FIELDS[phase]], endsAt: next ? schedule[PHASE_START_FIELDS[next]] : null };
}

/** Whether the dates are in phase order (each phase starts no earlier than the one before). */
export function phasesInOrder(schedule: CycleSchedule): boolean {
  return PHASES.every(
    (phase, index) =>
      index === 0 ||
      schedule[PHASE_START_FIELDS[PHASES[index - 1]]].getTime() <= schedule[PHASE_START_FIELDS[phase]].getTime(),
  );
}
