import { describe, it, expect } from 'vitest';
import Decimal from 'decimal.js';
import {
  AllocationError,
  MoneyDecimal,
  MoneyParseError,
  addMoney,
  allocate,
  compareMoney,
  formatAmount,
  formatMoney,
  isCanonicalMoney,
  isZeroMoney,
  lineAmount,
  parseMoney,
  roundToCents,
  subtractMoney,
  sumMoney,
  toMoney,
} from '../../shared/money.ts';

function parseError(text: string): MoneyParseError {
  try {
    parseMoney(text);
  } catch (error) {
    expect(error).toBeInstanceOf(MoneyParseError);
    return error as MoneyParseError;
  }
  throw new Error(`parseMoney(${JSON.stringify(text)}) did not throw`);
}

describe('parseMoney', () => {
  describe('amounts exactly as the source report writes them', () => {
    it.each([
      ['S/. 207,771,443.11', '207771443.11'],
      ['S/. 91’960,944.11', '91960944.11'],
      ['S/.  322’996,933.79', '322996933.79'],
      ['S/. 559.493.149,83', '559493149.83'],
      ['S/. 1,041.92 millones', '1041920000.00'],
    ])('when the report says %j, then it reads %s', (text, expected) => {
      expect(parseMoney(text)).toBe(expected);
    });
  });

  describe('currency prefixes', () => {
    it.each([
      ['S/. 5', '5.00'],
      ['S/ 5', '5.00'],
      ['S/5', '5.00'],
      ['S/.5', '5.00'],
      ['s/ 5', '5.00'],
      ['PEN 5', '5.00'],
      ['5', '5.00'],
      ['S/\u00a05', '5.00'],
      ['S/.\t\t5', '5.00'],
    ])('when the text is %j, then it reads %s', (text, expected) => {
      expect(parseMoney(text)).toBe(expected);
    });
  });

  describe('separators', () => {
    it.each([
      ['207,771,443.11', '207771443.11'],
      ['559.493.149,83', '559493149.83'],
      ["322'996,933.79", '322996933.79'],
      ['91’960,944.11', '91960944.11'],
      ["1'234'567.89", '1234567.89'],
      ['1 234 567,89', '1234567.89'],
      ['1\u202f234\u202f567,89', '1234567.89'],
      ['1\u2009234,50', '1234.50'],
      ['1.234.567', '1234567.00'],
      ['1,234,567', '1234567.00'],
      ['1.234,5', '1234.50'],
      ['1,234.5', '1234.50'],
      ['1234.5', '1234.50'],
      ['1234,56', '1234.56'],
      ['1234', '1234.00'],
      ['0,5', '0.50'],
      ['0.05', '0.05'],
      ['.5', '0.50'],
      ['007', '7.00'],
      ['0', '0.00'],
      ['999999999999.99', '999999999999.99'],
    ])('when the text is %j, then it reads %s', (text, expected) => {
      expect(parseMoney(text)).toBe(expected);
    });
  });

  describe('white space around and inside', () => {
    it.each([
      ['  S/. 1,234.56  ', '1234.56'],
      ['\u00a0S/.\u00a01,234.56\u00a0', '1234.56'],
      ['\u202fS/\u202f1,234.56\u202f', '1234.56'],
      ['\tS/\t1,234.56\t', '1234.56'],
      ['\u2009S/\u20091,234.56', '1234.56'],
      ['S/    1  234,56', '1234.56'],
      ['S/ 1,234.56\n', '1234.56'],
    ])('when the text is %j, then it reads %s', (text, expected) => {
      expect(parseMoney(text)).toBe(expected);
    });
  });

  describe('negatives', () => {
    it.each([
      ['(1,234.56)', '-1234.56'],
      ['S/ (1,234.56)', '-1234.56'],
      ['(S/ 1,234.56)', '-1234.56'],
      ['-S/ 5', '-5.00'],
      ['S/ -5', '-5.00'],
      ['-5', '-5.00'],
      ['- 5', '-5.00'],
      ['\u22125', '-5.00'],
      ['S/ \u22121.234,50', '-1234.50'],
      ['-0', '0.00'],
      ['(0,00)', '0.00'],
      ['-999999999999.99', '-999999999999.99'],
    ])('when the text is %j, then it reads %s', (text, expected) => {
      expect(parseMoney(text)).toBe(expected);
    });
  });

  describe('figures in millions', () => {
    it.each([
      ['S/. 1,041.92 millones', '1041920000.00'],
      ['1,041.92 MILLONES', '1041920000.00'],
      ['1,5 millones', '1500000.00'],
      ['1 millón', '1000000.00'],
      ['1 millon', '1000000.00'],
      ['2.5 mlls', '2500000.00'],
      ['2.5 mlls.', '2500000.00'],
      ['2,5 MLLS.', '2500000.00'],
      ['1.23456789 millones', '1234567.89'],
      ['(1,041.92 millones)', '-1041920000.00'],
      ['-S/ 3 millones', '-3000000.00'],
      ['1,041.92millones', '1041920000.00'],
    ])('when the text is %j, then it reads %s', (text, expected) => {
      expect(parseMoney(text)).toBe(expected);
    });
  });

  describe('rejections', () => {
    it.each([
      ['1.234', /ambiguo/],
      ['1,234', /ambiguo/],
      ['S/. 1.234', /ambiguo/],
      ['1.234 millones', /ambiguo/],
      ['12,34,5', /agrupación/],
      ['1,23,456.00', /agrupación/],
      ['1.2.3', /agrupación/],
      ['1234,567,890', /agrupación/],
      ["1'5", /agrupación/],
      ['abc', /ninguna cifra/],
      ['S/', /ninguna cifra/],
      ['NaN', /no es un número/],
      ['Infinity', /no es un número/],
      ['-Infinity', /no es un número/],
      ['', /vacío/],
      ['   ', /vacío/],
      ['\u00a0\t\u202f', /vacío/],
      ['1.234,567', /más de dos decimales/],
      ['1,234.567', /más de dos decimales/],
      ['0.001', /más de dos decimales/],
      ['0,125', /más de dos decimales/],
      ['.125', /más de dos decimales/],
      ['1.2345', /más de dos decimales/],
      ['1.234,56.78', /más de una vez/],
      ['1,234.56.78', /más de una vez/],
      ['-(5)', /signo negativo dos veces/],
      ['(-5)', /signo negativo dos veces/],
      ['--5', /signo menos dos veces/],
      ['-S/ -5', /signo menos dos veces/],
      ['1e5', /exponencial/],
      ['1E-5', /exponencial/],
      ['1000000000000', /máximo/],
      ['1,000,000,000,000.00', /máximo/],
      ['-1000000000000.00', /máximo/],
      ['1,000,000 millones', /máximo/],
      ['1.234567891 millones', /céntimo/],
      ['(5', /paréntesis/],
      ['5)', /paréntesis/],
      ['5-', /signo menos/],
      ['1.', /termina en un separador/],
      ['1,,234', /separadores seguidos/],
      ['US$ 5', /carácter no válido/],
      ['5 soles', /carácter no válido/],
    ])('when the text is %j, then it is rejected saying why (%s)', (text, reason) => {
      const error = parseError(text);
      expect(error.input).toBe(text);
      expect(error.reason).toMatch(reason);
      expect(error.message).toMatch(reason);
      expect(error.message).toContain(`No se puede leer "${text}"`);
    });

    it('when "1.234" is rejected, then the message explains both readings', () => {
      const error = parseError('1.234');
      expect(error.message).toContain('1234');
      expect(error.message).toContain('miles');
      expect(error.message).toContain('decimales');
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe('MoneyParseError');
    });
  });
});

