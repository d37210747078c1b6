// The import of an SAP purchase-order export (issue 13), streamed through the database:
//
//   stage    the file's cells into a TEMP table of the import's own session: on PostgreSQL a CSV
//            goes straight to COPY (PostgreSQL parses it); an XLSX, or any file on PGlite, is read
//            by spreadsheet/ and inserted in batches. Nothing is held in memory but a batch.
//   convert  the cells to typed lines with set-based SQL (sap-cell-sql.ts) where SQL is sure; the
//            other rows go through readSapRow (shared/), which also writes every message.
//   check    with SQL: a pair repeated in the file, a pair already imported in the programme.
//   apply    ONE transaction: the batch, its lines matched as they are inserted (one insert …
//            select: matching.repository.ts's choice over the staged lines) and one audit row;
//            rolled back for a dry run or a file with errors, so the report's figures (matched,
//            amount, warnings) are the ones an apply gives.
//
// The session dies with the import (or the server): no staging table, no half batch outlives it.
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { sql, type Kysely, type Transaction } from 'kysely';
import { MAX_REPORTED_ERRORS, type ExecutionImportError, type ExecutionImportReport, type ImportJobPhase } from '../../../shared/reconciliation-api.ts';
import { mapColumns } from '../../../shared/import-columns.ts';
import { formatMoney } from '../../../shared/money.ts';
import { sapExportColumns, sapKeys, type SapKey } from '../../../shared/sap-export-columns.ts';
import { decimalSeparatorOf } from '../../../shared/sap-values.ts';
import { duplicatePairMessage, readSapRow, type ExecutedLine } from '../../../shared/sap-export-row.ts';
import { problemTypes } from '../../../shared/problem-types.ts';
import type { Database } from '../../../db/schema.ts';
import { recordAudits, type AuditContext } from '../audit/audit.service.ts';
import { matchChoice } from '../reconciliation/matching.repository.ts';
import { inTurns, nextTurn } from '../../platform/event-loop.ts';
import { HttpProblem } from '../../platform/http/problem.ts';
import type { UploadedFile } from '../../platform/import/file-upload.ts';
import { csvCells, csvFormulaColumns, csvLayout } from '../../platform/spreadsheet/csv-reader.ts';
import { MAX_COLUMNS, tooManyRows, type SheetLimits } from '../../platform/spreadsheet/sheet-builder.ts';
import { isZip, readSheet, startOf, type SheetRow } from '../../platform/spreadsheet/spreadsheet.ts';
import { unreadable } from '../../platform/spreadsheet/sheet-builder.ts';
import { openImportSession, type ImportSession } from './import-session.ts';
import {
  TEXT_LIMITS,
  amountSql,
  currencySql,
  dateSql,
  documentSql,
  itemSql,
  priceUnitSql,
  quantitySql,
  cellSql,
  suspectRow,
  textSql,
  type DecimalSeparator,
} from './sap-cell-sql.ts';

/** An SAP export runs to a million rows (issue 13); twice that is refused. */
export const EXECUTION_SHEET_LIMITS: SheetLimits = { maxDataRows: 2_000_000, maxCells: 2_000_000 * 24, maxInflatedBytes: 2 * 1024 * 1024 * 1024 };
/** A batch this big is followed by ANALYZE of executed_lines. */
const ANALYZE_AFTER_LINES = 10_000;
/** Rows per batch inserted by the reader, and per batch read back for readSapRow. */
const BATCH_ROWS = 2_000;

export interface ExecutionImportInput {
  programmeId: number;
  file: UploadedFile;
  dryRun: boolean;
  corrections?: Readonly<Record<string, string>> | undefined;
}

/** What the import has done so far, read by its job's heartbeat. */
export interface ImportProgress {
  phase: ImportJobPhase;
  bytesRead: number;
  rowsRead: number;
}

export interface ImportControl {
  progress: ImportProgress;
  /** Aborted when the import is cancelled: it stops, and nothing of it remains. */
  signal: AbortSignal;
}

/** A file with errors, not applied: 422 with the whole report (see ImportRejectedProblem). */
export class ExecutionImportRejectedProblem extends HttpProblem {
  constructor(readonly report: ExecutionImportReport) {
    super(422, problemTypes.importRejected, 'Importación rechazada', `El archivo tiene ${report.errorCount} error(es); no se aplicó nada.`);
  }

  override toJSON(instance?: string) {
    return { ...this.details(instance), ...this.report };
  }
}

