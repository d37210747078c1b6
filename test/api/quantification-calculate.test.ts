// POST /api/quantification/calculate (issue 14): one item by either method, nothing saved; every
// derived value with its formula and inputs; a derived value given overrides its computation;
// bad input is 400 (shape) or 422 (what the method refuses), naming the field in Spanish.
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuantificationResult } from '../../shared/quantification.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let viewer: TestAgent;

beforeAll(async () => {
  testApp = await startTestApp();
  viewer = await signedIn(testApp, 'viewer');
});
afterAll(() => testApp.close());

const calculate = (body: unknown) => viewer.post('/api/quantification/calculate').send(body as object);

function expectProblem(response: { status: number; headers: Record<string, string>; body: unknown }, status: number, field: string, message?: RegExp) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const errors = (response.body as { errors?: { field: string; message: string }[] }).errors ?? [];
  const error = errors.find((candidate) => candidate.field === field);
  expect(error, JSON.stringify(errors)).toBeDefined();
  if (message) expect(error!.message).toMatch(message);
}

const who = { method: 'who', consumptionInPeriod: '1200', reviewMonths: '12', daysOutOfStock: '30.4', leadTimeMonths: '3', procurementPeriodMonths: '12', stockOnHand: '200', stockOnOrder: '100' };

describe('calculating one item', () => {
  it('when WHO/MSH inputs are sent, then CA, SS and QO come back with formula, inputs and rounding', async () => {
    const result = (await calculate(who).expect(200)).body as QuantificationResult;
    // CA = 1200 × 30.4 ÷ (12 × 30.4 − 30.4) = 1200 ÷ 11 = 109.0909…→ 109.0909; SS = 327.2727;
    // QO = 109.0909 × 15 + 327.2727 − 300 = 1663.6362 → 1664.
    expect(result.values).toEqual({ adjustedMonthlyConsumption: '109.0909', safetyStock: '327.2727', quantityToOrder: '1664' });
    expect(result.derivations[0]).toMatchObject({
      name: 'adjustedMonthlyConsumption',
      symbol: 'CA',
      formula: 'CA = CT ÷ (RM − DOS ÷ 30.4)',
      inputs: { consumptionInPeriod: '1200', reviewMonths: '12', daysOutOfStock: '30.4' },
      overridden: false,
    });
  });

  it('when WHO/MSH CA is given (what-if), then SS and QO use it and CA says it was given', async () => {
    const result = (await calculate({ ...who, adjustedMonthlyConsumption: '50' }).expect(200)).body as QuantificationResult;
    // SS = 50 × 3 = 150.0000; QO = 50 × 15 + 150 − 300 = 600.
    expect(result.values).toEqual({ adjustedMonthlyConsumption: '50.0000', safetyStock: '150.0000', quantityToOrder: '600' });
    expect(result.derivations[0]).toMatchObject({ overridden: true, inputs: {} });
  });

  it('when OpenLMIS inputs are sent, then N, P, H, I, packs and total cost come back; given packs override the rounding', async () => {
    const body = {
      method: 'openlmis', totalConsumedQuantity: 100, totalStockoutDays: 15, monthsInPeriod: 1, previousAdjustedConsumptions: [100, 100],
      stockOnHand: 250, maxPeriodsOfStock: '3', netContent: 10, packRoundingThreshold: 4, pricePerPack: '25.5000',
    };
    const result = (await calculate(body).expect(200)).body as QuantificationResult;
    // N = ⌈100 × 30 ÷ 15⌉ = 200; P = ⌈400 ÷ 3⌉ = 134; H = 402; I = 152; 15 packs and 2 over (not > 4): 15; 15 × 25.5 = 382.50.
    expect(result.values).toMatchObject({ adjustedConsumption: '200', averageConsumption: '134', maximumStockQuantity: '402', calculatedOrderQuantity: '152', packsToShip: '15', totalCost: '382.50' });
    const given = (await calculate({ ...body, packsToShip: 20 }).expect(200)).body as QuantificationResult;
    expect(given.values).toMatchObject({ packsToShip: '20', totalCost: '510.00' });
    expect(given.derivations.find((step) => step.name === 'packsToShip')).toMatchObject({ overridden: true });
  });

  it('when the days out of stock reach the WHO period\'s days, then 400 names daysOutOfStock in Spanish', async () => {
    expectProblem(await calculate({ ...who, daysOutOfStock: '364.8' }), 400, 'daysOutOfStock', /Días sin existencias/);
  });

  it('when consumption is negative or not a number, then 400 names the field', async () => {
    expectProblem(await calculate({ ...who, consumptionInPeriod: '-5' }), 400, 'consumptionInPeriod', /no puede ser negativo/);
    expectProblem(await calculate({ ...who, consumptionInPeriod: 'mucho' }), 400, 'consumptionInPeriod');
    expectProblem(await calculate({ method: 'openlmis', netContent: -10 }), 400, 'netContent', /no puede ser negativo/);
    expectProblem(await calculate({ method: 'mágico' }), 400, 'method');
  });

  it('when an input the method needs is missing, then 422 names it (QuantificationInputError)', async () => {
    const { consumptionInPeriod: _omitted, ...rest } = who;
    expectProblem(await calculate(rest), 422, 'consumptionInPeriod', /Falta el dato «Consumo del período»/);
    expectProblem(await calculate({ method: 'openlmis', totalConsumedQuantity: 10, monthsInPeriod: 1, totalStockoutDays: 0 }), 422, 'beginningBalance', /Saldo inicial/);
  });
});
