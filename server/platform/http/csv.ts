// CSV downloads, and the one rule for cells a spreadsheet would read as a formula (OWASP CSV
// injection). Export neutralises them: a cell that starts with =, +, -, @, tab or carriage return,
// after any quotes ('), gets one more quote before it. Import restores them: such a cell loses
// exactly one leading quote. So export → import gives back every value, and the file still never
// hands Excel a formula. The one ambiguity: a CSV written elsewhere whose cell really is '=x
// imports as =x (the cell is read as data, never as a formula).
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
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
  { delimiter = ',' }: { delimiter?: ',' | ';' } = {},
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
    await pipeline(Readable.from(cells()), stringify({ header: true, columns: [...header], delimiter, cast: { string: neutraliseCell } }), res);
  } catch (error) {
    // The 200 is gone: the error handler can no longer answer, and pipeline destroyed the response.
    console.error(`CSV export ${filename} failed after it started:`, error);
  }
}
