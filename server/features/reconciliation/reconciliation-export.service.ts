// The reconciliation workbook (issue 13): «Resumen» (the tree), «Líneas» (every planned line) and
// «Sin conciliar» (executed lines matched to nothing, planned lines without execution). Streamed:
// rows are read from the database in pages as the workbook is written, so a programme with a
// million executed lines costs the server a page, not the sheet.
import type { Response } from 'express';
import type { Kysely } from 'kysely';
import { channelLabels, processLabels, segmentLabels } from '../../../shared/domain.ts';
import type { ReconciliationRow, SignOffDto, VarianceFigures } from '../../../shared/reconciliation-api.ts';
import { limaDateTime } from '../../../shared/reconciliation.ts';
import type { Database } from '../../../db/schema.ts';
import { nextTurn } from '../../platform/event-loop.ts';
import { writeXlsxSheets, type TableColumn } from '../../platform/spreadsheet/spreadsheet.ts';
import * as matching from './matching.repository.ts';
import { findLines, type LineRow } from './reconciliation.repository.ts';
import { reconciliationSummary, toLineDto } from './reconciliation.service.ts';

type Db = Kysely<Database>;
const PAGE = 2_000;

const yesNo = (value: boolean) => (value ? 'Sí' : 'No');
const signOffText = (signOff: SignOffDto | null) => (signOff ? `N.º ${signOff.id} · ${signOff.signedBy} · ${limaDateTime(signOff.signedAt)}` : '');

const summaryColumns: TableColumn[] = [
  { header: 'Nivel', kind: 'text', width: 10 },
  { header: 'Canal', kind: 'text' },
  { header: 'Segmento', kind: 'text', width: 14 },
  { header: 'Tipo de proceso', kind: 'text', width: 20 },
  { header: 'Proceso', kind: 'text', width: 30 },
  { header: 'Declarado', kind: 'money' },
  { header: 'Planificado', kind: 'money' },
  { header: 'Ejecutado', kind: 'money' },
  { header: 'Diferencia', kind: 'money' },
  { header: '%', kind: 'decimal', width: 10 },
  { header: 'Dentro de tolerancia', kind: 'text', width: 12 },
  { header: 'Líneas planificadas', kind: 'integer', width: 12 },
  { header: 'Líneas ejecutadas', kind: 'integer', width: 12 },
  { header: 'Sin ejecución', kind: 'integer', width: 12 },
  { header: 'Fuera de tolerancia', kind: 'integer', width: 12 },
  { header: 'Conformidad', kind: 'text', width: 36 },
];

const levelLabels: Record<ReconciliationRow['level'], string> = { channel: 'Canal', segment: 'Segmento', type: 'Tipo', process: 'Proceso' };

const figureCells = (f: VarianceFigures) => [
  f.declared,
  f.planned,
  f.executed,
  f.difference,
  f.percent,
  yesNo(f.withinTolerance),
  f.plannedLines,
  f.executedLines,
  f.unexecutedLines,
  f.linesOutsideTolerance,
];

const lineColumns: TableColumn[] = [
  { header: 'Código', kind: 'text', width: 14 },
  { header: 'Ítem', kind: 'text', width: 40 },
  { header: 'Canal', kind: 'text' },
  { header: 'Segmento', kind: 'text', width: 14 },
  { header: 'Tipo de proceso', kind: 'text', width: 20 },
  { header: 'Proceso', kind: 'text', width: 30 },
  { header: 'Cantidad planificada', kind: 'decimal' },
  { header: 'Precio unitario planificado', kind: 'decimal' },
  { header: 'Planificado', kind: 'money' },
  { header: 'Cantidad ejecutada', kind: 'decimal' },
  { header: 'Ejecutado', kind: 'money' },
  { header: 'Diferencia', kind: 'money' },
  { header: '%', kind: 'decimal', width: 10 },
  { header: 'Dentro de tolerancia', kind: 'text', width: 12 },
  { header: 'Líneas ejecutadas', kind: 'integer', width: 12 },
  { header: 'Conformidad N.º', kind: 'integer', width: 12 },
];

