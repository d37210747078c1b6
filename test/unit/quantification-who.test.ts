// The WHO/MSH consumption method (shared/quantification.ts): CA = CT ÷ (RM − DOS ÷ 30.4),
// SS = CA × LT, QO = CA × (LT + PP) + SS − (stock on hand + stock on order), never negative.
// Every expected value below is worked by hand in the comment beside it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantificationCalculateSchema } from '../../shared/quantification-schemas.ts';
import {
  calculateQuantification,
  calculateWho,
  QuantificationInputError,
  roundToFourDecimals,
  roundUpToWholeUnit,
  type WhoInput,
} from '../../shared/quantification.ts';

/** A year's review of one item: the worked example of docs/quantification.md. */
const example = {
  consumptionInPeriod: '1200',
  reviewMonths: '3',
  daysOutOfStock: '5',
  leadTimeMonths: '3',
  procurementPeriodMonths: '12',
  stockOnHand: '500',
  stockOnOrder: '200',
} satisfies WhoInput;

function errorOf(run: () => unknown): QuantificationInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof QuantificationInputError) return error;
    throw error;
  }
  throw new Error('expected a QuantificationInputError');
}

describe('WHO/MSH method, step by step', () => {
  it('when the worked example is calculated, then CA, SS and QO are the hand-computed values', () => {
    // CA = 1200 ÷ (3 − 5 ÷ 30.4) = 1200 × 30.4 ÷ (91.2 − 5) = 36480 ÷ 86.2 = 423.201856… → 423.2019
    // SS = 423.2019 × 3 = 1269.6057
    // QO = 423.2019 × (3 + 12) + 1269.6057 − (500 + 200) = 6348.0285 + 1269.6057 − 700 = 6917.6342 → 6918
    const result = calculateWho(example);
    expect(result.values).toEqual({ adjustedMonthlyConsumption: '423.2019', safetyStock: '1269.6057', quantityToOrder: '6918' });
  });

  it('when a result is returned, then each step carries its formula, inputs, rounding and value, in order', () => {
    const { derivations, method } = calculateWho(example);
    expect(method).toBe('who');
    expect(derivations.map((step) => step.symbol)).toEqual(['CA', 'SS', 'QO']);
    expect(derivations[0]).toEqual({
      name: 'adjustedMonthlyConsumption',
      symbol: 'CA',
      label: 'Consumo mensual ajustado',
      value: '423.2019',
      formula: 'CA = CT ÷ (RM − DOS ÷ 30.4)',
      inputs: { consumptionInPeriod: '1200', reviewMonths: '3', daysOutOfStock: '5' },
      rounding: '4 decimales, mitad hacia arriba',
      overridden: false,
    });
    expect(derivations[1]!.inputs).toEqual({ adjustedMonthlyConsumption: '423.2019', leadTimeMonths: '3' });
    expect(derivations[2]!.inputs).toEqual({
      adjustedMonthlyConsumption: '423.2019',
      leadTimeMonths: '3',
      procurementPeriodMonths: '12',
      safetyStock: '1269.6057',
      stockOnHand: '500',
      stockOnOrder: '200',
    });
  });

  it('when there were no days out of stock, then CA is the plain monthly average', () => {
    // CA = 1200 ÷ (3 − 0 ÷ 30.4) = 400.0000
    expect(calculateWho({ ...example, daysOutOfStock: '0' }).values.adjustedMonthlyConsumption).toBe('400.0000');
  });

  it('when the division does not terminate, then CA is rounded once to 4 decimals', () => {
    // CA = 100 ÷ (1 − 10 ÷ 30.4) = 3040 ÷ 20.4 = 149.0196078… → 149.0196
    expect(calculateWho({ ...example, consumptionInPeriod: '100', reviewMonths: '1', daysOutOfStock: '10' }).values.adjustedMonthlyConsumption).toBe('149.0196');
  });

  it('when CA falls exactly half way at the fifth decimal, then it rounds half up, not to even', () => {
    // CA = 2.4689 ÷ 2 = 1.23445 → 1.2345 (half to even would give 1.2344)
    expect(calculateWho({ ...example, consumptionInPeriod: '2.4689', reviewMonths: '2', daysOutOfStock: '0' }).values.adjustedMonthlyConsumption).toBe('1.2345');
    // CA = 0.0001 ÷ 2 = 0.00005 → 0.0001
    expect(calculateWho({ ...example, consumptionInPeriod: '0.0001', reviewMonths: '2', daysOutOfStock: '0' }).values.adjustedMonthlyConsumption).toBe('0.0001');
    // CA = 2.46889 ÷ 2 = 1.234445 → 1.2344 (below half)
    expect(calculateWho({ ...example, consumptionInPeriod: '2.46889', reviewMonths: '2', daysOutOfStock: '0' }).values.adjustedMonthlyConsumption).toBe('1.2344');
  });

  it('when SS has more than 4 decimals, then it is rounded half up to 4', () => {
    // SS = 10.3333 × 0.5 = 5.16665 → 5.1667
    const result = calculateWho({ ...example, adjustedMonthlyConsumption: '10.3333', leadTimeMonths: '0.5' });
    expect(result.values.safetyStock).toBe('5.1667');
  });

  it('when the need is a whole number, then QO is that number', () => {
    // QO = 10 × (1 + 2) + 10 − (0 + 0) = 40
    expect(calculateWho({ adjustedMonthlyConsumption: '10', safetyStock: '10', leadTimeMonths: '1', procurementPeriodMonths: '2', stockOnHand: '0', stockOnOrder: '0' }).values.quantityToOrder).toBe('40');
  });

  it('when the need has any fraction, then QO rounds up to the next whole unit', () => {
    // QO = 10 × (1 + 2) + 10 − (39.9999 + 0) = 0.0001 → 1
    expect(calculateWho({ adjustedMonthlyConsumption: '10', safetyStock: '10', leadTimeMonths: '1', procurementPeriodMonths: '2', stockOnHand: '39.9999', stockOnOrder: '0' }).values.quantityToOrder).toBe('1');
  });

  it('when stock on hand and on order cover the need, then QO is 0, never negative', () => {
    // QO = 423.2019 × 15 + 1269.6057 − (5000 + 3000) = 7617.6342 − 8000 = −382.3658 → 0
    expect(calculateWho({ ...example, stockOnHand: '5000', stockOnOrder: '3000' }).values.quantityToOrder).toBe('0');
    // exactly covered: 40 − 40 = 0 → 0
    expect(calculateWho({ adjustedMonthlyConsumption: '10', safetyStock: '10', leadTimeMonths: '1', procurementPeriodMonths: '2', stockOnHand: '30', stockOnOrder: '10' }).values.quantityToOrder).toBe('0');
  });

  it('when CA is rounded, then SS and QO use the rounded CA the planner sees', () => {
    // CA = 100.0004 ÷ 10 = 10.00004 → shown 10.0000
    // SS = 10.0000 × 1 = 10.0000 (from the exact CA it would be 10.00004)
    // QO = 10.0000 × (1 + 2) + 10.0000 − 0 = 40 (from the exact CA: 40.00016 → 41)
    const result = calculateWho({ consumptionInPeriod: '100.0004', reviewMonths: '10', daysOutOfStock: '0', leadTimeMonths: '1', procurementPeriodMonths: '2', stockOnHand: '0', stockOnOrder: '0' });
    expect(result.values).toEqual({ adjustedMonthlyConsumption: '10.0000', safetyStock: '10.0000', quantityToOrder: '40' });
  });

  it('when called through calculateQuantification with method who, then it gives the same result', () => {
    expect(calculateQuantification({ method: 'who', ...example })).toEqual(calculateWho(example));
  });
});

