// CSV downloads. A cell that a spreadsheet would read as a formula is neutralised (OWASP CSV
// injection): a leading =, +, -, @, tab or carriage return gets a quote before it.
import type { Response } from 'express';
import { stringify } from 'csv-stringify';

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
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
