// The OpenLMIS requisition method (shared/quantification.ts). Two kinds of vectors:
// - OpenLMIS's own published unit tests, each cited by repository, file and test name:
//     [calc]  OpenLMIS/openlmis-requisition src/test/java/org/openlmis/requisition/domain/LineItemFieldsCalculatorTest.java
//     [dto]   OpenLMIS/openlmis-requisition src/test/java/org/openlmis/requisition/dto/OrderableDtoTest.java
//     [ref]   OpenLMIS/openlmis-referencedata src/test/java/org/openlmis/referencedata/domain/OrderableTest.java
//     [ui]    OpenLMIS/openlmis-ui-components src/main/webapp/requisition-calculations/calculation.factory.spec.js
// - hand-checked vectors for each step and each rounding, worked in the comment beside them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantificationCalculateSchema } from '../../shared/quantification-schemas.ts';
import {
  calculateOpenLmis,
  calculateQuantification,
  ceilingOfQuotient,
  type OpenLmisInput,
  packsToShip,
  QuantificationInputError,
  roundHalfUpToWholeUnit,
} from '../../shared/quantification.ts';

/** A quarterly requisition line: the worked example of docs/quantification.md. */
const example = {
  beginningBalance: '100',
  totalReceivedQuantity: '50',
  totalConsumedQuantity: '20',
  lossesAndAdjustments: [
    { quantity: '5', additive: true },
    { quantity: '2', additive: false },
  ],
  totalStockoutDays: '5',
  monthsInPeriod: '3',
  previousAdjustedConsumptions: ['30', '40'],
  maxPeriodsOfStock: '7.25',
  netContent: '10',
  packRoundingThreshold: '4',
  roundToZero: false,
  pricePerPack: '3.25',
} satisfies OpenLmisInput;

function errorOf(run: () => unknown): QuantificationInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof QuantificationInputError) return error;
    throw error;
  }
  throw new Error('expected a QuantificationInputError');
}

/** Only what one step needs, the rest given (what-if), to check that step alone. */
const values = (input: OpenLmisInput) => calculateOpenLmis(input).values;

describe('OpenLMIS method, the worked example', () => {
  it('when the example is calculated, then every step is the hand-computed value', () => {
    // D = +5 − 2 = 3
    // E = 100 + 50 − 20 + 3 = 133
    // N = ⌈20 × 90 ÷ (90 − 5)⌉ = ⌈1800 ÷ 85⌉ = ⌈21.18⌉ = 22
    // P = ⌈(30 + 40 + 22) ÷ 3⌉ = ⌈30.67⌉ = 31
    // H = 31 × 7.25 = 224.75 → 225
    // I = max(0, 225 − 133) = 92
    // order quantity = I = 92
    // V = 92 ÷ 10 = 9, remainder 2 ≤ threshold 4 → 9 packs
    // total cost = 9 × 3.25 = 29.25
    expect(values(example)).toEqual({
      totalLossesAndAdjustments: '3',
      stockOnHand: '133',
      adjustedConsumption: '22',
      averageConsumption: '31',
      maximumStockQuantity: '225',
      calculatedOrderQuantity: '92',
      orderQuantity: '92',
      packsToShip: '9',
      totalCost: '29.25',
    });
  });

  it('when a result is returned, then each step carries its formula, inputs, rounding and value, in order', () => {
    const { derivations } = calculateOpenLmis(example);
    expect(derivations.map((step) => step.symbol)).toEqual(['D', 'E', 'N', 'P', 'H', 'I', 'CP', 'V', 'Costo']);
    expect(derivations.find((step) => step.symbol === 'N')).toEqual({
      name: 'adjustedConsumption',
      symbol: 'N',
      label: 'Consumo ajustado',
      value: '22',
      formula: 'N = ⌈C × 30M ÷ (30M − X)⌉; N = C si X cubre todo el período (X = 30M)',
      inputs: { totalConsumedQuantity: '20', totalStockoutDays: '5', monthsInPeriod: '3' },
      rounding: 'hacia arriba, a la unidad entera (techo)',
      overridden: false,
    });
    expect(derivations.map((step) => step.inputs)).toEqual([
      { lossesAndAdjustments: ['+5', '-2'] },
      { beginningBalance: '100', totalReceivedQuantity: '50', totalConsumedQuantity: '20', totalLossesAndAdjustments: '3' },
      { totalConsumedQuantity: '20', totalStockoutDays: '5', monthsInPeriod: '3' },
      { adjustedConsumption: '22', previousAdjustedConsumptions: ['30', '40'] },
      { averageConsumption: '31', maxPeriodsOfStock: '7.25' },
      { maximumStockQuantity: '225', stockOnHand: '133' },
      { calculatedOrderQuantity: '92' },
      { orderQuantity: '92', netContent: '10', packRoundingThreshold: '4', roundToZero: false },
      { packsToShip: '9', pricePerPack: '3.25' },
    ]);
  });

  it('when called through calculateQuantification with method openlmis, then it gives the same result', () => {
    expect(calculateQuantification({ method: 'openlmis', ...example })).toEqual(calculateOpenLmis(example));
  });
});

