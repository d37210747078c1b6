// Reading the cells of an SAP purchase-order export (issue 13): dates, amounts, quantities,
// document numbers and the currency, each to a string (never a JS number for a quantity or an
// amount) or a Spanish message. Pure; sap-export-row.ts reads a whole row with them.
//
// A cell comes as text (CSV, or an XLSX text cell) or as an XLSX number cell, whose text is the
// number exactly as stored (a double written in its shortest form, such as 40909, 1234.5 or
// 0.30000000000000004). Such a number is read with Excel's own precision, 15 significant digits,
// so what the user saw in Excel is what is imported.
import { divideRounded } from './exact-division.ts';
import { daysInMonth } from './consumption-sheet.ts';
import { quoteValue } from './import-columns.ts';
import { MoneyDecimal, MoneyParseError, parseMoney, toMoney } from './money.ts';

export type Parsed<T = string> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const refused = (message: string): Parsed<never> => ({ ok: false, message });

export interface CellOptions {
  /** The cell is an XLSX number cell (see the header). */
  numberCell?: boolean;
  /**
   * The file's decimal separator, when known (an SAP export writes every number with its user's
   * format). It settles «1.000», which alone could be one thousand or one with three decimals.
   */
  decimalSeparator?: ',' | '.';
}

// ---- Dates -----------------------------------------------------------------------------------

/** Excel's last day, 9999-12-31. */
const LAST_EXCEL_SERIAL = 2_958_465;
/** Excel counts 1900-02-29, which never was (Lotus 1-2-3's leap-year bug kept for compatibility). */
const PHANTOM_SERIAL = 60;
const DAY_MS = 86_400_000;
const monthNames = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/**
 * Day `serial` of Excel's 1900 date system as yyyy-mm-dd, as Excel shows it: 1 is 1900-01-01, 59
 * is 1900-02-28, 61 is 1900-03-01, 40909 is 2012-01-01. A fraction is the time of day, dropped.
 * 60, Excel's 1900-02-29, is refused: that day did not exist.
 */
export function excelSerialToDate(serial: string): Parsed {
  if (!/^\d+(?:\.\d+)?$/.test(serial)) return refused(`${quoteValue(serial)} no es un número de serie de fecha de Excel`);
  const day = Number(serial.split('.')[0]);
  if (day < 1 || day > LAST_EXCEL_SERIAL) return refused(`el número de serie ${serial} no es una fecha de Excel (va de 1 a ${LAST_EXCEL_SERIAL})`);
  if (day === PHANTOM_SERIAL) {
    return refused('el número de serie 60 es el 29 de febrero de 1900 de Excel, un día que no existió; escriba la fecha');
  }
  // Before the phantom day Excel's day 0 is 1899-12-31; from it on, 1899-12-30.
  const epoch = Date.UTC(1899, 11, day < PHANTOM_SERIAL ? 31 : 30);
  return ok(new Date(epoch + day * DAY_MS).toISOString().slice(0, 10));
}

const DOTTED_OR_SLASHED = /^(\d{1,2})([./])(\d{1,2})\2(\d{4})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/;

/**
 * A date as an SAP export writes it, read as yyyy-mm-dd: dd.mm.yyyy (SAP's default user format),
 * dd/mm/yyyy, ISO yyyy-mm-dd (with a time, dropped, as an XLSX date cell has), or an Excel serial
 * number (any text of digits, or an XLSX number cell). A day its month does not have is refused.
 */
