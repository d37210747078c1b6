// Where a programme's money goes (issue 14): ABC by value (default and custom cut-offs, ties by
// code, the class boundary rule, drill-down by class and VEN), the ABC × VEN matrix (counts,
// amounts, shares, custom categories) and the programme's indicators. Amounts are hand-picked so
// that the shares come out round; each figure is worked out beside its assertion.
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgrammeCoverage } from '../../shared/api.ts';
import type { AbcPage, AbcVenDto, ProgrammeIndicators } from '../../shared/quantification-api.ts';
import type { ItemDto } from '../../shared/api.ts';
import type { VenClass } from '../../shared/domain.ts';
import { createTestConsumption, createTestItem, createTestProgramme, createTestStock, createTestSupplyParameters } from '../support/factories.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let viewer: TestAgent;

beforeAll(async () => {
  testApp = await startTestApp();
  viewer = await signedIn(testApp, 'viewer');
});
afterAll(() => testApp.close());

function expectProblem(response: { status: number; headers: Record<string, string>; body: unknown }, status: number, field: string) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect((response.body as { errors?: { field: string }[] }).errors?.map((error) => error.field)).toContain(field);
}

let prefix = 0;

/**
 * Six priced items worth S/ 1,000.00 and one unpriced: 600 (V), 200 (E), 100 (V), 50 (N) and two
 * of 25 whose codes sort opposite to their creation order (…-5B created first, E; …-5A, N).
 */
async function rankedProgramme() {
  const p = `ABC${++prefix}`;
  const spec: [string, VenClass, string | null][] = [
    [`${p}-1`, 'vital', '600.00'],
    [`${p}-2`, 'essential', '200.00'],
    [`${p}-3`, 'vital', '100.00'],
    [`${p}-4`, 'non_essential', '50.00'],
    [`${p}-5B`, 'essential', '25.00'],
    [`${p}-5A`, 'non_essential', '25.00'],
    [`${p}-9`, 'vital', null],
  ];
  const items: ItemDto[] = [];
  for (const [code, ven] of spec) items.push(await createTestItem(testApp.db, { code, ven }));
  const { programme } = await createTestProgramme(testApp.db, {
    lines: spec.map(([, , amount], index) =>
      amount === null ? { item: items[index]!, process: 'unscheduled' as const } : { item: items[index]!, quantity: '1', unitPrice: amount },
    ),
  });
  return { programme, items, p };
}