describe('formatMoney and formatAmount', () => {
  it.each([
    ['207771443.11', 'S/ 207,771,443.11'],
    ['0.5', 'S/ 0.50'],
    ['-1234.5', '-S/ 1,234.50'],
    ['1000', 'S/ 1,000.00'],
    ['999.995', 'S/ 1,000.00'],
    ['0', 'S/ 0.00'],
    ['-0.00', 'S/ 0.00'],
    ['-0.001', 'S/ 0.00'],
    ['12.3', 'S/ 12.30'],
    ['123', 'S/ 123.00'],
    ['1234567.891', 'S/ 1,234,567.89'],
    ['999999999999.99', 'S/ 999,999,999,999.99'],
    ['-100000', '-S/ 100,000.00'],
  ])('when formatMoney gets %s, then it shows %s', (amount, expected) => {
    expect(formatMoney(amount)).toBe(expected);
  });

  it.each([
    ['207771443.11', '207,771,443.11'],
    ['-1234.5', '-1,234.50'],
    ['0.5', '0.50'],
    ['999.995', '1,000.00'],
  ])('when formatAmount gets %s, then it shows %s', (amount, expected) => {
    expect(formatAmount(amount)).toBe(expected);
  });

  it('when the amount is not a decimal string, then formatMoney refuses it', () => {
    expect(() => formatMoney('1,234.00')).toThrow(RangeError);
    expect(() => formatMoney('NaN')).toThrow(RangeError);
  });
});

