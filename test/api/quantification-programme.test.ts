// Quantifying a programme through the API (issue 14): suggested quantities per item with their
// derivation, price source and difference from the plan; accepting one, several or all of them
// (audited, versioned, draft only); and what is refused (naming the field, changing nothing).
// Hand-checked figures are worked out in the comments.
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PurchaseLineDto } from '../../shared/api.ts';
import type { AuditPage } from '../../shared/auth.ts';
import type { AcceptSuggestionsResult, QuantificationPage, QuantificationSuggestion } from '../../shared/quantification-api.ts';
import {
  assignTestLines,
  awardTestLine,
  createTestConsumption,
  createTestItem,
  createTestProcess,
  createTestProgramme,
  createTestStock,
  createTestSupplyParameters,
  setTestProcessStatus,
  setTestProgrammeStatus,
} from '../support/factories.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let logistics: TestAgent;
let viewer: TestAgent;
let admin: TestAgent;

beforeAll(async () => {
  testApp = await startTestApp();
  logistics = await signedIn(testApp, 'logistics');
  viewer = await signedIn(testApp, 'viewer');
  admin = await signedIn(testApp, 'admin');
});
afterAll(() => testApp.close());

const twelve = (value: string) => Array.from({ length: 12 }, () => value);
const PERIOD = { until: '2026-11', months: '12' };

function expectProblem(response: { status: number; headers: Record<string, string>; body: unknown }, status: number, field: string) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect((response.body as { errors?: { field: string }[] }).errors?.map((error) => error.field)).toContain(field);
}

async function suggestionsOf(programmeId: number, query: Record<string, string> = {}): Promise<QuantificationPage> {
  return (await viewer.get(`/api/programmes/${programmeId}/quantification`).query({ ...PERIOD, ...query }).expect(200)).body as QuantificationPage;
}

const byItem = (page: QuantificationPage, itemId: number) => page.items.find((suggestion) => suggestion.itemId === itemId) as QuantificationSuggestion;

async function lineOf(programmeId: number, lineId: number): Promise<PurchaseLineDto> {
  const { body } = await viewer.get(`/api/programmes/${programmeId}/lines?pageSize=1000`).expect(200);
  return (body.lines as PurchaseLineDto[]).find((line) => line.id === lineId)!;
}

/** An item with 12 months of national consumption of 100 (2025-12 … 2026-11), 200 on hand and 100 on order, default-like parameters. */
async function steadyItem(overrides: { daysOutOfStock?: number[]; packSize?: string } = {}) {
  const item = await createTestItem(testApp.db);
  await createTestConsumption(testApp.db, item, { from: '2025-12', consumed: twelve('100'), daysOutOfStock: overrides.daysOutOfStock ?? 0 });
  await createTestStock(testApp.db, item, { stockOnHand: '200', stockOnOrder: '100' });
  await createTestSupplyParameters(testApp.db, item, { packSize: overrides.packSize ?? '1' });
  return item;
}

