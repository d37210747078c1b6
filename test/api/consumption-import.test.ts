// Importing quantification inputs (issue 14) with the formulary's machinery: consumption, stock
// and supply-parameter files, a dry run that applies nothing, all or nothing, one audited batch,
// the user's column mapping, and per-row Spanish errors naming row and column for hostile cells
// (negative consumption, a month in the future, a zero pack size, a non-numeric cell, an unknown
// code). Export writes what import reads back.
import ExcelJS from 'exceljs';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../shared/api.ts';
import type { AuditPage } from '../../shared/auth.ts';
import type { ConsumptionRecordDto, SupplyParametersDto } from '../../shared/quantification-api.ts';
import type { ItemDto } from '../../shared/api.ts';
import { createTestConsumption, createTestItem } from '../support/factories.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let logistics: TestAgent;
let admin: TestAgent;

beforeAll(async () => {
  testApp = await startTestApp();
  logistics = await signedIn(testApp, 'logistics');
  admin = await signedIn(testApp, 'admin');
});
afterAll(() => testApp.close());

const csv = (rows: string[][], separator = ',') => Buffer.from(rows.map((row) => row.join(separator)).join('\r\n'), 'utf8');
const upload = (file: Buffer, name: string, fields: Record<string, string> = {}) => {
  let call = logistics.post('/api/consumption/import').attach('file', file, name);
  for (const [key, value] of Object.entries(fields)) call = call.field(key, value);
  return call;
};
const dryRun = (file: Buffer, name: string, fields: Record<string, string> = {}) => upload(file, name, { dryRun: 'true', ...fields });
const consumptionOf = async (item: ItemDto) => ((await logistics.get(`/api/items/${item.id}/consumption`).expect(200)).body as { records: ConsumptionRecordDto[] }).records;

const consumptionHeader = ['Código', 'Red asistencial', 'Mes', 'Consumo', 'Días sin existencias'];