/** Thrown inside the transaction to undo it while keeping what it computed. */
class RolledBack extends Error {}

/** The executed_lines columns a key fills, and how SQL reads its cell. */
const targets: Record<SapKey, { column: string; type: string; read: (t: string, separator: DecimalSeparator) => string; optional?: 'null' | 'empty' }> = {
  purchasingDocument: { column: 'purchasing_document', type: 'text', read: documentSql },
  item: { column: 'item', type: 'text', read: itemSql },
  documentDate: { column: 'document_date', type: 'date', read: dateSql },
  material: { column: 'material', type: 'text', read: (t) => textSql(t, TEXT_LIMITS.material!), optional: 'null' },
  shortText: { column: 'short_text', type: 'text', read: (t) => textSql(t, TEXT_LIMITS.shortText!), optional: 'empty' },
  orderQuantity: { column: 'order_quantity', type: 'numeric', read: quantitySql },
  orderUnit: { column: 'order_unit', type: 'text', read: (t) => textSql(t, TEXT_LIMITS.orderUnit!), optional: 'empty' },
  netPrice: { column: 'net_price', type: 'numeric', read: amountSql },
  priceUnit: { column: 'price_unit', type: 'numeric', read: priceUnitSql },
  netOrderValue: { column: 'net_order_value', type: 'numeric', read: amountSql, optional: 'null' },
  currency: { column: 'currency', type: 'text', read: currencySql },
  vendor: { column: 'vendor', type: 'text', read: (t) => textSql(t, TEXT_LIMITS.vendor!), optional: 'empty' },
  vendorName: { column: 'vendor_name', type: 'text', read: (t) => textSql(t, TEXT_LIMITS.vendorName!), optional: 'empty' },
  plant: { column: 'plant', type: 'text', read: (t) => textSql(t, TEXT_LIMITS.plant!), optional: 'empty' },
  stillToDeliverQuantity: { column: 'still_to_deliver_quantity', type: 'numeric', read: quantitySql, optional: 'null' },
  stillToDeliverValue: { column: 'still_to_deliver_value', type: 'numeric', read: amountSql, optional: 'null' },
  stillToInvoiceQuantity: { column: 'still_to_invoice_quantity', type: 'numeric', read: quantitySql, optional: 'null' },
  stillToInvoiceValue: { column: 'still_to_invoice_value', type: 'numeric', read: amountSql, optional: 'null' },
  processCode: { column: 'process_code', type: 'text', read: (t) => textSql(t, TEXT_LIMITS.processCode!), optional: 'null' },
};
const col = (key: SapKey) => targets[key].column;
const lineColumns = sapKeys.map(col);

/** An executed line as the typed columns take it (readSapRow's result). */
const lineValues = (line: ExecutedLine): (string | null)[] =>
  sapKeys.map((key) => {
    const value = line[key];
    return value === null || value === undefined ? null : String(value);
  });

interface Tables {
  staging: string;
  converted: string;
  fixed: string;
  lines: string;
  problems: string;
}

const raw = (text: string) => sql.raw(text);

