// A programme's lines and purchases table as files Excel opens (values, a totals row, money as
// numbers formatted S/ #,##0.00), and two programmes compared page by page.
import ExcelJS from 'exceljs';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgrammeComparison, PurchaseLineDto } from '../../shared/api.ts';
import { copyTestProgramme, createTestProgramme, type TestProgramme } from '../support/factories.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let viewer: TestAgent;
let logistics: TestAgent;
let arranged: TestProgramme;

beforeAll(async () => {
  testApp = await startTestApp();
  viewer = await signedIn(testApp, 'viewer');
  logistics = await signedIn(testApp, 'logistics');
  arranged = await createTestProgramme(testApp.db, {
    lines: [
      { channel: 'minsa_corporate', segment: 'oncology', process: 'conventional', quantity: '40', unitPrice: '1520.5000', item: { code: 'EXP-001' } },
      { channel: 'minsa_corporate', segment: 'medicines', process: 'reverse_auction', quantity: '12000', unitPrice: '0.0375', item: { code: 'EXP-002' } },
      { channel: 'essalud', process: 'reverse_auction', quantity: '1234567', unitPrice: '1.0001', item: { code: 'EXP-003' } },
      { channel: 'essalud', process: 'unscheduled', item: { code: 'EXP-004', dci: '=HIPERLINK("x")' } },
    ],
  });
});
afterAll(() => testApp.close());

const binary = (response: { on: (event: string, listener: (chunk?: Buffer) => void) => void; setEncoding?: unknown }, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  response.on('data', (chunk) => chunks.push(chunk!));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
};

async function workbookOf(path: string) {
  const response = await viewer.get(path).buffer(true).parse(binary).expect(200);
  expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.body as ArrayBuffer);
  return workbook.worksheets[0]!;
}

describe('exports', () => {
  it('when the lines are exported as CSV, then Excel gets UTF-8 with BOM, one row per line by code, neutralised text and a totals row', async () => {
    const response = await viewer.get(`/api/programmes/${arranged.programme.id}/lines/export?format=csv`).expect(200);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="programa-${arranged.programme.id}-lineas.csv"`);
    const text = response.text;
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = text.slice(1).trimEnd().split('\n');
    expect(rows[0]).toBe('Código,Denominación,Lista,Canal,Segmento,Proceso,Cantidad,Precio unitario,Monto');
    expect(rows).toHaveLength(6);
    expect(rows[1]).toBe('EXP-001,' + arranged.lines[0]!.item.name + ',Suministro centralizado,Compra Corporativa MINSA,Oncológicos,Proceso convencional,40.0000,1520.5000,60820.00');
    expect(rows[4]).toContain(`'=HIPERLINK`);
    expect(rows[5]).toBe('Total,4 líneas,,,,,,,1295960.46');
  });

  it('when the lines are exported as CSV for a decimal-comma Excel, then cells are separated by semicolons and decimals use commas', async () => {
    const response = await viewer.get(`/api/programmes/${arranged.programme.id}/lines/export?format=csv&separator=semicolon`).expect(200);
    const rows = response.text.slice(1).trimEnd().split('\n');
    expect(rows[0]).toBe('Código;Denominación;Lista;Canal;Segmento;Proceso;Cantidad;Precio unitario;Monto');
    expect(rows[1]).toMatch(/;40,0000;1520,5000;60820,00$/);
    expect(rows.at(-1)).toBe('Total;4 líneas;;;;;;;1295960,46');
  });

  it('when the lines are exported as XLSX, then money is numbers formatted S/ #,##0.00, no cell is a formula, and the totals row is last', async () => {
    const sheet = await workbookOf(`/api/programmes/${arranged.programme.id}/lines/export?format=xlsx`);
    expect(sheet.rowCount).toBe(6);
    const amount = sheet.getRow(2).getCell(9);
    expect(amount.value).toBe(60820);
    expect(amount.numFmt).toBe('"S/ "#,##0.00');
    expect(sheet.getRow(4).getCell(9).value).toBe(1234690.46);
    expect(sheet.getRow(6).getCell(1).value).toBe('Total');
    expect(sheet.getRow(6).getCell(9).value).toBe(1295960.46);
    expect(sheet.getRow(6).font?.bold).toBe(true);
    sheet.eachRow((row) => row.eachCell((cell) => expect(cell.formula).toBeUndefined()));
  });

  it('when the summary is exported, then each process, segment and channel subtotal and the total come as in the purchases table', async () => {
    const csv = await viewer.get(`/api/programmes/${arranged.programme.id}/summary/export?format=csv`).expect(200);
    const rows = csv.text.slice(1).trimEnd().split('\n');
    expect(rows).toEqual([
      'Canal,Segmento,Proceso,Ítems,Monto,Ítems declarados,Monto declarado',
      'Compra Corporativa MINSA,Oncológicos,Proceso convencional,1,60820.00,,',
      'Compra Corporativa MINSA,Subtotal Oncológicos,,1,60820.00,,',
      'Compra Corporativa MINSA,Medicamentos,Subasta inversa,1,450.00,,',
      'Compra Corporativa MINSA,Subtotal Medicamentos,,1,450.00,,',
      'Subtotal Compra Corporativa MINSA,,,2,61270.00,,',
      'Compra EsSalud,,Subasta inversa,1,1234690.46,,',
      'Compra EsSalud,,No programados,1,,,',
      'Subtotal Compra EsSalud,,,2,1234690.46,,',
      'Total,,,4,1295960.46,,',
    ]);
    const sheet = await workbookOf(`/api/programmes/${arranged.programme.id}/summary/export?format=xlsx`);
    expect(sheet.getRow(10).getCell(5).value).toBe(1295960.46);
    expect(sheet.getRow(10).getCell(5).numFmt).toBe('"S/ "#,##0.00');
  });
});

