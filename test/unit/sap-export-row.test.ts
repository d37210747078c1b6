// A row of an SAP purchase-order export read as an executed line, and duplicate (document, item).
import { describe, expect, it } from 'vitest';
import type { SapKey } from '../../shared/sap-export-columns.ts';
import { DuplicateLineChecker, readSapRow, receivedQuantity, type ExecutedLine } from '../../shared/sap-export-row.ts';

type Cells = Partial<Record<SapKey, string>>;

/** A Spanish-logon ME2N row (decimal comma), as a CSV export writes it. */
const spanishRow: Cells = {
  purchasingDocument: '4500012345',
  item: '00010',
  documentDate: '15.03.2012',
  material: '010100001',
  shortText: 'PARACETAMOL 500 MG TAB',
  orderQuantity: '12.000,000',
  orderUnit: 'TAB',
  netPrice: '1.234,56',
  priceUnit: '100',
  netOrderValue: '148.147,20',
  currency: 'PEN',
  vendor: '100234',
  vendorName: 'Droguería Ejemplo S.A.C.',
  plant: '0101',
  stillToDeliverQuantity: '2.000,000',
  stillToDeliverValue: '24.691,20',
  stillToInvoiceQuantity: '3.000,000',
  stillToInvoiceValue: '37.036,80',
};

const lineOf = (cells: Cells, options?: Parameters<typeof readSapRow>[1]): ExecutedLine => {
  const result = readSapRow(cells, options);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.line;
};
const errorsOf = (cells: Cells, options?: Parameters<typeof readSapRow>[1]) => {
  const result = readSapRow(cells, options);
  if (result.ok) throw new Error('read');
  return result.errors;
};

describe('reading an SAP export row', () => {
  it('when every column is present, then the row reads as an executed line with exact decimals and the unit price per price unit', () => {
    expect(lineOf(spanishRow)).toEqual({
      purchasingDocument: '4500012345',
      item: '00010',
      documentDate: '2012-03-15',
      material: '010100001',
      shortText: 'PARACETAMOL 500 MG TAB',
      orderQuantity: '12000',
      orderUnit: 'TAB',
      netPrice: '1234.56',
      priceUnit: '100',
      unitPrice: '12.3456',
      netOrderValue: '148147.20',
      currency: 'PEN',
      vendor: '100234',
      vendorName: 'Droguería Ejemplo S.A.C.',
      plant: '0101',
      stillToDeliverQuantity: '2000',
      stillToDeliverValue: '24691.20',
      stillToInvoiceQuantity: '3000',
      stillToInvoiceValue: '37036.80',
      receivedQuantity: '10000',
      processCode: null,
    } satisfies ExecutedLine);
  });

  it('when only the required columns are present, then the price unit is 1 and the optional values are empty or null', () => {
    const line = lineOf({ purchasingDocument: '4500000001', item: '10', documentDate: '2012-01-05', material: 'M-1', orderQuantity: '5', netPrice: '2.50', currency: 'PEN' });
    expect(line).toMatchObject({ priceUnit: '1', unitPrice: '2.5000', netOrderValue: null, stillToDeliverQuantity: null, receivedQuantity: null, shortText: '', vendor: '' });
  });

  it('when the cells come from XLSX number cells, then dates are Excel serials and numbers are read as stored', () => {
    const numberKeys = new Set<SapKey>(['purchasingDocument', 'item', 'documentDate', 'orderQuantity', 'netPrice', 'priceUnit', 'stillToDeliverQuantity']);
    const line = lineOf(
      { purchasingDocument: '4500012345', item: '10', documentDate: '40909', material: '10100001', orderQuantity: '12000', netPrice: '1234.56', priceUnit: '100', currency: 'PEN', stillToDeliverQuantity: '0' },
      { numberKeys },
    );
    expect(line).toMatchObject({ documentDate: '2012-01-01', orderQuantity: '12000', netPrice: '1234.56', unitPrice: '12.3456', receivedQuantity: '12000' });
  });

  it("when the file's decimal separator is known, then «1.000» quantities and amounts read as thousands", () => {
    const line = lineOf({ ...spanishRow, orderQuantity: '1.000', netPrice: '2.500', stillToDeliverQuantity: '250', netOrderValue: '25.000' }, { decimalSeparator: ',' });
    expect(line).toMatchObject({ orderQuantity: '1000', netPrice: '2500.00', unitPrice: '25.0000', netOrderValue: '25000.00', receivedQuantity: '750' });
  });

  it('when a line was over-delivered (still to be delivered written with a trailing minus), then received exceeds ordered', () => {
    expect(lineOf({ ...spanishRow, stillToDeliverQuantity: '500,000-' }, { decimalSeparator: ',' }).receivedQuantity).toBe('12500');
    expect(receivedQuantity('10.5', '0.0001')).toBe('10.4999');
    expect(receivedQuantity('3', '3')).toBe('0');
  });

  it('when the currency is not PEN, then the row is refused naming the currency column and nothing is converted', () => {
    expect(errorsOf({ ...spanishRow, currency: 'USD' })).toEqual([
      { column: 'currency', message: 'Moneda: la línea está en USD; solo se concilian importes en soles (PEN) y no se convierten monedas' },
    ]);
  });

  it('when several cells are wrong, then each is named with its column, in Spanish, at once', () => {
    const errors = errorsOf({
      ...spanishRow,
      purchasingDocument: '',
      item: 'A10',
      documentDate: '31.02.2012',
      orderQuantity: 'doce',
      netPrice: '1.234,5678',
      priceUnit: '0',
      netOrderValue: '1.2.3',
      stillToDeliverQuantity: '1,23456',
    });
    expect(errors.map((error) => error.column)).toEqual(['purchasingDocument', 'item', 'documentDate', 'orderQuantity', 'netPrice', 'priceUnit', 'netOrderValue', 'stillToDeliverQuantity']);
    expect(errors[0]!.message).toBe('Documento compras: está vacío');
    expect(errors[1]!.message).toMatch(/^Posición: debe ser un número de posición/);
    expect(errors[2]!.message).toBe('Fecha documento: «31.02.2012» no es una fecha válida: febrero de 2012 tiene 29 días');
    expect(errors[3]!.message).toMatch(/^Cantidad de pedido: «doce»: no es un número/);
    expect(errors[4]!.message).toMatch(/^Precio neto: «1.234,5678»: tiene más de dos decimales/);
    expect(errors[5]!.message).toMatch(/^Cantidad base: debe ser un número entero de unidades mayor que cero/);
    expect(errors[6]!.message).toMatch(/^Valor neto de pedido:/);
    expect(errors[7]!.message).toMatch(/^Por entregar \(cantidad\): «1,23456» tiene más de 4 decimales/);
  });

  it('when a required cell is missing or a quantity or price is negative, then it is refused', () => {
    const errors = errorsOf({ ...spanishRow, documentDate: undefined, orderQuantity: '5-', netPrice: '-1,00', priceUnit: '2,5' });
    expect(errors).toEqual([
      { column: 'documentDate', message: 'Fecha documento: está vacía' },
      { column: 'orderQuantity', message: 'Cantidad de pedido: no puede ser negativa' },
      { column: 'netPrice', message: 'Precio neto: no puede ser negativo' },
      { column: 'priceUnit', message: 'Cantidad base: debe ser un número entero de unidades mayor que cero (se recibió 2.5)' },
    ]);
  });

  it('when a line has no material (a text or service line), then it reads with material null', () => {
    expect(lineOf({ ...spanishRow, material: '  ' }).material).toBeNull();
  });

  it('when a text cell is longer than its column holds, then it is refused', () => {
    expect(errorsOf({ ...spanishRow, material: 'x'.repeat(41), shortText: 'y'.repeat(201) })).toEqual([
      { column: 'material', message: 'Material: a lo sumo 40 caracteres' },
      { column: 'shortText', message: 'Texto breve: a lo sumo 200 caracteres' },
    ]);
  });
});