describe('roundToCents', () => {
  it.each([
    ['0.005', '0.01'],
    ['-0.005', '-0.01'],
    ['2.675', '2.68'],
    ['1.005', '1.01'],
    ['0.0049999', '0.00'],
    ['-0.0049999', '0.00'],
    ['0.015', '0.02'],
    ['0.025', '0.03'],
    ['1.994999', '1.99'],
    ['1.995', '2.00'],
    ['-1.995', '-2.00'],
    ['0.00499999999999999999999999999999999999999999999', '0.00'],
    ['12', '12.00'],
    ['-0', '0.00'],
  ])('when rounding %s, then the result is %s (half up, away from zero)', (value, expected) => {
    expect(roundToCents(value)).toBe(expected);
  });

  it('when the same value goes through a JS float, then it would round the wrong way', () => {
    // The reason money never travels as a number: 2.675 is stored as 2.67499999...
    expect((2.675).toFixed(2)).toBe('2.67');
    expect(roundToCents('2.675')).toBe('2.68');
  });

  it('when the value is not a plain decimal string, then it is refused', () => {
    expect(() => roundToCents('1e5')).toThrow(RangeError);
    expect(() => roundToCents('abc')).toThrow(RangeError);
    expect(() => roundToCents('0x10')).toThrow(RangeError);
  });
});

describe('toMoney', () => {
  it('when given a decimal.js value, then it rounds half up to a canonical string', () => {
    expect(toMoney(new MoneyDecimal('2.675'))).toBe('2.68');
    expect(toMoney(new Decimal('-0.005'))).toBe('-0.01');
    expect(toMoney(new MoneyDecimal('-0.001'))).toBe('0.00');
  });

  it('when given a string, a bigint or a safe integer, then it returns the canonical string', () => {
    expect(toMoney('1234.5')).toBe('1234.50');
    expect(toMoney(1234n)).toBe('1234.00');
    expect(toMoney(7)).toBe('7.00');
  });

  it('when given a fractional JS number, then it refuses it', () => {
    expect(() => toMoney(0.1)).toThrow(TypeError);
  });

  it('when given a non-finite decimal, then it refuses it', () => {
    expect(() => toMoney(new Decimal(NaN))).toThrow(RangeError);
    expect(() => toMoney(new Decimal(Infinity))).toThrow(RangeError);
  });
});

describe('MoneyDecimal', () => {
  it('when using the clone, then it is exact and the global Decimal is untouched', () => {
    expect(new MoneyDecimal('0.1').plus('0.2').toString()).toBe('0.3');
    expect(new MoneyDecimal('1e-30').toString()).toBe('0.000000000000000000000000000001');
    expect(MoneyDecimal.precision).toBe(40);
    expect(MoneyDecimal.rounding).toBe(Decimal.ROUND_HALF_UP);
    expect(Decimal.precision).toBe(20);
    expect(Decimal.rounding).toBe(Decimal.ROUND_HALF_UP);
    expect(Decimal.toExpNeg).toBe(-7);
  });
});

