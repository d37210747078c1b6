import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../shared/api.ts';
import type { AuditPage } from '../../shared/auth.ts';
import { MAX_DATA_ROWS } from '../../server/platform/spreadsheet/spreadsheet.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';
import { formularyHeader } from '../support/formulary-files.ts';

let testApp: TestApp;
let pharmacy: TestAgent;

beforeAll(async () => {
  testApp = await startTestApp();
  pharmacy = await signedIn(testApp, 'pharmacy');
});
afterAll(() => testApp.close());

const total = async () => (await pharmacy.get('/api/items?pageSize=1').expect(200)).body.total as number;
const upload = (file: Buffer, name: string, fields: Record<string, string> = {}) => {
  let call = pharmacy.post('/api/items/import').attach('file', file, name);
  for (const [key, value] of Object.entries(fields)) call = call.field(key, value);
  return call;
};
const dryRun = (file: Buffer, name: string, fields: Record<string, string> = {}) => upload(file, name, { dryRun: 'true', ...fields });

async function xlsx(rows: (string | { formula: string })[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Hoja1');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const header = formularyHeader;
const validRow = ['IMP-001', 'Ácido fólico', '5 mg', 'tableta', 'Suministro local', 'Sangre y órganos hematopoyéticos', 'Esencial', 'No'];
const csv = (rows: string[][], separator = ',') => Buffer.from(rows.map((row) => row.join(separator)).join('\r\n'), 'utf8');

describe('exporting the formulary', () => {
  it('when exported to CSV and imported back, then nothing changes', async () => {
    const exported = await pharmacy.get('/api/items/export?format=csv').buffer(true).expect(200);
    expect(exported.headers['content-type']).toMatch(/^text\/csv/);
    const report = (await dryRun(Buffer.from(exported.text), 'petitorio.csv').expect(200)).body as ImportReport;
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 919, errors: [] });
  });

  it('when exported to XLSX and imported back, then nothing changes', async () => {
    const exported = await pharmacy
      .get('/api/items/export?format=xlsx')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const report = (await dryRun(exported.body as Buffer, 'petitorio.xlsx').expect(200)).body as ImportReport;
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 919, errors: [] });
  });

  it('when the coverage view is exported, then it lists the filtered items with their status', async () => {
    const [programme] = (await pharmacy.get('/api/programmes').expect(200)).body;
    const response = await pharmacy.get(`/api/programmes/${programme.id}/coverage/export?status=both`).expect(200);
    const lines = response.text.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Ambos canales');
  });
});

