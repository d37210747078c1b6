// The ALV headings of real ME2N exports (test/fixtures/sap, copied from the reference material)
// read as the reconciliation's columns.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fold, mapColumns } from '../../shared/import-columns.ts';
import { sapExportColumns, sapKeys, type SapKey } from '../../shared/sap-export-columns.ts';

const headingsOf = (file: string) =>
  readFileSync(new URL(`../fixtures/sap/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

const english = headingsOf('me2n_headers_en_53cols.txt');
const spanish = headingsOf('me2n_headers_es.txt');

const keyOf = (heading: string) => mapColumns(sapExportColumns, [heading])[0];

/** Each heading of the reference files that a column reads, and the field it reads. */
const expectedEnglish: Record<string, SapKey> = {
  'Purchasing Document': 'purchasingDocument',
  Item: 'item',
  'Document Date': 'documentDate',
  'Supplier/Supplying Plant': 'vendor',
  Material: 'material',
  'Short Text': 'shortText',
  Plant: 'plant',
  'Order Quantity': 'orderQuantity',
  'Net Price': 'netPrice',
  'Price unit': 'priceUnit',
  'Still to be delivered (qty)': 'stillToDeliverQuantity',
  'Still to be delivered (value)': 'stillToDeliverValue',
  'Still to be invoiced (qty)': 'stillToInvoiceQuantity',
  'Still to be invoiced (val.)': 'stillToInvoiceValue',
  'Order Unit': 'orderUnit',
  Currency: 'currency',
  'Name of Supplier': 'vendorName',
  'Net Order Value': 'netOrderValue',
};

const expectedSpanish: Record<string, SapKey> = {
  'Documento compras': 'purchasingDocument',
  Posición: 'item',
  'Proveedor/Centro suministrador': 'vendor',
  Centro: 'plant',
  Material: 'material',
  'Texto breve': 'shortText',
  'Fecha documento': 'documentDate',
  'Cantidad de pedido': 'orderQuantity',
  'Precio neto': 'netPrice',
  'Cantidad base': 'priceUnit',
  Moneda: 'currency',
  'Unidad medida pedido': 'orderUnit',
  'Por calcular (cantidad)': 'stillToInvoiceQuantity',
  'Por calcular (valor)': 'stillToInvoiceValue',
  'Por entregar (valor)': 'stillToDeliverValue',
  'Por entregar (cantidad)': 'stillToDeliverQuantity',
  'Valor neto de pedido': 'netOrderValue',
  'Valor neto de orden': 'netOrderValue',
  'Nombre del proveedor': 'vendorName',
};

/** Headings issue 13 names that the reference files do not list. */
const expectedFromIssue: Record<string, SapKey> = {
  Vendor: 'vendor',
  'Name of Vendor': 'vendorName',
  Proveedor: 'vendor',
  'Unidad de medida de pedido': 'orderUnit',
  'Por facturar (cantidad)': 'stillToInvoiceQuantity',
  'Por facturar (valor)': 'stillToInvoiceValue',
  Por: 'priceUnit',
};

describe('SAP export headings', () => {
  it('when the expected headings are listed, then each is a heading of the reference files', () => {
    for (const heading of Object.keys(expectedEnglish)) expect(english).toContain(heading);
    for (const heading of Object.keys(expectedSpanish)) expect(spanish).toContain(heading);
  });

  for (const [language, headings, expected] of [
    ['English', english, expectedEnglish],
    ['Spanish', spanish, expectedSpanish],
  ] as const) {
    it(`when each ${language} heading of the reference file is read alone, then it maps to its field or, if not one the reconciliation reads, to none`, () => {
      for (const heading of headings) expect([heading, keyOf(heading)]).toEqual([heading, expected[heading] ?? null]);
    });
  }

  it('when the headings issue 13 names are read, then each maps to its field', () => {
    for (const [heading, key] of Object.entries(expectedFromIssue)) expect([heading, keyOf(heading)]).toEqual([heading, key]);
  });

  it('when the 53 English headings of a real export are read in order, then every field but the ones it lacks is found once and the rest are ignored', () => {
    const keys = mapColumns(sapExportColumns, english);
    expect(keys).toHaveLength(53);
    expect(keys.filter((key) => key !== null).sort()).toEqual(Object.values(expectedEnglish).sort());
    expect(keys[english.indexOf('Order Price Unit')]).toBeNull();
    expect(keys[english.indexOf('Stockkeeping unit')]).toBeNull();
  });

  it('when the Spanish export is read in order, then every required field is found', () => {
    const keys = mapColumns(sapExportColumns, spanish);
    for (const column of sapExportColumns.filter((c) => c.required)) expect(keys).toContain(column.key);
  });

  it('when a heading differs in case, accents or spaces, then it still maps', () => {
    expect(keyOf('POSICION')).toBe('item');
    expect(keyOf('  documento   COMPRAS ')).toBe('purchasingDocument');
    expect(keyOf('net order value')).toBe('netOrderValue');
    expect(keyOf('Valor Neto De Pedido')).toBe('netOrderValue');
  });

  it('when the catalogue is listed, then every field has one column with a Spanish label among its own aliases, and no alias is claimed twice', () => {
    expect(sapExportColumns.map((column) => column.key)).toEqual([...sapKeys]);
    const aliases = sapExportColumns.flatMap((column) => column.aliases);
    expect(new Set(aliases).size).toBe(aliases.length);
    for (const column of sapExportColumns) {
      expect(column.aliases).toContain(fold(column.label));
      for (const alias of column.aliases) expect(alias).toBe(fold(alias));
    }
  });

  it('when the required columns are listed, then they are those that identify, date and price a line', () => {
    expect(sapExportColumns.filter((c) => c.required).map((c) => c.key)).toEqual([
      'purchasingDocument',
      'item',
      'documentDate',
      'material',
      'orderQuantity',
      'netPrice',
      'currency',
    ]);
    expect(sapExportColumns.find((c) => c.key === 'priceUnit')?.defaultValue).toBe('1');
  });

  it('when the user corrects a heading, then the correction wins over the alias', () => {
    expect(mapColumns(sapExportColumns, ['Por', 'Precio'], { Por: '', Precio: 'netPrice' })).toEqual([null, 'netPrice']);
  });
});
