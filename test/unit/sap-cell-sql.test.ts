// The SQL fast path of the SAP import reads a cell only as readSapRow's rules read it
// (shared/sap-values.ts): for every generated cell, where SQL gives a value (and does not flag the
// cell for readSapRow), the JavaScript rules accept the cell and give the same value.
import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteParsers } from '../../db/database.ts';
import { MoneyDecimal } from '../../shared/money.ts';
import { parseSapAmount, parseSapCurrency, parseSapDate, parseSapNumberText, parseSapQuantity, type Parsed } from '../../shared/sap-values.ts';
import { amountSql, cellSql, currencySql, dateSql, documentSql, itemSql, priceUnitSql, quantitySql, suspectRow, type DecimalSeparator } from '../../server/features/executions/sap-cell-sql.ts';
import { sapNumber } from '../support/sap-files.ts';

let pglite: PGlite;
beforeAll(async () => {
  pglite = await PGlite.create({ parsers: pgliteParsers });
});
afterAll(() => pglite.close());

/** SQL's reading of each cell (null: left to readSapRow), as text. */
async function sqlRead(cells: readonly string[], expression: (t: string) => string): Promise<(string | null)[]> {
  const t = cellSql('c');
  const result = await pglite.query<{ value: string | null; suspect: boolean }>(
    `select (${expression('t')})::text as value, ${suspectRow(['c'])} as suspect from (select c, ${t} as t, n from unnest($1::text[]) with ordinality as u(c, n)) x order by n`,
    [cells],
  );
  return result.rows.map((row) => (row.suspect ? null : row.value));
}

/** Cells SQL read (so the properties are not vacuously true). */
let readBySql = 0;

const same = (sqlValue: string, jsValue: string) => new MoneyDecimal(sqlValue).equals(new MoneyDecimal(jsValue));

async function expectAgreement(cells: readonly string[], expression: (t: string) => string, js: (cell: string) => Parsed<string>, equal: (a: string, b: string) => boolean = same) {
  const read = await sqlRead(cells, expression);
  cells.forEach((cell, index) => {
    const value = read[index];
    if (value === null || value === undefined) return;
    readBySql++;
    const parsed = js(cell.trim());
    expect(parsed, `${JSON.stringify(cell)}: SQL read ${value}`).toMatchObject({ ok: true });
    if (parsed.ok) expect(equal(value, parsed.value), `${JSON.stringify(cell)}: SQL ${value}, readSapRow ${parsed.value}`).toBe(true);
  });
}

const separators: DecimalSeparator[] = [',', '.', null];
const decimal = (integers: number, decimals: number) =>
  fc.tuple(fc.bigInt({ min: 0n, max: 10n ** BigInt(integers) }), fc.nat({ max: 10 ** decimals - 1 }), fc.integer({ min: 0, max: decimals })).map(([whole, fraction, places]) =>
    places === 0 ? String(whole) : `${whole}.${String(fraction).padStart(decimals, '0').slice(0, places)}`,
  );
/** Cells as SAP and people write numbers, and near misses. */
const numberCell = (integers: number, decimals: number) =>
  fc.oneof(
    fc.tuple(decimal(integers, decimals), fc.constantFrom<',' | '.'>(',', '.')).map(([value, mark]) => sapNumber(value, mark)),
    decimal(integers, decimals),
    fc.stringMatching(/^[0-9.,' \u00a0-]{1,16}$/),
    fc.tuple(decimal(integers, decimals), fc.constantFrom(' ', '-', '\u00a0', "'", '=')).map(([value, extra]) => `${extra}${value}`),
  );

describe('the SQL reading of SAP cells', () => {
  it('when SQL reads an amount, then readSapRow reads the same amount', async () => {
    readBySql = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(numberCell(13, 3), { minLength: 100, maxLength: 200 }), fc.constantFrom(...separators), async (cells, separator) => {
        await expectAgreement(cells, (t) => amountSql(t, separator), (cell) => parseSapAmount(cell, separator ? { decimalSeparator: separator } : {}));
      }),
      { numRuns: 40 },
    );
    expect(readBySql).toBeGreaterThan(100);
  });

  it('when SQL reads a quantity or a price unit, then readSapRow reads the same', async () => {
    readBySql = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(numberCell(11, 5), { minLength: 100, maxLength: 200 }), fc.constantFrom(...separators), async (cells, separator) => {
        const options = separator ? { decimalSeparator: separator } : {};
        await expectAgreement(cells, (t) => quantitySql(t, separator), (cell) => parseSapQuantity(cell, options));
        await expectAgreement(cells, priceUnitSql, (cell) => {
          const parsed = cell === '' ? { ok: true as const, value: '1' } : parseSapQuantity(cell, options);
          return parsed.ok && !/^[1-9]\d*$/.test(parsed.value) ? { ok: false, message: 'no entero' } : parsed;
        });
      }),
      { numRuns: 40 },
    );
    expect(readBySql).toBeGreaterThan(100);
  });

  it('when SQL reads a date, then readSapRow reads the same day', async () => {
    readBySql = 0;
    const part = (digits: number) => fc.nat({ max: 10 ** digits - 1 }).map((n) => String(n).padStart(digits, '0'));
    const dateCell = fc.oneof(
      fc.tuple(part(2), part(2), fc.integer({ min: 1890, max: 2400 }), fc.constantFrom('.', '/', '-')).map(([d, m, y, mark]) => `${d}${mark}${m}${mark}${y}`),
      fc.tuple(fc.integer({ min: 1890, max: 2400 }), part(2), part(2)).map(([y, m, d]) => `${y}-${m}-${d}`),
      fc.tuple(part(2), part(2), fc.integer({ min: 1900, max: 2100 })).map(([d, m, y]) => `${d}.${m}/${y}`),
      fc.stringMatching(/^[0-9./ -]{1,12}$/),
      // Real days as SAP writes them, so that many cells take the SQL path whatever the draw.
      fc
        .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 10).split('-').reverse().join('.')),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(dateCell, { minLength: 100, maxLength: 200 }), async (cells) => {
        await expectAgreement(cells, dateSql, (cell) => parseSapDate(cell), (a, b) => a === b);
      }),
      { numRuns: 40 },
    );
    expect(readBySql).toBeGreaterThan(100);
  });

  it('when SQL reads a document, an item or a currency, then readSapRow reads the same', async () => {
    readBySql = 0;
    const code = fc.stringMatching(/^[0-9A-Za-z ñ-]{0,12}$/);
    await fc.assert(
      fc.asyncProperty(fc.array(code, { minLength: 100, maxLength: 200 }), async (cells) => {
        await expectAgreement(cells, documentSql, (cell) => parseSapNumberText(cell, 10), (a, b) => a === b);
        await expectAgreement(cells, itemSql, (cell) => {
          const parsed = parseSapNumberText(cell, 5);
          return parsed.ok && !/^\d+$/.test(parsed.value) ? { ok: false, message: 'no es posición' } : parsed;
        }, (a, b) => a === b);
        await expectAgreement([...cells, 'PEN', 'pen', ' PEN'], currencySql, (cell) => parseSapCurrency(cell), (a, b) => a === b);
      }),
      { numRuns: 20 },
    );
    expect(readBySql).toBeGreaterThan(100);
  });

  it('when a cell is padded or starts like a formula or a sign, then SQL leaves its row to readSapRow', async () => {
    const read = await sqlRead([' 12', '12\u00a0', '\ufeff12', '=12', "'12", '-12', '(12)', '12', 'PEN\t'], (t) => `${t}`);
    expect(read).toEqual([null, null, null, null, null, null, null, '12', null]);
  });
});
