// Editing one item's quantification inputs (issue 14): months of consumption (added or replaced),
// stock positions per care network, and supply parameters under optimistic versions; each write
// audited; bad input refused naming the field, nothing applied.
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/auth.ts';
import type { ConsumptionRecordDto, StockPositionDto, SupplyParametersDto } from '../../shared/quantification-api.ts';
import { sql } from 'kysely';
import { createTestItem } from '../support/factories.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let logistics: TestAgent;
let admin: TestAgent;
let viewer: TestAgent;

beforeAll(async () => {
  testApp = await startTestApp();
  logistics = await signedIn(testApp, 'logistics');
  admin = await signedIn(testApp, 'admin');
  viewer = await signedIn(testApp, 'viewer');
});
afterAll(() => testApp.close());

function expectProblem(response: { status: number; headers: Record<string, string>; body: unknown }, status: number, field: string, message?: RegExp) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const errors = (response.body as { errors?: { field: string; message: string }[] }).errors ?? [];
  const error = errors.find((candidate) => candidate.field === field);
  expect(error, JSON.stringify(errors)).toBeDefined();
  if (message) expect(error!.message).toMatch(message);
}

const auditOf = async (entity: string, entityId: string) => ((await admin.get('/api/audit').query({ entity, entityId }).expect(200)).body as AuditPage).entries;
const parameters = { leadTimeMonths: '2', procurementPeriodMonths: '12', safetyStockMonths: '1.5', packSize: '100', minMonths: '2', maxMonths: '4' };

describe('consumption of one item', () => {
  it('when months are written and one is corrected, then the item lists them in order and each write is audited', async () => {
    const item = await createTestItem(testApp.db);
    await logistics.put(`/api/items/${item.id}/consumption`).send({ records: [{ month: '2026-10', consumed: '40' }, { month: '2026-09', consumed: '35.5', daysOutOfStock: 4 }] }).expect(200);
    const corrected = (await logistics.put(`/api/items/${item.id}/consumption`).send({ records: [{ month: '2026-10', consumed: '41' }, { month: '2026-09', consumed: '35.5000', daysOutOfStock: 4 }] }).expect(200)).body as { changed: number };
    expect(corrected.changed).toBe(1);
    const { records } = (await viewer.get(`/api/items/${item.id}/consumption`).expect(200)).body as { records: ConsumptionRecordDto[] };
    expect(records).toEqual([
      { careNetwork: '', month: '2026-09', consumed: '35.5000', daysOutOfStock: 4 },
      { careNetwork: '', month: '2026-10', consumed: '41.0000', daysOutOfStock: 0 },
    ]);
    await logistics.put(`/api/items/${item.id}/consumption`).send({ records: [{ careNetwork: 'Red Arequipa', month: '2026-10', consumed: '9.25', daysOutOfStock: 6 }] }).expect(200);
    const { months } = (await viewer.get(`/api/items/${item.id}/consumption`).expect(200)).body as { months: unknown[] };
    expect(months).toEqual([
      { month: '2026-09', consumed: '35.5000', daysOutOfStock: 4, networks: 1 },
      { month: '2026-10', consumed: '50.2500', daysOutOfStock: 6, networks: 2 },
    ]);
    const [latest, first] = await auditOf('consumption_record', `${item.id}//2026-10`);
    expect(first).toMatchObject({ action: 'create', before: null, after: { consumed: '40' } });
    expect(latest).toMatchObject({ action: 'update', before: { consumed: '40.0000' }, after: { consumed: '41' } });
  });

  it.each([
    ['negative consumption', { month: '2026-10', consumed: '-1' }, 400, 'records.0.consumed', /no puede ser negativo/],
    ['a non-numeric consumption', { month: '2026-10', consumed: 'diez' }, 400, 'records.0.consumed', /no es un número/],
    ['more days out of stock than the month has', { month: '2026-04', consumed: '1', daysOutOfStock: 31 }, 400, 'records.0.daysOutOfStock', /2026-04 tiene 30 días/],
    ['a month in the future', { month: '2099-01', consumed: '1' }, 422, 'records.0.month', /posterior al mes en curso/],
    ['a malformed month', { month: '2026-1', consumed: '1' }, 400, 'records.0.month', /año y mes/],
  ])('when a month has %s, then the field is named in Spanish and nothing is written', async (_case, record, status, field, message) => {
    const item = await createTestItem(testApp.db);
    expectProblem(await logistics.put(`/api/items/${item.id}/consumption`).send({ records: [record] }), status, field, message);
    expect(((await viewer.get(`/api/items/${item.id}/consumption`).expect(200)).body as { records: unknown[] }).records).toEqual([]);
  });

  it('when a month repeats in one request, a viewer writes, or the item does not exist, then 422, 403 or 404', async () => {
    const item = await createTestItem(testApp.db);
    expectProblem(await logistics.put(`/api/items/${item.id}/consumption`).send({ records: [{ month: '2026-10', consumed: '1' }, { month: '2026-10', consumed: '2' }] }), 422, 'records.1.month');
    await viewer.put(`/api/items/${item.id}/consumption`).send({ records: [{ month: '2026-10', consumed: '1' }] }).expect(403);
    expectProblem(await logistics.put('/api/items/999999/consumption').send({ records: [{ month: '2026-10', consumed: '1' }] }), 404, 'id');
  });
});

