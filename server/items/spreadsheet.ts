// Reading and writing spreadsheets: XLSX through exceljs, CSV through csv-parse, in UTF-8 or
// Windows-1252 (what Excel on Windows still writes).
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { HttpProblem } from '../http/problem.ts';

export interface SheetRow {
  /** As the spreadsheet numbers it: the header is row 1. */
  rowNumber: number;
  cells: string[];
  /** Columns (0-based) whose cell holds a formula rather than a value. */
  formulaColumns: number[];
  /** Columns (0-based) whose XLSX cell is a number, not text (a code may have lost leading zeros); none in a CSV. */
  numberColumns?: number[];
}

export interface Sheet {
  headers: string[];
  rows: SheetRow[];
}

const unreadable = (detail: string) =>
  new HttpProblem(422, '/problems/unreadable-file', 'Archivo no legible', detail, [{ field: 'file', in: 'body', message: detail }]);

const isXlsx = (data: Buffer) => data.length > 4 && data.readUInt32LE(0) === 0x04034b50; // "PK\3\4"

export function decodeText(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('windows-1252').decode(data);
  }
}

/**
 * Data rows a file may hold. A formulary has hundreds to tens of thousands of items; a file far
 * beyond that is a mistake, and its preview would cost the server more than any user can read.
 */
export const MAX_DATA_ROWS = 50_000;

const tooManyRows = () =>
  unreadable(
    `El archivo tiene más de ${MAX_DATA_ROWS.toLocaleString('es-PE')} filas de datos; divídalo en partes de ese tamaño como máximo.`,
  );

export async function readSheet(data: Buffer): Promise<Sheet> {
  if (data.length === 0) throw unreadable('El archivo está vacío.');
  return isXlsx(data) ? readXlsx(data) : readCsv(data);
}

/** exceljs takes a third of a second to load: only when a workbook is read or written. */
const loadExcel = async () => (await import('exceljs')).default;

/** Streams the first worksheet, so a large workbook is never held in memory whole. */
async function readXlsx(data: Buffer): Promise<Sheet> {
  const ExcelJS = await loadExcel();
  const rows: SheetRow[] = [];
  let headers: string[] | undefined;
  try {
    const workbook = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([data]), {
      worksheets: 'emit',
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'ignore',
    });
    for await (const worksheet of workbook) {
      for await (const row of worksheet) {
        const cells: string[] = [];
        const formulaColumns: number[] = [];
        const numberColumns: number[] = [];
        row.eachCell({ includeEmpty: true }, (cell, column) => {
          const formula = cell.type === ExcelJS.ValueType.Formula;
          if (formula) formulaColumns.push(column - 1);
          if (cell.type === ExcelJS.ValueType.Number) numberColumns.push(column - 1);
          cells[column - 1] = formula ? String(cell.formula ?? '') : cell.text;
        });
        const filled = Array.from(cells, (cell) => cell ?? '');
        if (!headers) headers = filled;
        else if (rows.length === MAX_DATA_ROWS) throw tooManyRows();
        else rows.push({ rowNumber: row.number, cells: filled, formulaColumns, numberColumns });
      }
      break; // the first worksheet only
    }
  } catch (error) {
    if (error instanceof HttpProblem) throw error;
    throw unreadable('No se pudo leer el archivo como hoja de cálculo XLSX.');
  }
  if (!headers) throw unreadable('La hoja está vacía.');
  return { headers, rows };
}

function readCsv(data: Buffer): Sheet {
  const text = decodeText(data);
  if (text.includes('\u0000')) throw unreadable('El archivo no es un CSV ni un XLSX (contiene datos binarios).');
  let records: string[][];
  try {
    records = parse(text, { delimiter: [',', ';', '\t'], relax_column_count: true, skip_empty_lines: true, bom: true });
  } catch (error) {
    throw unreadable(`No se pudo leer el CSV: ${(error as Error).message}`);
  }
  const [headers, ...rest] = records;
  if (!headers) throw unreadable('El archivo está vacío.');
  if (rest.length > MAX_DATA_ROWS) throw tooManyRows();
  return {
    headers,
    rows: rest.map((cells, index) => ({
      rowNumber: index + 2,
      cells,
      // In a CSV a formula is text that a spreadsheet would evaluate.
      formulaColumns: cells.flatMap((cell, column) => (/^[=+@]/.test(cell) || /^-[^\d]/.test(cell) ? [column] : [])),
    })),
  };
}

export async function writeXlsx(sheetName: string, headers: readonly string[], rows: readonly (readonly string[])[]): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const workbook = new ExcelJS.Workbook();
  const worksheet = workbook.addWorksheet(sheetName);
  worksheet.addRow([...headers]).font = { bold: true };
  for (const row of rows) worksheet.addRow([...row]);
  worksheet.columns.forEach((column) => (column.width = 24));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