describe("OpenLMIS's published vectors: LineItemFieldsCalculatorTest [calc]", () => {
  it('when shouldCalculateStockOnHand: A 1000, B 500, C 200, D −100, then E is 1200', () => {
    expect(values({ beginningBalance: '1000', totalReceivedQuantity: '500', totalConsumedQuantity: '200', totalLossesAndAdjustments: '-100', maximumStockQuantity: '0', netContent: '1' }).stockOnHand).toBe('1200');
  });

  it('when shouldCalculateStockOnHandIfNull: no losses and adjustments, then D is 0 and E is 1300', () => {
    const result = values({ beginningBalance: '1000', totalReceivedQuantity: '500', totalConsumedQuantity: '200', maximumStockQuantity: '0', netContent: '1' });
    expect([result.totalLossesAndAdjustments, result.stockOnHand]).toEqual(['0', '1300']);
  });

  it('when shouldCalculateTotalLossesAndAdjustments: +5, +10, −2, −7, then D is 6', () => {
    const lossesAndAdjustments = [
      { quantity: '5', additive: true },
      { quantity: '10', additive: true },
      { quantity: '2', additive: false },
      { quantity: '7', additive: false },
    ];
    expect(values({ lossesAndAdjustments, stockOnHand: '0', calculatedOrderQuantity: '0', netContent: '1' }).totalLossesAndAdjustments).toBe('6');
  });

  it('when shouldCalculateAdjustedConsumption: X 5, C 20, M 3, then N is 22', () => {
    expect(values({ ...example, totalStockoutDays: '5', totalConsumedQuantity: '20', monthsInPeriod: '3' }).adjustedConsumption).toBe('22');
  });

  it('when shouldCalculateAdjustedConsumptionWhenNonStockoutDaysIsZero: X 90, C 20, M 3, then N is C, 20', () => {
    expect(values({ ...example, totalStockoutDays: '90', totalConsumedQuantity: '20', monthsInPeriod: '3' }).adjustedConsumption).toBe('20');
  });

  it('when shouldCalculateAdjustedConsumptionWhenNonStockoutDaysIsLessThanZero: X 92 > 90, then it is refused, as StockOutDaysValidator does', () => {
    // The calculator alone answers C (20) at commit 1073e23b; the requisition refuses the line
    // first (ERROR_STOCKOUT_DAYS_CANT_BE_GREATER_THAN_LENGTH_OF_PERIOD), and so does Abastece.
    expect(errorOf(() => values({ ...example, totalStockoutDays: '92', monthsInPeriod: '3' }))).toMatchObject({ field: 'totalStockoutDays', reason: 'stockout_days' });
  });

  it.each([
    ['shouldCalculateAverageConsumption', ['5', '10'], '15', '10'],
    ['shouldReturnAdjustedConsumptionWhenNoPreviousPeriods', [], '5', '5'],
    ['shouldCalculateAverageConsumptionWhenOnePreviousPeriod', ['5'], '10', '8'],
  ])('when %s: previous %j and N %s, then P is %s', (_test, previousAdjustedConsumptions, adjustedConsumption, averageConsumption) => {
    expect(values({ ...example, previousAdjustedConsumptions, adjustedConsumption }).averageConsumption).toBe(averageConsumption);
  });

  it('when shouldCalculateMaximumStockQuantityForDefaultOption: P 2, max periods 7.25, then H is 15', () => {
    // 2 × 7.25 = 14.5 → half up → 15
    expect(values({ ...example, averageConsumption: '2', maxPeriodsOfStock: '7.25' }).maximumStockQuantity).toBe('15');
  });

  it('when shouldCalculateCalculatedOrderQuantity: E 5, H 10, then I is 5', () => {
    expect(values({ ...example, stockOnHand: '5', maximumStockQuantity: '10' }).calculatedOrderQuantity).toBe('5');
  });

  it('when shouldCalculateCalculatedOrderQuantityIfMaximumStockQuantityIsNotSet: P 2, max periods 7, E 4, then I is 10', () => {
    expect(values({ ...example, averageConsumption: '2', maxPeriodsOfStock: '7', stockOnHand: '4' }).calculatedOrderQuantity).toBe('10');
  });

  it('when shouldCalculateCalculatedOrderQuantityIfStockOnHandIsNotSet: A 5, B 0, C 0, D 0, H 10, then I is 5', () => {
    const result = values({ ...example, beginningBalance: '5', totalReceivedQuantity: '0', totalConsumedQuantity: '0', totalLossesAndAdjustments: '0', maximumStockQuantity: '10' });
    expect([result.stockOnHand, result.calculatedOrderQuantity]).toEqual(['5', '5']);
  });

  it('when shouldCalculateTotalCost: 40 packs at 3.25, then the total cost is 130.00', () => {
    expect(values({ ...example, packsToShip: '40', pricePerPack: '3.25' }).totalCost).toBe('130.00');
  });
});