describe('ABC analysis', () => {
  it('when analysed with the default cut-offs, then A holds items while the share before them is under 80 %, B under 95 %, ties by code', async () => {
    const { programme, p } = await rankedProgramme();
    const page = (await viewer.get(`/api/programmes/${programme.id}/abc`).expect(200)).body as AbcPage;
    // Before each: 0, 60, 80 (not under 80: B), 90, 95 (not under 95: C), 97.5.
    expect(page.items.map((item) => [item.code, item.class, item.share, item.cumulativeShare, item.rank])).toEqual([
      [`${p}-1`, 'A', '60.0000', '60.0000', 1],
      [`${p}-2`, 'A', '20.0000', '80.0000', 2],
      [`${p}-3`, 'B', '10.0000', '90.0000', 3],
      [`${p}-4`, 'B', '5.0000', '95.0000', 4],
      [`${p}-5A`, 'C', '2.5000', '97.5000', 5],
      [`${p}-5B`, 'C', '2.5000', '100.0000', 6],
    ]);
    expect(page.classes).toEqual([
      { class: 'A', items: 2, amount: '800.00', share: '80.0000' },
      { class: 'B', items: 2, amount: '150.00', share: '15.0000' },
      { class: 'C', items: 2, amount: '50.00', share: '5.0000' },
    ]);
    expect(page).toMatchObject({ total: '1000.00', a: '80', b: '15', unpricedItems: 1, totalItems: 6 });
  });

  it('when the Pareto curve is asked for, then it has a point per item (share of items against share of value), whatever the filter', async () => {
    const { programme } = await rankedProgramme();
    const page = (await viewer.get(`/api/programmes/${programme.id}/abc?class=C`).expect(200)).body as AbcPage;
    expect(page.curve.map((point) => [point.rank, point.itemShare, point.cumulativeShare, point.class])).toEqual([
      [1, '16.6667', '60.0000', 'A'],
      [2, '33.3333', '80.0000', 'A'],
      [3, '50.0000', '90.0000', 'B'],
      [4, '66.6667', '95.0000', 'B'],
      [5, '83.3333', '97.5000', 'C'],
      [6, '100.0000', '100.0000', 'C'],
    ]);
  });

  it('when a programme has 250 priced items, then the curve has 200 points spread evenly, the last item included', async () => {
    const { programme } = await createTestProgramme(testApp.db, { lines: Array.from({ length: 250 }, (_, n) => ({ quantity: '1', unitPrice: `${n + 1}.00` })) });
    const { curve } = (await viewer.get(`/api/programmes/${programme.id}/abc?pageSize=1`).expect(200)).body as AbcPage;
    expect(curve).toHaveLength(200);
    // Ranks ⌈k × 250 ÷ 200⌉: 2, 3, 4, 5, 7, …, 250.
    expect(curve.slice(0, 5).map((point) => point.rank)).toEqual([2, 3, 4, 5, 7]);
    expect(curve.at(-1)).toMatchObject({ rank: 250, itemShare: '100.0000', cumulativeShare: '100.0000', class: 'C' });
  });

  it('when the cut-offs are 60 and 30, then the boundary moves with them', async () => {
    const { programme, p } = await rankedProgramme();
    const page = (await viewer.get(`/api/programmes/${programme.id}/abc?a=60&b=30`).expect(200)).body as AbcPage;
    // Before each: 0 (A), 60 (not under 60: B), 80 (B), 90 (not under 90: C), …
    expect(page.items.map((item) => `${item.code}:${item.class}`)).toEqual([`${p}-1:A`, `${p}-2:B`, `${p}-3:B`, `${p}-4:C`, `${p}-5A:C`, `${p}-5B:C`]);
    expect(page.classes.map((summary) => [summary.class, summary.items, summary.amount])).toEqual([['A', 1, '600.00'], ['B', 2, '300.00'], ['C', 3, '100.00']]);
  });

  it('when drilled down by class and VEN, then only those items come, with their rank, paged', async () => {
    const { programme, p } = await rankedProgramme();
    const av = (await viewer.get(`/api/programmes/${programme.id}/abc?class=A&ven=vital`).expect(200)).body as AbcPage;
    expect(av.items.map((item) => [item.code, item.rank])).toEqual([[`${p}-1`, 1]]);
    const c = (await viewer.get(`/api/programmes/${programme.id}/abc?class=C&pageSize=1&page=2`).expect(200)).body as AbcPage;
    expect(c).toMatchObject({ totalItems: 2, page: 2, items: [{ code: `${p}-5B`, rank: 6 }] });
  });

  it('when the cut-offs are out of range or not numbers, then 400 names a or b', async () => {
    const { programme } = await rankedProgramme();
    expectProblem(await viewer.get(`/api/programmes/${programme.id}/abc?a=120`), 400, 'a');
    expectProblem(await viewer.get(`/api/programmes/${programme.id}/abc?a=90&b=20`), 400, 'b');
    expectProblem(await viewer.get(`/api/programmes/${programme.id}/abc?a=ochenta`), 400, 'a');
    expectProblem(await viewer.get(`/api/programmes/${programme.id}/abc?class=D`), 400, 'class');
    expectProblem(await viewer.get('/api/programmes/999999/abc'), 404, 'id');
  });
});

describe('ABC × VEN', () => {
  it('when the matrix is asked for, then each cell has its items, amount and share, and the default categories add them up', async () => {
    const { programme } = await rankedProgramme();
    const matrix = (await viewer.get(`/api/programmes/${programme.id}/abc-ven`).expect(200)).body as AbcVenDto;
    const cell = (code: string) => matrix.cells.find((candidate) => candidate.cell === code)!;
    expect(matrix.cells).toHaveLength(9);
    expect(cell('AV')).toEqual({ cell: 'AV', abc: 'A', ven: 'vital', category: 'I', items: 1, amount: '600.00', share: '60.0000' });
    expect(cell('AE')).toMatchObject({ items: 1, amount: '200.00' });
    expect(cell('BV')).toMatchObject({ items: 1, amount: '100.00', category: 'I' });
    expect(cell('BN')).toMatchObject({ items: 1, amount: '50.00', category: 'II' });
    expect(cell('CE')).toMatchObject({ items: 1, amount: '25.00', category: 'II' });
    expect(cell('CN')).toMatchObject({ items: 1, amount: '25.00', category: 'III' });
    expect(cell('AN')).toMatchObject({ items: 0, amount: '0.00', share: '0.0000' });
    // I = AV + AE + BV = 900; II = BN + CE = 75; III = CN = 25.
    expect(matrix.categories.map((category) => [category.category, category.items, category.amount, category.share])).toEqual([
      ['I', 3, '900.00', '90.0000'],
      ['II', 2, '75.00', '7.5000'],
      ['III', 1, '25.00', '2.5000'],
    ]);
  });

  it('when categories are configured, then cells group by them; a category set missing a cell is 400 naming categories', async () => {
    const { programme } = await rankedProgramme();
    const matrix = (await viewer.get(`/api/programmes/${programme.id}/abc-ven`).query({ categories: 'Seguimiento:AV,AE,AN,BV,BE,BN;Resto:CV,CE,CN' }).expect(200)).body as AbcVenDto;
    expect(matrix.categories.map((category) => [category.category, category.items, category.amount])).toEqual([
      ['Seguimiento', 4, '950.00'],
      ['Resto', 2, '50.00'],
    ]);
    expectProblem(await viewer.get(`/api/programmes/${programme.id}/abc-ven`).query({ categories: 'I:AV,AE' }), 400, 'categories');
    expectProblem(await viewer.get(`/api/programmes/${programme.id}/abc-ven`).query({ categories: 'sin dos puntos' }), 400, 'categories');
  });
});

