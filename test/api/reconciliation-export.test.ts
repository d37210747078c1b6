// The reconciliation workbook (issue 13): «Resumen», «Líneas» and «Sin conciliar», read back with
// exceljs: numbers as numbers in soles (never formulas), the tree and its sign-offs, every line.
import ExcelJS from 'exceljs';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReconciliationSummary } from '../../shared/reconciliation-api.ts';
import { createTestItem, createTestProgramme } from '../support/factories.ts';
import { createTestExecutions } from '../support/reconciliation-factories.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let viewer: TestAgent;
let finance: TestAgent;

beforeAll(async () => {
  testApp = await startTestApp();
  viewer = await signedIn(testApp, 'viewer');
  finance = await signedIn(testApp, 'finance');
});
afterAll(() => testApp.close());

const binary = (response: { on: (event: string, listener: (chunk?: Buffer) => void) => void }, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  response.on('data', (chunk) => chunks.push(chunk!));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
};

const valuesOf = (sheet: ExcelJS.Worksheet) => {
  const rows: unknown[][] = [];
  // An empty cell reads back as undefined, however it was written.
  sheet.eachRow((row) => rows.push(Array.from({ length: sheet.columnCount }, (_, index) => row.getCell(index + 1).value ?? undefined)));
  return rows;
};

describe('reconciliation workbook', () => {
  it('when a programme is exported, then the three sheets hold the tree with its sign-off, every planned line and what is unmatched, as numbers', async () => {
    const [a, b] = await Promise.all([createTestItem(testApp.db), createTestItem(testApp.db)]);
    const { programme } = await createTestProgramme(testApp.db, {
      lines: [
        { item: a, channel: 'essalud', process: 'conventional', quantity: '3', unitPrice: '1.0000' },
        { item: b, channel: 'essalud', process: 'conventional', quantity: '2', unitPrice: '0.5000' },
      ],
    });
    await createTestExecutions(testApp.db, programme.id, [
      { purchasingDocument: '4500000001', item: '10', documentDate: '2012-02-01', material: a.code, shortText: 'Orden A', orderQuantity: '4', netPrice: '1.00' },
      { purchasingDocument: '4500000002', item: '10', documentDate: '2012-02-02', material: 'OTRO', shortText: '=HYPERLINK("x")', orderQuantity: '1', netPrice: '7.25' },
    ]);
    const signOff = (await finance.post(`/api/programmes/${programme.id}/reconciliation/sign-offs`).send({ channel: 'essalud', processType: 'conventional', comment: 'Conforme' }).expect(201)).body;

    const response = await viewer.get(`/api/programmes/${programme.id}/reconciliation/export?format=xlsx`).buffer(true).parse(binary).expect(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="conciliacion-${programme.id}.xlsx"`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Resumen', 'Líneas', 'Sin conciliar']);

    const summary = (await viewer.get(`/api/programmes/${programme.id}/reconciliation`).expect(200)).body as ReconciliationSummary;
    const [resumen, lineas, sinConciliar] = workbook.worksheets.map(valuesOf) as [unknown[][], unknown[][], unknown[][]];
    expect(resumen).toHaveLength(1 + summary.rows.length + 1);
    // Channel, then its type: declared none, planned 4.00, executed 4.00, difference 0 (+1.00 and −1.00).
    expect(resumen[1]!.slice(0, 10)).toEqual(['Canal', 'Compra EsSalud', undefined, undefined, undefined, undefined, 4, 4, 0, 0]);
    expect(resumen[2]!.slice(0, 10)).toEqual(['Tipo', 'Compra EsSalud', undefined, 'Proceso convencional', undefined, undefined, 4, 4, 0, 0]);
    expect(String(resumen[2]![15])).toContain(`N.º ${signOff.id} · Prueba finance`);
    expect(resumen.at(-1)!.slice(0, 9)).toEqual(['Total', undefined, undefined, undefined, undefined, undefined, 4, 4, 0]);
    expect(workbook.worksheets[0]!.getCell('G2').numFmt).toBe('"S/ "#,##0.00');
    expect(workbook.worksheets[0]!.getRow(resumen.length).font?.bold).toBe(true);

    // Code, planned, executed, difference, %, within tolerance, sign-off; by item name.
    const byName = [a, b].sort((x, y) => x.name.localeCompare(y.name));
    const expectedLines = { [a.code]: [a.code, 3, 4, 1, 33.33, 'No', signOff.id], [b.code]: [b.code, 1, 0, -1, -100, 'No', signOff.id] };
    expect(lineas.slice(1).map((row) => [row[0], row[8], row[10], row[11], row[12], row[13], row[15]])).toEqual(byName.map((item) => expectedLines[item.code]));
    // Text stays text: a cell that looks like a formula is written as a string.
    expect(sinConciliar.slice(1).map((row) => [row[0], row[1], row[4], row[5], row[10]])).toEqual([
      ['Ejecutada sin línea planificada', '4500000002', 'OTRO', '=HYPERLINK("x")', 7.25],
      ['Planificada sin ejecución', undefined, b.code, b.name, 1],
    ]);
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula))));
  });

  it('when the programme does not exist or the format is not xlsx, then a problem names the field', async () => {
    await viewer.get('/api/programmes/999999/reconciliation/export').expect(404);
    const refused = await viewer.get('/api/programmes/1/reconciliation/export?format=pdf').expect(400);
    expect(refused.body.errors[0].field).toBe('format');
  });
});
