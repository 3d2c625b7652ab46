// The one way a loader offers a dataset for download (decision 0013).
import contentDisposition from "content-disposition";
import { z } from "zod";
import type { Language } from "~/i18n/config";
import { csvHeader, csvLines } from "./csv";
import {
  OPEN_DATA_FORMATS,
  datasetRecord,
  type OpenDataFormat,
  type OpenDataRecord,
  type OpenDataset,
} from "./dataset";
import { JSON_END, jsonStart } from "./json";
import { streamedBody } from "~/http/streamed-body.server";

export { OPEN_DATA_FORMATS, type OpenDataFormat };
/** For a route's `format` parameter (`?format=csv`, or a `$format` segment). */
export const openDataFormatSchema = z.enum(OPEN_DATA_FORMATS);

const CONTENT_TYPES: Record<OpenDataFormat, string> = {
  // header=present: RFC 4180's parameter saying the first line names the columns.
  csv: "text/csv; charset=utf-8; header=present",
  json: "application/json; charset=utf-8",
};

// Rows are turned into text a batch at a time: a million ballots never sit in memory as one string.
const ROWS_PER_CHUNK = 1000;

export interface OpenDataResponseOptions {
  format: OpenDataFormat;
  /** The file name without extension, any language ("2026年第3期访谈-问题"); the dataset's name by default. */
  filename?: string;
  /** The moment the JSON says it was made; now by default. */
  generatedAt?: Date;
  /** CSV only: write the column labels in this language instead of the machine names. */
  headerLanguage?: Language;
  /** More headers, e.g. Cache-Control. */
  headers?: HeadersInit;
}

async function* chunks<Row>(
  dataset: OpenDataset<Row>,
  rows: Iterable<Row> | AsyncIterable<Row>,
  options: OpenDataResponseOptions,
) {
  const csv = options.format === "csv";
  yield csv ? csvHeader(dataset, options.headerLanguage) : jsonStart(dataset, options.generatedAt ?? new Date());
  let batch: OpenDataRecord[] = [];
  let first = true;
  const flush = () => {
    const text = csv
      ? csvLines(dataset, batch)
      : (first ? "" : ",\n") + batch.map((record) => JSON.stringify(record)).join(",\n");
    first = false;
    batch = [];
    return text;
  };
  for await (const row of rows) {
    batch.push(datasetRecord(dataset, row));
    if (batch.length === ROWS_PER_CHUNK) yield flush();
  }
  if (batch.length > 0) yield flush();
  if (!csv) yield JSON_END;
}

/**
 * A download of `rows` as CSV or JSON, streamed. `rows` may be an array or an async iterable
 * (e.g. pages of a database query), read once. The file is UTF-8: the CSV starts with a byte
 * order mark for Excel; Content-Disposition carries the name as `filename*` (RFC 6266) with an
 * ASCII fallback of the dataset's name.
 */
export function openDataResponse<Row>(
  dataset: OpenDataset<Row>,
  rows: Iterable<Row> | AsyncIterable<Row>,
  options: OpenDataResponseOptions,
): Response {
  const extension = `.${options.format}`;
  const headers = new Headers(options.headers);
  headers.set("Content-Type", CONTENT_TYPES[options.format]);
  headers.set(
    "Content-Disposition",
    contentDisposition(`${options.filename ?? dataset.name}${extension}`, { fallback: `${dataset.name}${extension}` }),
  );
  return new Response(streamedBody(chunks(dataset, rows, options)), { status: 200, headers });
}
