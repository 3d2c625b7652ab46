import type { ReactNode } from "react";

interface ReflowTableProps {
  caption: string;
  columns: readonly string[];
  rows: ReadonlyArray<{ key: string; cells: readonly ReactNode[] }>;
}

/**
 * A table that reflows: where its container is narrow (a phone, 200% zoom, the largest text)
 * each row becomes a block and each cell a line under its column's name, instead of columns
 * squeezed to one character or pushed off the screen (WCAG 1.4.10; see app.css). The explicit
 * roles keep it a table for screen readers that drop table semantics when CSS changes display.
 */
export function ReflowTable({ caption, columns, rows }: ReflowTableProps) {
  return (
    <div className="table-wrap">
      <table className="reflow" role="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead role="rowgroup">
          <tr role="row">
            {columns.map((column) => (
              <th key={column} scope="col" role="columnheader">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {rows.map((row) => (
            <tr key={row.key} role="row">
              {row.cells.map((cell, index) => (
                <td key={columns[index]} role="cell">
                  {/* Shown only when stacked; screen readers already hear the column header. */}
                  <span className="cell-label" aria-hidden="true">
                    {columns[index]}
                  </span>
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