describe('WHO/MSH rounding boundaries', () => {
  it.each([
    ['1.23445', '1.2345'],
    ['1.23444999', '1.2344'],
    ['0.00005', '0.0001'],
    ['7', '7.0000'],
  ])('when %s is rounded to four decimals, then it is %s', (value, rounded) => {
    expect(roundToFourDecimals(value)).toBe(rounded);
  });

  it.each([
    ['12.0001', '13'],
    ['12', '12'],
    ['0.0001', '1'],
    ['0', '0'],
  ])('when %s is rounded up to a whole unit, then it is %s', (value, rounded) => {
    expect(roundUpToWholeUnit(value)).toBe(rounded);
  });
});

describe('WHO/MSH what-if: a derived value given overrides its computation', () => {
  it('when CA is given, then SS and QO use it and CT, RM and DOS are not needed', () => {
    // SS = 500 × 3 = 1500.0000; QO = 500 × 15 + 1500 − 700 = 8300
    const result = calculateWho({ adjustedMonthlyConsumption: '500', leadTimeMonths: '3', procurementPeriodMonths: '12', stockOnHand: '500', stockOnOrder: '200' });
    expect(result.values).toEqual({ adjustedMonthlyConsumption: '500.0000', safetyStock: '1500.0000', quantityToOrder: '8300' });
    expect(result.derivations[0]).toMatchObject({ overridden: true, inputs: {}, rounding: 'ninguno: valor indicado' });
    expect(result.derivations[1]!.overridden).toBe(false);
  });

  it('when CA is given beside CT, RM and DOS, then the given CA wins', () => {
    expect(calculateWho({ ...example, adjustedMonthlyConsumption: '500' }).values.quantityToOrder).toBe('8300');
  });

  it('when SS is given, then QO uses it', () => {
    // QO = 423.2019 × 15 + 0 − 700 = 5648.0285 → 5649
    const result = calculateWho({ ...example, safetyStock: '0' });
    expect(result.values).toEqual({ adjustedMonthlyConsumption: '423.2019', safetyStock: '0.0000', quantityToOrder: '5649' });
    expect(result.derivations.map((step) => step.overridden)).toEqual([false, true, false]);
  });

  it('when QO is given, then it is the result, and CA and SS appear only when their inputs are there', () => {
    expect(calculateWho({ quantityToOrder: '100' }).derivations.map((step) => [step.name, step.value, step.overridden])).toEqual([['quantityToOrder', '100', true]]);
    expect(calculateWho({ ...example, quantityToOrder: '100' }).values).toEqual({ adjustedMonthlyConsumption: '423.2019', safetyStock: '1269.6057', quantityToOrder: '100' });
  });
});