describe('lineAmount', () => {
  it.each([
    ['3', '0.3335', '1.00'], // 1.0005
    ['3', '0.335', '1.01'], // 1.005: half up
    ['3', '0.3333', '1.00'], // 0.9999
    ['1000', '2.675', '2675.00'],
    ['1', '2.675', '2.68'],
    ['2.5', '0.01', '0.03'], // 0.025
    ['12', '4.1', '49.20'],
    ['0', '9.99', '0.00'],
    ['-3', '0.335', '-1.01'],
    ['1500000', '0.123456', '185184.00'],
    ['123456789', '9876.54321', '1219326311126.35'], // 1219326311126.35269
    ['7', '1.505', '10.54'], // 10.535: half up
  ])('when %s units cost %s each, then the line amount is %s', (quantity, price, expected) => {
    const exact = new MoneyDecimal(quantity).times(price);
    expect(exact.toDecimalPlaces(2, MoneyDecimal.ROUND_HALF_UP).toFixed(2)).toBe(expected);
    expect(lineAmount(quantity, price)).toBe(expected);
  });

  it('when the inputs are not decimal strings, then it refuses them', () => {
    expect(() => lineAmount('3 unidades', '1.00')).toThrow(RangeError);
  });
});

describe('addMoney, sumMoney, subtractMoney', () => {
  const report = (text: string) => parseMoney(`S/. ${text}`);

  it.each([
    [['25,792,540.58', '52,279,097.51'], '78,071,638.09'],
    [['128,298,294.12', '1,401,510.90'], '129,699,805.02'],
    [['78,071,638.09', '129,699,805.02'], '207,771,443.11'],
    [['91,960,944.11', '322,996,933.79'], '414,957,877.90'],
    [['207,771,443.11', '414,957,877.90'], '622,729,321.01'],
    [['559,493,149.83', '335,859,956.06', '119,409,578.97', '19,705,635.48'], '1,034,468,320.34'],
  ])('when adding the report figures %j, then the total is %s', (terms, total) => {
    const amounts = terms.map(report);
    expect(addMoney(...amounts)).toBe(report(total));
    expect(sumMoney(amounts)).toBe(report(total));
    expect(formatAmount(sumMoney(amounts))).toBe(total);
  });

  it('when adding 0.1 + 0.2, then the result is exactly 0.30', () => {
    expect(addMoney('0.1', '0.2')).toBe('0.30');
  });

  it('when adding nothing, then the result is 0.00', () => {
    expect(addMoney()).toBe('0.00');
    expect(sumMoney([])).toBe('0.00');
  });

  it('when summing a generator, then every amount is counted', () => {
    function* amounts() {
      yield '1.01';
      yield '-0.01';
      yield '99';
    }
    expect(sumMoney(amounts())).toBe('100.00');
  });

  it('when amounts cancel out, then the result is 0.00, never -0.00', () => {
    expect(addMoney('5.25', '-5.25')).toBe('0.00');
    expect(subtractMoney('-0.00', '0')).toBe('0.00');
  });

  it('when subtracting, then the result is exact and canonical', () => {
    expect(subtractMoney('622729321.01', '414957877.90')).toBe('207771443.11');
    expect(subtractMoney('1', '1.01')).toBe('-0.01');
    expect(subtractMoney('0.3', '0.1')).toBe('0.20');
  });

  it('when an amount has more than two decimals or is not a number, then it is refused', () => {
    expect(() => addMoney('0.001')).toThrow(RangeError);
    expect(() => sumMoney(['1,234.00'])).toThrow(RangeError);
    expect(() => subtractMoney('abc', '1')).toThrow(RangeError);
  });
});