describe('suggested quantities of a programme', () => {
  it('when no period is given, then a past year\'s plan reviews the 12 months before its fiscal year, and next year\'s plan the 12 before the current month', async () => {
    const item = await createTestItem(testApp.db);
    // The app's months are Lima's (UTC−5).
    const now = new Date(testApp.clock().getTime() - 5 * 3600_000);
    const month = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
    const past = await createTestProgramme(testApp.db, { fiscalYear: 2012, lines: [{ item, quantity: '10', unitPrice: '1.0000' }] });
    const next = await createTestProgramme(testApp.db, { fiscalYear: now.getUTCFullYear() + 1, lines: [{ item, quantity: '10', unitPrice: '1.0000' }] });
    await createTestConsumption(testApp.db, item, { from: '2011-01', consumed: twelve('50') });
    await createTestConsumption(testApp.db, item, { from: month(current - 12), consumed: twelve('70') });

    const pastPage = (await viewer.get(`/api/programmes/${past.programme.id}/quantification`).query({ method: 'who' }).expect(200)).body as QuantificationPage;
    expect(pastPage.period).toEqual({ from: '2011-01', until: '2011-12', months: 12 });
    expect(byItem(pastPage, item.id).inputs.consumptionInPeriod).toBe('600');
    const nextPage = (await viewer.get(`/api/programmes/${next.programme.id}/quantification`).query({ method: 'who' }).expect(200)).body as QuantificationPage;
    expect(nextPage.period).toEqual({ from: month(current - 12), until: month(current - 1), months: 12 });
    expect(byItem(nextPage, item.id).inputs.consumptionInPeriod).toBe('840');
  });

  it('when quantified by WHO/MSH, then each item shows CA, SS and QO with their inputs, the line price and the difference from the plan', async () => {
    const item = await steadyItem();
    const { programme } = await createTestProgramme(testApp.db, { lines: [{ item, quantity: '100', unitPrice: '2.5000' }] });
    const page = await suggestionsOf(programme.id, { method: 'who' });
    // CT = 1200 over RM = 12 months, DOS 0: CA = 1200 × 30.4 ÷ (12 × 30.4) = 100.0000;
    // SS = 100 × LT 3 = 300.0000; QO = 100 × (3 + 12) + 300 − (200 + 100) = 1500.
    const suggestion = byItem(page, item.id);
    expect(suggestion.inputs).toMatchObject({ consumptionInPeriod: '1200', reviewMonths: '12', daysOutOfStock: '0.0000', leadTimeMonths: '3', procurementPeriodMonths: '12', stockOnHand: '200', stockOnOrder: '100' });
    expect(suggestion.result?.values).toEqual({ adjustedMonthlyConsumption: '100.0000', safetyStock: '300.0000', quantityToOrder: '1500' });
    expect(suggestion).toMatchObject({
      suggestedQuantity: '1500',
      currentQuantity: '100',
      difference: '1400',
      unitPrice: '2.5000',
      priceSource: 'line',
      award: null,
      currentAmount: '250.00',
      suggestedAmount: '3750.00',
      amountDifference: '3500.00',
      parametersSource: 'item',
      problem: null,
      acceptable: true,
    });
    expect(page.period).toEqual({ from: '2025-12', until: '2026-11', months: 12 });
  });

  it('when two care networks report and one was out of stock, then DOS is the average network\'s and CA is adjusted up', async () => {
    const item = await createTestItem(testApp.db);
    await createTestConsumption(testApp.db, item, { from: '2025-12', consumed: twelve('50'), daysOutOfStock: 10, careNetwork: 'Red Rebagliati' });
    await createTestConsumption(testApp.db, item, { from: '2025-12', consumed: twelve('50'), careNetwork: 'Red Almenara' });
    await createTestStock(testApp.db, item, { careNetwork: 'Red Rebagliati', stockOnHand: '200' });
    await createTestStock(testApp.db, item, { careNetwork: 'Red Almenara', stockOnHand: '0', stockOnOrder: '100' });
    await createTestSupplyParameters(testApp.db, item);
    const { programme } = await createTestProgramme(testApp.db, { lines: [{ item }] });
    const suggestion = byItem(await suggestionsOf(programme.id), item.id);
    // DOS = Σ 120 days × 12 months ÷ 24 records = 60.0000; CA = 1200 × 30.4 ÷ (364.8 − 60) = 119.68503… → 119.6850;
    // SS = 359.0550; QO = 119.6850 × 15 + 359.0550 − 300 = 1854.33 → 1855 (up to a whole unit).
    expect(suggestion.inputs).toMatchObject({ consumptionInPeriod: '1200', daysOutOfStock: '60.0000', stockOnHand: '200', stockOnOrder: '100' });
    expect(suggestion.result?.values).toEqual({ adjustedMonthlyConsumption: '119.6850', safetyStock: '359.0550', quantityToOrder: '1855' });
    expect(suggestion.suggestedQuantity).toBe('1855');
  });

  it('when quantified by OpenLMIS, then packs are rounded up and the suggestion is packs × units per pack, costed per pack', async () => {
    const item = await steadyItem({ daysOutOfStock: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 15], packSize: '10' });
    await createTestStock(testApp.db, item, { stockOnHand: '250', stockOnOrder: '0' });
    const { programme } = await createTestProgramme(testApp.db, { lines: [{ item, quantity: '100', unitPrice: '2.5000' }] });
    const suggestion = byItem(await suggestionsOf(programme.id, { method: 'openlmis' }), item.id);
    // Current period (2026-11): C = 100, X = 15 → N = ⌈100 × 30 ÷ 15⌉ = 200; 11 earlier months N = 100;
    // P = ⌈1300 ÷ 12⌉ = 109; H = 109 × 6 = 654; I = 654 − 250 = 404; packs of 10: 40 and 4 over 0 → 41;
    // cost 41 × (2.5 × 10) = 1025.00; suggestion 410 units.
    expect(suggestion.inputs).toMatchObject({ totalConsumedQuantity: '100', totalStockoutDays: '15', monthsInPeriod: '1', stockOnHand: '250', maxPeriodsOfStock: '6', netContent: '10', pricePerPack: '25' });
    expect(suggestion.inputs.previousAdjustedConsumptions).toEqual(Array.from({ length: 11 }, () => '100'));
    expect(suggestion.result?.values).toMatchObject({ adjustedConsumption: '200', averageConsumption: '109', maximumStockQuantity: '654', calculatedOrderQuantity: '404', packsToShip: '41', totalCost: '1025.00' });
    expect(suggestion).toMatchObject({ suggestedQuantity: '410', suggestedAmount: '1025.00', difference: '310' });
  });

  it('when the item was awarded in an earlier process, then its price is the last award and says so', async () => {
    const item = await steadyItem();
    const earlier = await createTestProgramme(testApp.db, { lines: [{ item, quantity: '100', unitPrice: '2.5000' }] });
    const process = await createTestProcess(testApp.db, earlier.programme);
    await assignTestLines(testApp.db, process, earlier.lines);
    const called = await setTestProcessStatus(testApp.db, process, 'convocado');
    await awardTestLine(testApp.db, process, earlier.lines[0]!, { awardedUnitPrice: '2.1000' });
    await setTestProcessStatus(testApp.db, called, 'adjudicado');
    const { programme } = await createTestProgramme(testApp.db, { lines: [{ item, quantity: '100', unitPrice: '2.5000' }] });
    const suggestion = byItem(await suggestionsOf(programme.id), item.id);
    expect(suggestion).toMatchObject({ unitPrice: '2.1000', priceSource: 'award', award: { processId: process.id, processCode: process.code }, suggestedQuantity: '1500', suggestedAmount: '3150.00' });
  });

  it('when an item has no consumption in the period, or no parameters, then it says so and is not acceptable', async () => {
    const withData = await createTestItem(testApp.db);
    await createTestConsumption(testApp.db, withData, { from: '2025-12', consumed: twelve('10') });
    const withoutData = await createTestItem(testApp.db);
    const notInProgramme = await createTestItem(testApp.db);
    await createTestConsumption(testApp.db, notInProgramme, { from: '2026-01', consumed: ['5'] });
    const { programme } = await createTestProgramme(testApp.db, { lines: [{ item: withData }, { item: withoutData }] });
    const page = await suggestionsOf(programme.id);
    expect(byItem(page, withData.id)).toMatchObject({ parametersSource: 'default', acceptable: true });
    expect(byItem(page, withoutData.id)).toMatchObject({ suggestedQuantity: null, acceptable: false, problem: expect.stringMatching(/Sin datos de consumo/) });
    expect(page.itemsWithoutLine).toBeGreaterThanOrEqual(1);
    expect(page.totals.acceptable).toBe(1);
  });

  it('when the stock-outs cover the whole WHO period, then the item says it cannot be computed and is not acceptable', async () => {
    const item = await createTestItem(testApp.db);
    // Every day of 2025-12 … 2026-11 out of stock: DOS = 365 ≥ RM × 30.4 = 364.8.
    const days = [31, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30];
    await createTestConsumption(testApp.db, item, { from: '2025-12', consumed: twelve('0'), daysOutOfStock: days });
    const { programme } = await createTestProgramme(testApp.db, { lines: [{ item }] });
    const suggestion = byItem(await suggestionsOf(programme.id), item.id);
    expect(suggestion).toMatchObject({ suggestedQuantity: null, result: null, acceptable: false, inputs: { daysOutOfStock: '365.0000' } });
    expect(suggestion.problem).toMatch(/No se puede calcular.*Días sin existencias \(daysOutOfStock\).*364\.8/);
  });

  it('when a programme has more items than a page, then pages hold them by code and the totals cover all', async () => {
    const items = [await steadyItem(), await steadyItem(), await steadyItem()];
    const { programme } = await createTestProgramme(testApp.db, { lines: items.map((item) => ({ item, quantity: '100', unitPrice: '2.5000' })) });
    const second = await suggestionsOf(programme.id, { page: '2', pageSize: '2' });
    expect(second).toMatchObject({ total: 3, page: 2, pageSize: 2, items: [{ itemId: items[2]!.id }] });
    // 3 × 3750.00 suggested against 3 × 250.00 planned.
    expect(second.totals).toEqual({ currentAmount: '750.00', suggestedAmount: '11250.00', difference: '10500.00', withSuggestion: 3, acceptable: 3 });
  });

  it('when the period is in the future or has no data at all, then 422 names until; a bad method is 400', async () => {
    const item = await steadyItem();
    const { programme } = await createTestProgramme(testApp.db, { lines: [{ item }] });
    expectProblem(await viewer.get(`/api/programmes/${programme.id}/quantification?until=2099-01`), 422, 'until');
    expectProblem(await viewer.get(`/api/programmes/${programme.id}/quantification?until=2019-12`), 422, 'until');
    expectProblem(await viewer.get(`/api/programmes/${programme.id}/quantification?method=abc`), 400, 'method');
    expectProblem(await viewer.get('/api/programmes/999999/quantification?until=2026-11'), 404, 'id');
  });
});