export async function importExecutions(
  db: Kysely<Database>,
  context: AuditContext,
  now: Date,
  input: ExecutionImportInput,
  control: ImportControl,
  jobId: string,
): Promise<ExecutionImportReport> {
  const { file, programmeId } = input;
  const duplicateOf = await findSameFile(db, programmeId, file.sha256);
  if (duplicateOf) return emptyReport({ duplicateOf });

  const start = await startOf(file.path);
  if (start.length === 0) throw unreadable('El archivo está vacío.');
  const readOptions = { limits: EXECUTION_SHEET_LIMITS, onProgress: (fraction: number) => (control.progress.bytesRead = Math.round(fraction * file.size)) };
  const sheet = readSheet(file.path, readOptions);
  const suffix = jobId.replaceAll('-', '').slice(0, 16);
  const tables: Tables = {
    staging: `execution_staging_${suffix}`,
    converted: `execution_converted_${suffix}`,
    fixed: `execution_fixed_${suffix}`,
    lines: `execution_lines_${suffix}`,
    problems: `execution_problems_${suffix}`,
  };
  let session: ImportSession | undefined;
  try {
    const first = await sheet.next();
    if (first.done) throw unreadable('La hoja está vacía: no tiene filas con datos.');
    const header = first.value;
    const headings = header.cells;
    const keys = mapColumns(sapExportColumns, headings, input.corrections);
    const headingOf = (key: SapKey) => headings[keys.indexOf(key)] ?? sapExportColumns.find((column) => column.key === key)!.label;
    const columns = headings.map((heading, index) => ({ header: heading, key: keys[index] ?? null }));
    const expectedColumns = sapExportColumns.map((column) => ({
      key: column.key,
      label: column.label,
      required: column.required,
      default: 'defaultValue' in column && column.defaultValue !== undefined ? column.defaultValue : null,
      header: keys.includes(column.key) ? headingOf(column.key) : null,
    }));
    const missing = sapExportColumns.filter((column) => column.required && !keys.includes(column.key));
    if (missing.length > 0) {
      const errors = missing.map((column) => ({ row: header.rowNumber, column: column.label, message: `Falta la columna «${column.label}» (o no se reconoce su encabezado).` }));
      return finish(input, emptyReport({ columns, expectedColumns, errors, errorCount: errors.length }));
    }

    session = await openImportSession(db);
    const open = session;
    const onAbort = () => void open.interrupt().catch(() => {});
    control.signal.addEventListener('abort', onAbort);
    try {
      // Raw cells: what COPY stages is the file as written, for readSapRow to see as readCsv would.
      let rawCells = false;
      let width = headings.length;
      let staged = false;
      let rows: AsyncGenerator<SheetRow> = sheet;
      if (session.copy && !isZip(start) && header.rowNumber === 1) {
        const layout = await csvLayout(file.path);
        if (layout.width >= headings.length && layout.width <= MAX_COLUMNS) {
          width = layout.width;
          await createStaging(session.db, tables.staging, width);
          staged = true;
          await sheet.return(undefined);
          rawCells = await copyCsv(session, tables.staging, width, file, layout, control);
          if (!rawCells) {
            await sql`truncate ${sql.table(tables.staging)}`.execute(session.db);
            rows = readSheet(file.path, readOptions);
          }
        }
      }
      if (!rawCells) {
        if (!staged) await createStaging(session.db, tables.staging, width);
        await stageRows(session.db, tables.staging, width, rows, header.rowNumber, control);
      }
      control.signal.throwIfAborted();
      control.progress.phase = 'checking';
      control.progress.bytesRead = file.size;

      const mapped = new Map(sapKeys.map((key) => [key, keys.indexOf(key)] as const));
      const separator = await fileDecimalSeparator(session.db, tables.staging, mapped);
      const rowsRead = await convert(session.db, tables, width, mapped, separator);
      control.progress.rowsRead = rowsRead;
      if (rowsRead > EXECUTION_SHEET_LIMITS.maxDataRows) throw tooManyRows(EXECUTION_SHEET_LIMITS.maxDataRows);
      control.signal.throwIfAborted();

      const rowErrors = await readRemainingRows(session.db, tables, mapped, separator, rawCells, headingOf, control.signal);
      const checks = await checkPairs(session.db, tables, programmeId, headingOf);
      // The same file imported meanwhile (two uploads at once) is that file, not its pairs again.
      const importedMeanwhile = await findSameFile(db, programmeId, file.sha256);
      if (importedMeanwhile) return emptyReport({ columns, expectedColumns, duplicateOf: importedMeanwhile });
      control.signal.throwIfAborted();
      const errorCount = rowErrors.count + checks.count;
      const errors = [...rowErrors.first, ...checks.first].sort((a, b) => a.row - b.row).slice(0, MAX_REPORTED_ERRORS);
      if (rowsRead === 0) errors.push({ row: header.rowNumber + 1, column: '', message: 'El archivo no tiene filas de datos, solo encabezados.' });

      control.progress.phase = 'applying';
      const report = await apply(session.db, context, now, input, tables, headingOf, {
        columns,
        expectedColumns,
        rows: rowsRead,
        errors,
        errorCount: errorCount + (rowsRead === 0 ? 1 : 0),
      });
      control.progress.phase = 'done';
      return finish(input, report);
    } finally {
      control.signal.removeEventListener('abort', onAbort);
    }
  } finally {
    await sheet.return(undefined);
    await session?.close([tables.staging, tables.converted, tables.fixed, tables.problems]);
  }
}

function finish(input: ExecutionImportInput, report: ExecutionImportReport): ExecutionImportReport {
  if (!input.dryRun && report.errorCount > 0) throw new ExecutionImportRejectedProblem(report);
  return report;
}