const unmatchedColumns: TableColumn[] = [
  { header: 'Situación', kind: 'text', width: 26 },
  { header: 'Documento de compras', kind: 'text', width: 16 },
  { header: 'Posición', kind: 'text', width: 10 },
  { header: 'Fecha', kind: 'text', width: 12 },
  { header: 'Material / código', kind: 'text', width: 16 },
  { header: 'Descripción', kind: 'text', width: 40 },
  { header: 'Canal', kind: 'text' },
  { header: 'Tipo de proceso', kind: 'text', width: 20 },
  { header: 'Proceso', kind: 'text', width: 30 },
  { header: 'Cantidad', kind: 'decimal' },
  { header: 'Importe', kind: 'money' },
];

/** Every planned line (or those of a status), a page at a time, in item order. */
async function* plannedLines(db: Db, programmeId: number, tolerance: Parameters<typeof findLines>[2], status?: 'unexecuted'): AsyncGenerator<LineRow> {
  for (let offset = 0; ; offset += PAGE) {
    const { rows } = await findLines(db, programmeId, tolerance, { status }, { sort: 'item', limit: PAGE, offset });
    yield* rows;
    if (rows.length < PAGE) return;
  }
}

export async function sendReconciliationWorkbook(db: Db, res: Response, programmeId: number): Promise<void> {
  const summary = await reconciliationSummary(db, programmeId);
  const { tolerance } = summary;
  res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  res.setHeader('Content-Disposition', `attachment; filename="conciliacion-${programmeId}.xlsx"`);

  async function* summaryRows() {
    for (const row of summary.rows) {
      yield {
        cells: [
          levelLabels[row.level],
          channelLabels[row.channel],
          row.segment === null ? '' : segmentLabels[row.segment],
          row.processType === null ? '' : processLabels[row.processType],
          row.level !== 'process' ? '' : row.process === null ? 'Sin proceso' : `${row.process.code} — ${row.process.title}`,
          ...figureCells(row),
          signOffText(row.signOff),
        ],
      };
    }
    yield { cells: ['Total', '', '', '', '', ...figureCells(summary.totals), ''], bold: true };
  }

  async function* lineRows() {
    for await (const row of plannedLines(db, programmeId, tolerance)) {
      const line = toLineDto(row, tolerance);
      yield {
        cells: [
          line.item.code,
          line.item.name,
          channelLabels[line.channel],
          line.segment === null ? '' : segmentLabels[line.segment],
          processLabels[line.processType],
          line.process?.code ?? '',
          line.plannedQuantity,
          line.plannedUnitPrice,
          line.planned,
          line.executedQuantity,
          line.executed,
          line.difference,
          line.percent,
          yesNo(line.withinTolerance),
          line.executedLines,
          line.signOffId,
        ],
      };
    }
  }

  async function* unmatchedRows() {
    for (let after = '0'; ; ) {
      const rows = await matching.findExecutedLinesAfter(db, programmeId, { matched: false }, after, PAGE);
      for (const e of rows) {
        yield {
          cells: ['Ejecutada sin línea planificada', e.purchasing_document, e.item, e.document_date, e.material ?? '', e.short_text, '', '', e.process_code ?? '', e.order_quantity, e.amount],
        };
      }
      if (rows.length < PAGE) break;
      after = rows.at(-1)!.id;
      await nextTurn();
    }
    for await (const line of plannedLines(db, programmeId, tolerance, 'unexecuted')) {
      yield {
        cells: [
          'Planificada sin ejecución',
          '',
          '',
          '',
          line.item_code,
          line.item_name,
          channelLabels[line.channel],
          processLabels[line.process],
          line.process_code ?? '',
          line.quantity,
          line.planned,
        ],
      };
    }
  }

  await writeXlsxSheets(res, [
    { name: 'Resumen', columns: summaryColumns, rows: summaryRows() },
    { name: 'Líneas', columns: lineColumns, rows: lineRows() },
    { name: 'Sin conciliar', columns: unmatchedColumns, rows: unmatchedRows() },
  ]);
}
