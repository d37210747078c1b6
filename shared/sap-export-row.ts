// One row of an SAP purchase-order export (issue 13), its cells mapped to columns
// (sap-export-columns.ts), read as an executed purchase-order line, or as the errors of its cells,
// each naming its column, in Spanish. And the check that a file does not list the same
// (document, item) twice. Pure: the import's dry run and its client preview give the same messages.
import { sapExportColumns, type SapKey } from './sap-export-columns.ts';
import { MoneyDecimal } from './money.ts';
import {
  parseSapAmount,
  parseSapCurrency,
  parseSapDate,
  parseSapNumberText,
  parseSapQuantity,
  unitPrice,
  type CellOptions,
  type Parsed,
  type RECONCILED_CURRENCY,
} from './sap-values.ts';

/** An executed purchase-order line. Quantities and amounts are decimal strings. */
export interface ExecutedLine {
  /** As written, leading zeros kept. */
  purchasingDocument: string;
  item: string;
  /** yyyy-mm-dd. */
  documentDate: string;
  /** null: a line without material (a text or service line), which matches no planned item. */
  material: string | null;
  shortText: string;
  /** Up to 4 decimals. */
  orderQuantity: string;
  orderUnit: string;
  /** Canonical money: the price of `priceUnit` units. */
  netPrice: string;
  /** A whole number of units, at least 1. */
  priceUnit: string;
  /** netPrice ÷ priceUnit, half up to 4 decimals. */
  unitPrice: string;
  /** Canonical money, as SAP computed it; null when the file lacks it. */
  netOrderValue: string | null;
  currency: typeof RECONCILED_CURRENCY;
  vendor: string;
  vendorName: string;
  plant: string;
  stillToDeliverQuantity: string | null;
  stillToDeliverValue: string | null;
  stillToInvoiceQuantity: string | null;
  stillToInvoiceValue: string | null;
  /** orderQuantity − stillToDeliverQuantity; null without the latter. */
  receivedQuantity: string | null;
  /** The selection process's code, where the layout carries one; null otherwise. */
  processCode: string | null;
}

export interface SapCellError {
  column: SapKey;
  message: string;
}

export type SapRowResult = { ok: true; line: ExecutedLine } | { ok: false; errors: SapCellError[] };

export interface SapRowOptions {
  /** Columns whose cell in this row is an XLSX number cell. */
  numberKeys?: ReadonlySet<SapKey>;
  /** The file's decimal separator, when known (see CellOptions). */
  decimalSeparator?: ',' | '.';
}

/** SAP's document number is 10 characters (EBELN), its item 5 digits (EBELP). */
const DOCUMENT_CHARS = 10;
const ITEM_DIGITS = 5;
const MAX_MATERIAL_CHARS = 40;
const MAX_TEXT_CHARS = 200;

const labels = Object.fromEntries(sapExportColumns.map((column) => [column.key, column.label])) as Record<SapKey, string>;

/**
 * The row's cells by column (an absent optional column has no key; an empty cell is '') as an
 * executed line, or every error of the row at once.
 */