describe('importing consumption', () => {
  it('when a file adds months and changes one, then the dry run shows them and applies nothing; applying writes all and audits the batch', async () => {
    const item = await createTestItem(testApp.db);
    await createTestConsumption(testApp.db, item, { from: '2026-09', consumed: ['80'], careNetwork: 'Red Sabogal' });
    const file = csv([
      consumptionHeader,
      [item.code.toLowerCase(), 'Red Sabogal', '2026-09', '85.5', '2'],
      [item.code, 'Red Sabogal', '10/2026', '90', '0'],
      [item.code, '', '2026-11-15', '120', ''],
    ]);
    const report = (await dryRun(file, 'consumo.csv').expect(200)).body as ImportReport;
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ created: 2, updated: 1, unchanged: 0, applied: false });
    expect(report.changes[0]).toMatchObject({ kind: 'changed', row: 2, code: item.code, before: { consumed: '80.0000', daysOutOfStock: 0 }, after: { consumed: '85.5', daysOutOfStock: 2 } });
    expect(await consumptionOf(item)).toHaveLength(1);

    const applied = (await upload(file, 'consumo.csv').expect(200)).body as ImportReport;
    expect(applied).toMatchObject({ created: 2, updated: 1, applied: true });
    expect(await consumptionOf(item)).toEqual([
      { careNetwork: 'Red Sabogal', month: '2026-09', consumed: '85.5000', daysOutOfStock: 2 },
      { careNetwork: 'Red Sabogal', month: '2026-10', consumed: '90.0000', daysOutOfStock: 0 },
      { careNetwork: '', month: '2026-11', consumed: '120.0000', daysOutOfStock: 0 },
    ]);
    const audit = ((await admin.get('/api/audit').query({ entity: 'consumption_record', action: 'import' }).expect(200)).body as AuditPage).entries;
    expect(audit.find((entry) => entry.entityId === null)).toMatchObject({ after: { file: 'consumo.csv', created: 2, updated: 1, unchanged: 0 } });
    expect(audit.find((entry) => entry.entityId === `${item.id}/Red Sabogal/2026-09`)).toMatchObject({ before: { consumed: '80.0000' }, after: { consumed: '85.5' } });
    const again = (await upload(file, 'consumo.csv').expect(200)).body as ImportReport;
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
  });

  it('when an XLSX has English headings, a date cell and numbers as numbers, then it reads them; a mapping fixes an unknown heading', async () => {
    const item = await createTestItem(testApp.db);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Hoja1');
    sheet.addRow(['Code', 'Month', 'Salidas del mes']);
    sheet.addRow([item.code, new Date(Date.UTC(2026, 7, 1)), 42]);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const unmapped = (await dryRun(file, 'c.xlsx').expect(200)).body as ImportReport;
    expect(unmapped.errors).toEqual([{ row: 1, column: 'Consumo', message: expect.stringMatching(/Falta la columna «Consumo»/) }]);
    const mapped = (await upload(file, 'c.xlsx', { mapping: JSON.stringify({ 'Salidas del mes': 'consumed' }) }).expect(200)).body as ImportReport;
    expect(mapped).toMatchObject({ created: 1, errors: [], applied: true });
    expect(await consumptionOf(item)).toEqual([{ careNetwork: '', month: '2026-08', consumed: '42.0000', daysOutOfStock: 0 }]);
  });

  it.each([
    ['negative consumption', ['2026-10', '-5', '0'], 'Consumo', /no puede ser negativo/],
    ['a non-numeric consumption', ['2026-10', 'doce', '0'], 'Consumo', /«doce» no es un número/],
    ['a comma as decimal separator', ['2026-10', '"1,5"', '0'], 'Consumo', /punto decimal/],
    ['a month in the future', ['2099-01', '5', '0'], 'Mes', /posterior al mes en curso/],
    ['a month that is no month', ['2026-13', '5', '0'], 'Mes', /no es un mes/],
    ['more days out of stock than the month has', ['2026-02', '5', '29'], 'Días sin existencias', /2026-02 tiene 28 días/],
    ['negative days out of stock', ['2026-10', '5', '-1'], 'Días sin existencias', /no puede ser negativo/],
  ])('when a row has %s, then the error names row and column in Spanish and nothing is applied', async (_case, cells, column, message) => {
    const item = await createTestItem(testApp.db);
    const file = csv([consumptionHeader, [item.code, '', '2026-09', '10', '0'], [item.code, '', ...cells]]);
    const response = await upload(file, 'malo.csv').expect(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const report = response.body as ImportReport;
    expect(report.errors).toEqual([{ row: 3, column, message: expect.stringMatching(message) }]);
    expect(report.applied).toBe(false);
    expect(await consumptionOf(item)).toEqual([]);
  });

  it('when a code is unknown or a month repeats, then each error names its row and the code column, and the good rows are not applied', async () => {
    const item = await createTestItem(testApp.db);
    const file = csv([consumptionHeader, [item.code, '', '2026-09', '10', '0'], ['NO-EXISTE', '', '2026-09', '10', '0'], [item.code, '', '2026-09-30', '11', '0']]);
    const report = (await upload(file, 'malo.csv').expect(422)).body as ImportReport;
    expect(report.errors).toEqual([
      { row: 3, column: 'Código', message: 'Código «NO-EXISTE»: no existe en el petitorio.' },
      { row: 4, column: 'Mes', message: expect.stringMatching(/repetido \(ya en la fila 2\)/) },
    ]);
    expect(await consumptionOf(item)).toEqual([]);
  });

  it('when consumption is exported to XLSX and imported back, then nothing changes', async () => {
    const item = await createTestItem(testApp.db);
    await createTestConsumption(testApp.db, item, { from: '2026-01', consumed: ['1.25', '2'], daysOutOfStock: [3, 0], careNetwork: 'Red Grau' });
    const exported = await logistics
      .get('/api/consumption/export?format=xlsx&kind=consumption')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const report = (await dryRun(exported.body as Buffer, 'consumo.xlsx').expect(200)).body as ImportReport;
    expect(report).toMatchObject({ created: 0, updated: 0, errors: [] });
    expect(report.unchanged).toBeGreaterThanOrEqual(2);
  });
});

describe('exporting stock and parameters', () => {
  it.each(['stock', 'parameters'])('when %s is exported to CSV and imported back, then nothing changes', async (kind) => {
    const item = await createTestItem(testApp.db);
    await logistics.put(`/api/items/${item.id}/stock`).send({ careNetwork: 'Red Junín', asOf: '2026-11-30', stockOnHand: '12.5', stockOnOrder: '3' }).expect(200);
    await logistics.put(`/api/items/${item.id}/supply-parameters`).send({ leadTimeMonths: '2.5', procurementPeriodMonths: '12', safetyStockMonths: '1', packSize: '30', minMonths: '2', maxMonths: '5' }).expect(200);
    const exported = await logistics.get(`/api/consumption/export?format=csv&kind=${kind}`).buffer(true).expect(200);
    expect(exported.headers['content-type']).toMatch(/^text\/csv/);
    expect(exported.text).toContain(item.code);
    const report = (await dryRun(Buffer.from(exported.text), 'export.csv', { kind }).expect(200)).body as ImportReport;
    expect(report).toMatchObject({ created: 0, updated: 0, errors: [] });
    expect(report.unchanged).toBeGreaterThanOrEqual(1);
  });
});

