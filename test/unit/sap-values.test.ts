// Cells of SAP purchase-order exports: dates, amounts, quantities, unit prices, currency.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAmount } from '../../shared/money.ts';
import {
  decimalSeparatorOf,
  excelSerialToDate,
  parseSapAmount,
  parseSapCurrency,
  parseSapDate,
  parseSapNumberText,
  parseSapQuantity,
  unitPrice,
  type Parsed,
} from '../../shared/sap-values.ts';

const value = (parsed: Parsed<string>) => {
  if (!parsed.ok) throw new Error(`refused: ${parsed.message}`);
  return parsed.value;
};
const message = (parsed: Parsed<string>) => {
  if (parsed.ok) throw new Error(`read as ${parsed.value}`);
  return parsed.message;
};

describe('SAP dates', () => {
  it('when a date is written dd.mm.yyyy, dd/mm/yyyy or ISO, then it reads as yyyy-mm-dd', () => {
    expect(value(parseSapDate('31.12.2012'))).toBe('2012-12-31');
    expect(value(parseSapDate('1.2.2012'))).toBe('2012-02-01');
    expect(value(parseSapDate('29/02/2012'))).toBe('2012-02-29');
    expect(value(parseSapDate('2012-01-05'))).toBe('2012-01-05');
    expect(value(parseSapDate(' 2012-01-05T00:00:00Z '))).toBe('2012-01-05');
  });

  it('when a date is an Excel serial number, as text or as a number cell, then it reads as the day Excel shows', () => {
    expect(value(parseSapDate('40909'))).toBe('2012-01-01');
    expect(value(parseSapDate('40909', { numberCell: true }))).toBe('2012-01-01');
    expect(value(parseSapDate('40909.75', { numberCell: true }))).toBe('2012-01-01');
    expect(value(parseSapDate('25569'))).toBe('1970-01-01');
    expect(value(excelSerialToDate('2958465'))).toBe('9999-12-31');
  });

  it('when a serial falls around Excel\'s phantom 1900-02-29, then 1 to 59 and 61 on read as Excel shows them and 60 is refused', () => {
    expect(value(excelSerialToDate('1'))).toBe('1900-01-01');
    expect(value(excelSerialToDate('59'))).toBe('1900-02-28');
    expect(message(excelSerialToDate('60'))).toMatch(/29 de febrero de 1900.*no existió/);
    expect(value(excelSerialToDate('61'))).toBe('1900-03-01');
    expect(message(excelSerialToDate('0'))).toMatch(/no es una fecha de Excel/);
    expect(message(excelSerialToDate('2958466'))).toMatch(/no es una fecha de Excel/);
  });

  it('when a date does not exist, then it is refused in Spanish saying why', () => {
    expect(message(parseSapDate('31.02.2012'))).toBe('«31.02.2012» no es una fecha válida: febrero de 2012 tiene 29 días');
    expect(message(parseSapDate('29.02.2011'))).toMatch(/febrero de 2011 tiene 28 días/);
    expect(message(parseSapDate('31/04/2012'))).toMatch(/abril de 2012 tiene 30 días/);
    expect(message(parseSapDate('00.01.2012'))).toMatch(/no es una fecha válida/);
    expect(message(parseSapDate('01.13.2012'))).toMatch(/no hay mes 13/);
    expect(message(parseSapDate('2012-02-30'))).toMatch(/febrero de 2012 tiene 29 días/);
  });

  it('when a cell is empty, not a date or mixes separators, then it is refused', () => {
    expect(message(parseSapDate(' '))).toBe('está vacía');
    expect(message(parseSapDate('ayer'))).toMatch(/no es una fecha; escriba día.mes.año/);
    expect(message(parseSapDate('31.12/2012'))).toMatch(/no es una fecha/);
    expect(message(parseSapDate('31-12-2012'))).toMatch(/no es una fecha/);
    expect(message(parseSapDate('01.01.1899'))).toMatch(/anterior a 1900/);
  });

  it('when any day from 1900-03-01 to 9999-12-31 is written in each format, then every format reads it back', () => {
    const first = Date.UTC(1900, 2, 1);
    const days = (Date.UTC(9999, 11, 31) - first) / 86_400_000;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: days }), (offset) => {
        const iso = new Date(first + offset * 86_400_000).toISOString().slice(0, 10);
        const [y, m, d] = iso.split('-');
        expect(value(parseSapDate(`${d}.${m}.${y}`))).toBe(iso);
        expect(value(parseSapDate(`${d}/${m}/${y}`))).toBe(iso);
        expect(value(parseSapDate(iso))).toBe(iso);
        expect(value(parseSapDate(String(61 + offset), { numberCell: true }))).toBe(iso);
      }),
    );
  });
});

