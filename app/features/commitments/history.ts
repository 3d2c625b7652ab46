// A commitment's public history (decision 0025): what an edit changed in the promise, the title
// and the dates, as CommitmentChange rows with the values before and after. Pure, no server
// imports: the form's validation, the command and the pages share it.

/** A milestone as it is promised: its title and due day ("2027-03-31"). Ticking it done is progress, not a change. */
export interface PromisedMilestone {
  title: string;
  dueDate: string;
}

/** What a commitment promises, field by field, as the history compares and shows it. */
export interface VersionedCommitment {
  titleZh: string;
  titleEn: string;
  promiseZh: string;
  promiseEn: string;
  /** A day, "2027-12-31". */
  targetDate: string;
  milestones: PromisedMilestone[];
}

export type VersionedField = keyof VersionedCommitment;
export const VERSIONED_FIELDS: readonly VersionedField[] = [
  "titleZh",
  "titleEn",
  "promiseZh",
  "promiseEn",
  "targetDate",
  "milestones",
];

/**
 * Changing what is promised or when needs a public reason; a title is only the promise's name.
 * Milestones are promised steps with dates: changing, adding or dropping one needs a reason too.
 */
export const FIELDS_NEEDING_A_REASON: ReadonlySet<VersionedField> = new Set([
  "promiseZh",
  "promiseEn",
  "targetDate",
  "milestones",
]);

export const REASON_MAX_LENGTH = 1000;

export type VersionedValue = string | PromisedMilestone[];

const same = (a: VersionedValue, b: VersionedValue) => JSON.stringify(a) === JSON.stringify(b);

/** The fields that differ, with their values before and after: what one CommitmentChange row keeps. */
export function diffCommitment(before: VersionedCommitment, after: VersionedCommitment) {
  const fields = VERSIONED_FIELDS.filter((field) => !same(before[field], after[field]));
  return {
    fields,
    before: Object.fromEntries(fields.map((field) => [field, before[field]])) as Partial<VersionedCommitment>,
    after: Object.fromEntries(fields.map((field) => [field, after[field]])) as Partial<VersionedCommitment>,
  };
}

export const needsReason = (fields: readonly VersionedField[]) =>
  fields.some((field) => FIELDS_NEEDING_A_REASON.has(field));

export interface FieldChange {
  field: VersionedField;
  before: VersionedValue;
  after: VersionedValue;
}

function parseObject(json: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(json);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function asValue(field: VersionedField, value: unknown): VersionedValue {
  if (field !== "milestones") return typeof value === "string" ? value : "";
  if (!Array.isArray(value)) return [];
  return value
    .filter((item): item is Record<string, unknown> => !!item && typeof item === "object")
    .map((item) => ({ title: String(item.title ?? ""), dueDate: String(item.dueDate ?? "") }));
}

/** A stored change read back, in the fields' order; a row that does not parse shows no field rather than failing the page. */
export function readChange(beforeJson: string, afterJson: string): FieldChange[] {
  const before = parseObject(beforeJson);
  const after = parseObject(afterJson);
  return VERSIONED_FIELDS.filter((field) => Object.hasOwn(before, field) || Object.hasOwn(after, field)).map(
    (field) => ({
      field,
      before: asValue(field, before[field]),
      after: asValue(field, after[field]),
    }),
  );
}

/** Milestones as one line of text, for the open data: "Design (2027-02-01); Works (2027-06-30)". */
export const milestonesText = (milestones: readonly PromisedMilestone[]) =>
  milestones.map((milestone) => `${milestone.title} (${milestone.dueDate})`).join("; ");
