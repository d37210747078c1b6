// The fast path of the SAP import (issue 13): the cells of an export's rows converted by SQL, set-
// based, in the staging table, for the formats SAP writes every day (dd.mm.yyyy, «1.234,56»,
// PEN…). Each expression gives the value readSapRow (shared/sap-export-row.ts) would give, or NULL
// where it is not sure: such a row goes to readSapRow itself, which has the one home of the rules
// and their Spanish messages. So SQL never accepts what readSapRow refuses, never reads a value
// differently, and never writes a message (test/unit/sap-cell-sql.test.ts checks this on
// generated cells). Expressions take a column of the trimmed cells (see `trimmed`).
import type { SapKey } from '../../../shared/sap-export-columns.ts';

export type DecimalSeparator = ',' | '.' | null;

/**
 * What JavaScript's String.prototype.trim removes (WhiteSpace and LineTerminator: tab, vertical
 * tab, form feed, space separators Zs, BOM, line feed, carriage return, U+2028, U+2029), so that
 * btrim(cell, these) is the cell readSapRow reads.
 */
const JS_WHITESPACE = '\t\n\u000b\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

/** The cell as readSapRow reads it ('' for an empty or absent one). */
export const trimmed = (column: string) => `coalesce(btrim(${column}, '${JS_WHITESPACE}'), '')`;

/** Characters a cell may start with that ask for readSapRow: a formula, a neutralised cell, a sign. */
export const suspectStart = (rawColumn: string) => `coalesce(left(${rawColumn}, 1) in ('=', '+', '@', '-', '''', '\u2212', '('), false)`;

/** SAP's document number: letters and digits, at most 10 (EBELN). */
export const documentSql = (t: string) => `case when ${t} ~ '^[0-9A-Za-z]{1,10}$' then ${t} end`;

/** The item: at most 5 digits (EBELP). */
export const itemSql = (t: string) => `case when ${t} ~ '^[0-9]{1,5}$' then ${t} end`;

/** A day that exists, from 1900 on (readSapRow refuses earlier years and days a month lacks). */
function validDate(year: string, month: string, day: string): string {
  const leap = `((${year}) % 4 = 0 and ((${year}) % 100 <> 0 or (${year}) % 400 = 0))`;
  const days = `case when ${month} = 2 then case when ${leap} then 29 else 28 end when ${month} in (4, 6, 9, 11) then 30 else 31 end`;
  return `case when ${year} >= 1900 and ${month} between 1 and 12 and ${day} between 1 and (${days}) then make_date(${year}, ${month}, ${day}) end`;
}

/** dd.mm.yyyy, dd/mm/yyyy (two-digit day and month) or yyyy-mm-dd; Excel serials go to readSapRow. */
export function dateSql(t: string): string {
  const int = (from: number, length: number) => `substr(${t}, ${from}, ${length})::int`;
  return `case
    when ${t} ~ '^[0-9]{2}([./])[0-9]{2}\\1[0-9]{4}$' then ${validDate(int(7, 4), int(4, 2), int(1, 2))}
    when ${t} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then ${validDate(int(1, 4), int(6, 2), int(9, 2))}
  end`;
}

/** Integer digits grouped by `group` in threes, up to `digits` of them; or plain. */
function integerPattern(digits: number, group: string | null): string {
  if (group === null) return `[0-9]{1,${digits}}`;
  const g = group === '.' ? '\\.' : group;
  // 1 to 3 digits, then whole groups of three, never past `digits` in all.
  const grouped = [];
  for (let groups = 1; groups * 3 + 1 <= digits; groups++) grouped.push(`[0-9]{1,${Math.min(3, digits - groups * 3)}}(${g}[0-9]{3}){${groups}}`);
  return `([0-9]{1,${digits}}|${grouped.join('|')})`;
}

/**
 * A non-negative number with at most `decimals` decimals and `digits` integer digits, written with
 * the file's decimal separator (thousands grouped with the other mark, or not grouped); with no
 * separator known, digits only.
 */
function numberSql(t: string, separator: DecimalSeparator, digits: number, decimals: number): string {
  if (separator === null) return `case when ${t} ~ '^[0-9]{1,${digits}}$' then ${t}::numeric end`;
  const group = separator === ',' ? '.' : ',';
  const mark = separator === '.' ? '\\.' : ',';
  const pattern = `^${integerPattern(digits, group)}(${mark}[0-9]{1,${decimals}})?$`;
  const plain = separator === ',' ? `replace(replace(${t}, '.', ''), ',', '.')` : `replace(${t}, ',', '')`;
  return `case when ${t} ~ '${pattern}' then ${plain}::numeric end`;
}

/** An order quantity (or still to deliver): readSapRow keeps 4 decimals and 10 integer digits. */
export const quantitySql = (t: string, separator: DecimalSeparator) => numberSql(t, separator, 10, 4);

/** An amount in soles: 2 decimals, at most 999,999,999,999.99. */
export const amountSql = (t: string, separator: DecimalSeparator) => numberSql(t, separator, 12, 2);

/** The price unit: a whole number of units from 1; empty is 1 (SAP's default). */
export const priceUnitSql = (t: string) => `case when ${t} = '' then 1::numeric when ${t} ~ '^[1-9][0-9]{0,9}$' then ${t}::numeric end`;

export const currencySql = (t: string) => `case when ${t} = 'PEN' then 'PEN' end`;

/**
 * A text cell: at most `max` UTF-16 units as readSapRow counts them; octet_length bounds them
 * from above (a character takes at least as many bytes in UTF-8 as units in UTF-16).
 */
export const textSql = (t: string, max: number) => `case when octet_length(${t}) <= ${max} then ${t} end`;

/** The text limits of sap-export-row.ts. */
export const TEXT_LIMITS: Partial<Record<SapKey, number>> = {
  material: 40,
  shortText: 200,
  orderUnit: 200,
  vendor: 200,
  vendorName: 200,
  plant: 200,
  processCode: 200,
};