describe('WHO/MSH bad input', () => {
  it('when the consumption is negative, then the error names consumptionInPeriod', () => {
    const error = errorOf(() => calculateWho({ ...example, consumptionInPeriod: '-1' }));
    expect(error).toMatchObject({ field: 'consumptionInPeriod', reason: 'negative' });
    expect(error.message).toBe('Consumo del período (consumptionInPeriod): no puede ser negativo; se recibió "-1"');
  });

  it.each([
    ['equal to the period', '3', '91.2'],
    ['above the period', '3', '100'],
    ['equal to a one-month period', '1', '30.4'],
  ])('when the days out of stock are %s, then the error names daysOutOfStock', (_what, reviewMonths, daysOutOfStock) => {
    const error = errorOf(() => calculateWho({ ...example, reviewMonths, daysOutOfStock }));
    expect(error).toMatchObject({ field: 'daysOutOfStock', reason: 'stockout_days' });
    expect(error.message).toMatch(/^Días sin existencias \(daysOutOfStock\): deben ser menos que los días del período revisado \(RM × 30\.4 = /);
  });

  it('when the days out of stock are just below the period, then CA is computed', () => {
    // CA = 1 ÷ (1 − 30.3999 ÷ 30.4) = 30.4 ÷ 0.0001 = 304000.0000
    expect(calculateWho({ ...example, consumptionInPeriod: '1', reviewMonths: '1', daysOutOfStock: '30.3999' }).values.adjustedMonthlyConsumption).toBe('304000.0000');
  });

  it.each(['abc', '1,5', '1e3', '', ' ', 'NaN', '--1'])('when a number is written as %j, then the error names the field as not a number', (text) => {
    expect(errorOf(() => calculateWho({ ...example, stockOnHand: text }))).toMatchObject({ field: 'stockOnHand', reason: 'not_a_number' });
  });

  it('when a quantity arrives as a JavaScript number, then it is refused: quantities travel as text', () => {
    const input = { ...example, leadTimeMonths: 3 } as unknown as WhoInput;
    expect(errorOf(() => calculateWho(input))).toMatchObject({ field: 'leadTimeMonths', reason: 'not_a_number' });
  });

  it('when a number has more than 30 digits, then it is refused', () => {
    expect(errorOf(() => calculateWho({ ...example, stockOnOrder: '1'.repeat(31) }))).toMatchObject({ field: 'stockOnOrder', reason: 'too_long' });
  });

  it('when the review period is zero months, then the error names reviewMonths', () => {
    expect(errorOf(() => calculateWho({ ...example, reviewMonths: '0' }))).toMatchObject({ field: 'reviewMonths', reason: 'not_positive' });
  });

  it.each(['consumptionInPeriod', 'reviewMonths', 'daysOutOfStock', 'leadTimeMonths', 'procurementPeriodMonths', 'stockOnHand', 'stockOnOrder'] as const)(
    'when %s is missing, then the error names it as missing',
    (field) => {
      const error = errorOf(() => calculateWho({ ...example, [field]: undefined }));
      expect(error).toMatchObject({ field, reason: 'missing' });
      expect(error.message).toMatch(new RegExp(`^Falta el dato «.+» \\(${field}\\), necesario para calcular «.+» \\((CA|SS|QO)\\)$`));
    },
  );

  it('when an input is null, then it counts as missing', () => {
    expect(errorOf(() => calculateWho({ ...example, stockOnOrder: null }))).toMatchObject({ field: 'stockOnOrder', reason: 'missing' });
  });

  it('when a given CA has more than 4 decimals or a given QO is not whole, then the value given is refused', () => {
    expect(errorOf(() => calculateWho({ ...example, adjustedMonthlyConsumption: '1.23456' }))).toMatchObject({ field: 'adjustedMonthlyConsumption', reason: 'too_many_decimals' });
    expect(errorOf(() => calculateWho({ ...example, quantityToOrder: '1.5' }))).toMatchObject({ field: 'quantityToOrder', reason: 'not_integer' });
    expect(errorOf(() => calculateWho({ ...example, safetyStock: '-1' }))).toMatchObject({ field: 'safetyStock', reason: 'negative' });
  });
});

describe('WHO/MSH request schema', () => {
  const fieldsOf = (body: unknown) => {
    const result = quantificationCalculateSchema.safeParse(body);
    return result.success ? [] : result.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
  };

  it('when a complete WHO body is parsed, then the calculator accepts its output', () => {
    const parsed = quantificationCalculateSchema.parse({ method: 'who', ...example, stockOnHand: ' 500 ' });
    expect(calculateQuantification(parsed).values.quantityToOrder).toBe('6918');
  });

  it.each([
    ['a negative consumption', { consumptionInPeriod: '-5' }, 'consumptionInPeriod', 'Consumo del período: no puede ser negativo'],
    ['a consumption as a JSON number', { consumptionInPeriod: 5 }, 'consumptionInPeriod', 'Consumo del período: escriba el número como texto, por ejemplo "12.5"'],
    ['a decimal comma', { stockOnHand: '1,5' }, 'stockOnHand', 'Existencias disponibles: escriba un número con punto decimal, sin separadores de miles'],
    ['five decimals', { leadTimeMonths: '1.23456' }, 'leadTimeMonths', 'Tiempo de entrega en meses: admite a lo sumo 4 decimales'],
    ['a review period of zero', { reviewMonths: '0' }, 'reviewMonths', 'Meses del período revisado: debe ser mayor que cero'],
    ['a fractional quantity to order', { quantityToOrder: '1.5' }, 'quantityToOrder', 'Cantidad a pedir: debe ser un número entero'],
  ])('when the body has %s, then the Spanish message names the field', (_what, change, field, message) => {
    expect(fieldsOf({ method: 'who', ...example, ...change })).toEqual([[field, message]]);
  });

  it('when the days out of stock reach the period, then the schema gives the calculator\'s message on daysOutOfStock', () => {
    expect(fieldsOf({ method: 'who', ...example, daysOutOfStock: '91.2' })).toEqual([
      ['daysOutOfStock', 'Días sin existencias (daysOutOfStock): deben ser menos que los días del período revisado (RM × 30.4 = 91.2); se recibió "91.2"'],
    ]);
  });

  it('when the method is missing or unknown, then the error names method', () => {
    expect(fieldsOf({ ...example }).map(([field]) => field)).toEqual(['method']);
    expect(fieldsOf({ method: 'abc', ...example }).map(([field]) => field)).toEqual(['method']);
  });

  it('when the body has a field the method does not know, then it is refused', () => {
    expect(fieldsOf({ method: 'who', ...example, netContent: '10' })).toHaveLength(1);
  });
});

/** A non-negative decimal string with up to 4 decimals, below 10^7. */
const quantity = fc
  .tuple(fc.integer({ min: 0, max: 9_999_999 }), fc.integer({ min: 0, max: 9_999 }), fc.boolean())
  .map(([whole, fraction, withFraction]) => (withFraction ? `${whole}.${String(fraction).padStart(4, '0')}` : String(whole)));

/** A review period of 1–24 months with days out of stock below its 30.4 × RM days. */
const period = fc
  .tuple(fc.integer({ min: 1, max: 24 }), fc.integer({ min: 0, max: 9_999 }))
  .map(([months, permyriad]) => ({ reviewMonths: String(months), daysOutOfStock: ((months * 30 * permyriad) / 10_000).toFixed(0) }));

const whoInput = fc
  .record({
    consumptionInPeriod: quantity,
    period,
    leadTimeMonths: fc.integer({ min: 0, max: 24 }).map(String),
    procurementPeriodMonths: fc.integer({ min: 0, max: 24 }).map(String),
    stockOnHand: quantity,
    stockOnOrder: quantity,
  })
  .map(({ period: p, ...rest }) => ({ ...rest, ...p }));

describe('WHO/MSH properties', () => {
  it('when any valid inputs are given, then QO is a whole number and never negative', () => {
    fc.assert(
      fc.property(whoInput, (input) => {
        const qo = calculateWho(input).values.quantityToOrder!;
        expect(qo).toMatch(/^(0|[1-9]\d*)$/);
      }),
    );
  });

  it('when there is more stock on hand (or on order), then QO is never higher', () => {
    fc.assert(
      fc.property(whoInput, quantity, (base, more) => {
        const qo = BigInt(calculateWho(base).values.quantityToOrder!);
        const moreOnHand = { ...base, stockOnHand: addDecimals(base.stockOnHand!, more) };
        const moreOnOrder = { ...base, stockOnOrder: addDecimals(base.stockOnOrder!, more) };
        expect(BigInt(calculateWho(moreOnHand).values.quantityToOrder!) <= qo).toBe(true);
        expect(BigInt(calculateWho(moreOnOrder).values.quantityToOrder!) <= qo).toBe(true);
      }),
    );
  });

  it('when CA is computed, then it is CT × 30.4 ÷ (30.4 × RM − DOS) rounded half up to 4 decimals, checked on bigints', () => {
    fc.assert(
      fc.property(whoInput, (base) => {
        // CT × 304 × 10^4 ÷ (304 × RM − 10 × DOS), everything scaled to integers (DOS and RM are whole here).
        const ct = toScaled(base.consumptionInPeriod!); // CT × 10^4
        const numerator = ct * 304n;
        const denominator = (304n * BigInt(base.reviewMonths!) - 10n * BigInt(base.daysOutOfStock!)) * 10_000n;
        const scaled = (2n * numerator * 10_000n + denominator) / (2n * denominator); // half up, non-negative
        expect(calculateWho(base).values.adjustedMonthlyConsumption).toBe(fromScaled(scaled));
      }),
    );
  });
});

/** "12.5" → 125000n (× 10^4). */
function toScaled(text: string): bigint {
  const [whole = '0', fraction = ''] = text.split('.');
  return BigInt(whole) * 10_000n + BigInt(fraction.padEnd(4, '0'));
}

/** 125000n → "12.5000". */
function fromScaled(value: bigint): string {
  return `${value / 10_000n}.${String(value % 10_000n).padStart(4, '0')}`;
}

function addDecimals(a: string, b: string): string {
  return fromScaled(toScaled(a) + toScaled(b));
}
