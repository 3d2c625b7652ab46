// CSV downloads (RFC 4180 through csv-stringify, read back with csv-parse, both from the csv
// project) and the reverse for the recount tools. Decision 0013 explains the choices below.
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import type { Language } from "~/i18n/config";
import {
  ISO_DATE,
  ISO_DATETIME,
  OpenDataReadError,
  columnLabel,
  datasetRecord,
  type AnyOpenDataset,
  type OpenDataCell,
  type OpenDataColumn,
  type OpenDataRecord,
  type OpenDataset,
} from "./dataset";

/** Excel reads a CSV file as the system's legacy code page (GBK on Chinese Windows) unless it starts with this. */
export const UTF8_BOM = "\uFEFF";

// escape_formulas: a text cell starting with = + - @ tab or CR (or their full-width forms, which
// Chinese input methods type) gets a leading apostrophe, so a spreadsheet shows it as text instead
// of running it as a formula (CSV injection). Number columns are written as numbers and never
// prefixed, so a negative count stays a number in Excel and in the recount.
const STRINGIFY_OPTIONS = { record_delimiter: "windows", escape_formulas: true } as const;

/**
 * A text cell that already starts with an apostrophe gets a second one. Then every text cell that
 * starts with an apostrophe carries exactly one added by us, and reading removes exactly one:
 * the escaping reverses without guessing.
 */
function escapeText(value: string): string {
  return value.startsWith("'") ? `'${value}` : value;
}

function unescapeText(value: string): string {
  return value.startsWith("'") ? value.slice(1) : value;
}

function csvCell(column: OpenDataColumn<never>, value: OpenDataCell): string | number | null {
  if (value === null) return null;
  if (column.type === "text") return escapeText(value as string);
  if (column.type === "boolean") return value ? "true" : "false";
  return value as string | number;
}

/** The first line: the byte order mark and the column names (or labels in a language). */
export function csvHeader(dataset: AnyOpenDataset, headerLanguage?: Language): string {
  return (
    UTF8_BOM +
    stringify([dataset.columns.map((column) => escapeText(columnLabel(column, headerLanguage)))], STRINGIFY_OPTIONS)
  );
}

/** Lines for published records, each ending in CRLF. */
export function csvLines(dataset: AnyOpenDataset, records: readonly OpenDataRecord[]): string {
  return stringify(
    records.map((record) => dataset.columns.map((column) => csvCell(column, record[column.name]))),
    STRINGIFY_OPTIONS,
  );
}

/** A whole CSV download in memory; `openDataResponse` streams the same text for large datasets. */
export function toOpenDataCsv<Row>(
  dataset: OpenDataset<Row>,
  rows: Iterable<Row>,
  options: { headerLanguage?: Language } = {},
): string {
  const records = Array.from(rows, (row) => datasetRecord(dataset, row));
  return csvHeader(dataset, options.headerLanguage) + csvLines(dataset, records);
}

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

function readCell(column: OpenDataColumn<never>, text: string, where: string): OpenDataCell {
  if (text === "") return null;
  const wrong = () => new OpenDataReadError(`${where}, column ${column.name}: "${text}" is not a ${column.type}`);
  switch (column.type) {
    case "text":
      return unescapeText(text);
    case "integer": {
      const value = Number(text);
      if (!INTEGER.test(text) || !Number.isSafeInteger(value)) throw wrong();
      return value;
    }
    case "number": {
      const value = Number(text);
      if (!DECIMAL.test(text) || !Number.isFinite(value)) throw wrong();
      return value;
    }
    case "boolean":
      if (text !== "true" && text !== "false") throw wrong();
      return text === "true";
    case "date":
      if (!ISO_DATE.test(text)) throw wrong();
      return text;
    case "datetime":
      if (!ISO_DATETIME.test(text) || Number.isNaN(Date.parse(text))) throw wrong();
      return text;
  }
}

/**
 * Reads a CSV download back into published records, exactly as they were written: what the
 * recount tools compute from. The header may give the columns' machine names or their labels in
 * any language, in any order; every column of the dataset must be there, and nothing else.
 * Throws OpenDataReadError saying where the file is wrong.
 */
export function readOpenDataCsv(dataset: AnyOpenDataset, csv: string): OpenDataRecord[] {
  let table: string[][];
  try {
    table = parse(csv, { bom: true, relax_column_count: false, skip_empty_lines: false });
  } catch (error) {
    throw new OpenDataReadError(`Not a readable CSV file: ${(error as Error).message}`);
  }
  const [header, ...lines] = table;
  if (!header) throw new OpenDataReadError("The file is empty: the first line must name the columns.");
  const columns = dataset.columns;
  const byHeading = new Map<string, OpenDataColumn<never>>();
  for (const column of columns)
    for (const label of Object.values(column.label ?? {})) if (label) byHeading.set(label, column);
  for (const column of columns) byHeading.set(column.name, column);

  const order = header.map((heading, index) => {
    const column = byHeading.get(unescapeText(heading));
    if (!column)
      throw new OpenDataReadError(`Column ${index + 1} ("${heading}") is not part of the ${dataset.name} dataset.`);
    return column;
  });
  const found = new Set(order.map((column) => column.name));
  const missing = columns.filter((column) => !found.has(column.name)).map((column) => column.name);
  if (missing.length > 0)
    throw new OpenDataReadError(`The ${dataset.name} file lacks the column(s) ${missing.join(", ")}.`);
  if (found.size !== order.length) throw new OpenDataReadError(`A column of the ${dataset.name} file appears twice.`);

  return lines.map((cells, index) => {
    const record: OpenDataRecord = {};
    order.forEach((column, position) => {
      record[column.name] = readCell(column, cells[position], `Record ${index + 1}`);
    });
    return record;
  });
}