function emptyReport(parts: Partial<ExecutionImportReport>): ExecutionImportReport {
  return {
    batchId: null,
    columns: [],
    expectedColumns: [],
    rows: 0,
    matched: 0,
    unmatched: 0,
    amount: '0.00',
    errors: [],
    errorCount: 0,
    warnings: [],
    warningCount: 0,
    duplicateOf: null,
    applied: false,
    ...parts,
  };
}

async function findSameFile(db: Kysely<Database>, programmeId: number, sha256: string) {
  const batch = await db
    .selectFrom('execution_batches')
    .select(['id', 'file_name', 'imported_at'])
    .where('programme_id', '=', programmeId)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return batch ? { batchId: batch.id, fileName: batch.file_name, importedAt: batch.imported_at.toISOString() } : null;
}

// ---- Staging ------------------------------------------------------------------------------------

const cellColumns = (width: number) => Array.from({ length: width }, (_, index) => `c${index}`);

async function createStaging(db: Kysely<Database>, table: string, width: number) {
  // row_number counts from the header's next row, as COPY fills it; formulas and numbers (arrays
  // of 0-based columns) are null for raw cells.
  const cells = cellColumns(width).map((column) => `${column} text`);
  await sql`create temp table ${sql.table(table)} (
    row_number integer generated by default as identity (start with 2), ${raw(cells.join(', '))},
    formulas integer[], numbers integer[])`.execute(db);
}

/**
 * The CSV straight into COPY, which parses it as readCsv would a well-formed file. false when
 * PostgreSQL refuses it (a record of another width, a blank line, a byte the encoding lacks): the
 * rows are then read by readCsv, whose messages name the fault.
 */
async function copyCsv(
  session: ImportSession,
  table: string,
  width: number,
  file: UploadedFile,
  layout: { encoding: string; delimiter: string },
  control: ImportControl,
): Promise<boolean> {
  const delimiter = layout.delimiter === '\t' ? `E'\\t'` : `'${layout.delimiter}'`;
  const encoding = layout.encoding === 'utf-8' ? 'UTF8' : 'WIN1252';
  const statement = `copy ${table} (${cellColumns(width).join(', ')}) from stdin with (format csv, header true, delimiter ${delimiter}, encoding '${encoding}')`;
  let bytes = 0;
  let lines = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
      control.progress.bytesRead = bytes;
      control.progress.rowsRead = Math.max(0, lines - 1);
      done(null, chunk);
    },
  });
  const source = createReadStream(file.path).pipe(counted);
  const abort = () => source.destroy(new Error('cancelled'));
  control.signal.addEventListener('abort', abort);
  try {
    await session.copy!(statement, source);
    return true;
  } catch (error) {
    control.signal.throwIfAborted();
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('22') || code === '54000') return false;
    throw error;
  } finally {
    control.signal.removeEventListener('abort', abort);
  }
}

/** The rows spreadsheet/ reads, inserted a batch at a time (one array per column). */
async function stageRows(db: Kysely<Database>, table: string, width: number, rows: AsyncGenerator<SheetRow>, headerRow: number, control: ImportControl) {
  let batch: SheetRow[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const columns = cellColumns(width);
    const arrays = [
      sql`${batch.map((row) => row.rowNumber)}::int[]`,
      ...columns.map((_, index) => sql`${batch.map((row) => row.cells[index] ?? null)}::text[]`),
      sql`${batch.map((row) => JSON.stringify(row.formulaColumns))}::text[]`,
      sql`${batch.map((row) => JSON.stringify(row.numberColumns))}::text[]`,
    ];
    const names = ['r', ...columns, 'f', 'n'];
    await sql`insert into ${sql.table(table)} (row_number, ${raw(columns.join(', '))}, formulas, numbers) overriding system value
      select r, ${raw(columns.join(', '))}, translate(f, '[]', '{}')::int[], translate(n, '[]', '{}')::int[]
        from unnest(${sql.join(arrays)}) as u(${raw(names.join(', '))})`.execute(db);
    batch = [];
    control.signal.throwIfAborted();
    await nextTurn();
  };
  try {
    for await (const row of inTurns(rows)) {
      if (row.rowNumber === headerRow) continue;
      batch.push(row);
      control.progress.rowsRead++;
      if (batch.length === BATCH_ROWS) await flush();
    }
    await flush();
  } finally {
    await rows.return(undefined);
  }
}

// ---- Converting -------------------------------------------------------------------------------

/** Rows with a separator looked at (500 a page) before the file's separator is left unknown. */
const MAX_SEPARATOR_PAGES = 20;