describe('importing the formulary', () => {
  it('when a Windows-1252 CSV with English headers adds one item and changes another, then the dry run shows both and applies nothing', async () => {
    const exported = (await pharmacy.get('/api/items/export?format=csv').expect(200)).text.replace(/^\uFEFF/, '');
    const existing = exported.split('\r\n')[1] ?? exported.split('\n')[1]!;
    const [code, dci, strength, form, , group] = existing.split(',');
    const rows = [
      ['Code', 'Name', 'Strength', 'Dosage form', 'Supply list', 'Therapeutic group', 'VEN', 'Oncology'],
      [code!, dci!, strength!, form!, 'local', group!, 'non_essential', 'no'],
      ['IMP-002', 'Ácido ascórbico', '500 mg', 'tableta', 'local', 'Tracto alimentario y metabolismo', 'non_essential', 'no'],
    ];
    const latin1 = Buffer.from(rows.map((row) => row.join(';')).join('\r\n'), 'latin1');
    const report = (await dryRun(latin1, 'cambios.csv').expect(200)).body as ImportReport;
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ created: 1, updated: 1, unchanged: 0, applied: false });
    const added = report.changes.find((change) => change.kind === 'new')!;
    expect(added).toMatchObject({ code: 'IMP-002', after: { dci: 'Ácido ascórbico' } });
    const changed = report.changes.find((change) => change.kind === 'changed')!;
    expect(changed).toMatchObject({ code, after: { supplyList: 'local', ven: 'non_essential' } });
    expect(await total()).toBe(919);

    const applied = (await upload(latin1, 'cambios.csv').expect(200)).body as ImportReport;
    expect(applied).toMatchObject({ created: 1, updated: 1, applied: true });
    expect(await total()).toBe(920);
    const again = (await upload(latin1, 'cambios.csv').expect(200)).body as ImportReport;
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await total()).toBe(920);

    const admin = await signedIn(testApp, 'admin');
    const audit = (await admin.get('/api/audit?action=import').expect(200)).body as AuditPage;
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]!.after).toMatchObject({ file: 'cambios.csv', created: ['IMP-002'] });
  });

  it('when a header is not recognised, then the user’s mapping fixes it', async () => {
    const file = csv([['Código', 'Descripción', ...header.slice(2)], validRow]);
    const unmapped = (await dryRun(file, 'f.csv').expect(200)).body as ImportReport;
    expect(unmapped.errors[0]).toMatchObject({ row: 1, column: 'Denominación' });
    expect(unmapped.columns[1]).toEqual({ header: 'Descripción', key: null });
    const mapped = (await dryRun(file, 'f.csv', { mapping: JSON.stringify({ Descripción: 'dci' }) }).expect(200)).body as ImportReport;
    expect(mapped).toMatchObject({ created: 1, errors: [] });
  });

  it.each([
    ['a wrong type in a cell', [validRow.map((v, i) => (i === 7 ? 'quizás' : v))], 2, 'Oncológico', /quizás/],
    ['an unknown supply list', [validRow.map((v, i) => (i === 4 ? 'Regional' : v))], 2, 'Cartilla', /Regional/],
    ['duplicate codes', [validRow, validRow], 3, 'Código', /repetido.*fila 2/],
    ['an empty required cell', [validRow.map((v, i) => (i === 1 ? '' : v))], 2, 'Denominación', /Obligatorio/],
    ['a formula in a cell', [validRow.map((v, i) => (i === 2 ? '=1+1' : v))], 2, 'Concentración', /fórmula/],
  ])('when the file has %s, then the error names row and column and nothing is applied', async (_case, rows, row, column, message) => {
    const file = csv([header, ...rows]);
    const preview = (await dryRun(file, 'f.csv').expect(200)).body as ImportReport;
    expect(preview.errors).toContainEqual(expect.objectContaining({ row, column, message: expect.stringMatching(message) }));
    const rejected = await upload(file, 'f.csv').expect(422);
    expect(rejected.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(rejected.body.errors).toContainEqual(expect.objectContaining({ row, column }));
    expect(await total()).toBe(920);
  });

  it('when an XLSX cell holds a formula, then it is refused by row and column', async () => {
    const file = await xlsx([header, validRow.map((v, i) => (i === 0 ? { formula: 'CONCAT("IMP","-9")' } : v))]);
    const preview = (await dryRun(file, 'f.xlsx').expect(200)).body as ImportReport;
    expect(preview.errors).toEqual([expect.objectContaining({ row: 2, column: 'Código', message: expect.stringMatching(/fórmula/) })]);
  });

  it('when the file is empty or has headers only, then it says so', async () => {
    const empty = await upload(Buffer.alloc(0), 'vacio.csv').expect(422);
    expect(empty.body.detail).toMatch(/vacío/);
    const headersOnly = (await dryRun(csv([header]), 'h.csv').expect(200)).body as ImportReport;
    expect(headersOnly.errors[0]!.message).toMatch(/solo encabezados/);
    await upload(csv([header]), 'h.csv').expect(422);
  });

  it('when the file is 10 MB of random bytes, then it is refused as unreadable', async () => {
    const response = await upload(randomBytes(10 * 1024 * 1024), 'ruido.bin').expect(422);
    expect(response.body.detail).toMatch(/no es un CSV|No se pudo leer/);
    expect(await total()).toBe(920);
  });

  it('when a file holds more data rows than any formulary (50,001), then it is refused naming the file, CSV or XLSX, and nothing is applied', async () => {
    const rows = Array.from({ length: MAX_DATA_ROWS + 1 }, (_, index) => [`BIG-${index}`, ...validRow.slice(1)]);
    for (const [file, name] of [
      [csv([header, ...rows]), 'enorme.csv'],
      [await xlsx([header, ...rows]), 'enorme.xlsx'],
    ] as const) {
      const response = await upload(file, name).expect(422);
      expect(response.body.errors[0]).toMatchObject({ field: 'file', message: expect.stringContaining('más de 50,000 filas') });
    }
    expect(await total()).toBe(920);
  });

  it('when the upload is 50 MB, then it is refused by size', async () => {
    const response = await upload(Buffer.alloc(50 * 1024 * 1024, 'a'), 'grande.csv');
    expect(response.status).toBe(413);
    expect(response.body.errors[0].field).toBe('file');
  });

  it('when no file is attached or the mapping is not JSON, then 400 names the field', async () => {
    expect((await pharmacy.post('/api/items/import').field('dryRun', 'true').expect(400)).body.errors[0].field).toBe('file');
    expect((await dryRun(csv([header, validRow]), 'f.csv', { mapping: '{no' }).expect(400)).body.errors[0].field).toBe('mapping');
  });

  it('when a viewer tries to import, then 403 before the file is read', async () => {
    const viewer = await signedIn(testApp, 'viewer');
    await viewer.post('/api/items/import').attach('file', csv([header, validRow]), 'f.csv').expect(403);
  });
});
