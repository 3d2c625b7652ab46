// JSON downloads. The shape (decision 0013):
//   { "dataset": "priority-ballots", "title": { "zh-CN": "…", "en": "…" }, "generatedAt": "2026-11-24T01:02:03.000Z",
//     "license": "CC-BY-4.0", "columns": [{ "name": "ballot_id", "type": "text", "label": { … } }, …],
//     "rows": [{ "ballot_id": "…", "rank_1": "c3", … }, …] }
// title, license and label appear only when the definition has them. Rows are objects keyed by
// column name, with the values of `OpenDataRecord`: the same values the CSV carries.
import { z } from "zod";
import {
  ISO_DATE,
  ISO_DATETIME,
  OpenDataReadError,
  datasetColumns,
  datasetRecord,
  type AnyOpenDataset,
  type OpenDataCell,
  type OpenDataRecord,
  type OpenDataset,
} from "./dataset";

/** Everything before the first row. Rows follow, separated by ",\n", then `JSON_END`. */
export function jsonStart(dataset: AnyOpenDataset, generatedAt: Date): string {
  const head = {
    dataset: dataset.name,
    ...(dataset.title ? { title: dataset.title } : {}),
    generatedAt: generatedAt.toISOString(),
    ...(dataset.license ? { license: dataset.license } : {}),
    columns: datasetColumns(dataset),
  };
  return `${JSON.stringify(head).slice(0, -1)},"rows":[\n`;
}

export const JSON_END = "\n]}\n";

/** A whole JSON download in memory; `openDataResponse` streams the same text for large datasets. */
export function toOpenDataJson<Row>(
  dataset: OpenDataset<Row>,
  rows: Iterable<Row>,
  options: { generatedAt?: Date } = {},
): string {
  const lines = Array.from(rows, (row) => JSON.stringify(datasetRecord(dataset, row)));
  return jsonStart(dataset, options.generatedAt ?? new Date()) + lines.join(",\n") + JSON_END;
}

const documentSchema = z.object({ dataset: z.string(), rows: z.array(z.record(z.string(), z.unknown())) });

function isCell(type: AnyOpenDataset["columns"][number]["type"], value: unknown): value is OpenDataCell {
  if (value === null) return true;
  switch (type) {
    case "text":
      return typeof value === "string";
    case "integer":
      return Number.isSafeInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "date":
      return typeof value === "string" && ISO_DATE.test(value);
    case "datetime":
      return typeof value === "string" && ISO_DATETIME.test(value) && !Number.isNaN(Date.parse(value));
  }
}

/** Reads a JSON download back into published records; throws OpenDataReadError saying what is wrong. */
export function readOpenDataJson(dataset: AnyOpenDataset, json: string): OpenDataRecord[] {
  let document: z.infer<typeof documentSchema>;
  try {
    const parsed = documentSchema.safeParse(JSON.parse(json));
    if (!parsed.success) throw new Error("it has no dataset name and list of rows");
    document = parsed.data;
  } catch (error) {
    throw new OpenDataReadError(`Not a readable open-data JSON file: ${(error as Error).message}`);
  }
  if (document.dataset !== dataset.name)
    throw new OpenDataReadError(`The file holds the ${document.dataset} dataset, not ${dataset.name}.`);
  return document.rows.map((row, index) => {
    const extra = Object.keys(row).filter((key) => !dataset.columns.some((column) => column.name === key));
    if (extra.length > 0)
      throw new OpenDataReadError(
        `Record ${index + 1}: ${extra.join(", ")} is not part of the ${dataset.name} dataset.`,
      );
    const record: OpenDataRecord = {};
    for (const column of dataset.columns) {
      const value = row[column.name];
      if (!(column.name in row) || !isCell(column.type, value)) {
        throw new OpenDataReadError(
          `Record ${index + 1}, column ${column.name}: ${JSON.stringify(value) ?? "nothing"} is not a ${column.type}`,
        );
      }
      record[column.name] = value;
    }
    return record;
  });
}