export function parseSapDate(raw: string, { numberCell = false }: CellOptions = {}): Parsed {
  const text = raw.trim();
  if (text === '') return refused('está vacía');
  if (numberCell || /^\d+(?:\.\d+)?$/.test(text)) return excelSerialToDate(text);
  let year: number;
  let month: number;
  let day: number;
  let match: RegExpExecArray | null;
  if ((match = DOTTED_OR_SLASHED.exec(text))) [day, month, year] = [Number(match[1]), Number(match[3]), Number(match[4])];
  else if ((match = ISO.exec(text))) [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return refused(`${quoteValue(text)} no es una fecha; escriba día.mes.año (31.12.2012), día/mes/año o año-mes-día`);
  if (year < 1900) return refused(`${quoteValue(text)}: el año ${year} es anterior a 1900`);
  if (month < 1 || month > 12) return refused(`${quoteValue(text)} no es una fecha válida: no hay mes ${month}`);
  const days = daysInMonth(`${year}-${pad(month, 2)}`);
  if (day < 1 || day > days) {
    return refused(`${quoteValue(text)} no es una fecha válida: ${monthNames[month - 1]} de ${year} tiene ${days} días`);
  }
  return ok(`${year}-${pad(month, 2)}-${pad(day, 2)}`);
}

// ---- Numbers ---------------------------------------------------------------------------------

const MINUS = /^[-\u2212]$/;
/** What an XLSX number cell's text looks like: a double in its shortest form. */
const STORED_NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** An XLSX number cell's value as Excel shows it (15 significant digits), as a plain decimal. */
function storedNumber(text: string): MoneyDecimal | null {
  if (!STORED_NUMBER.test(text)) return null;
  return new MoneyDecimal(text).toSignificantDigits(15);
}

/** A sign written after the number, as SAP does («1.234,56-»), moved in front. */
function leadingSign(text: string): string {
  const last = text.slice(-1);
  if (!MINUS.test(last) || text.length < 2) return text;
  const rest = text.slice(0, -1).trimEnd();
  // Both a leading and a trailing sign: left as is, for the reader to refuse.
  return MINUS.test(rest.charAt(0)) || rest.startsWith('(') ? text : `-${rest}`;
}

/**
 * An amount in soles, as the canonical money string (shared/money.ts): every format `parseMoney`
 * reads, SAP's trailing minus, and an XLSX number cell. With the file's decimal separator known,
 * «1.234» (one thousand two hundred and thirty-four, with a decimal comma) is no longer ambiguous.
 */
export function parseSapAmount(raw: string, { numberCell = false, decimalSeparator }: CellOptions = {}): Parsed {
  const text = raw.trim();
  if (text === '') return refused('está vacío');
  if (numberCell) {
    const value = storedNumber(text);
    if (value === null) return refused(`${quoteValue(text)} no es un número`);
    if (value.decimalPlaces() > 2) return refused(`${quoteValue(text)} tiene más de dos decimales; un importe en soles llega al céntimo`);
    if (value.abs().greaterThan('999999999999.99')) return refused(`${quoteValue(text)} supera el máximo admitido de 999,999,999,999.99`);
    return ok(toMoney(value));
  }
  let written = leadingSign(text);
  if (decimalSeparator) {
    // Thousands only (every group of three after the first): the known decimal separator closes it.
    const thousands = decimalSeparator === ',' ? /^-?\d{1,3}(?:\.\d{3})+$/ : /^-?\d{1,3}(?:,\d{3})+$/;
    if (thousands.test(written)) written += `${decimalSeparator}00`;
    // «1,234» with a decimal comma is not ambiguous: it has three decimals.
    const decimals = (decimalSeparator === ',' ? /,(\d{3,})$/ : /\.(\d{3,})$/).exec(written)?.[1];
    if (decimals) return refused(`${quoteValue(text)}: tiene más de dos decimales (${decimals.length}); un importe en soles llega al céntimo`);
  }
  try {
    return ok(parseMoney(written));
  } catch (error) {
    if (error instanceof MoneyParseError) return refused(`${quoteValue(text)}: ${error.reason}`);
    throw error;
  }
}

/** Decimals a quantity keeps: what numeric(14,4) holds, as the project's other quantities. */
export const QUANTITY_DECIMALS = 4;
const QUANTITY_INTEGER_DIGITS = 10;

/**
 * A quantity (order quantity, still to be delivered, price unit) as a plain decimal string without
 * trailing zeros («1234.5», «-3», «0.0001»): digits grouped by «.», «,», «'» or spaces, a decimal
 * «,» or «.», a leading or SAP's trailing minus, or an XLSX number cell. At most 4 decimals and 10
 * integer digits (numeric(14,4)); more decimals are refused, never rounded away. A lone separator
 * followed by exactly three digits («1.000») is refused as ambiguous unless the file's decimal
 * separator is known.
 */
export function parseSapQuantity(raw: string, { numberCell = false, decimalSeparator }: CellOptions = {}): Parsed {
  const text = raw.trim();
  if (text === '') return refused('está vacía');
  let value: MoneyDecimal | null;
  if (numberCell) {
    value = storedNumber(text);
    if (value === null) return refused(`${quoteValue(text)} no es un número`);
  } else {
    const read = readGroupedNumber(leadingSign(text), decimalSeparator);
    if (!read.ok) return refused(`${quoteValue(text)}: ${read.message}`);
    value = new MoneyDecimal(read.value);
  }
  if (value.decimalPlaces() > QUANTITY_DECIMALS) {
    return refused(`${quoteValue(text)} tiene más de ${QUANTITY_DECIMALS} decimales`);
  }
  if (value.abs().greaterThanOrEqualTo(`1e${QUANTITY_INTEGER_DIGITS}`)) {
    return refused(`${quoteValue(text)} tiene más de ${QUANTITY_INTEGER_DIGITS} cifras enteras`);
  }
  return ok(value.isZero() ? '0' : value.toFixed());
}

/**
 * The decimal separator a cell proves, or null when it proves none: «1.234,56» and «1.234.567»
 * prove «,»; «1,234.56», «12.5» and «0,125» prove their own; «1.000» and «12» prove nothing. An SAP
 * export writes every number with its user's format, so the first cell that proves one settles the
 * file (an amount in soles, with its two decimals, always does).
 */
export function decimalSeparatorOf(raw: string): ',' | '.' | null {
  const body = leadingSign(raw.trim()).replace(/^-/, '');
  if (!/^\d[\d.,' ]*\d$/.test(body)) return null;
  const dots = body.split('.').length - 1;
  const commas = body.split(',').length - 1;
  if (dots > 0 && commas > 0) return body.lastIndexOf('.') > body.lastIndexOf(',') ? '.' : ',';
  if (dots + commas === 0) return null;
  const mark = dots > 0 ? '.' : ',';
  if (dots + commas > 1) return mark === '.' ? ',' : '.';
  const [before = '', after = ''] = body.split(mark);
  return after.length === 3 && /^[1-9]\d{0,2}$/.test(before) ? null : mark;
}

/** «-1.234.567,5» → «-1234567.5» (with `decimal`, or the separator the text makes plain). */
function readGroupedNumber(text: string, decimal: ',' | '.' | undefined): Parsed {
  const match = /^(-?)(\d[\d.,' ]*)$/.exec(text.replace(/[\u00a0\u202f]/g, ' '));
  if (!match) return refused('no es un número');
  const [, sign, body] = match as unknown as [string, string, string];
  if (/[.,' ]$/.test(body)) return refused('termina en un separador');
  if (/[.,' ]{2}/.test(body)) return refused('tiene dos separadores seguidos');
  let mark = decimal;
  if (mark === undefined) {
    const dots = body.split('.').length - 1;
    const commas = body.split(',').length - 1;
    if (dots > 0 && commas > 0) mark = body.lastIndexOf('.') > body.lastIndexOf(',') ? '.' : ',';
    else if (dots + commas === 1) {
      mark = dots === 1 ? '.' : ',';
      const [before = '', after = ''] = body.split(mark);
      // «1.000» could be grouped thousands; «1000.125», «0.125» and «1 000.125» could not.
      if (after.length === 3 && /^[1-9]\d{0,2}$/.test(before)) {
        return refused(`ambiguo, «${mark}» seguido de tres cifras puede separar miles (${before}${after}) o decimales (${before} y ${after} milésimas); indique el separador decimal del archivo`);
      }
    }
  }
  const [integer = '', fraction, extra] = mark === undefined ? [body] : body.split(mark);
  if (extra !== undefined) return refused(`el separador decimal «${mark}» aparece más de una vez`);
  if (fraction !== undefined && !/^\d+$/.test(fraction)) return refused('tiene separadores después de los decimales');
  const groups = integer.split(/[.,' ]/);
  if (groups.length > 1 && (groups[0]!.length > 3 || groups.slice(1).some((group) => group.length !== 3))) {
    return refused('agrupación de miles incorrecta: el primer grupo debe tener de una a tres cifras y los demás exactamente tres');
  }
  return ok(`${sign}${groups.join('')}${fraction === undefined ? '' : `.${fraction}`}`);
}

// ---- Prices ----------------------------------------------------------------------------------

/** Decimals of a unit price: numeric(14,4), as the planned lines' prices. */
export const UNIT_PRICE_DECIMALS = 4;

/**
 * The price of one unit: SAP quotes Net Price per Price Unit (per 100 units, say), so the unit
 * price is Net Price ÷ Price Unit, divided exactly and rounded once, half up to 4 decimals:
 * 1234.56 per 100 → 12.3456; 10.00 per 3 → 3.3333.
 */
export function unitPrice(netPrice: string, priceUnit: string): string {
  return divideRounded(new MoneyDecimal(netPrice), new MoneyDecimal(priceUnit), UNIT_PRICE_DECIMALS, 'halfUp');
}

// ---- Identifiers and codes -------------------------------------------------------------------

/**
 * A document or item number, kept as text as written (leading zeros kept: 0045000123 stays so).
 * An XLSX number cell holds it without them, as Excel does; an exponent (4.5E+9) was rounded by
 * Excel and is refused.
 */
export function parseSapNumberText(raw: string, maxDigits: number): Parsed {
  const text = raw.trim();
  if (text === '') return refused('está vacío');
  if (!/^[0-9A-Za-z]+$/.test(text)) return refused(`${quoteValue(text)} no es un número de documento`);
  if (text.length > maxDigits) return refused(`${quoteValue(text)} tiene más de ${maxDigits} caracteres`);
  return ok(text);
}

/** The only currency a reconciliation in soles takes; another is reported, never converted. */
export const RECONCILED_CURRENCY = 'PEN';

export function parseSapCurrency(raw: string): Parsed<typeof RECONCILED_CURRENCY> {
  const text = raw.trim().toUpperCase();
  if (text === '') return refused('está vacía; se espera PEN');
  if (!/^[A-Z]{3}$/.test(text)) return refused(`${quoteValue(raw.trim())} no es un código de moneda (PEN, USD…)`);
  if (text !== RECONCILED_CURRENCY) {
    return refused(`la línea está en ${text}; solo se concilian importes en soles (PEN) y no se convierten monedas`);
  }
  return ok(RECONCILED_CURRENCY);
}
