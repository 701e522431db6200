// The app's list tables (tokens, jams, participants, submissions): scrollable on a phone, with a
// caption for screen readers and a row of column headings.
import type { ReactNode } from "react";
import "./list-table.css";

/** A column heading; `{ hidden }` names a column of buttons or links for screen readers only. */
export type Column = string | { hidden: string };

export function ListTable({ caption, columns, children }: { caption: string; columns: Column[]; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table className="list">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) =>
              typeof c === "string" ? (
                <th scope="col" key={c}>
                  {c}
                </th>
              ) : (
                <th scope="col" key={c.hidden}>
                  <span className="sr-only">{c.hidden}</span>
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
