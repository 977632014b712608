import type { ReactNode } from "react";

/**
 * The numbers behind a chart as a plain table: what screen readers read, and anyone can open
 * ("Show the numbers"). Headers are real `th` cells with scope.
 */
export function DataTable({ caption, columns, rows, collapsible = true }: {
  caption: string; columns: string[]; rows: Array<{ key: string; cells: ReactNode[] }>; collapsible?: boolean;
}) {
  const table = (
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={caption}>
      <table className="min-w-full divide-y divide-slate-100 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            {columns.map((c, i) => (
              <th key={c} scope="col" className={`px-3 py-2 ${i === 0 ? "" : "text-right"}`}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.key}>
              {row.cells.map((cell, i) =>
                i === 0 ? (
                  <th key={i} scope="row" className="whitespace-nowrap px-3 py-1.5 text-left font-medium text-slate-700">{cell}</th>
                ) : (
                  <td key={i} className="whitespace-nowrap px-3 py-1.5 text-right tabular-nums text-slate-700">{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  if (!collapsible) return table;
  return (
    <details className="mt-3 rounded-lg border border-slate-200">
      <summary className="cursor-pointer select-none px-3 py-2 text-sm font-medium text-brand-700 focus-visible:outline-2 focus-visible:outline-brand-500">
        Show the numbers<span className="sr-only">: {caption}</span>
      </summary>
      {table}
    </details>
  );
}
