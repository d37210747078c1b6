// The client's own reading and writing of quantification and analysis figures: signed differences,
// the what-if request, months of consumption across care networks, heat-map levels, ABC × VEN
// categories typed as text, and CSV cells.
import { describe, expect, it } from 'vitest';
import { quantificationCalculateSchema } from '../../shared/quantification-schemas.ts';
import { heatLevel } from '../../client/src/features/analysis/abc-ven-heatmap.tsx';
import { DEFAULT_CATEGORIES_TEXT, parseCategories } from '../../client/src/features/analysis/abc-ven-categories.ts';
import { nationalRows, networkRows } from '../../client/src/features/consumption/consumption-months.ts';
import { formatSignedQuantity } from '../../client/src/features/quantification/quantification-display.ts';
import { whatIfBody, whatIfDefaults } from '../../client/src/features/quantification/quantification-fields.ts';
import { toCsv } from '../../client/src/platform/lib/csv-download.ts';

describe('signed differences in units', () => {
  it.each([
    ['500', '+500'],
    ['-1100', '−1,100'],
    ['1234567.5', '+1,234,567.5'],
    ['0', '0'],
    ['0.0000', '0'],
    ['-0.0000', '0'],
  ])('when the difference is %s, then it reads %s', (value, shown) => {
    expect(formatSignedQuantity(value)).toBe(shown);
  });

  it('when there is no difference to show (no suggestion), then it reads —', () => {
    expect(formatSignedQuantity(null)).toBe('—');
  });
});

describe('the what-if request', () => {
  it('when a WHO/MSH form is sent, then the decimals go as text, empty fields are left out, and the schema accepts it', () => {
    const values = { ...whatIfDefaults('who', { consumptionInPeriod: '1200', reviewMonths: '12', daysOutOfStock: '0.0000' }), adjustedMonthlyConsumption: ' 200 ' };
    const body = whatIfBody('who', values);
    expect(body).toEqual({ method: 'who', consumptionInPeriod: '1200', reviewMonths: '12', daysOutOfStock: '0.0000', adjustedMonthlyConsumption: '200' });
    expect(quantificationCalculateSchema.safeParse(body).success).toBe(true);
  });

  it('when an OpenLMIS form is sent, then counts go as JSON integers, the list of earlier periods is split, the flag is a boolean, and the schema accepts it', () => {
    const inputs = { totalConsumedQuantity: '100', monthsInPeriod: '1', previousAdjustedConsumptions: ['100', '120'], stockOnHand: '200', maxPeriodsOfStock: '6', pricePerPack: '80' };
    const values = whatIfDefaults('openlmis', inputs);
    expect(values).toMatchObject({ previousAdjustedConsumptions: '100, 120', stockOnHand: '200', roundToZero: false, averageConsumption: '' });
    const body = whatIfBody('openlmis', { ...values, roundToZero: true });
    expect(body).toEqual({
      method: 'openlmis',
      totalConsumedQuantity: 100,
      monthsInPeriod: 1,
      previousAdjustedConsumptions: [100, 120],
      stockOnHand: 200,
      maxPeriodsOfStock: '6',
      pricePerPack: '80',
      roundToZero: true,
    });
    expect(quantificationCalculateSchema.safeParse(body).success).toBe(true);
  });

  it('when an OpenLMIS count is not a whole number, then it goes as typed and the schema names the field', () => {
    const body = whatIfBody('openlmis', { ...whatIfDefaults('openlmis', {}), totalConsumedQuantity: '12.5' });
    expect(body.totalConsumedQuantity).toBe('12.5');
    const parsed = quantificationCalculateSchema.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['totalConsumedQuantity']);
  });
});

describe('months of consumption', () => {
  const records = [
    { careNetwork: 'Red Rebagliati', month: '2026-10-01', consumed: '0.1000', daysOutOfStock: 3 },
    { careNetwork: 'Red Almenara', month: '2026-10-01', consumed: '0.2000', daysOutOfStock: 5 },
    { careNetwork: 'Red Rebagliati', month: '2026-09-01', consumed: '80.5000', daysOutOfStock: 0 },
  ];

  it('when one network is shown, then only its months are, oldest first, each as its value', () => {
    expect(networkRows(records, 'Red Rebagliati')).toEqual([
      { month: '2026-09', consumed: '80.5', daysOutOfStock: '0', networks: 1 },
      { month: '2026-10', consumed: '0.1', daysOutOfStock: '3', networks: 1 },
    ]);
  });

  it('when all networks are shown, then the units are the national totals and the days the average per network reporting, half up to a tenth', () => {
    const months = [
      { month: '2026-10-01', consumed: '0.3000', daysOutOfStock: 8, networks: 2 },
      { month: '2026-11-01', consumed: '12.0000', daysOutOfStock: 5, networks: 3 },
      { month: '2026-09-01', consumed: '80.5000', daysOutOfStock: 0, networks: 1 },
    ];
    expect(nationalRows(months)).toEqual([
      { month: '2026-09', consumed: '80.5', daysOutOfStock: '0', networks: 1 },
      { month: '2026-10', consumed: '0.3', daysOutOfStock: '4', networks: 2 },
      // 5 ÷ 3 = 1.666… → 1.7
      { month: '2026-11', consumed: '12', daysOutOfStock: '1.7', networks: 3 },
    ]);
  });
});

describe('heat-map levels', () => {
  it.each([
    ['0.0000', 0],
    ['0.0001', 1],
    ['20.0000', 1],
    ['20.0001', 2],
    ['79.9999', 4],
    ['100.0000', 5],
  ])('when a cell holds %s per cent of the value, then its level is %i', (share, level) => {
    expect(heatLevel(share)).toBe(level);
  });
});

describe('ABC × VEN categories typed as text', () => {
  it('when the default is read, then it gives the default categories', () => {
    expect(DEFAULT_CATEGORIES_TEXT).toBe('I:AV,AE,AN,BV,CV;II:BE,CE,BN;III:CN');
    expect(parseCategories(DEFAULT_CATEGORIES_TEXT)).toEqual({ categories: { I: ['AV', 'AE', 'AN', 'BV', 'CV'], II: ['BE', 'CE', 'BN'], III: ['CN'] } });
  });

  it('when a part has no name, then the message shows how to write them', () => {
    expect(parseCategories('AV,AE')).toEqual({ error: expect.stringContaining('«nombre:celdas»') });
  });

  it('when a cell is left out or repeated, then the matrix rules name it', () => {
    expect(parseCategories('I:AV,AE,AN,BV,CV;II:BE,CE,BN')).toEqual({ error: expect.stringContaining('falta asignar CN') });
    expect(parseCategories('I:AV,AE,AN,BV,CV;II:BE,CE,BN,AV;III:CN')).toEqual({ error: expect.stringContaining('la celda AV está en «I» y en «II»') });
  });
});

describe('CSV of a chart', () => {
  it('when cells hold commas, quotes or line breaks, then they are quoted and the rows end in CRLF', () => {
    expect(toCsv(['Ítem', 'Monto (S/)'], [['Amoxicilina, 500 mg', '1234.50'], ['Dice "hola"', '0.10'], ['a\nb', '2']])).toBe(
      'Ítem,Monto (S/)\r\n"Amoxicilina, 500 mg",1234.50\r\n"Dice ""hola""",0.10\r\n"a\nb",2\r\n',
    );
  });
});
