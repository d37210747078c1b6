// Reading and writing spreadsheets. Reading streams a file from disk and is bounded (see
// sheet-builder.ts for the limits): XLSX through xlsx-reader.ts, CSV through csv-reader.ts.
// Writing XLSX goes through exceljs.
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { readCsv } from './csv-reader.ts';
import { unreadable, type SheetReadOptions, type SheetRow } from './sheet-builder.ts';
import { readXlsx } from './xlsx-reader.ts';

export { MAX_DATA_ROWS, type SheetLimits, type SheetReadOptions, type SheetRow } from './sheet-builder.ts';

/** The file's first bytes: a zip (an XLSX) starts with "PK\3\4". */
export async function startOf(path: string): Promise<Buffer> {
  const file = await open(path);
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(5), 0, 5, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** The rows of the spreadsheet at `path` (its first sheet), the header first, as they are read. */
export async function* readSheet(path: string, options: SheetReadOptions = {}): AsyncGenerator<SheetRow> {
  const start = await startOf(path);
  if (start.length === 0) throw unreadable('El archivo está vacío.');
  yield* isZip(start) ? readXlsx(path, options) : readCsv(path, options);
}

/** A zip (an XLSX) starts with "PK\3\4". */
export const isZip = (start: Buffer) => start.length > 4 && start.readUInt32LE(0) === 0x04034b50;

/** exceljs takes a third of a second to load: only when a workbook is written. */
const loadExcel = async () => (await import('exceljs')).default;

export async function writeXlsx(sheetName: string, headers: readonly string[], rows: readonly (readonly string[])[]): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const workbook = new ExcelJS.Workbook();
  const worksheet = workbook.addWorksheet(sheetName);
  worksheet.addRow([...headers]).font = { bold: true };
  for (const row of rows) worksheet.addRow([...row]);
  worksheet.columns.forEach((column) => (column.width = 24));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** How a column's cells are written: text, or numbers that stay numbers in the workbook. */
export type ColumnKind = 'text' | 'integer' | 'decimal' | 'money';

export interface TableColumn {
  header: string;
  kind: ColumnKind;
  width?: number;
}

/** Excel's format codes: "S/ " quoted, as a bare S would read as seconds. */
const numberFormats: Record<Exclude<ColumnKind, 'text'>, string> = {
  integer: '#,##0',
  decimal: '#,##0.00##',
  money: '"S/ "#,##0.00',
};

type TableCell = string | number | null;

/** A row's cells as written: text as it is, the other kinds as numbers (never a formula). */
const cellValues = (columns: readonly TableColumn[], row: readonly TableCell[]) =>
  row.map((cell, column) => (cell === null || cell === '' || columns[column]!.kind === 'text' ? (cell ?? null) : Number(cell)));

/**
 * A workbook of one table: values only (never a formula), numbers as numbers with their format,
 * the last rows (totals) in bold when `boldLast` says how many. A money cell is the decimal string
 * read as the double Excel stores; numeric(14,2) has at most 14 digits, which a double holds exactly
 * enough to print back the same cents.
 */
export async function writeXlsxTable(
  sheetName: string,
  columns: readonly TableColumn[],
  rows: readonly (readonly (string | number | null)[])[],
  { boldLast = 0 } = {},
): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const workbook = new ExcelJS.Workbook();
  const worksheet = workbook.addWorksheet(sheetName);
  worksheet.addRow(columns.map((column) => column.header)).font = { bold: true };
  rows.forEach((row, index) => {
    const added = worksheet.addRow(cellValues(columns, row));
    if (index >= rows.length - boldLast) added.font = { bold: true };
  });
  columns.forEach((column, index) => {
    const sheetColumn = worksheet.getColumn(index + 1);
    sheetColumn.width = column.width ?? (column.kind === 'text' ? 24 : 18);
    if (column.kind !== 'text') sheetColumn.numFmt = numberFormats[column.kind];
  });
  worksheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A sheet of a workbook written as a stream: its rows may come from the database as they are read. */
export interface StreamedSheet {
  name: string;
  columns: readonly TableColumn[];
  rows: AsyncIterable<{ cells: readonly TableCell[]; bold?: boolean }>;
}

/**
 * A workbook of many tables written to `output` as its rows come (exceljs's streaming writer:
 * each row leaves memory once written), with writeXlsxTable's conventions: values only, numbers
 * as numbers in their format, the header bold and frozen. Ends `output`.
 */
export async function writeXlsxSheets(output: Writable, sheets: readonly StreamedSheet[]): Promise<void> {
  const ExcelJS = await loadExcel();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    worksheet.columns = sheet.columns.map((column) => ({
      width: column.width ?? (column.kind === 'text' ? 24 : 18),
      style: column.kind === 'text' ? {} : { numFmt: numberFormats[column.kind] },
    }));
    const header = worksheet.addRow(sheet.columns.map((column) => column.header));
    header.font = { bold: true };
    header.commit();
    for await (const row of sheet.rows) {
      const added = worksheet.addRow(cellValues(sheet.columns, row.cells));
      if (row.bold) added.font = { bold: true };
      added.commit();
    }
    worksheet.commit();
  }
  await workbook.commit();
}