describe("OpenLMIS's published vectors: packs to ship [dto] [ref]", () => {
  it.each([
    // [test name, order quantity, net content, threshold, round to zero, packs]
    ['shouldCalculatePacksToOrderWhenPackRoundingThresholdIsSmallerThanRemainder', '26', '10', '4', false, '3'],
    ['shouldCalculatePacksToOrderWhenPackRoundingThresholdIsGreaterThanRemainder', '26', '10', '7', false, '2'],
    ['shouldCalculatePacksToOrderWhenCanRoundToZero', '6', '10', '7', true, '0'],
    ['shouldCalculatePacksToOrderWhenCanNotRoundToZero [dto]', '6', '10', '4', false, '1'],
    ['shouldCalculatePacksToOrderWhenCanNotRoundToZero [ref]', '6', '10', '7', false, '1'],
    ['shouldReturnZeroPacksToOrderIfNetContentIsZero [dto]', '6', '0', '7', true, '0'],
    ['shouldReturnZeroPacksToOrderIfNetContentIsZero [ref]', '6', '0', '7', false, '0'],
    ['shouldReturnZeroPacksToOrderIfOrderQuantityIsZero', '0', '10', '0', false, '0'],
    ['shouldReturnZeroPackToOrderIfOrderQuantityIsOneAndRoundToZeroTrueWithNetContentTen', '1', '10', '7', true, '0'],
    ['shouldNotRoundUpWhenEqualToThreshold (250)', '250', '100', '50', false, '2'],
    ['shouldNotRoundUpWhenEqualToThreshold (251)', '251', '100', '50', false, '3'],
  ] as const)('when %s, then the packs are as OpenLMIS says', (_test, orderQuantity, netContent, packRoundingThreshold, roundToZero, packs) => {
    expect(packsToShip(orderQuantity, netContent, packRoundingThreshold, roundToZero)).toBe(packs);
    expect(values({ ...example, orderQuantity, netContent, packRoundingThreshold, roundToZero }).packsToShip).toBe(packs);
  });
});