/**
 * The file's decimal separator: the first numeric cell that proves one (decimalSeparatorOf), in
 * row order, among the first 10,000 rows with a separator (an amount, with its cents, proves it at
 * once). An SAP export writes every number with its user's format.
 */
async function fileDecimalSeparator(db: Kysely<Database>, table: string, mapped: ReadonlyMap<SapKey, number>): Promise<DecimalSeparator> {
  const numeric: SapKey[] = ['netPrice', 'netOrderValue', 'stillToDeliverValue', 'stillToInvoiceValue', 'orderQuantity', 'stillToDeliverQuantity', 'stillToInvoiceQuantity', 'priceUnit'];
  const cells = numeric.flatMap((key) => (mapped.get(key)! >= 0 ? [mapped.get(key)!] : []));
  if (cells.length === 0) return null;
  // Only cells with a separator can prove one; XLSX number cells are written with ".", whatever the user's format.
  const candidate = cells.map((index) => `(c${index} ~ '[0-9][.,][0-9]' and not coalesce(${index} = any(numbers), false))`).join(' or ');
  let after = 0;
  let pages = 0;
  for (;;) {
    const page = await sql<Record<string, string | null> & { row_number: number; numbers: number[] | null }>`
      select row_number, numbers, ${raw(cells.map((index) => `c${index}`).join(', '))} from ${sql.table(table)}
        where row_number > ${after} and (${raw(candidate)}) order by row_number limit 500`.execute(db);
    for (const row of page.rows) {
      for (const index of cells) {
        if (row.numbers?.includes(index)) continue;
        const separator = decimalSeparatorOf(row[`c${index}`] ?? '');
        if (separator) return separator;
      }
    }
    if (page.rows.length < 500 || ++pages === MAX_SEPARATOR_PAGES) return null;
    after = page.rows.at(-1)!.row_number;
  }
}

/**
 * Converts the staged cells in one statement into `converted`: typed values and ok where SQL is
 * sure of every cell; else the row's mapped cells, for readSapRow. Blank rows are skipped as
 * readSheet skips them. Returns the data rows read.
 */
async function convert(db: Kysely<Database>, tables: Tables, width: number, mapped: ReadonlyMap<SapKey, number>, separator: DecimalSeparator): Promise<number> {
  const cell = (key: SapKey) => (mapped.get(key)! >= 0 ? `s.c${mapped.get(key)}` : null);
  const present = sapKeys.filter((key) => cell(key) !== null);
  const cells = sapKeys.map((key) => `${cell(key) ? cellSql(cell(key)!) : `''`} as t_${col(key)}`);
  const rawCells = present.map((key) => `${cell(key)} as r_${col(key)}`);
  const suspect = suspectRow(present.map((key) => cell(key)!));
  const blank = cellColumns(width).map((column) => `coalesce(s.${column}, '') = ''`).join(' and ');
  // Level 2: each key's value (null: SQL is not sure), and whether its cell was empty.
  const values = sapKeys.map((key) => `${targets[key].read(`t_${col(key)}`, separator)} as v_${col(key)}, t_${col(key)} = '' as e_${col(key)}`);
  const sure = sapKeys.map((key) => {
    const { optional } = targets[key];
    // An empty optional cell is sure (null or ''); an empty required one goes to readSapRow.
    if (optional) return `(e_${col(key)} or v_${col(key)} is not null)`;
    return key === 'priceUnit' ? `v_${col(key)} is not null` : `(not e_${col(key)} and v_${col(key)} is not null)`;
  });
  const typed = sapKeys.map((key) => {
    const { optional } = targets[key];
    const value = optional === 'null' ? `case when e_${col(key)} then null else v_${col(key)} end` : optional === 'empty' ? `coalesce(v_${col(key)}, '')` : `v_${col(key)}`;
    return `case when ok then ${value} end as ${col(key)}`;
  });
  const keptRaw = present.map((key) => `case when not ok then r_${col(key)} end as r_${col(key)}`);
  await sql`create temp table ${sql.table(tables.converted)} as
    select row_number, ok, formulas, numbers, ${raw([...typed, ...keptRaw].join(', '))} from (
      select l2.*, (not suspect and ${raw(sure.join(' and '))}) as ok from (
        select row_number, suspect, formulas, numbers, ${raw([...values, ...present.map((key) => `r_${col(key)}`)].join(', '))} from (
          select s.row_number, s.formulas, s.numbers, (${raw(suspect)} or s.formulas is not null and s.formulas <> '{}' or s.numbers is not null and s.numbers <> '{}') as suspect,
                 ${raw([...cells, ...rawCells].join(', '))}
            from ${sql.table(tables.staging)} s where not (${raw(blank)}) offset 0
        ) l1 offset 0
      ) l2 offset 0
    ) l3`.execute(db);
  await sql`create index on ${sql.table(tables.converted)} (row_number) where not ok`.execute(db);
  // Temporary tables are never analyzed by autovacuum: without statistics the checks and the
  // matching plan nested loops over a million rows.
  await sql`analyze ${sql.table(tables.converted)}`.execute(db);
  await sql`create temp table ${sql.table(tables.fixed)} (row_number integer, ${raw(sapKeys.map((key) => `${col(key)} ${targets[key].type}`).join(', '))})`.execute(db);
  // Every valid line, by SQL or by readSapRow.
  const columns = ['row_number', ...lineColumns].join(', ');
  await sql`create temp view ${sql.table(tables.lines)} as
    select ${raw(columns)} from ${sql.table(tables.converted)} where ok
    union all select ${raw(columns)} from ${sql.table(tables.fixed)}`.execute(db);
  const count = await sql<{ rows: number }>`select count(*)::int as rows from ${sql.table(tables.converted)}`.execute(db);
  return count.rows[0]!.rows;
}

