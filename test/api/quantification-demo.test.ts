// The demo's illustrative 2011 consumption (a demo test: it reads the demo data). Compra 2012's
// items each get a WHO suggestion with its derivation, and an item's consumption read back
// through the API is what the seed built.
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgrammeDto } from '../../shared/api.ts';
import type { MonthlyConsumptionDto, QuantificationPage, StockPositionDto, SupplyParametersDto } from '../../shared/quantification-api.ts';
import { buildDemoData } from '../../db/seed/demo-seed.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let logistics: TestAgent;
let compra2012: ProgrammeDto;

beforeAll(async () => {
  testApp = await startTestApp({ demo: true });
  logistics = await signedIn(testApp, 'logistics');
  compra2012 = ((await logistics.get('/api/programmes').expect(200)).body as ProgrammeDto[])[0]!;
});
afterAll(() => testApp.close());

const sum = (values: readonly string[]) => values.reduce((total, value) => total + BigInt(value), 0n).toString();

describe('the demo consumption', () => {
  it('when Compra 2012 is quantified by the WHO method over 2011, then every item with a line gets a suggested quantity with its derivation, valued where it has a price', async () => {
    const { inputs, lines } = buildDemoData();
    const priced = new Set(lines.filter((line) => line.unitPrice !== null).map((line) => line.item.code));
    const page = (
      await logistics.get(`/api/programmes/${compra2012.id}/quantification`).query({ method: 'who', until: '2011-12', months: '12', pageSize: '1000' }).expect(200)
    ).body as QuantificationPage;
    expect(page.period).toEqual({ from: '2011-01', until: '2011-12', months: 12 });
    expect(page.total).toBe(inputs.length);
    expect(page.items).toHaveLength(inputs.length);
    expect(page.itemsWithoutLine).toBe(0);
    for (const suggestion of page.items) {
      expect(suggestion.suggestedQuantity, suggestion.code).toMatch(/^\d+$/);
      expect(suggestion.parametersSource).toBe('item');
      expect(suggestion.inputs.reviewMonths).toBe('12');
      expect(suggestion.result!.derivations.map((derivation) => derivation.name)).toEqual(
        expect.arrayContaining(['adjustedMonthlyConsumption', 'safetyStock', 'quantityToOrder']),
      );
    }
    // The report's unscheduled purchases have no amount, so their items have no price to value a suggestion at.
    expect(page.totals.withSuggestion).toBe(priced.size);
    expect(page.items.filter((suggestion) => suggestion.suggestedAmount !== null).map((suggestion) => suggestion.code).sort()).toEqual([...priced].sort());
  });

  it('when an item with stock-outs is read back, then its months, stock and parameters are what the seed wrote', async () => {
    const input = buildDemoData().inputs.find((candidate) => candidate.consumption.records.some((record) => (record.daysOutOfStock ?? 0) > 0))!;
    const item = (await logistics.get('/api/items').query({ q: input.code }).expect(200)).body.items[0] as { id: number; code: string };
    expect(item.code).toBe(input.code);

    const { months } = (await logistics.get(`/api/items/${item.id}/consumption`).expect(200)).body as { months: MonthlyConsumptionDto[] };
    const written = input.consumption.records;
    expect(months.map((month) => ({ month: month.month, consumed: String(Number(month.consumed)), daysOutOfStock: month.daysOutOfStock, networks: month.networks }))).toEqual(
      written.map((record) => ({ month: record.month, consumed: record.consumed, daysOutOfStock: record.daysOutOfStock, networks: 1 })),
    );
    expect(sum(months.map((month) => String(Number(month.consumed))))).toBe(sum(written.map((record) => record.consumed)));

    const { positions } = (await logistics.get(`/api/items/${item.id}/stock`).expect(200)).body as { positions: StockPositionDto[] };
    expect(positions.map((p) => ({ ...p, stockOnHand: String(Number(p.stockOnHand)), stockOnOrder: String(Number(p.stockOnOrder)) }))).toEqual([
      { careNetwork: '', ...input.stock },
    ]);
    const parameters = (await logistics.get(`/api/items/${item.id}/supply-parameters`).expect(200)).body as SupplyParametersDto;
    expect(Number(parameters.leadTimeMonths)).toBe(Number(input.parameters.leadTimeMonths));
  });
});