describe("OpenLMIS's published vectors: the UI's calculation factory [ui]", () => {
  it("when 'should calculate stock on hand properly': A 20, B 10, C 15, D 25, then E is 40", () => {
    expect(values({ ...example, beginningBalance: '20', totalReceivedQuantity: '10', totalConsumedQuantity: '15', totalLossesAndAdjustments: '25' }).stockOnHand).toBe('40');
  });

  it.each([
    ["'should calculate adjusted consumption'", '15', '15', '30'],
    ["'should return total consumed quantity when non-stockout days is zero'", '15', '30', '15'],
    ["'should return zero when consumed quantity is not defined'", '0', '15', '0'],
  ])('when %s: C %s, X %s, M 1, then N is %s', (_test, totalConsumedQuantity, totalStockoutDays, adjustedConsumption) => {
    expect(values({ ...example, totalConsumedQuantity, totalStockoutDays, monthsInPeriod: '1' }).adjustedConsumption).toBe(adjustedConsumption);
  });

  it.each([
    ["'should not round packs to ship if threshold is not exceeded'", '15', '10', '6', false, '1'],
    ["'should round packs to ship if threshold is exceeded'", '15', '10', '4', false, '2'],
    ["'should return zero if round to zero is set'", '1', '10', '5', true, '0'],
    ["'should return one if round to zero is not set'", '1', '10', '5', false, '1'],
  ] as const)('when %s, then the packs are as the UI says', (_test, orderQuantity, netContent, packRoundingThreshold, roundToZero, packs) => {
    expect(packsToShip(orderQuantity, netContent, packRoundingThreshold, roundToZero)).toBe(packs);
  });

  it("when 'should calculate total cost': 4 packs at 30.20, then the total cost is 120.80", () => {
    expect(values({ ...example, packsToShip: '4', pricePerPack: '30.20' }).totalCost).toBe('120.80');
  });

  it.each([
    ["'should calculate properly if both fields are user inputs'", '12', '5', '7'],
    ["'should calculate properly if both fields are calculate'", '14', '6', '8'],
    ["'should calculate properly if on field is calculated'", '145', '9', '136'],
  ])('when %s: H %s, E %s, then I is %s', (_test, maximumStockQuantity, stockOnHand, calculatedOrderQuantity) => {
    expect(values({ ...example, maximumStockQuantity, stockOnHand }).calculatedOrderQuantity).toBe(calculatedOrderQuantity);
  });
});