interface Found {
  first: ExecutionImportError[];
  count: number;
}

/** The rows SQL was not sure of, read by readSapRow: valid lines into `fixed`, the rest as errors. */
async function readRemainingRows(
  db: Kysely<Database>,
  tables: Tables,
  mapped: ReadonlyMap<SapKey, number>,
  separator: DecimalSeparator,
  rawCells: boolean,
  headingOf: (key: SapKey) => string,
  signal: AbortSignal,
): Promise<Found> {
  const present = sapKeys.filter((key) => mapped.get(key)! >= 0);
  const found: Found = { first: [], count: 0 };
  const report = (error: ExecutionImportError) => {
    found.count++;
    if (found.first.length < MAX_REPORTED_ERRORS) found.first.push(error);
  };
  let after = 0;
  for (;;) {
    const page = await sql<Record<string, string | null> & { row_number: number; formulas: number[] | null; numbers: number[] | null }>`
      select row_number, formulas, numbers, ${raw(present.map((key) => `r_${col(key)}`).join(', ') || 'null as none')}
        from ${sql.table(tables.converted)} where not ok and row_number > ${after} order by row_number limit ${BATCH_ROWS}`.execute(db);
    const valid: { row: number; line: ExecutedLine }[] = [];
    for (const row of page.rows) {
      const record = present.map((key) => row[`r_${col(key)}`] ?? '');
      // Raw cells are restored and checked for formulas as readCsv does; staged rows were already.
      const formulaAt = rawCells ? csvFormulaColumns(record) : [];
      const cellsRead = rawCells ? csvCells(record) : record;
      const columnIndex = (key: SapKey) => mapped.get(key)!;
      const formula = rawCells ? formulaAt.map((at) => present[at]!)[0] : present.find((key) => row.formulas?.includes(columnIndex(key)));
      if (formula) {
        report({ row: row.row_number, column: headingOf(formula), message: 'La celda contiene una fórmula; escriba el valor.' });
        continue;
      }
      const cells: Partial<Record<SapKey, string>> = {};
      present.forEach((key, index) => (cells[key] = cellsRead[index]!));
      const numberKeys = new Set(present.filter((key) => row.numbers?.includes(columnIndex(key))));
      const result = readSapRow(cells, { numberKeys, ...(separator ? { decimalSeparator: separator } : {}) });
      if (result.ok) valid.push({ row: row.row_number, line: result.line });
      else for (const error of result.errors) report({ row: row.row_number, column: headingOf(error.column), message: error.message });
    }
    if (valid.length > 0) {
      const values = valid.map(({ line }) => lineValues(line));
      const arrays = [sql`${valid.map((line) => line.row)}::int[]`, ...sapKeys.map((_, index) => sql`${values.map((value) => value[index])}::text[]`)];
      const names = ['row_number', ...lineColumns];
      await sql`insert into ${sql.table(tables.fixed)} (${raw(names.join(', '))})
        select ${raw(names.map((name, index) => (index === 0 ? name : `${name}::${targets[sapKeys[index - 1]!].type}`)).join(', '))}
          from unnest(${sql.join(arrays)}) as u(${raw(names.join(', '))})`.execute(db);
    }
    signal.throwIfAborted();
    await nextTurn();
    if (page.rows.length < BATCH_ROWS) return found;
    after = page.rows.at(-1)!.row_number;
  }
}