describe('duplicate (document, item) in a file', () => {
  it('when a pair appears again, then the later row is reported naming both rows', () => {
    const checker = new DuplicateLineChecker();
    expect(checker.check(2, { purchasingDocument: '4500012345', item: '00010' })).toBeNull();
    expect(checker.check(3, { purchasingDocument: '4500012345', item: '00020' })).toBeNull();
    expect(checker.check(4, { purchasingDocument: '4500012346', item: '00010' })).toBeNull();
    expect(checker.check(7, { purchasingDocument: '4500012345', item: '00010' })).toEqual({
      row: 7,
      firstRow: 2,
      column: 'item',
      message: 'Documento compras 4500012345, posición 00010: repetida, ya está en la fila 2 (filas 2 y 7)',
    });
    expect(checker.check(9, { purchasingDocument: '4500012345', item: '00010' })?.firstRow).toBe(2);
  });

  it('when the same pair is written with and without SAP\'s leading zeros, then it is the same line', () => {
    const checker = new DuplicateLineChecker();
    checker.check(2, { purchasingDocument: '0045000123', item: '00010' });
    expect(checker.check(3, { purchasingDocument: '45000123', item: '10' })?.firstRow).toBe(2);
  });

  it('when documents are not all digits, then pairs are still told apart and repeats found', () => {
    const checker = new DuplicateLineChecker();
    expect(checker.check(2, { purchasingDocument: 'AB12', item: '1' })).toBeNull();
    expect(checker.check(3, { purchasingDocument: 'AB1', item: '21' })).toBeNull();
    expect(checker.check(4, { purchasingDocument: 'AB12', item: '0001' })?.firstRow).toBe(2);
  });

  it('when the largest document and item are checked, then they do not collide with their neighbours', () => {
    const checker = new DuplicateLineChecker();
    expect(checker.check(2, { purchasingDocument: '9999999999', item: '99999' })).toBeNull();
    expect(checker.check(3, { purchasingDocument: '9999999999', item: '99998' })).toBeNull();
    expect(checker.check(4, { purchasingDocument: '9999999998', item: '99999' })).toBeNull();
    expect(checker.check(5, { purchasingDocument: '1', item: '0' })).toBeNull();
    expect(checker.check(6, { purchasingDocument: '0', item: '100000'.slice(1) })).toBeNull();
  });
});