describe('compareMoney and isZeroMoney', () => {
  it.each([
    ['1.00', '2.00', -1],
    ['2', '1.99', 1],
    ['1.5', '1.50', 0],
    ['-0.00', '0.00', 0],
    ['-1.00', '0.01', -1],
    ['999999999999.99', '999999999999.98', 1],
  ] as const)('when comparing %s with %s, then the result is %d', (a, b, expected) => {
    expect(compareMoney(a, b)).toBe(expected);
  });

  it.each([
    ['0', true],
    ['0.00', true],
    ['-0.00', true],
    ['0.01', false],
    ['-0.01', false],
  ] as const)('when asking whether %s is zero, then the answer is %s', (a, expected) => {
    expect(isZeroMoney(a)).toBe(expected);
  });
});

describe('isCanonicalMoney', () => {
  it.each(['0.00', '0.50', '1.00', '-0.01', '-1234.56', '207771443.11', '999999999999.99'])(
    'when the text is %j, then it is canonical',
    (text) => {
      expect(isCanonicalMoney(text)).toBe(true);
    },
  );

  it.each([
    '-0.00',
    '0',
    '1.5',
    '1.234',
    '01.00',
    '00.50',
    '+1.00',
    '1,234.00',
    ' 1.00',
    '1.00 ',
    '.50',
    '1e2',
    '',
    'S/ 1.00',
  ])('when the text is %j, then it is not canonical', (text) => {
    expect(isCanonicalMoney(text)).toBe(false);
  });

  it('when any operation returns money, then the result is canonical', () => {
    const results = [
      parseMoney('-0'),
      roundToCents('-0.004'),
      toMoney('12'),
      addMoney('1', '-1'),
      lineAmount('2', '0.5'),
      ...allocate('-0.01', ['1', '1']),
    ];
    for (const r of results) expect(isCanonicalMoney(r)).toBe(true);
  });
});

describe('allocate', () => {
  it.each([
    ['100.00', ['1', '1', '1'], ['33.34', '33.33', '33.33']],
    ['-100.00', ['1', '1', '1'], ['-33.34', '-33.33', '-33.33']],
    ['0.05', ['1', '1'], ['0.03', '0.02']],
    ['0.05', ['0', '1', '1.5'], ['0.00', '0.02', '0.03']],
    ['10.00', ['3', '7'], ['3.00', '7.00']],
    ['1.00', ['0.3', '0.3', '0.4'], ['0.30', '0.30', '0.40']],
    ['0.01', ['1', '1', '1'], ['0.01', '0.00', '0.00']],
    ['0.02', ['1', '2', '2'], ['0.00', '0.01', '0.01']],
    ['0.00', ['1', '2'], ['0.00', '0.00']],
    ['-0.01', ['1', '1'], ['-0.01', '0.00']],
    ['207771443.11', ['78071638.09', '129699805.02'], ['78071638.09', '129699805.02']],
    ['1000', ['1'], ['1000.00']],
  ])('when splitting %s by %j, then the parts are %j', (total, weights, expected) => {
    const parts = allocate(total, weights);
    expect(parts).toEqual(expected);
    expect(sumMoney(parts)).toBe(roundToCents(total));
  });

  it('when called twice with the same input, then it gives the same parts', () => {
    const weights = ['0.1', '0.2', '0.3', '0.15', '0.25'];
    expect(allocate('1234.57', weights)).toEqual(allocate('1234.57', weights));
  });

  it.each([
    [[] as string[], /no hay pesos/],
    [['1', '-1'], /negativo/],
    [['0', '0.00'], /cero/],
    [['1', 'abc'], /no es un número/],
    [['1', '1e3'], /no es un número/],
  ])('when the weights are %j, then it throws an AllocationError', (weights, reason) => {
    expect(() => allocate('10.00', weights)).toThrow(AllocationError);
    expect(() => allocate('10.00', weights)).toThrow(reason);
  });

  it('when the total is not an amount to the cent, then it throws an AllocationError', () => {
    expect(() => allocate('10.005', ['1'])).toThrow(AllocationError);
  });
});