describe('OpenLMIS method, each step and rounding by hand', () => {
  it('when consumption divides exactly, then N is the exact quotient', () => {
    // N = ⌈23 × 30 ÷ (30 − 7)⌉ = ⌈690 ÷ 23⌉ = 30. OpenLMIS's Java first rounds 30 ÷ 23 to 1000
    // decimals half up (1.30434…783, rounded up), then 23 × that is a hair above 30 and its
    // ceiling is 31. Abastece computes the formula exactly; docs/quantification.md says so.
    expect(values({ ...example, totalConsumedQuantity: '23', totalStockoutDays: '7', monthsInPeriod: '1' }).adjustedConsumption).toBe('30');
  });

  it('when consumption does not divide exactly, then N rounds up even for a tiny fraction', () => {
    // N = ⌈100 × 90 ÷ (90 − 1)⌉ = ⌈9000 ÷ 89⌉ = ⌈101.12⌉ = 102
    expect(values({ ...example, totalConsumedQuantity: '100', totalStockoutDays: '1', monthsInPeriod: '3' }).adjustedConsumption).toBe('102');
    // N = ⌈1 × 360 ÷ (360 − 1)⌉ = ⌈1.0028⌉ = 2
    expect(values({ ...example, totalConsumedQuantity: '1', totalStockoutDays: '1', monthsInPeriod: '12' }).adjustedConsumption).toBe('2');
  });

  it('when there were no stock-out days, then N is C', () => {
    expect(values({ ...example, totalConsumedQuantity: '57', totalStockoutDays: '0' }).adjustedConsumption).toBe('57');
  });

  it('when the average is a whole number or has a fraction, then P is it or its ceiling', () => {
    // P = ⌈(10 + 20 + 30) ÷ 3⌉ = 20; P = ⌈(10 + 20 + 31) ÷ 3⌉ = ⌈20.33⌉ = 21
    expect(values({ ...example, previousAdjustedConsumptions: ['10', '20'], adjustedConsumption: '30' }).averageConsumption).toBe('20');
    expect(values({ ...example, previousAdjustedConsumptions: ['10', '20'], adjustedConsumption: '31' }).averageConsumption).toBe('21');
  });

  it('when P × max periods ends in .5 or below, then H rounds half up', () => {
    // 3 × 2.5 = 7.5 → 8; 3 × 2.49 = 7.47 → 7; 3 × 2.1667 = 6.5001 → 7
    expect(values({ ...example, averageConsumption: '3', maxPeriodsOfStock: '2.5' }).maximumStockQuantity).toBe('8');
    expect(values({ ...example, averageConsumption: '3', maxPeriodsOfStock: '2.49' }).maximumStockQuantity).toBe('7');
    expect(values({ ...example, averageConsumption: '3', maxPeriodsOfStock: '2.1667' }).maximumStockQuantity).toBe('7');
  });

  it('when stock on hand exceeds the maximum, then I is 0 and so are the packs', () => {
    // I = max(0, 100 − 133) = 0; 0 units → 0 packs, even without round to zero
    const result = values({ ...example, maximumStockQuantity: '100' });
    expect([result.calculatedOrderQuantity, result.orderQuantity, result.packsToShip, result.totalCost]).toEqual(['0', '0', '0', '0.00']);
  });

  it('when the total cost has fractions of a cent, then it is rounded half up to the cent', () => {
    // 3 × 0.3333 = 0.9999 → 1.00; 3 × 0.0015 = 0.0045 → 0.00; 5 × 0.0015 = 0.0075 → 0.01
    expect(values({ ...example, packsToShip: '3', pricePerPack: '0.3333' }).totalCost).toBe('1.00');
    expect(values({ ...example, packsToShip: '3', pricePerPack: '0.0015' }).totalCost).toBe('0.00');
    expect(values({ ...example, packsToShip: '5', pricePerPack: '0.0015' }).totalCost).toBe('0.01');
  });

  it.each([
    // 94 = 9 × 10 + 4: the remainder 4 is not above the threshold 4 → 9 packs
    ['94', '9'],
    // 95 = 9 × 10 + 5: the remainder 5 is above 4 → 10 packs
    ['95', '10'],
    // 3 = 0 × 10 + 3: 0 packs, which become 1 because round to zero is off
    ['3', '1'],
  ])('when %s units are ordered in packs of 10 with threshold 4, then %s packs are shipped', (orderQuantity, packs) => {
    expect(packsToShip(orderQuantity, '10', '4', false)).toBe(packs);
  });

  it.each([
    ['7', '2', '4'], // ⌈3.5⌉ = 4
    ['8', '2', '4'], // ⌈4⌉ = 4
    ['1', '3', '1'], // ⌈0.33⌉ = 1
    ['0', '3', '0'],
  ])('when the ceiling of %s ÷ %s is taken, then it is %s', (numerator, denominator, ceiling) => {
    expect(ceilingOfQuotient(numerator, denominator)).toBe(ceiling);
  });

  it.each([
    ['14.5', '15'],
    ['14.4999', '14'],
    ['0.5', '1'],
  ])('when %s is rounded half up to a whole unit, then it is %s', (value, rounded) => {
    expect(roundHalfUpToWholeUnit(value)).toBe(rounded);
  });

  it('when there is no price per pack, then the packs are computed and the total cost is left out', () => {
    const result = values({ ...example, pricePerPack: undefined });
    expect(result.packsToShip).toBe('9');
    expect(result).not.toHaveProperty('totalCost');
  });

  it('when there is no rounding threshold and no round-to-zero flag, then they count as 0 and false', () => {
    // 92 units in packs of 10: remainder 2 > 0 → 10 packs
    const result = calculateOpenLmis({ ...example, packRoundingThreshold: undefined, roundToZero: undefined });
    expect(result.values.packsToShip).toBe('10');
    expect(result.derivations.find((step) => step.symbol === 'V')!.inputs).toMatchObject({ packRoundingThreshold: '0', roundToZero: false });
  });
});