describe('importing stock and supply parameters', () => {
  const parametersHeader = ['Código', 'Tiempo de entrega (meses)', 'Período de compra (meses)', 'Stock de seguridad (meses)', 'Unidades por envase', 'Existencias mínimas (meses)', 'Existencias máximas (meses)'];

  it('when a parameters file is applied, then each item has them at version 1; a changed file moves the version on', async () => {
    const item = await createTestItem(testApp.db);
    const first = (await upload(csv([parametersHeader, [item.code, '3', '12', '2.5', '20', '3', '6']]), 'p.csv', { kind: 'parameters' }).expect(200)).body as ImportReport;
    expect(first).toMatchObject({ created: 1, applied: true });
    const stored = (await logistics.get(`/api/items/${item.id}/supply-parameters`).expect(200)).body as SupplyParametersDto;
    expect(stored).toEqual({ itemId: item.id, leadTimeMonths: '3.00', procurementPeriodMonths: '12.00', safetyStockMonths: '2.50', packSize: 20, minMonths: '3.00', maxMonths: '6.00', version: 1 });
    const second = (await upload(csv([parametersHeader, [item.code, '3', '12', '2.5', '20', '3', '9']]), 'p.csv', { kind: 'parameters' }).expect(200)).body as ImportReport;
    expect(second).toMatchObject({ updated: 1 });
    expect(((await logistics.get(`/api/items/${item.id}/supply-parameters`).expect(200)).body as SupplyParametersDto)).toMatchObject({ maxMonths: '9.00', version: 2 });
  });

  it.each([
    ['a zero pack size', ['3', '12', '3', '0', '3', '6'], 'Unidades por envase', /mayor que cero/],
    ['a negative pack size', ['3', '12', '3', '-10', '3', '6'], 'Unidades por envase', /no puede ser negativo/],
    ['a fractional pack size', ['3', '12', '3', '2.5', '3', '6'], 'Unidades por envase', /entero/],
    ['a maximum below the minimum', ['3', '12', '3', '10', '6', '3'], 'Existencias máximas (meses)', /no pueden ser menos que las mínimas/],
    ['a non-numeric lead time', ['tres', '12', '3', '10', '3', '6'], 'Tiempo de entrega (meses)', /no es un número/],
  ])('when parameters have %s, then the error names row and column and nothing is applied', async (_case, cells, column, message) => {
    const item = await createTestItem(testApp.db);
    const other = await createTestItem(testApp.db);
    const file = csv([parametersHeader, [other.code, '3', '12', '3', '10', '3', '6'], [item.code, ...cells]]);
    const report = (await upload(file, 'p.csv', { kind: 'parameters' }).expect(422)).body as ImportReport;
    expect(report.errors).toEqual([{ row: 3, column, message: expect.stringMatching(message) }]);
    expect((await logistics.get(`/api/items/${other.id}/supply-parameters`).expect(200)).body).toBeNull();
  });

  it('when a stock file is imported with semicolons, then positions per care network are written; a future date is refused', async () => {
    const item = await createTestItem(testApp.db);
    const header = ['Código', 'Red asistencial', 'Fecha', 'Existencias disponibles', 'Existencias en pedido'];
    const report = (await upload(csv([header, [item.code, 'Red Piura', '2026-11-30', '150', '20'], [item.code, 'Red Lambayeque', '2026-11-30', '0', '']], ';'), 's.csv', { kind: 'stock' }).expect(200)).body as ImportReport;
    expect(report).toMatchObject({ created: 2, applied: true });
    expect(((await logistics.get(`/api/items/${item.id}/stock`).expect(200)).body as { positions: unknown[] }).positions).toEqual([
      { careNetwork: 'Red Lambayeque', asOf: '2026-11-30', stockOnHand: '0.0000', stockOnOrder: '0.0000' },
      { careNetwork: 'Red Piura', asOf: '2026-11-30', stockOnHand: '150.0000', stockOnOrder: '20.0000' },
    ]);
    const future = (await upload(csv([header, [item.code, 'Red Piura', '2099-01-01', '1', '0']]), 's.csv', { kind: 'stock' }).expect(422)).body as ImportReport;
    expect(future.errors).toEqual([{ row: 2, column: 'Fecha', message: expect.stringMatching(/posterior a hoy/) }]);
  });

  it('when a pharmacist or viewer imports, then 403; an unknown kind is 400 naming kind', async () => {
    const file = csv([consumptionHeader]);
    await (await signedIn(testApp, 'pharmacy')).post('/api/consumption/import').attach('file', file, 'c.csv').expect(403);
    const response = await upload(csv([consumptionHeader, ['X', '', '2026-01', '1', '0']]), 'c.csv', { kind: 'ventas' });
    expect(response.status).toBe(400);
    expect((response.body as { errors: { field: string }[] }).errors.map((error) => error.field)).toContain('kind');
  });
});
