// SAP ME2N-style exports for tests and benches (issue 13): rows written as SAP's "Export →
// Spreadsheet / Local file" writes them, with an English or a Spanish logon's headings, a
// delimiter, a decimal separator, and the encoding Excel on Windows uses (Windows-1252) or UTF-8.
// One home: the import tests, the browser test and bench/ build their files with these.

/** A row as SAP prints it: every value a string, already formatted (use `sapNumber` for numbers). */
export interface SapExportRow {
  purchasingDocument: string;
  item: string;
  /** yyyy-mm-dd; written per `dateStyle`. */
  documentDate: string;
  material: string;
  shortText?: string;
  /** Canonical decimal (1234.5); written per `decimalSeparator`. */
  orderQuantity: string;
  orderUnit?: string;
  /** Canonical money (1234.56), the price of `priceUnit` units. */
  netPrice: string;
  priceUnit?: string;
  netOrderValue?: string;
  /** PEN when not given: every ME2N layout has the currency. */
  currency?: string;
  vendor?: string;
  vendorName?: string;
  plant?: string;
  stillToDeliverQuantity?: string;
  processCode?: string;
}

type Column = keyof SapExportRow;

/** The columns written, in order, with each logon's heading. */
const headings: Record<Column, { en: string; es: string }> = {
  purchasingDocument: { en: 'Purchasing Document', es: 'Documento compras' },
  item: { en: 'Item', es: 'Posición' },
  documentDate: { en: 'Document Date', es: 'Fecha documento' },
  material: { en: 'Material', es: 'Material' },
  shortText: { en: 'Short Text', es: 'Texto breve' },
  orderQuantity: { en: 'Order Quantity', es: 'Cantidad de pedido' },
  orderUnit: { en: 'Order Unit', es: 'Unidad medida pedido' },
  netPrice: { en: 'Net Price', es: 'Precio neto' },
  priceUnit: { en: 'Price unit', es: 'Cantidad base' },
  netOrderValue: { en: 'Net Order Value', es: 'Valor neto de pedido' },
  currency: { en: 'Currency', es: 'Moneda' },
  vendor: { en: 'Vendor', es: 'Proveedor' },
  vendorName: { en: 'Name of Vendor', es: 'Nombre del proveedor' },
  plant: { en: 'Plant', es: 'Centro' },
  stillToDeliverQuantity: { en: 'Still to be delivered (qty)', es: 'Por entregar (cantidad)' },
  processCode: { en: 'Process', es: 'Proceso' },
};

export interface SapFileOptions {
  logon?: 'en' | 'es';
  delimiter?: ',' | ';' | '\t';
  decimalSeparator?: '.' | ',';
  /** dd.mm.yyyy (SAP's default), dd/mm/yyyy, or ISO. */
  dateStyle?: 'dotted' | 'slashed' | 'iso';
  encoding?: 'utf-8' | 'windows-1252';
  /** Columns to write (default: every column some row has). */
  columns?: readonly Column[];
}

/** A canonical decimal as SAP prints it: thousands grouped, the logon's separators, a trailing minus. */
export function sapNumber(value: string, decimalSeparator: '.' | ',' = ','): string {
  const negative = value.startsWith('-');
  const [whole = '0', fraction] = value.replace(/^-/, '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, decimalSeparator === ',' ? '.' : ',');
  return `${grouped}${fraction === undefined ? '' : decimalSeparator + fraction}${negative ? '-' : ''}`;
}

function sapDate(iso: string, style: SapFileOptions['dateStyle']): string {
  const [y, m, d] = iso.split('-');
  return style === 'iso' ? iso : style === 'slashed' ? `${d}/${m}/${y}` : `${d}.${m}.${y}`;
}

const numeric = new Set<Column>(['orderQuantity', 'netPrice', 'priceUnit', 'netOrderValue', 'stillToDeliverQuantity']);

/** The columns of `rows`, in catalogue order. */
export function sapColumnsOf(rows: readonly SapExportRow[]): Column[] {
  return (Object.keys(headings) as Column[]).filter((column) => column === 'currency' || rows.some((row) => row[column] !== undefined));
}

/** The heading line of the columns. */
export function sapHeaderLine(columns: readonly Column[], { logon = 'es', delimiter = ';' }: SapFileOptions = {}): string {
  return columns.map((column) => quote(headings[column][logon], delimiter)).join(delimiter);
}

/** One data line (no line break). */
export function sapLine(row: SapExportRow, columns: readonly Column[], { delimiter = ';', decimalSeparator = ',', dateStyle = 'dotted' }: SapFileOptions = {}): string {
  return columns
    .map((column) => {
      const value = column === 'currency' ? (row.currency ?? 'PEN') : row[column];
      if (value === undefined || value === '') return '';
      if (column === 'documentDate') return sapDate(value, dateStyle);
      return quote(numeric.has(column) ? sapNumber(value, decimalSeparator) : value, delimiter);
    })
    .join(delimiter);
}

function quote(value: string, delimiter: string): string {
  return value.includes(delimiter) || value.includes('"') || value.includes('\n') ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Text in the file's encoding: Windows-1252 agrees with Latin-1 on every Spanish letter. */
export function encodeSapText(text: string, encoding: SapFileOptions['encoding'] = 'windows-1252'): Buffer {
  return Buffer.from(text, encoding === 'utf-8' ? 'utf8' : 'latin1');
}

/** A whole export (CRLF, as SAP GUI on Windows writes it). */
export function sapExportFile(rows: readonly SapExportRow[], options: SapFileOptions = {}): Buffer {
  const columns = options.columns ?? sapColumnsOf(rows);
  const lines = [sapHeaderLine(columns, options), ...rows.map((row) => sapLine(row, columns, options))];
  return encodeSapText(`${lines.join('\r\n')}\r\n`, options.encoding);
}
