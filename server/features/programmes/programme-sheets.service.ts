// A programme's lines and its purchases table as spreadsheets the officer opens in Excel: values,
// never formulas, with a totals row. XLSX cells are numbers formatted `S/ #,##0.00`; CSV follows
// es-PE (comma between cells, decimal point) or, with separator=semicolon, a decimal-comma Excel
// (es-ES): `;` between cells and decimal commas. Both start with a BOM so Excel reads UTF-8.
import type { Response } from 'express';
import type { Kysely } from 'kysely';
import type { Figures } from '../../../shared/api.ts';
import { channelLabels, processLabels, segmentLabels, supplyListLabels } from '../../../shared/domain.ts';
import { sumMoney } from '../../../shared/money.ts';
import type { ProgrammeExportQuery } from '../../../shared/planning-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import { sendCsv } from '../../platform/http/csv.ts';
import { writeXlsxTable, type TableColumn } from '../../platform/spreadsheet/spreadsheet.ts';
import { findLines } from './programmes.repository.ts';
import { requireProgramme, summarizeProgramme } from './programmes.service.ts';

type Db = Kysely<Database>;
type Cell = string | number | null;
type Options = Pick<ProgrammeExportQuery, 'format' | 'separator'>;

/** Every line of a programme fits: the largest planned has 20,000. */
const ALL_LINES = 1_000_000;

const lineColumns: TableColumn[] = [
  { header: 'Código', kind: 'text', width: 14 },
  { header: 'Denominación', kind: 'text', width: 48 },
  { header: 'Lista', kind: 'text' },
  { header: 'Canal', kind: 'text', width: 26 },
  { header: 'Segmento', kind: 'text', width: 16 },
  { header: 'Proceso', kind: 'text', width: 22 },
  { header: 'Cantidad', kind: 'decimal' },
  { header: 'Precio unitario', kind: 'decimal' },
  { header: 'Monto', kind: 'money', width: 22 },
];

export async function sendLinesSheet(db: Db, res: Response, programmeId: number, query: ProgrammeExportQuery): Promise<void> {
  await requireProgramme(db, programmeId);
  const { format, separator, ...filter } = query;
  const { lines } = await findLines(db, programmeId, { ...filter, page: 1, pageSize: ALL_LINES, sort: 'code', order: 'asc' });
  const amounts = lines.flatMap((line) => (line.amount === null ? [] : [line.amount]));
  const rows: Cell[][] = lines.map((line) => [
    line.item.code,
    line.item.name,
    supplyListLabels[line.item.supplyList],
    channelLabels[line.channel],
    line.segment === null ? '' : segmentLabels[line.segment],
    processLabels[line.process],
    line.quantity,
    line.unitPrice,
    line.amount,
  ]);
  rows.push(['Total', `${lines.length} líneas`, '', '', '', '', null, null, sumMoney(amounts)]);
  await sendTable(res, `programa-${programmeId}-lineas`, lineColumns, rows, { format, separator });
}

const summaryColumns: TableColumn[] = [
  { header: 'Canal', kind: 'text', width: 30 },
  { header: 'Segmento', kind: 'text', width: 26 },
  { header: 'Proceso', kind: 'text', width: 26 },
  { header: 'Ítems', kind: 'integer', width: 10 },
  { header: 'Monto', kind: 'money', width: 22 },
  { header: 'Ítems declarados', kind: 'integer', width: 12 },
  { header: 'Monto declarado', kind: 'money', width: 22 },
];

const figures = (row: Figures): Cell[] => [row.items, row.amount, row.declaredItems, row.declaredAmount];

/** The purchases table as the summary page shows it: each segment's processes and subtotal, each channel's subtotal, the total. */
export async function sendSummarySheet(db: Db, res: Response, programmeId: number, options: Options): Promise<void> {
  const summary = await summarizeProgramme(db, programmeId);
  const rows: Cell[][] = [];
  for (const channelTotal of summary.subtotals.filter((subtotal) => subtotal.segment === null)) {
    const channel = channelTotal.channel;
    const segmentTotals = summary.subtotals.filter((subtotal) => subtotal.channel === channel && subtotal.segment !== null);
    for (const segmentTotal of segmentTotals) {
      for (const row of summary.rows.filter((leaf) => leaf.channel === channel && leaf.segment === segmentTotal.segment)) {
        rows.push([channelLabels[channel], segmentLabels[segmentTotal.segment!], processLabels[row.process], ...figures(row)]);
      }
      rows.push([channelLabels[channel], `Subtotal ${segmentLabels[segmentTotal.segment!]}`, '', ...figures(segmentTotal)]);
    }
    for (const row of summary.rows.filter((leaf) => leaf.channel === channel && leaf.segment === null)) {
      rows.push([channelLabels[channel], '', processLabels[row.process], ...figures(row)]);
    }
    rows.push([`Subtotal ${channelLabels[channel]}`, '', '', ...figures(channelTotal)]);
  }
  rows.push(['Total', '', '', ...figures(summary.totals)]);
  await sendTable(res, `programa-${programmeId}-resumen`, summaryColumns, rows, options);
}

async function sendTable(res: Response, name: string, columns: TableColumn[], rows: Cell[][], { format, separator }: Options): Promise<void> {
  if (format === 'xlsx') {
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="${name}.xlsx"`);
    res.send(await writeXlsxTable(name.slice(0, 31), columns, rows, { boldLast: 1 }));
    return;
  }
  // Numbers as plain decimals (no thousands separator) in the locale's decimal mark, so Excel reads numbers.
  const decimalComma = separator === 'semicolon';
  const cells = rows.map((row) =>
    row.map((cell, column) =>
      cell === null || columns[column]!.kind === 'text' || !decimalComma ? cell : String(cell).replace('.', ','),
    ),
  );
  await sendCsv(
    res,
    `${name}.csv`,
    columns.map((column) => column.header),
    (async function* () {
      yield* cells;
    })(),
    { delimiter: decimalComma ? ';' : ',' },
  );
}