describe('comparing two programmes', () => {
  it('when a copy gains, loses and changes lines, then the comparison lists each, a page at a time, with the difference per channel', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{}, {}, {}, {}] });
    const copy = await copyTestProgramme(testApp.db, programme);
    const copied = ((await logistics.get(`/api/programmes/${copy.id}/lines`).expect(200)).body as { lines: PurchaseLineDto[] }).lines;
    await logistics.delete(`/api/programmes/${copy.id}/lines/${copied[0]!.id}`).expect(204);
    await logistics.patch(`/api/programmes/${copy.id}/lines/${copied[1]!.id}`).send({ version: 1, quantity: '150' }).expect(200);
    await logistics.patch(`/api/programmes/${copy.id}/lines/${copied[2]!.id}`).send({ version: 1, process: 'conventional' }).expect(200);
    await logistics
      .post(`/api/programmes/${copy.id}/lines`)
      .send({ itemId: lines[0]!.item.id, channel: 'minsa_corporate', segment: 'medicines', process: 'reverse_auction', quantity: '10', unitPrice: '1' })
      .expect(201);

    const first = (await viewer.get(`/api/programmes/compare?base=${programme.id}&other=${copy.id}&pageSize=1`).expect(200)).body as ProgrammeComparison;
    expect(first.counts).toEqual({ added: 1, removed: 1, changed: 2 });
    expect(first.added.map((line) => [line.item.id, line.channel])).toEqual([[lines[0]!.item.id, 'minsa_corporate']]);
    expect(first.removed.map((line) => line.id)).toEqual([lines[0]!.id]);
    expect(first.changed).toHaveLength(1);
    const second = (await viewer.get(`/api/programmes/compare?base=${programme.id}&other=${copy.id}&pageSize=1&page=2`).expect(200)).body as ProgrammeComparison;
    expect(second.added).toEqual([]);
    expect([...first.changed, ...second.changed].map(({ before, after }) => [before.id, after.id])).toEqual([
      [lines[1]!.id, copied[1]!.id],
      [lines[2]!.id, copied[2]!.id],
    ]);
    // 100 × 2.50 → 150 × 2.50 on one line, one line (250.00) gone, one (10.00) new: +125 − 250 + 10.
    expect(first.totals.difference).toEqual({ items: 0, amount: '-115.00' });
    const minsa = first.summary.find((row) => row.channel === 'minsa_corporate' && row.segment === null && row.process === null)!;
    expect(minsa).toMatchObject({ base: { items: 0, amount: null }, other: { items: 1, amount: '10.00' }, difference: { items: 1, amount: '10.00' } });
  });

  it('when a compared programme does not exist, then 404 names it; a missing one, 400', async () => {
    const response = await viewer.get(`/api/programmes/compare?base=${arranged.programme.id}&other=999999`).expect(404);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'other', in: 'query' })]);
    const missing = await viewer.get(`/api/programmes/compare?base=${arranged.programme.id}`).expect(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'other' })]);
  });
});