describe('SAP amounts', () => {
  it('when an amount uses European or US separators, then it reads as the canonical amount', () => {
    expect(value(parseSapAmount('1.234,56'))).toBe('1234.56');
    expect(value(parseSapAmount('1,234.56'))).toBe('1234.56');
    expect(value(parseSapAmount('1.234.567,8'))).toBe('1234567.80');
    expect(value(parseSapAmount('1 234,56'))).toBe('1234.56');
    expect(value(parseSapAmount("1'234.56"))).toBe('1234.56');
    expect(value(parseSapAmount('0,5'))).toBe('0.50');
    expect(value(parseSapAmount('12'))).toBe('12.00');
  });

  it('when an amount has a currency, parentheses or "millones", as parseMoney reads them, then it reads the same', () => {
    expect(value(parseSapAmount('S/ 1,234.56'))).toBe('1234.56');
    expect(value(parseSapAmount('PEN 99.90'))).toBe('99.90');
    expect(value(parseSapAmount('(1.234,56)'))).toBe('-1234.56');
    expect(value(parseSapAmount('-1.234,56'))).toBe('-1234.56');
    expect(value(parseSapAmount('2,5 millones'))).toBe('2500000.00');
  });

  it("when SAP writes a negative with a trailing minus, then it reads as negative", () => {
    expect(value(parseSapAmount('1.234,56-'))).toBe('-1234.56');
    expect(value(parseSapAmount('1,234.56-'))).toBe('-1234.56');
    expect(value(parseSapAmount('0,01 -'))).toBe('-0.01');
    expect(value(parseSapAmount('12\u2212'))).toBe('-12.00');
    expect(value(parseSapAmount('0,00-'))).toBe('0.00');
  });

  it('when a minus is written both before and after, or alone, then the amount is refused', () => {
    expect(message(parseSapAmount('-1.234,56-'))).toMatch(/«-1.234,56-»/);
    expect(message(parseSapAmount('(5)-'))).toMatch(/«\(5\)-»/);
    expect(message(parseSapAmount('-'))).toMatch(/ninguna cifra/);
  });

  it('when an amount is ambiguous, inexact or not a number, then it is refused with parseMoney\'s reason', () => {
    expect(message(parseSapAmount('1.234'))).toMatch(/^«1.234»: ambiguo/);
    expect(message(parseSapAmount('1,23456'))).toMatch(/más de dos decimales/);
    expect(message(parseSapAmount('12a'))).toMatch(/carácter no válido: "a"/);
    expect(message(parseSapAmount('abc'))).toMatch(/ninguna cifra/);
    expect(message(parseSapAmount(''))).toBe('está vacío');
    expect(message(parseSapAmount('1.000.000.000.000,00'))).toMatch(/supera el máximo/);
  });

  it("when the file's decimal separator is known, then thousands without decimals are no longer ambiguous", () => {
    expect(value(parseSapAmount('1.234', { decimalSeparator: ',' }))).toBe('1234.00');
    expect(value(parseSapAmount('1.234.567-', { decimalSeparator: ',' }))).toBe('-1234567.00');
    expect(value(parseSapAmount('1,234', { decimalSeparator: '.' }))).toBe('1234.00');
    expect(value(parseSapAmount('1.234,5', { decimalSeparator: ',' }))).toBe('1234.50');
    expect(message(parseSapAmount('1,234', { decimalSeparator: ',' }))).toBe('«1,234»: tiene más de dos decimales (3); un importe en soles llega al céntimo');
    expect(message(parseSapAmount('1.234', { decimalSeparator: '.' }))).toMatch(/más de dos decimales \(3\)/);
  });

  it('when a cell proves the decimal separator, then it is told; when it could be either, then none is', () => {
    expect(decimalSeparatorOf('1.234,56')).toBe(',');
    expect(decimalSeparatorOf('1.234,56-')).toBe(',');
    expect(decimalSeparatorOf('1.234.567')).toBe(',');
    expect(decimalSeparatorOf('0,125')).toBe(',');
    expect(decimalSeparatorOf('1234,567')).toBe(',');
    expect(decimalSeparatorOf('1,234.56')).toBe('.');
    expect(decimalSeparatorOf('1,234,567')).toBe('.');
    expect(decimalSeparatorOf('12.5')).toBe('.');
    expect(decimalSeparatorOf('1.000')).toBeNull();
    expect(decimalSeparatorOf('-1,000')).toBeNull();
    expect(decimalSeparatorOf('12')).toBeNull();
    expect(decimalSeparatorOf('PEN')).toBeNull();
    expect(decimalSeparatorOf('')).toBeNull();
  });

  it('when an amount is an XLSX number cell, then it reads as Excel shows it, to the cent', () => {
    expect(value(parseSapAmount('1234.5', { numberCell: true }))).toBe('1234.50');
    expect(value(parseSapAmount('0.30000000000000004', { numberCell: true }))).toBe('0.30');
    expect(value(parseSapAmount('-12.1', { numberCell: true }))).toBe('-12.10');
    expect(message(parseSapAmount('1234.567', { numberCell: true }))).toMatch(/más de dos decimales/);
    expect(message(parseSapAmount('1e15', { numberCell: true }))).toMatch(/supera el máximo/);
  });

  it('when any amount is formatted with US grouping, European grouping or a trailing minus, then it reads back exactly and proves its decimal separator', () => {
    const cents = fc.bigInt({ min: -99_999_999_999_999n, max: 99_999_999_999_999n });
    fc.assert(
      fc.property(cents, (amount) => {
        const negative = amount < 0n;
        const abs = negative ? -amount : amount;
        const canonical = `${negative && abs !== 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
        const us = formatAmount(canonical);
        const unsigned = us.replace('-', '');
        const european = unsigned.replace(/[,.]/g, (mark) => (mark === ',' ? '.' : ','));
        expect(value(parseSapAmount(us))).toBe(canonical);
        expect(value(parseSapAmount(`${european}${negative ? '-' : ''}`))).toBe(canonical);
        expect(value(parseSapAmount(`${unsigned}${negative ? '-' : ''}`))).toBe(canonical);
        // With its two decimals, any amount proves its file's decimal separator.
        expect([decimalSeparatorOf(european), decimalSeparatorOf(us)]).toEqual([',', '.']);
      }),
    );
  });
});

describe('SAP quantities', () => {
  it('when a quantity uses either decimal separator and grouping, then it reads as a plain decimal without trailing zeros', () => {
    expect(value(parseSapQuantity('1.234,5'))).toBe('1234.5');
    expect(value(parseSapQuantity('1,234.5'))).toBe('1234.5');
    expect(value(parseSapQuantity('1.234.567'))).toBe('1234567');
    expect(value(parseSapQuantity('1 234 567,25'))).toBe('1234567.25');
    expect(value(parseSapQuantity('0,1250'))).toBe('0.125');
    expect(value(parseSapQuantity('0.125'))).toBe('0.125');
    expect(value(parseSapQuantity('12'))).toBe('12');
    expect(value(parseSapQuantity('10,000'.replace(',', '.') + ',0'))).toBe('10000');
  });

  it('when a quantity has a leading or trailing minus, then it is negative; zero has no sign', () => {
    expect(value(parseSapQuantity('5-'))).toBe('-5');
    expect(value(parseSapQuantity('-1.234,5'))).toBe('-1234.5');
    expect(value(parseSapQuantity('0,000-'))).toBe('0');
  });

  it('when a lone separator is followed by three digits, then it is ambiguous unless the decimal separator is known', () => {
    expect(message(parseSapQuantity('1.000'))).toMatch(/^«1.000»: ambiguo/);
    expect(message(parseSapQuantity('1,000'))).toBe('«1,000»: ambiguo, «,» seguido de tres cifras puede separar miles (1000) o decimales (1 y 000 milésimas); indique el separador decimal del archivo');
    expect(value(parseSapQuantity('1000.125'))).toBe('1000.125');
    expect(value(parseSapQuantity('1 000,125'))).toBe('1000.125');
    expect(value(parseSapQuantity('0,125'))).toBe('0.125');
    expect(value(parseSapQuantity('1.000', { decimalSeparator: ',' }))).toBe('1000');
    expect(value(parseSapQuantity('1.000', { decimalSeparator: '.' }))).toBe('1');
    expect(value(parseSapQuantity('1,000', { decimalSeparator: ',' }))).toBe('1');
  });

  it('when a quantity has more than 4 decimals or 10 integer digits, then it is refused, not rounded', () => {
    expect(message(parseSapQuantity('0,12345'))).toMatch(/más de 4 decimales/);
    expect(message(parseSapQuantity('0.00001', { numberCell: true }))).toMatch(/más de 4 decimales/);
    expect(message(parseSapQuantity('12.345.678.901'))).toMatch(/más de 10 cifras enteras/);
    expect(value(parseSapQuantity('9.999.999.999,9999'))).toBe('9999999999.9999');
  });

  it('when a quantity is malformed, then the message says how', () => {
    expect(message(parseSapQuantity('12,5,0'))).toMatch(/agrupación|más de una vez/);
    expect(message(parseSapQuantity('1.2.3,5'))).toMatch(/agrupación de miles incorrecta/);
    expect(message(parseSapQuantity('1,,5'))).toMatch(/dos separadores seguidos/);
    expect(message(parseSapQuantity('5,'))).toMatch(/termina en un separador/);
    expect(message(parseSapQuantity('cinco'))).toMatch(/no es un número/);
    expect(message(parseSapQuantity('1e5'))).toMatch(/no es un número/);
    expect(message(parseSapQuantity(''))).toBe('está vacía');
  });

  it('when a quantity is an XLSX number cell, then it reads as stored, to Excel\'s 15 digits', () => {
    expect(value(parseSapQuantity('1000', { numberCell: true }))).toBe('1000');
    expect(value(parseSapQuantity('2.5E-3', { numberCell: true }))).toBe('0.0025');
    expect(value(parseSapQuantity('0.30000000000000004', { numberCell: true }))).toBe('0.3');
  });

  it('when any quantity of numeric(14,4) is written with European grouping and a trailing minus, then it reads back exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -99_999_999_999_999n, max: 99_999_999_999_999n }), (tenThousandths) => {
        const negative = tenThousandths < 0n;
        const abs = negative ? -tenThousandths : tenThousandths;
        const integer = (abs / 10_000n).toString();
        const fraction = String(abs % 10_000n).padStart(4, '0');
        const expected = `${negative ? '-' : ''}${integer}.${fraction}`.replace(/\.?0+$/, '') || '0';
        const european = `${integer.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${fraction}${negative ? '-' : ''}`;
        expect(value(parseSapQuantity(european))).toBe(expected === '-0' ? '0' : expected);
      }),
    );
  });
});

describe('unit price per price unit', () => {
  it('when the net price is quoted per 100 units, then the unit price is the quotient to 4 decimals', () => {
    expect(unitPrice(value(parseSapAmount('1.234,56')), '100')).toBe('12.3456');
    expect(unitPrice('12.50', '1')).toBe('12.5000');
    expect(unitPrice('0.00', '1000')).toBe('0.0000');
  });

  it('when the quotient has more than 4 decimals, then it is rounded once, half up', () => {
    expect(unitPrice('10.00', '3')).toBe('3.3333');
    expect(unitPrice('20.00', '3')).toBe('6.6667');
    expect(unitPrice('0.01', '200')).toBe('0.0001'); // 0.00005 → half up
    expect(unitPrice('0.01', '201')).toBe('0.0000');
  });

  it('when any price is divided by any price unit, then the result is within half a ten-thousandth of the exact quotient', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 99_999_999_999_999n }), fc.integer({ min: 1, max: 99_999 }), (cents, per) => {
        const price = `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
        const [integer, fraction] = unitPrice(price, String(per)).split('.') as [string, string];
        const result = BigInt(integer + fraction); // ten-thousandths
        // |result × per − cents × 100| ≤ per / 2, with ties rounded up.
        const twice = 2n * (result * BigInt(per) - cents * 100n);
        expect(twice > -BigInt(per) && twice <= BigInt(per)).toBe(true);
      }),
    );
  });
});

describe('SAP document numbers and currency', () => {
  it('when a document number has leading zeros, then they are kept', () => {
    expect(value(parseSapNumberText(' 0045000123 ', 10))).toBe('0045000123');
    expect(value(parseSapNumberText('00010', 5))).toBe('00010');
    expect(message(parseSapNumberText('45000123456', 10))).toMatch(/más de 10 caracteres/);
    expect(message(parseSapNumberText('4.5E+9', 10))).toMatch(/no es un número de documento/);
    expect(message(parseSapNumberText('', 10))).toBe('está vacío');
  });

  it('when the currency is PEN in any case, then it is accepted', () => {
    expect(value(parseSapCurrency('PEN'))).toBe('PEN');
    expect(value(parseSapCurrency(' pen '))).toBe('PEN');
  });

  it('when the currency is another, empty or not a code, then it is reported and nothing is converted', () => {
    expect(message(parseSapCurrency('USD'))).toBe('la línea está en USD; solo se concilian importes en soles (PEN) y no se convierten monedas');
    expect(message(parseSapCurrency(''))).toMatch(/vacía/);
    expect(message(parseSapCurrency('S/'))).toMatch(/no es un código de moneda/);
  });
});
