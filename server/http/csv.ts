// CSV downloads, and the one rule for cells a spreadsheet would read as a formula (OWASP CSV
// injection). Export neutralises them: a cell that starts with =, +, -, @, tab or carriage return,
// after any quotes ('), gets one more quote before it. Import restores them: such a cell loses
// exactly one leading quote. So export → import gives back every value, and the file still never
// hands Excel a formula. The one ambiguity: a CSV written elsewhere whose cell really is '=x
// imports as =x (the cell is read as data, never as a formula).
import type { Response } from 'express';
import { stringify } from 'csv-stringify';

const NEUTRALISED = /^'*[=+\-@\t\r]/;

export function neutraliseCell(value: string): string {
  return NEUTRALISED.test(value) ? `'${value}` : value;
}

/** The value neutraliseCell was given (a cell it did not neutralise is returned as it is). */
export function restoreNeutralisedCell(cell: string): string {
  return cell.startsWith("'") && NEUTRALISED.test(cell) ? cell.slice(1) : cell;
}

export async function sendCsv(
  res: Response,
  filename: string,
  header: readonly string[],
  rows: AsyncIterable<readonly (string | number | null)[]>,
): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.write('\uFEFF'); // Excel reads UTF-8 only with a BOM.
  const csv = stringify({ header: true, columns: [...header], cast: { string: neutraliseCell } });
  csv.pipe(res);
  for await (const row of rows) {
    if (!csv.write(row.map((cell) => (cell === null ? '' : String(cell))))) {
      await new Promise((resolve) => csv.once('drain', resolve));
    }
  }
  csv.end();
  await new Promise((resolve) => res.once('finish', resolve));
}