describe('programme indicators', () => {
  /** The first month of the default review period: 12 months before the app's current month (Lima). */
  function periodStart(): string {
    const lima = new Date(testApp.clock().getTime() - 5 * 3600_000);
    const index = lima.getUTCFullYear() * 12 + lima.getUTCMonth() - 12;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  }

  it('when a programme has lines, then spend per insured person is rounded half up to the cent, with the reverse auction share, items at risk and centralized coverage', async () => {
    const atRisk = await createTestItem(testApp.db);
    const atMinimum = await createTestItem(testApp.db);
    const noData = await createTestItem(testApp.db);
    for (const [item, stock] of [[atRisk, '250'], [atMinimum, '300']] as const) {
      await createTestConsumption(testApp.db, item, { from: periodStart(), consumed: Array.from({ length: 12 }, () => '100') });
      await createTestStock(testApp.db, item, { stockOnHand: stock });
      await createTestSupplyParameters(testApp.db, item, { minMonths: '3' });
    }
    // 11,216.73 by reverse auction + 33,650.19 conventional = 44,866.92: a quarter by reverse auction.
    const { programme } = await createTestProgramme(testApp.db, {
      lines: [
        { item: atRisk, process: 'reverse_auction', quantity: '1', unitPrice: '11216.73' },
        { item: atMinimum, process: 'conventional', quantity: '1', unitPrice: '33650.19' },
        { item: noData, process: 'unscheduled' },
      ],
    });
    const indicators = (await viewer.get(`/api/programmes/${programme.id}/indicators`).expect(200)).body as ProgrammeIndicators;
    // 44,866.92 ÷ 8,973,383 = 0.0050000005… → 0.01 (half up at the cent; 44,866.91 would give 0.00).
    expect(indicators).toMatchObject({ total: '44866.92', insuredPopulation: '8973383', spendPerInsured: '0.01', reverseAuction: { amount: '11216.73', share: '25.0000' } });
    // CA = 100 a month: 250 on hand is 2.50 months (< 3: at risk); 300 is exactly 3 (not below the minimum).
    expect(indicators.itemsAtRisk).toEqual({ count: 1, assessed: 2, withoutData: 1, items: [{ itemId: atRisk.id, code: atRisk.code, name: atRisk.name, monthsOfStock: '2.50', minMonths: '3' }] });
    const coverage = (await viewer.get(`/api/programmes/${programme.id}/coverage`).expect(200)).body as ProgrammeCoverage;
    const centralized = coverage.rows.find((row) => row.supplyList === 'centralized')!;
    expect(indicators.centralizedCoverage).toMatchObject({ items: centralized.items, covered: centralized.covered });
  });

  it('when the total is one cent less, then spend per insured person rounds down to 0.00', async () => {
    const { programme } = await createTestProgramme(testApp.db, { lines: [{ quantity: '1', unitPrice: '44866.91' }] });
    const indicators = (await viewer.get(`/api/programmes/${programme.id}/indicators`).expect(200)).body as ProgrammeIndicators;
    expect(indicators).toMatchObject({ total: '44866.91', spendPerInsured: '0.00', reverseAuction: { share: '100.0000' } });
  });

  it('when the report\'s total is spread over EsSalud\'s insured, then each costs S/ 23.15', async () => {
    // 207,771,443.11 ÷ 8,973,383 = 23.1541… → 23.15.
    const { programme } = await createTestProgramme(testApp.db, { lines: [{ process: 'conventional', quantity: '1', unitPrice: '207771443.11' }] });
    const indicators = (await viewer.get(`/api/programmes/${programme.id}/indicators`).expect(200)).body as ProgrammeIndicators;
    expect(indicators).toMatchObject({ spendPerInsured: '23.15', reverseAuction: { amount: '0.00', share: '0.0000' } });
  });
});