describe('OpenLMIS what-if: a derived value given overrides its computation', () => {
  it('when N is given, then P uses it, and C, X and M are not needed for N', () => {
    // P = ⌈(30 + 40 + 50) ÷ 3⌉ = 40
    const result = calculateOpenLmis({ ...example, totalStockoutDays: undefined, monthsInPeriod: undefined, adjustedConsumption: '50' });
    expect(result.values.averageConsumption).toBe('40');
    expect(result.derivations.find((step) => step.symbol === 'N')).toMatchObject({ value: '50', overridden: true, inputs: {} });
  });

  it('when E is given, then A, B and D are not needed, and D without adjustments is left out', () => {
    const result = values({ ...example, beginningBalance: undefined, totalReceivedQuantity: undefined, lossesAndAdjustments: undefined, stockOnHand: '200' });
    expect(result).not.toHaveProperty('totalLossesAndAdjustments');
    // I = max(0, 225 − 200) = 25; 25 = 2 × 10 + 5, remainder 5 > threshold 4 → 3 packs
    expect([result.stockOnHand, result.calculatedOrderQuantity, result.packsToShip]).toEqual(['200', '25', '3']);
  });

  it('when D is given beside the adjustments list, then the given D wins', () => {
    // E = 100 + 50 − 20 + 10 = 140
    expect(values({ ...example, totalLossesAndAdjustments: '10' }).stockOnHand).toBe('140');
  });

  it('when P is given, then H uses it and N is still shown', () => {
    // H = 10 × 7.25 = 72.5 → 73
    const result = values({ ...example, averageConsumption: '10' });
    expect([result.adjustedConsumption, result.averageConsumption, result.maximumStockQuantity]).toEqual(['22', '10', '73']);
  });

  it('when the order quantity is given, then the packs use it and I is still shown', () => {
    // 26 units, packs of 10, threshold 4 → 3 packs; cost 3 × 3.25 = 9.75
    const result = calculateOpenLmis({ ...example, orderQuantity: '26' });
    expect(result.values).toMatchObject({ calculatedOrderQuantity: '92', orderQuantity: '26', packsToShip: '3', totalCost: '9.75' });
    expect(result.derivations.find((step) => step.name === 'orderQuantity')!.overridden).toBe(true);
  });

  it('when H is given, then P, N and their inputs are not needed', () => {
    const result = values({ ...example, totalStockoutDays: undefined, monthsInPeriod: undefined, maxPeriodsOfStock: undefined, maximumStockQuantity: '200' });
    expect(result).not.toHaveProperty('adjustedConsumption');
    expect(result.calculatedOrderQuantity).toBe('67'); // 200 − 133
  });

  it('when the packs or the total cost are given, then they are used as given', () => {
    expect(values({ ...example, packsToShip: '7' }).totalCost).toBe('22.75'); // 7 × 3.25
    expect(values({ ...example, totalCost: '1000' }).totalCost).toBe('1000.00');
  });
});

describe('OpenLMIS bad input', () => {
  it('when the consumption is negative, then the error names totalConsumedQuantity', () => {
    const error = errorOf(() => calculateOpenLmis({ ...example, totalConsumedQuantity: '-1' }));
    expect(error).toMatchObject({ field: 'totalConsumedQuantity', reason: 'negative' });
    expect(error.message).toBe('Consumo del período (totalConsumedQuantity): no puede ser negativo; se recibió "-1"');
  });

  it('when the pack size is negative, then the error names netContent', () => {
    expect(errorOf(() => calculateOpenLmis({ ...example, netContent: '-10' }))).toMatchObject({ field: 'netContent', reason: 'negative' });
  });

  it('when the stock-out days exceed the period, then the error names totalStockoutDays', () => {
    const error = errorOf(() => calculateOpenLmis({ ...example, totalStockoutDays: '31', monthsInPeriod: '1' }));
    expect(error.message).toBe('Días sin existencias (totalStockoutDays): no pueden superar los días del período (30 × M = 30); se recibió "31"');
  });

  it.each(['abc', '1.5', '1e2', ''])('when a count is written as %j, then it is refused as not a whole number', (text) => {
    expect(errorOf(() => calculateOpenLmis({ ...example, beginningBalance: text })).field).toBe('beginningBalance');
  });

  it('when the period has zero months, then the error names monthsInPeriod', () => {
    expect(errorOf(() => calculateOpenLmis({ ...example, monthsInPeriod: '0' }))).toMatchObject({ field: 'monthsInPeriod', reason: 'not_positive' });
  });

  it.each(['beginningBalance', 'totalReceivedQuantity', 'totalConsumedQuantity', 'totalStockoutDays', 'monthsInPeriod', 'maxPeriodsOfStock', 'netContent'] as const)(
    'when %s is missing, then the error names it as missing',
    (field) => {
      expect(errorOf(() => calculateOpenLmis({ ...example, [field]: undefined }))).toMatchObject({ field, reason: 'missing' });
    },
  );

  it('when A + B − C + D is negative, then the error names stockOnHand and says which inputs to check', () => {
    // E = 10 + 0 − 20 + 3 = −7
    const error = errorOf(() => calculateOpenLmis({ ...example, beginningBalance: '10', totalReceivedQuantity: '0' }));
    expect(error).toMatchObject({ field: 'stockOnHand', reason: 'negative_stock' });
    expect(error.message).toMatch(/A \+ B − C \+ D da -7/);
  });

  it('when an adjustment or a previous consumption is not a whole number, then the error names its position', () => {
    expect(errorOf(() => calculateOpenLmis({ ...example, lossesAndAdjustments: [{ quantity: '1', additive: true }, { quantity: '2.5', additive: false }] })).field).toBe('lossesAndAdjustments.1.quantity');
    expect(errorOf(() => calculateOpenLmis({ ...example, previousAdjustedConsumptions: ['1', 'x'] })).field).toBe('previousAdjustedConsumptions.1');
  });

  it('when an adjustment does not say whether it adds or takes, then the error names additive', () => {
    const input = { ...example, lossesAndAdjustments: [{ quantity: '1' }] } as unknown as OpenLmisInput;
    expect(errorOf(() => calculateOpenLmis(input)).field).toBe('lossesAndAdjustments.0.additive');
  });

  it('when round to zero is not a boolean or a list is not a list, then the field is named', () => {
    expect(errorOf(() => calculateOpenLmis({ ...example, roundToZero: 'yes' } as unknown as OpenLmisInput))).toMatchObject({ field: 'roundToZero', reason: 'not_a_boolean' });
    expect(errorOf(() => calculateOpenLmis({ ...example, previousAdjustedConsumptions: '30' } as unknown as OpenLmisInput))).toMatchObject({ field: 'previousAdjustedConsumptions', reason: 'not_a_list' });
  });

  it('when a given total cost has more than two decimals, then it is refused', () => {
    expect(errorOf(() => calculateOpenLmis({ ...example, totalCost: '1.005' }))).toMatchObject({ field: 'totalCost', reason: 'too_many_decimals' });
  });
});

