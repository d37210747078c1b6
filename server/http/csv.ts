// CSV downloads. A cell that a spreadsheet would read as a formula is neutralised (OWASP CSV
// injection): a leading =, +, -, @, tab or carriage return gets a quote before it.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { stringify } from 'csv-stringify';

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * Streams rows as a CSV download. Nothing is sent until the first row has been read, so a failing
 * first query still gets its problem response; a failure after that destroys the response, so the
 * client sees an aborted transfer instead of a complete-looking file.
 */
export async function sendCsv(
  res: Response,
  filename: string,
  header: readonly string[],
  rows: AsyncIterable<readonly (string | number | null)[]>,
): Promise<void> {
  const iterator = rows[Symbol.asyncIterator]();
  const first = await iterator.next();
  async function* cells() {
    for (let next = first; !next.done; next = await iterator.next()) {
      yield next.value.map((cell) => (cell === null ? '' : String(cell)));
    }
  }
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.write('\uFEFF'); // Excel reads UTF-8 only with a BOM.
  try {
    await pipeline(Readable.from(cells()), stringify({ header: true, columns: [...header], cast: { string: neutraliseCell } }), res);
  } catch (error) {
    // The 200 is gone: the error handler can no longer answer, and pipeline destroyed the response.
    console.error(`CSV export ${filename} failed after it started:`, error);
  }
}
