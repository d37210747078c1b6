// Reading and writing spreadsheets. Reading is bounded (see sheet-builder.ts for the limits):
// XLSX through xlsx-reader.ts, CSV through csv-reader.ts. Writing XLSX goes through exceljs.
import { readCsv } from './csv-reader.ts';
import { unreadable, type Sheet } from './sheet-builder.ts';
import { readXlsx } from './xlsx-reader.ts';

export { MAX_DATA_ROWS, type Sheet, type SheetRow } from './sheet-builder.ts';

const isXlsx = (data: Buffer) => data.length > 4 && data.readUInt32LE(0) === 0x04034b50; // "PK\3\4"

export async function readSheet(data: Buffer): Promise<Sheet> {
  if (data.length === 0) throw unreadable('El archivo está vacío.');
  return isXlsx(data) ? readXlsx(data) : readCsv(data);
}

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