describe('OpenLMIS request schema', () => {
  const body = {
    method: 'openlmis',
    beginningBalance: 100,
    totalReceivedQuantity: 50,
    totalConsumedQuantity: 20,
    lossesAndAdjustments: [
      { quantity: 5, additive: true, reason: 'Donación' },
      { quantity: 2, additive: false },
    ],
    totalStockoutDays: 5,
    monthsInPeriod: 3,
    previousAdjustedConsumptions: [30, 40],
    maxPeriodsOfStock: '7.25',
    netContent: 10,
    packRoundingThreshold: 4,
    roundToZero: false,
    pricePerPack: '3.25',
  };
  const fieldsOf = (change: object) => {
    const result = quantificationCalculateSchema.safeParse({ ...body, ...change });
    return result.success ? [] : result.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
  };

  it('when the example is sent as JSON integers and decimal strings, then the calculator gives the worked result', () => {
    expect(calculateQuantification(quantificationCalculateSchema.parse(body)).values).toEqual(values(example));
  });

  it.each([
    ['a count as text', { beginningBalance: '100' }, 'beginningBalance', 'Saldo inicial: escriba un número entero (sin comillas)'],
    ['a fractional count', { netContent: 2.5 }, 'netContent', 'Contenido del envase: debe ser un número entero'],
    ['a negative consumption', { totalConsumedQuantity: -1 }, 'totalConsumedQuantity', 'Consumo del período: no puede ser negativo'],
    ['a negative pack size', { netContent: -10 }, 'netContent', 'Contenido del envase: no puede ser negativo'],
    ['a period of zero months', { monthsInPeriod: 0 }, 'monthsInPeriod', 'Meses del período: debe ser mayor que cero'],
    ['a count beyond a Java int', { beginningBalance: 2_147_483_648 }, 'beginningBalance', 'Saldo inicial: admite a lo sumo 2,147,483,647'],
    ['a price with five decimals', { pricePerPack: '1.00001' }, 'pricePerPack', 'Precio por envase: admite a lo sumo 4 decimales'],
    ['a total cost with three decimals', { totalCost: '1.005' }, 'totalCost', 'Costo total: admite a lo sumo 2 decimales'],
    ['an adjustment without direction', { lossesAndAdjustments: [{ quantity: 1 }] }, 'lossesAndAdjustments.0.additive', 'Indique si el ajuste suma (true, un crédito) o resta (false, una pérdida)'],
    ['round to zero as text', { roundToZero: 'no' }, 'roundToZero', 'Redondear a cero: indique true o false'],
  ])('when the body has %s, then the Spanish message names the field', (_what, change, field, message) => {
    expect(fieldsOf(change)).toEqual([[field, message]]);
  });

  it('when the losses and adjustments are a negative total, then they are accepted: losses make D negative', () => {
    expect(fieldsOf({ totalLossesAndAdjustments: -40 })).toEqual([]);
  });

  it('when the stock-out days exceed the period, then the schema gives the calculator\'s message', () => {
    expect(fieldsOf({ totalStockoutDays: 91 })).toEqual([
      ['totalStockoutDays', 'Días sin existencias (totalStockoutDays): no pueden superar los días del período (30 × M = 90); se recibió "91"'],
    ]);
  });
});

