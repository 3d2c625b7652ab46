// A dataset definition is the one description of a download: its columns, their stable
// machine names, types and labels, and how each value is read from a row. The CSV and the JSON
// are both written from `datasetRecord`, so they cannot disagree (decision 0013).
import type { Language } from "~/i18n/config";

export const OPEN_DATA_FORMATS = ["csv", "json"] as const;
export type OpenDataFormat = (typeof OPEN_DATA_FORMATS)[number];

export const COLUMN_TYPES = ["text", "integer", "number", "boolean", "date", "datetime"] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** What a column's getter returns, by type. A date is a local calendar day the caller has chosen. */
interface ValueByType {
  text: string;
  integer: number;
  number: number;
  boolean: boolean;
  /** "YYYY-MM-DD". */
  date: string;
  datetime: Date;
}

/** A label per language; a missing language falls back to the column's machine name. */
export type Labels = Partial<Record<Language, string>>;

export type OpenDataColumn<Row> = {
  [T in ColumnType]: {
    /** Stable machine name (lower snake case). Once published, never rename it: people's scripts read it. */
    name: string;
    type: T;
    label?: Labels;
    /** The value for one row; null for none (an empty CSV cell, a JSON null). */
    value: (row: Row) => ValueByType[T] | null;
  };
}[ColumnType];

export interface OpenDataset<Row> {
  /** Stable machine name, e.g. "interview-questions": the JSON's `dataset` field and the default file name. */
  name: string;
  title?: Labels;
  /** A licence identifier or address for the JSON, e.g. "CC-BY-4.0". */
  license?: string;
  columns: ReadonlyArray<OpenDataColumn<Row>>;
}

/** Any dataset, whatever its rows: for code that reads only the definition (a getter's parameter accepts never). */
export type AnyOpenDataset = OpenDataset<never>;

/**
 * One row as published, keyed by column name: text (empty text as null), numbers and booleans as they are, a date as
 * "YYYY-MM-DD", a datetime as an ISO 8601 UTC string, none as null. What both downloads carry,
 * and what reading a download back gives.
 */
export type OpenDataCell = string | number | boolean | null;
export type OpenDataRecord = Record<string, OpenDataCell>;

const MACHINE_NAME = /^[a-z][a-z0-9_]*$/;
const DATASET_NAME = /^[a-z][a-z0-9-]*$/;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Checks a definition once, where it is written, so a wrong one fails at startup and in tests. */
export function defineDataset<Row>(dataset: OpenDataset<Row>): OpenDataset<Row> {
  if (!DATASET_NAME.test(dataset.name))
    throw new Error(`Dataset name "${dataset.name}" must be lower case words joined by "-"`);
  const seen = new Set<string>();
  for (const column of dataset.columns) {
    if (!MACHINE_NAME.test(column.name))
      throw new Error(`${dataset.name}: column name "${column.name}" must be lower snake case`);
    if (seen.has(column.name)) throw new Error(`${dataset.name}: column "${column.name}" appears twice`);
    seen.add(column.name);
  }
  if (seen.size === 0) throw new Error(`${dataset.name}: a dataset needs at least one column`);
  return dataset;
}

export function columnLabel(column: { name: string; label?: Labels }, language: Language | undefined): string {
  return (language && column.label?.[language]) || column.name;
}

function wrongValue(datasetName: string, column: { name: string; type: ColumnType }, value: unknown) {
  return new TypeError(`${datasetName}.${column.name}: ${String(value)} is not a ${column.type}`);
}

/** A value as published. A getter that returns the wrong kind of value is a bug: it throws. */
function publishedValue(datasetName: string, column: OpenDataColumn<never>, value: unknown): OpenDataCell {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case "text":
      if (typeof value !== "string") throw wrongValue(datasetName, column, value);
      // A CSV cell cannot tell empty text from none, so both downloads publish it as none.
      return value === "" ? null : value;
    case "integer":
      if (!Number.isSafeInteger(value)) throw wrongValue(datasetName, column, value);
      return value as number;
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) throw wrongValue(datasetName, column, value);
      return Object.is(value, -0) ? 0 : value;
    case "boolean":
      if (typeof value !== "boolean") throw wrongValue(datasetName, column, value);
      return value;
    case "date":
      if (typeof value !== "string" || !ISO_DATE.test(value)) throw wrongValue(datasetName, column, value);
      return value;
    case "datetime":
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw wrongValue(datasetName, column, value);
      return value.toISOString();
  }
}

/** One row as published. */
export function datasetRecord<Row>(dataset: OpenDataset<Row>, row: Row): OpenDataRecord {
  const record: OpenDataRecord = {};
  for (const column of dataset.columns) {
    record[column.name] = publishedValue(
      dataset.name,
      column as OpenDataColumn<never>,
      (column.value as (row: Row) => unknown)(row),
    );
  }
  return record;
}

/** The columns as the JSON download lists them. */
export function datasetColumns(dataset: AnyOpenDataset) {
  return dataset.columns.map(({ name, type, label }) => ({ name, type, ...(label ? { label } : {}) }));
}

/** A download that cannot be read as this dataset: the message says where and why. */
export class OpenDataReadError extends Error {
  override name = "OpenDataReadError";
}
