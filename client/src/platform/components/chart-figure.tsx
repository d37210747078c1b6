// A chart and the same data as a table: "Gráfico" and "Tabla" tabs, and "Descargar CSV" for the
// table's data. The chart names what it shows in its accessible label; the table is the version
// to read with a screen reader, to copy or to export.
import { useState, type ReactNode } from 'react';
import { downloadCsv } from '../lib/csv-download.ts';
import { Tabs } from './tabs.tsx';

export interface ChartTableColumn {
  label: string;
  numeric?: boolean;
}

export interface ChartTableRow {
  key: string;
  /** What the table shows (formatted: "S/ 1,234.50"). */
  cells: ReactNode[];
  /** What the CSV holds (exact: "1234.50"). */
  csv: string[];
  /** A click on the row opens its detail (the drill-down); the first cell holds a button too. */
  className?: string;
}

export interface ChartTable {
  columns: ChartTableColumn[];
  rows: ChartTableRow[];
  /** A totals row, shown in the table's foot and written last in the CSV. */
  footer?: ChartTableRow;
}

type View = 'chart' | 'table';
const viewTabs = [
  { id: 'chart', label: 'Gráfico' },
  { id: 'table', label: 'Tabla' },
] as const;

export function ChartFigure({
  title,
  summary,
  chart,
  table,
  fileName,
  testId,
  note,
}: {
  title: string;
  /**
   * The chart's accessible description (its figures in one sentence), for a picture. Without it
   * the chart is read as it is: a chart made of HTML (a heat map table with buttons).
   */
  summary?: string;
  chart: ReactNode;
  table: ChartTable;
  /** Of the CSV download, e.g. "pareto-compra-2026.csv". */
  fileName: string;
  testId: string;
  /** A caveat under the chart and the table (what the data leaves out). */
  note?: ReactNode;
}) {
  const [view, setView] = useState<View>('chart');
  const csvRows = [...table.rows, ...(table.footer ? [table.footer] : [])].map((row) => row.csv);
  return (
    <figure className="chart-figure" data-testid={testId}>
      <div className="chart-figure__head">
        <figcaption className="chart-figure__title">{title}</figcaption>
        <button
          type="button"
          className="button button--small button--quiet"
          onClick={() => downloadCsv(fileName, table.columns.map((column) => column.label), csvRows)}
          data-testid={`${testId}-csv`}
        >
          Descargar CSV
        </button>
      </div>
      <Tabs label={`Vista de «${title}»`} tabs={viewTabs} selected={view} onSelect={setView}>
        {view === 'chart' ? (
          <div
            className="chart-figure__plot"
            role={summary === undefined ? 'group' : 'img'}
            aria-label={summary ?? title}
            data-testid={`${testId}-chart`}
          >
            {chart}
          </div>
        ) : (
          <div className="table-scroll table-scroll--auto" role="region" aria-label={title} tabIndex={0}>
            <table className="data-table chart-figure__table" data-testid={`${testId}-table`}>
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  {table.columns.map((column) => (
                    <th key={column.label} scope="col" className={column.numeric ? 'num' : undefined}>
                      {column.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.length === 0 ? (
                  <tr>
                    <td colSpan={table.columns.length} className="data-table__empty">
                      Sin datos.
                    </td>
                  </tr>
                ) : (
                  table.rows.map((row) => <TableRow key={row.key} row={row} columns={table.columns} />)
                )}
              </tbody>
              {table.footer ? (
                <tfoot>
                  <TableRow row={table.footer} columns={table.columns} />
                </tfoot>
              ) : null}
            </table>
          </div>
        )}
      </Tabs>
      {note ? <p className="chart-figure__note muted">{note}</p> : null}
    </figure>
  );
}

function TableRow({ row, columns }: { row: ChartTableRow; columns: readonly ChartTableColumn[] }) {
  return (
    <tr className={row.className}>
      {row.cells.map((cell, index) =>
        index === 0 ? (
          <th key={index} scope="row">
            {cell}
          </th>
        ) : (
          <td key={index} className={columns[index]?.numeric ? 'num' : undefined}>
            {cell}
          </td>
        ),
      )}
    </tr>
  );
}