// Integers as OpenLMIS stores them, small enough to explore the interesting cases.
const small = fc.integer({ min: 0, max: 5_000 });

const openLmisInput = fc
  .record({
    beginningBalance: small,
    totalReceivedQuantity: small,
    consumedShare: fc.integer({ min: 0, max: 100 }),
    months: fc.integer({ min: 1, max: 6 }),
    stockoutShare: fc.integer({ min: 0, max: 100 }),
    previous: fc.array(small, { maxLength: 5 }),
    maxPeriodsOfStock: fc.integer({ min: 0, max: 1_000 }).map((hundredths) => (hundredths / 100).toFixed(2)),
    netContent: fc.integer({ min: 0, max: 120 }),
    packRoundingThreshold: fc.integer({ min: 0, max: 120 }),
    roundToZero: fc.boolean(),
  })
  .map((r): OpenLmisInput => {
    const available = r.beginningBalance + r.totalReceivedQuantity;
    return {
      beginningBalance: String(r.beginningBalance),
      totalReceivedQuantity: String(r.totalReceivedQuantity),
      // C at most what was available, so that E is never negative
      totalConsumedQuantity: String(Math.floor((available * r.consumedShare) / 100)),
      totalStockoutDays: String(Math.floor((30 * r.months * r.stockoutShare) / 100)),
      monthsInPeriod: String(r.months),
      previousAdjustedConsumptions: r.previous.map(String),
      maxPeriodsOfStock: r.maxPeriodsOfStock,
      netContent: String(r.netContent),
      packRoundingThreshold: String(r.packRoundingThreshold),
      roundToZero: r.roundToZero,
    };
  });

describe('OpenLMIS properties', () => {
  it('when any valid line is calculated, then I and the packs are whole and never negative', () => {
    fc.assert(
      fc.property(openLmisInput, (input) => {
        const result = values(input);
        expect(result.calculatedOrderQuantity).toMatch(/^(0|[1-9]\d*)$/);
        expect(result.packsToShip).toMatch(/^(0|[1-9]\d*)$/);
      }),
    );
  });

  it('when there is more stock on hand, then neither I nor the packs are ever higher', () => {
    fc.assert(
      fc.property(openLmisInput, fc.integer({ min: 1, max: 5_000 }), (input, more) => {
        const before = values(input);
        const after = values({ ...input, beginningBalance: String(Number(input.beginningBalance) + more) });
        expect(Number(after.calculatedOrderQuantity) <= Number(before.calculatedOrderQuantity)).toBe(true);
        expect(Number(after.packsToShip) <= Number(before.packsToShip)).toBe(true);
      }),
    );
  });

  it('when N is computed, then it is the least whole number with N × (30M − X) ≥ C × 30M', () => {
    fc.assert(
      fc.property(openLmisInput, (input) => {
        const n = BigInt(values(input).adjustedConsumption!);
        const c = BigInt(input.totalConsumedQuantity!);
        const days = 30n * BigInt(input.monthsInPeriod!);
        const inStock = days - BigInt(input.totalStockoutDays!);
        if (inStock === 0n) {
          expect(n).toBe(c);
        } else {
          expect(n * inStock >= c * days).toBe(true);
          expect(n === 0n || (n - 1n) * inStock < c * days).toBe(true);
        }
      }),
    );
  });

  it('when the packs are computed, then they agree with an independent model of packsToOrder', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), fc.boolean(), (quantity, net, threshold, roundToZero) => {
        let expected = 0;
        if (quantity > 0 && net > 0) {
          expected = Math.floor(quantity / net) + (quantity % net > threshold ? 1 : 0);
          if (expected === 0 && !roundToZero) expected = 1;
        }
        expect(packsToShip(String(quantity), String(net), String(threshold), roundToZero)).toBe(String(expected));
      }),
    );
  });
});