export function readSapRow(cells: Partial<Record<SapKey, string>>, { numberKeys, decimalSeparator }: SapRowOptions = {}): SapRowResult {
  const errors: SapCellError[] = [];
  const optionsOf = (key: SapKey): CellOptions => ({ numberCell: numberKeys?.has(key) ?? false, ...(decimalSeparator ? { decimalSeparator } : {}) });
  const take = <T>(key: SapKey, parsed: Parsed<T>): T | undefined => {
    if (parsed.ok) return parsed.value;
    errors.push({ column: key, message: `${labels[key]}: ${parsed.message}` });
    return undefined;
  };
  const fail = (key: SapKey, message: string) => errors.push({ column: key, message: `${labels[key]}: ${message}` });
  const text = (key: SapKey) => (cells[key] ?? '').trim();
  /** An optional cell: null when absent or empty. */
  const optional = <T>(key: SapKey, read: (raw: string, options: CellOptions) => Parsed<T>) =>
    text(key) === '' ? null : take(key, read(text(key), optionsOf(key)));
  const limited = (key: SapKey, max: number) => {
    const value = text(key);
    if (value.length > max) fail(key, `a lo sumo ${max} caracteres`);
    return value;
  };

  const purchasingDocument = take('purchasingDocument', parseSapNumberText(text('purchasingDocument'), DOCUMENT_CHARS));
  const item = take('item', parseSapNumberText(text('item'), ITEM_DIGITS));
  if (item !== undefined && !/^\d+$/.test(item)) fail('item', 'debe ser un número de posición (10, 00020…)');
  const documentDate = take('documentDate', parseSapDate(text('documentDate'), optionsOf('documentDate')));
  const material = limited('material', MAX_MATERIAL_CHARS);
  const orderQuantity = take('orderQuantity', parseSapQuantity(text('orderQuantity'), optionsOf('orderQuantity')));
  if (orderQuantity?.startsWith('-')) fail('orderQuantity', 'no puede ser negativa');
  const netPrice = take('netPrice', parseSapAmount(text('netPrice'), optionsOf('netPrice')));
  if (netPrice?.startsWith('-')) fail('netPrice', 'no puede ser negativo');
  const priceUnit = text('priceUnit') === '' ? '1' : take('priceUnit', parseSapQuantity(text('priceUnit'), optionsOf('priceUnit')));
  if (priceUnit !== undefined && !/^[1-9]\d*$/.test(priceUnit)) fail('priceUnit', `debe ser un número entero de unidades mayor que cero (se recibió ${priceUnit})`);
  const currency = take('currency', parseSapCurrency(text('currency')));
  const netOrderValue = optional('netOrderValue', parseSapAmount);
  const stillToDeliverQuantity = optional('stillToDeliverQuantity', parseSapQuantity);
  const stillToDeliverValue = optional('stillToDeliverValue', parseSapAmount);
  const stillToInvoiceQuantity = optional('stillToInvoiceQuantity', parseSapQuantity);
  const stillToInvoiceValue = optional('stillToInvoiceValue', parseSapAmount);
  const shortText = limited('shortText', MAX_TEXT_CHARS);
  const orderUnit = limited('orderUnit', MAX_TEXT_CHARS);
  const vendor = limited('vendor', MAX_TEXT_CHARS);
  const vendorName = limited('vendorName', MAX_TEXT_CHARS);
  const plant = limited('plant', MAX_TEXT_CHARS);
  const processCode = limited('processCode', MAX_TEXT_CHARS);

  if (errors.length > 0) return { ok: false, errors };
  // Every required value parsed (an error otherwise), and optional ones are null, not undefined.
  const line: ExecutedLine = {
    purchasingDocument: purchasingDocument!,
    item: item!,
    documentDate: documentDate!,
    material: material === '' ? null : material,
    shortText,
    orderQuantity: orderQuantity!,
    orderUnit,
    netPrice: netPrice!,
    priceUnit: priceUnit!,
    unitPrice: unitPrice(netPrice!, priceUnit!),
    netOrderValue: netOrderValue ?? null,
    currency: currency!,
    vendor,
    vendorName,
    plant,
    stillToDeliverQuantity: stillToDeliverQuantity ?? null,
    stillToDeliverValue: stillToDeliverValue ?? null,
    stillToInvoiceQuantity: stillToInvoiceQuantity ?? null,
    stillToInvoiceValue: stillToInvoiceValue ?? null,
    receivedQuantity: stillToDeliverQuantity == null ? null : receivedQuantity(orderQuantity!, stillToDeliverQuantity),
    processCode: processCode === '' ? null : processCode,
  };
  return { ok: true, line };
}

/** Order Quantity − Still to be delivered (qty), exactly (both have at most 4 decimals). */
export function receivedQuantity(orderQuantity: string, stillToDeliver: string): string {
  const value = new MoneyDecimal(orderQuantity).minus(stillToDeliver);
  return value.isZero() ? '0' : value.toFixed();
}

export interface DuplicateLine {
  row: number;
  /** The row where the pair first appeared. */
  firstRow: number;
  column: SapKey;
  message: string;
}

/**
 * Remembers each (document, item) of a file as its rows stream by, and names the row that first
 * had a pair seen again. Numbers are compared by value, as SAP pads them (document 0045000123 is
 * 45000123, item 00010 is 10); a pair of digits is kept as one JS number (10 + 5 digits stay below
 * 2^53), so a million rows take tens of megabytes, not hundreds.
 */
export class DuplicateLineChecker {
  private readonly firstRows = new Map<number | string, number>();

  check(row: number, line: Pick<ExecutedLine, 'purchasingDocument' | 'item'>): DuplicateLine | null {
    const key = pairKey(line.purchasingDocument, line.item);
    const firstRow = this.firstRows.get(key);
    if (firstRow === undefined) {
      this.firstRows.set(key, row);
      return null;
    }
    return {
      row,
      firstRow,
      column: 'item',
      message: duplicatePairMessage(line.purchasingDocument, line.item, firstRow, row),
    };
  }
}

/** The message of a (document, item) pair that a file lists twice (the import's SQL check says it too). */
export function duplicatePairMessage(document: string, item: string, firstRow: number, row: number): string {
  return `${labels.purchasingDocument} ${document}, ${labels.item.toLowerCase()} ${item}: repetida, ya está en la fila ${firstRow} (filas ${firstRow} y ${row})`;
}

function pairKey(document: string, item: string): number | string {
  if (/^\d{1,10}$/.test(document) && /^\d{1,5}$/.test(item)) return Number(document) * 100_000 + Number(item);
  return `${document.replace(/^0+(?=.)/, '')}\u0000${item.replace(/^0+(?=.)/, '')}`;
}