/**
 * What only the rows together show, into `problems` (row, message): a pair the file repeats
 * (DuplicateLineChecker's words), a pair already imported in the programme, a document or item
 * of zeros only (no key: SAP pads numbers with zeros, so 0000 is no number).
 */
async function checkPairs(db: Kysely<Database>, tables: Tables, programmeId: number, headingOf: (key: SapKey) => string): Promise<Found> {
  await sql`analyze ${sql.table(tables.fixed)}`.execute(db);
  await sql`create temp table ${sql.table(tables.problems)} as
    select row_number, 'zero' as kind, purchasing_document, item, null::int as first_row, null::int as batch_id, null::text as file_name
      from ${sql.table(tables.lines)} where ltrim(purchasing_document, '0') = '' or ltrim(item, '0') = ''
    union all
    select row_number, 'repeated', purchasing_document, item, first_row, null, null from (
      select row_number, purchasing_document, item,
             min(row_number) over (partition by ltrim(purchasing_document, '0'), ltrim(item, '0')) as first_row
        from ${sql.table(tables.lines)}
    ) pairs where row_number <> first_row
    union all
    select l.row_number, 'imported', l.purchasing_document, l.item, e.row_number, b.id, b.file_name
      from ${sql.table(tables.lines)} l
      join executed_lines e on e.programme_id = ${programmeId} and e.document_key = ltrim(l.purchasing_document, '0') and e.item_key = ltrim(l.item, '0')
      join execution_batches b on b.id = e.batch_id`.execute(db);
  await sql`analyze ${sql.table(tables.problems)}`.execute(db);
  const counted = await sql<{ count: number }>`select count(*)::int as count from ${sql.table(tables.problems)}`.execute(db);
  const first = await sql<{ row_number: number; kind: string; purchasing_document: string; item: string; first_row: number | null; batch_id: number | null; file_name: string | null }>`
    select * from ${sql.table(tables.problems)} order by row_number, kind limit ${MAX_REPORTED_ERRORS}`.execute(db);
  const document = headingOf('purchasingDocument');
  const item = headingOf('item');
  return {
    count: counted.rows[0]!.count,
    first: first.rows.map((problem) => {
      switch (problem.kind) {
        case 'zero': {
          const column = /^0*$/.test(problem.purchasing_document) ? document : item;
          return { row: problem.row_number, column, message: `${column}: «${column === document ? problem.purchasing_document : problem.item}» no es un número (solo ceros)` };
        }
        case 'repeated':
          return { row: problem.row_number, column: item, message: duplicatePairMessage(problem.purchasing_document, problem.item, problem.first_row!, problem.row_number) };
        default:
          return {
            row: problem.row_number,
            column: item,
            message: `Documento compras ${problem.purchasing_document}, posición ${problem.item}: ya se importó en el lote ${problem.batch_id} («${problem.file_name}», fila ${problem.first_row}); no se importa dos veces`,
          };
      }
    }),
  };
}

// ---- Applying ---------------------------------------------------------------------------------

type Parts = Pick<ExecutionImportReport, 'columns' | 'expectedColumns' | 'rows' | 'errors' | 'errorCount'>;

/**
 * The batch in one transaction, committed only for an apply of a file without errors; otherwise
 * rolled back after its figures are read (a dry run reports what an apply would do).
 */