describe('stock of one item', () => {
  it('when positions are written per care network, then they are listed, replaced on a second write and audited; a future date is 422', async () => {
    const item = await createTestItem(testApp.db);
    await logistics.put(`/api/items/${item.id}/stock`).send({ careNetwork: 'Red Cusco', asOf: '2026-11-30', stockOnHand: '10', stockOnOrder: '5' }).expect(200);
    const { positions } = (await logistics.put(`/api/items/${item.id}/stock`).send({ careNetwork: 'Red Cusco', asOf: '2026-12-01', stockOnHand: '8' }).expect(200)).body as { positions: StockPositionDto[] };
    expect(positions).toEqual([{ careNetwork: 'Red Cusco', asOf: '2026-12-01', stockOnHand: '8.0000', stockOnOrder: '0.0000' }]);
    const [entry] = await auditOf('stock_position', `${item.id}/Red Cusco`);
    expect(entry).toMatchObject({ action: 'update', before: { stockOnHand: '10.0000' }, after: { stockOnHand: '8' } });
    expectProblem(await logistics.put(`/api/items/${item.id}/stock`).send({ asOf: '2099-01-01', stockOnHand: '1' }), 422, 'asOf');
    expectProblem(await logistics.put(`/api/items/${item.id}/stock`).send({ asOf: '2026-11-30', stockOnHand: '-1' }), 400, 'stockOnHand', /no puede ser negativo/);
  });
});

describe('supply parameters of one item', () => {
  it('when set the first time and then changed at the version read, then the version moves on; a stale version gets 409 with the current', async () => {
    const item = await createTestItem(testApp.db);
    expect((await viewer.get(`/api/items/${item.id}/supply-parameters`).expect(200)).body).toBeNull();
    const created = (await logistics.put(`/api/items/${item.id}/supply-parameters`).send(parameters).expect(200)).body as SupplyParametersDto;
    expect(created).toEqual({ itemId: item.id, leadTimeMonths: '2.00', procurementPeriodMonths: '12.00', safetyStockMonths: '1.50', packSize: 100, minMonths: '2.00', maxMonths: '4.00', version: 1 });
    const changed = (await logistics.put(`/api/items/${item.id}/supply-parameters`).send({ ...parameters, maxMonths: '5', version: 1 }).expect(200)).body as SupplyParametersDto;
    expect(changed).toMatchObject({ maxMonths: '5.00', version: 2 });
    const stale = await logistics.put(`/api/items/${item.id}/supply-parameters`).send({ ...parameters, version: 1 }).expect(409);
    expect(stale.body).toMatchObject({ current: { version: 2, maxMonths: '5.00' } });
    expectProblem(await logistics.put(`/api/items/${item.id}/supply-parameters`).send(parameters), 409, 'version');
    const [latest] = await auditOf('supply_parameters', String(item.id));
    expect(latest).toMatchObject({ action: 'update', before: { maxMonths: '4.00' }, after: { maxMonths: '5.00', version: 2 } });
  });

  it.each([
    ['a zero pack size', { packSize: '0' }, 'packSize', /mayor que cero/],
    ['a negative pack size', { packSize: '-6' }, 'packSize', /no puede ser negativo/],
    ['a maximum below the minimum', { minMonths: '4', maxMonths: '2' }, 'maxMonths', /no pueden ser menos/],
    ['a non-numeric lead time', { leadTimeMonths: 'pronto' }, 'leadTimeMonths', /no es un número/],
  ])('when the parameters have %s, then 400 names the field and nothing is written', async (_case, change, field, message) => {
    const item = await createTestItem(testApp.db);
    expectProblem(await logistics.put(`/api/items/${item.id}/supply-parameters`).send({ ...parameters, ...change }), 400, field, message);
    expect((await viewer.get(`/api/items/${item.id}/supply-parameters`).expect(200)).body).toBeNull();
  });
});

describe('the database holds the same rules', () => {
  it.each([
    ['negative consumption', (id: number) => sql`insert into consumption_records (item_id, month, consumed) values (${id}, '2026-10-01', -1)`],
    ['a month not on its first day', (id: number) => sql`insert into consumption_records (item_id, month, consumed) values (${id}, '2026-10-15', 1)`],
    ['32 days out of stock', (id: number) => sql`insert into consumption_records (item_id, month, consumed, days_out_of_stock) values (${id}, '2026-10-01', 1, 32)`],
    ['negative stock', (id: number) => sql`insert into stock_positions (item_id, as_of, stock_on_hand) values (${id}, '2026-10-01', -1)`],
    ['a zero pack size', (id: number) => sql`insert into item_supply_parameters (item_id, lead_time_months, procurement_period_months, safety_stock_months, pack_size, min_months, max_months) values (${id}, 1, 1, 1, 0, 1, 2)`],
    ['a maximum below the minimum', (id: number) => sql`insert into item_supply_parameters (item_id, lead_time_months, procurement_period_months, safety_stock_months, pack_size, min_months, max_months) values (${id}, 1, 1, 1, 10, 3, 2)`],
  ])('when a statement writes %s directly, then the database refuses it', async (_case, statement) => {
    const item = await createTestItem(testApp.db);
    await expect(statement(item.id).execute(testApp.db)).rejects.toThrow(/violates check constraint/);
  });
});
