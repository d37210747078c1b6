// The fast path of the SAP import (issue 13): the cells of an export's rows converted by SQL, set-
// based, in the staging table, for the formats SAP writes every day (dd.mm.yyyy, «1.234,56»,
// PEN…). Each expression gives the value readSapRow (shared/sap-export-row.ts) would give, or NULL
// where it is not sure: such a row goes to readSapRow itself, which has the one home of the rules
// and their Spanish messages. So SQL never accepts what readSapRow refuses, never reads a value
// differently, and never writes a message (test/unit/sap-cell-sql.test.ts checks this on
// generated cells). Expressions take a cell as written (see `cellSql` and `suspectRow`).
import type { SapKey } from '../../../shared/sap-export-columns.ts';

export type DecimalSeparator = ',' | '.' | null;

/**
 * What JavaScript's String.prototype.trim removes (WhiteSpace and LineTerminator: tab, line feed,
 * vertical tab, form feed, carriage return, the space separators Zs, BOM, U+2028, U+2029).
 */
const WHITESPACE_CLASS = `[\\t\\n\\u000b\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]`;

/** A cell as written ('' for an empty or absent one): see `suspectRow` for what SQL does not read. */
export const cellSql = (column: string) => `coalesce(${column}, '')`;

/**
 * Whether some cell of the row asks for readSapRow: it starts with what may be a formula, a
 * neutralised cell or a sign (=, +, @, ', -, −, parenthesis), or starts or ends with what
 * JavaScript's trim removes. One pattern over the cells joined by U+001F costs PostgreSQL a
 * fraction of a pattern per cell (a U+001F inside a cell can only flag more rows, never fewer).
 */
export const suspectRow = (columns: readonly string[]) =>
  columns.length === 0
    ? 'false'
    : `coalesce(concat_ws(chr(31), ${columns.join(', ')}) ~ '(^|\\x1f)([-=+@''(\u2212]|${WHITESPACE_CLASS})|${WHITESPACE_CLASS}(\\x1f|$)', false)`;

// Shapes are checked with translate() where it can: PostgreSQL runs a pattern several times slower.
const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** SAP's document number: letters and digits, at most 10 (EBELN). */
export const documentSql = (t: string) => `case when octet_length(${t}) between 1 and 10 and translate(${t}, '${DIGITS}${LETTERS}', '') = '' then ${t} end`;

/** The item: at most 5 digits (EBELP). */
export const itemSql = (t: string) => `case when octet_length(${t}) between 1 and 5 and translate(${t}, '${DIGITS}', '') = '' then ${t} end`;

/** A day that exists, from 1900 on (readSapRow refuses earlier years and days a month lacks). */
function validDate(year: string, month: string, day: string): string {
  const leap = `((${year}) % 4 = 0 and ((${year}) % 100 <> 0 or (${year}) % 400 = 0))`;
  const days = `case when ${month} = 2 then case when ${leap} then 29 else 28 end when ${month} in (4, 6, 9, 11) then 30 else 31 end`;
  return `case when ${year} >= 1900 and ${month} between 1 and 12 and ${day} between 1 and (${days}) then make_date(${year}, ${month}, ${day}) end`;
}

/**
 * dd.mm.yyyy, dd/mm/yyyy (two-digit day and month) or yyyy-mm-dd; Excel serials go to readSapRow.
 * Ten single-byte characters whose only non-digits are the two marks, where the format puts them.
 */
export function dateSql(t: string): string {
  const int = (from: number, length: number) => `substr(${t}, ${from}, ${length})::int`;
  const marks = `translate(${t}, '${DIGITS}', '')`;
  return `case when octet_length(${t}) = 10 then case
    when ${marks} in ('..', '//') and substr(${t}, 3, 1) in ('.', '/') and substr(${t}, 6, 1) = substr(${t}, 3, 1) then ${validDate(int(7, 4), int(4, 2), int(1, 2))}
    when ${marks} = '--' and substr(${t}, 5, 1) = '-' and substr(${t}, 8, 1) = '-' then ${validDate(int(1, 4), int(6, 2), int(9, 2))}
  end end`;
}

/**
 * A non-negative number with at most `decimals` decimals and fewer than `digits` integer digits,
 * written with the file's decimal separator (thousands grouped in threes with the other mark, or
 * not grouped); with no separator known, digits only. Longer cells are left to readSapRow, so no
 * cast can overflow.
 */
function numberSql(t: string, separator: DecimalSeparator, digits: number, decimals: number): string {
  const inRange = (plain: string) => `case when ${plain}::numeric < 1e${digits} then ${plain}::numeric end`;
  if (separator === null) return `case when octet_length(${t}) between 1 and ${digits} and translate(${t}, '${DIGITS}', '') = '' then ${t}::numeric end`;
  const group = separator === ',' ? '\\.' : ',';
  const mark = separator === '.' ? '\\.' : ',';
  const pattern = `^([0-9]+|[0-9]{1,3}(${group}[0-9]{3})+)(${mark}[0-9]{1,${decimals}})?$`;
  const plain = separator === ',' ? `replace(replace(${t}, '.', ''), ',', '.')` : `replace(${t}, ',', '')`;
  const at = `position('${separator}' in ${t})`;
  // Plain digits, digits with one decimal mark (the common cells), else the grouped pattern.
  return `case when octet_length(${t}) between 1 and 40 then case translate(${t}, '${DIGITS}', '')
    when '' then ${inRange(t)}
    when '${separator}' then case when ${at} > 1 and octet_length(${t}) - ${at} between 1 and ${decimals} then ${inRange(`replace(${t}, '${separator}', '.')`)} end
    else case when ${t} ~ '${pattern}' then ${inRange(plain)} end
  end end`;
}

/** An order quantity (or still to deliver): readSapRow keeps 4 decimals and 10 integer digits. */
export const quantitySql = (t: string, separator: DecimalSeparator) => numberSql(t, separator, 10, 4);

/** An amount in soles: 2 decimals, at most 999,999,999,999.99. */
export const amountSql = (t: string, separator: DecimalSeparator) => numberSql(t, separator, 12, 2);

/** The price unit: a whole number of units from 1; empty is 1 (SAP's default). */
export const priceUnitSql = (t: string) =>
  `case when ${t} = '' then 1::numeric when octet_length(${t}) <= 10 and translate(${t}, '${DIGITS}', '') = '' and left(${t}, 1) <> '0' then ${t}::numeric end`;

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