describe('accepting suggestions', () => {
  async function auditOfLine(lineId: number) {
    return ((await admin.get('/api/audit').query({ entity: 'purchase_line', entityId: String(lineId) }).expect(200)).body as AuditPage).entries;
  }

  it('when one suggestion is accepted, then only its line takes the quantity and price, its version moves on and the change is audited', async () => {
    const first = await steadyItem();
    const second = await steadyItem();
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{ item: first, quantity: '100', unitPrice: '2.5000' }, { item: second, quantity: '100', unitPrice: '2.5000' }] });
    const result = (await logistics.post(`/api/programmes/${programme.id}/quantification/accept`).send({ itemIds: [first.id], until: '2026-11' }).expect(200)).body as AcceptSuggestionsResult;
    expect(result).toEqual({ affected: 1, lines: [{ itemId: first.id, lineId: lines[0]!.id, quantity: '1500.0000', unitPrice: '2.5000', amount: '3750.00', version: lines[0]!.version + 1 }] });
    expect(await lineOf(programme.id, lines[1]!.id)).toMatchObject({ quantity: '100.0000', version: lines[1]!.version });
    const [entry] = await auditOfLine(lines[0]!.id);
    expect(entry).toMatchObject({ action: 'update', before: { quantity: '100.0000' }, after: { quantity: '1500.0000', amount: '3750.00', quantification: { method: 'who', from: '2025-12', until: '2026-11' } } });
  });

  it('when several and then all suggestions are accepted, then every line changes once and accepting again changes nothing', async () => {
    const items = [await steadyItem(), await steadyItem(), await steadyItem()];
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: items.map((item) => ({ item, quantity: '100', unitPrice: '2.5000' })) });
    const several = (await logistics.post(`/api/programmes/${programme.id}/quantification/accept`).send({ itemIds: [items[0]!.id, items[1]!.id], until: '2026-11' }).expect(200)).body as AcceptSuggestionsResult;
    expect(several.affected).toBe(2);
    const all = (await logistics.post(`/api/programmes/${programme.id}/quantification/accept`).send({ itemIds: items.map((item) => item.id), until: '2026-11' }).expect(200)).body as AcceptSuggestionsResult;
    expect(all.lines.map((line) => line.lineId)).toEqual([lines[2]!.id]);
    for (const line of lines) expect(await lineOf(programme.id, line.id)).toMatchObject({ quantity: '1500.0000', version: line.version + 1 });
    const again = (await logistics.post(`/api/programmes/${programme.id}/quantification/accept`).send({ itemIds: items.map((item) => item.id), until: '2026-11' }).expect(200)).body as AcceptSuggestionsResult;
    expect(again.affected).toBe(0);
    expect(byItem(await suggestionsOf(programme.id), items[0]!.id)).toMatchObject({ difference: '0', amountDifference: '0.00' });
  });

  it('when one of the items has no acceptable suggestion, then 422 names it and no line changes', async () => {
    const good = await steadyItem();
    const noData = await createTestItem(testApp.db);
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{ item: good, quantity: '100', unitPrice: '2.5000' }, { item: noData }] });
    const response = await logistics.post(`/api/programmes/${programme.id}/quantification/accept`).send({ itemIds: [good.id, noData.id], until: '2026-11' });
    expectProblem(response, 422, 'itemIds.1');
    expect(await lineOf(programme.id, lines[0]!.id)).toMatchObject({ quantity: '100.0000', version: lines[0]!.version });
    const outside = await createTestItem(testApp.db);
    expectProblem(await logistics.post(`/api/programmes/${programme.id}/quantification/accept`).send({ itemIds: [outside.id], until: '2026-11' }), 422, 'itemIds.0');
  });

  it('when the programme is approved, then accepting is refused with 409 and nothing changes', async () => {
    const item = await steadyItem();
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{ item, quantity: '100', unitPrice: '2.5000' }] });
    await setTestProgrammeStatus(testApp.db, programme, 'approved');
    expectProblem(await logistics.post(`/api/programmes/${programme.id}/quantification/accept`).send({ itemIds: [item.id], until: '2026-11' }), 409, 'status');
    expect(await lineOf(programme.id, lines[0]!.id)).toMatchObject({ quantity: '100.0000' });
  });

  it('when a viewer or pharmacist accepts, then 403; a bad body is 400 naming the field', async () => {
    const item = await steadyItem();
    const { programme } = await createTestProgramme(testApp.db, { lines: [{ item }] });
    await viewer.post(`/api/programmes/${programme.id}/quantification/accept`).send({ itemIds: [item.id] }).expect(403);
    await (await signedIn(testApp, 'pharmacy')).post(`/api/programmes/${programme.id}/quantification/accept`).send({ itemIds: [item.id] }).expect(403);
    expectProblem(await logistics.post(`/api/programmes/${programme.id}/quantification/accept`).send({ itemIds: [] }), 400, 'itemIds');
    expectProblem(await logistics.post(`/api/programmes/${programme.id}/quantification/accept`).send({ itemIds: ['x'] }), 400, 'itemIds.0');
    expectProblem(await logistics.post(`/api/programmes/${programme.id}/quantification/accept`).send({ itemIds: [item.id], until: '2099-12' }), 422, 'until');
  });
});