async function apply(db: Kysely<Database>, context: AuditContext, now: Date, input: ExecutionImportInput, tables: Tables, headingOf: (key: SapKey) => string, parts: Parts): Promise<ExecutionImportReport> {
  const { programmeId, file } = input;
  // Without errors `problems` is empty: no anti-join with it (planned as a sort of every line).
  const validLine = parts.errorCount === 0 ? sql`true` : sql`not exists (select 1 from ${sql.table(tables.problems)} p where p.row_number = l.row_number)`;
  const valid = await sql<{ count: number }>`select count(*)::int as count from ${sql.table(tables.lines)} l where ${validLine}`.execute(db);
  const lines = valid.rows[0]!.count;
  const base = emptyReport(parts);
  if (lines === 0) return base;
  const commit = !input.dryRun && parts.errorCount === 0;
  let report: ExecutionImportReport = base;
  try {
    await db.transaction().execute(async (trx) => {
      const batch = await trx
        .insertInto('execution_batches')
        .values({
          programme_id: programmeId,
          file_name: file.name,
          sha256: file.sha256,
          rows: lines,
          amount: '0',
          imported_at: now,
          imported_by: context?.user?.id ?? null,
          imported_by_name: context?.user?.fullName ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // Matched as inserted: each line is written once (an UPDATE after would rewrite every row
      // and every index entry of it).
      const matchedBefore = sql`select document_key, purchase_line_id from executed_lines where programme_id = ${programmeId} and purchase_line_id is not null`;
      const inserted = await sql<{ matched: number; amount: string; warned: number }>`
        with pending as (
          select l.row_number as id, item_code_key(l.material) as material_key, l.process_code, ltrim(l.purchasing_document, '0') as document_key
            from ${sql.table(tables.lines)} l where ${validLine}
        ),
        ${matchChoice(programmeId, matchedBefore)},
        inserted as (
          insert into executed_lines (batch_id, programme_id, row_number, ${raw(lineColumns.join(', '))}, purchase_line_id, match_kind)
            select ${batch.id}, ${programmeId}, l.row_number, ${raw(lineColumns.map((column) => `l.${column}`).join(', '))},
                   chosen.line_id, case when chosen.line_id is not null then 'auto' end
              from ${sql.table(tables.lines)} l left join chosen on chosen.executed_id = l.row_number
              where ${validLine}
            returning amount, purchase_line_id, net_order_value
        )
        select count(purchase_line_id)::int as matched, coalesce(sum(amount), 0)::text as amount,
               count(*) filter (where ${differsFromSap})::int as warned
          from inserted`.execute(trx);
      const { matched, warned } = inserted.rows[0]!;
      const total = await sql<{ amount: string }>`
        update execution_batches set amount = ${inserted.rows[0]!.amount} where id = ${batch.id} returning amount::text`.execute(trx);
      const amount = total.rows[0]!.amount;
      const warnings = await warningsOf(trx, batch.id, warned, headingOf);
      report = { ...base, batchId: commit ? batch.id : null, matched, unmatched: lines - matched, amount, ...warnings, applied: commit };
      if (!commit) throw new RolledBack();
      await recordAudits(trx, context, now, [
        { action: 'import', entity: 'execution_batch', entityId: batch.id, after: { file: file.name, sha256: file.sha256, rows: lines, amount, matched } },
      ]);
    });
  } catch (error) {
    if (!(error instanceof RolledBack)) {
      if (isSameFileRace(error)) {
        const duplicateOf = await findSameFile(db, programmeId, file.sha256);
        if (duplicateOf) return emptyReport({ ...parts, errors: [], errorCount: 0, duplicateOf });
      }
      throw error;
    }
  }
  // A big batch leaves the table's statistics far behind (autovacuum comes later): the summary
  // and a rematch would plan over a table they think nearly empty.
  if (report.applied && lines >= ANALYZE_AFTER_LINES) await sql`analyze executed_lines`.execute(db);
  return report;
}

/** Two uploads of one file at once: the second waits for the first's batch, then meets its hash. */
const isSameFileRace = (error: unknown) =>
  (error as { code?: string }).code === '23505' && (error as { constraint?: string }).constraint === 'execution_batches_file_once';

/** A line whose Net Order Value (SAP's) differs from quantity × price ÷ price unit (the stored amount). */
const differsFromSap = sql`net_order_value is not null and net_order_value <> amount`;

/** The first of the batch's `count` lines that differ from SAP, as warnings. */
async function warningsOf(trx: Transaction<Database>, batchId: number, count: number, headingOf: (key: SapKey) => string) {
  const first =
    count === 0
      ? { rows: [] }
      : await sql<{ row_number: number; net_order_value: string; amount: string }>`
          select row_number, net_order_value::text, amount::text from executed_lines
            where batch_id = ${batchId} and ${differsFromSap} order by row_number limit ${MAX_REPORTED_ERRORS}`.execute(trx);
  const column = headingOf('netOrderValue');
  return {
    warningCount: count,
    warnings: first.rows.map((row) => ({
      row: row.row_number,
      column,
      message: `${column}: SAP indica ${formatMoney(row.net_order_value)}, pero cantidad × precio neto ÷ cantidad base da ${formatMoney(row.amount)}; se concilia este último`,
    })),
  };
}
