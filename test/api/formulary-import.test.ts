// Importing the formulary: what a file changes, how it is checked, what it leaves in the audit
// trail. Every test arranges its own items (through the API or an import) and counts relative to
// what is there, so none depends on the demo data or on another test.
import { createHash, randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport, ItemDto } from '../../shared/api.ts';
import type { ItemInput } from '../../shared/api-schemas.ts';
import type { AuditPage, RecordHistoryPage } from '../../shared/auth.ts';
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
const itemByCode = async (code: string) =>
  ((await pharmacy.get(`/api/items?q=${encodeURIComponent(code)}&pageSize=10`).expect(200)).body.items as ItemDto[]).find((item) => item.code === code)!;
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
const createItem = async (item: Partial<ItemInput> & { code: string }) =>
  (await pharmacy
    .post('/api/items')
    .send({ dci: 'Ácido fólico', strength: '5 mg', dosageForm: 'tableta', supplyList: 'local', therapeuticGroup: 'Sangre', ven: 'essential', oncology: false, ...item })
    .expect(201)).body as ItemDto;

describe('exporting the formulary', () => {
  it('when exported to CSV and imported back, then nothing changes', async () => {
    await createItem({ code: 'EXP-CSV-1', oncology: true });
    await createItem({ code: 'EXP-CSV-2', supplyList: 'centralized', ven: 'vital' });
    const exported = await pharmacy.get('/api/items/export?format=csv').buffer(true).expect(200);
    expect(exported.headers['content-type']).toMatch(/^text\/csv/);
    const report = (await dryRun(Buffer.from(exported.text), 'petitorio.csv').expect(200)).body as ImportReport;
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: await total(), errors: [] });
  });

  it('when exported to XLSX and imported back, then nothing changes', async () => {
    await createItem({ code: 'EXP-XLSX-1', oncology: true });
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
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: await total(), errors: [] });
  });

  it('when the coverage view is exported, then it lists the filtered items with their status', async () => {
    // No API writes programmes yet: the test's own programme, one item bought through both channels.
    const both = await createItem({ code: 'COV-BOTH' });
    const programme = await testApp.db.insertInto('programmes').values({ name: 'Compra de prueba', fiscal_year: 2030 }).returning('id').executeTakeFirstOrThrow();
    await testApp.db
      .insertInto('purchase_lines')
      .values([
        { programme_id: programme.id, item_id: both.id, channel: 'minsa_corporate', segment: 'medicines', process: 'reverse_auction', quantity: '10', unit_price: '1.5', amount: '15.00' },
        { programme_id: programme.id, item_id: both.id, channel: 'essalud', segment: null, process: 'conventional', quantity: '10', unit_price: '1.5', amount: '15.00' },
      ])
      .execute();
    const response = await pharmacy.get(`/api/programmes/${programme.id}/coverage/export?status=both`).expect(200);
    const lines = response.text.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('COV-BOTH');
    expect(lines[1]).toContain('Ambos canales');
  });
});

describe('importing the formulary', () => {
  it('when a Windows-1252 CSV with English headers adds one item and changes another, then the dry run shows both and applies nothing', async () => {
    const existing = await createItem({ code: 'W1252-1', dci: 'Ácido ascórbico', strength: '100 mg', supplyList: 'centralized', therapeuticGroup: 'Vitaminas' });
    const rows = [
      ['Code', 'Name', 'Strength', 'Dosage form', 'Supply list', 'Therapeutic group', 'VEN', 'Oncology'],
      ['w1252-1', 'Ácido ascórbico', '100 mg', 'tableta', 'local', 'Vitaminas', 'non_essential', 'no'],
      ['W1252-2', 'Ácido ascórbico', '500 mg', 'tableta', 'local', 'Tracto alimentario y metabolismo', 'non_essential', 'no'],
    ];
    const latin1 = Buffer.from(rows.map((row) => row.join(';')).join('\r\n'), 'latin1');
    const before = await total();
    const report = (await dryRun(latin1, 'cambios.csv').expect(200)).body as ImportReport;
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ created: 1, updated: 1, unchanged: 0, applied: false });
    const added = report.changes.find((change) => change.kind === 'new')!;
    expect(added).toMatchObject({ code: 'W1252-2', after: { dci: 'Ácido ascórbico' } });
    const changed = report.changes.find((change) => change.kind === 'changed')!;
    // The stored code keeps its case.
    expect(changed).toMatchObject({ code: 'W1252-1', before: { supplyList: 'centralized', ven: 'essential' }, after: { supplyList: 'local', ven: 'non_essential' } });
    expect(await total()).toBe(before);

    const applied = (await upload(latin1, 'cambios.csv').expect(200)).body as ImportReport;
    expect(applied).toMatchObject({ created: 1, updated: 1, applied: true });
    expect(await total()).toBe(before + 1);
    expect(await itemByCode('W1252-1')).toMatchObject({ id: existing.id, supplyList: 'local', ven: 'non_essential', version: existing.version + 1 });
    const again = (await upload(latin1, 'cambios.csv').expect(200)).body as ImportReport;
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await total()).toBe(before + 1);
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
    const before = await total();
    const preview = (await dryRun(file, 'f.csv').expect(200)).body as ImportReport;
    expect(preview.errors).toContainEqual(expect.objectContaining({ row, column, message: expect.stringMatching(message) }));
    const rejected = await upload(file, 'f.csv').expect(422);
    expect(rejected.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(rejected.body.errors).toContainEqual(expect.objectContaining({ row, column }));
    expect(await total()).toBe(before);
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
    const before = await total();
    const response = await upload(randomBytes(10 * 1024 * 1024), 'ruido.bin').expect(422);
    expect(response.body.detail).toMatch(/no es un CSV|No se pudo leer/);
    expect(await total()).toBe(before);
  });

  it('when a file holds more data rows than any formulary (50,001), then it is refused naming the file, CSV or XLSX, and nothing is applied', async () => {
    const before = await total();
    const rows = Array.from({ length: MAX_DATA_ROWS + 1 }, (_, index) => [`BIG-${index}`, ...validRow.slice(1)]);
    for (const [file, name] of [
      [csv([header, ...rows]), 'enorme.csv'],
      [await xlsx([header, ...rows]), 'enorme.xlsx'],
    ] as const) {
      const response = await upload(file, name).expect(422);
      expect(response.body.errors[0]).toMatchObject({ field: 'file', message: expect.stringContaining('más de 50,000 filas') });
    }
    expect(await total()).toBe(before);
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

describe('optional columns', () => {
  it('when a file has no «Oncológico» column, then it imports: new items get «No» and the items it updates keep theirs', async () => {
    const oncologyItem = await createItem({ code: 'OPT-1', dci: 'Cisplatino', strength: '50 mg', dosageForm: 'vial', oncology: true, ven: 'vital' });
    const withoutOncology = header.slice(0, 7);
    const file = csv([
      withoutOncology,
      ['OPT-1', 'Cisplatino', '50 mg', 'vial', 'Suministro local', 'Sangre', 'Esencial'],
      ['OPT-2', 'Ácido fólico', '1 mg', 'tableta', 'Suministro local', 'Sangre', 'Esencial'],
    ]);

    const preview = (await dryRun(file, 'sin-oncologico.csv').expect(200)).body as ImportReport;
    expect(preview).toMatchObject({ created: 1, updated: 1, errors: [] });
    // The mapping step says which columns are required, which optional and with what default.
    expect(preview.expectedColumns).toHaveLength(8);
    expect(preview.expectedColumns.find((column) => column.key === 'code')).toEqual({ key: 'code', label: 'Código', required: true, default: null, header: 'Código' });
    expect(preview.expectedColumns.find((column) => column.key === 'oncology')).toEqual({ key: 'oncology', label: 'Oncológico', required: false, default: 'No', header: null });
    expect(preview.changes).toContainEqual(expect.objectContaining({ kind: 'new', code: 'OPT-2', after: expect.objectContaining({ oncology: false }) }));
    expect(preview.changes).toContainEqual(
      expect.objectContaining({ kind: 'changed', code: 'OPT-1', before: expect.objectContaining({ oncology: true, ven: 'vital' }), after: expect.objectContaining({ oncology: true, ven: 'essential' }) }),
    );

    expect((await upload(file, 'sin-oncologico.csv').expect(200)).body).toMatchObject({ created: 1, updated: 1, applied: true });
    expect(await itemByCode('OPT-1')).toMatchObject({ id: oncologyItem.id, oncology: true, ven: 'essential' });
    expect(await itemByCode('OPT-2')).toMatchObject({ oncology: false });
  });

  it('when a file lacks a required column, then it is refused naming it and the optional one is not asked for', async () => {
    const file = csv([header.filter((column) => column !== 'VEN' && column !== 'Oncológico'), validRow.filter((_, index) => index !== 6 && index !== 7)]);
    const report = (await dryRun(file, 'sin-ven.csv').expect(200)).body as ImportReport;
    expect(report.errors).toEqual([{ row: 1, column: 'VEN', message: 'Falta la columna «VEN» (o no se reconoce su encabezado).' }]);
    expect(report.expectedColumns.find((column) => column.key === 'ven')).toMatchObject({ required: true, header: null });
  });
});

describe('the audit trail of an import', () => {
  it('when an import changes an item and creates another, then each has a Historial entry with its before and after, and the batch row names the file, its hash and the counts', async () => {
    const changed = await createItem({ code: 'AUD-1', dci: 'Metformina', strength: '850 mg', supplyList: 'centralized', therapeuticGroup: 'Tracto alimentario' });
    await createItem({ code: 'AUD-3', dci: 'Losartán', strength: '50 mg', therapeuticGroup: 'Sistema cardiovascular' });
    const file = csv([
      header,
      ['AUD-1', 'Metformina', '850 mg', 'tableta', 'Suministro local', 'Tracto alimentario', 'Vital', 'No'],
      ['AUD-2', 'Glibenclamida', '5 mg', 'tableta', 'Suministro local', 'Tracto alimentario', 'Esencial', 'No'],
      ['AUD-3', 'Losartán', '50 mg', 'tableta', 'Suministro local', 'Sistema cardiovascular', 'Esencial', 'No'],
    ]);
    expect((await upload(file, 'auditado.csv').expect(200)).body).toMatchObject({ created: 1, updated: 1, unchanged: 1, applied: true });

    const history = async (id: number) => (await pharmacy.get(`/api/items/${id}/history`).expect(200)).body as RecordHistoryPage;
    const changedHistory = await history(changed.id);
    expect(changedHistory.entries.map((entry) => entry.action)).toEqual(['import', 'create']);
    expect(changedHistory.entries[0]).toMatchObject({
      username: 'prueba-pharmacy',
      before: { code: 'AUD-1', supplyList: 'centralized', ven: 'essential' },
      after: { code: 'AUD-1', supplyList: 'local', ven: 'vital' },
    });
    const created = await itemByCode('AUD-2');
    expect((await history(created.id)).entries).toEqual([
      expect.objectContaining({ action: 'import', before: null, after: expect.objectContaining({ code: 'AUD-2', dci: 'Glibenclamida', oncology: false }) }),
    ]);
    // An item the file leaves as it is gets no entry.
    expect((await history((await itemByCode('AUD-3')).id)).entries.map((entry) => entry.action)).toEqual(['create']);

    const admin = await signedIn(testApp, 'admin');
    const audit = (await admin.get('/api/audit?action=import&pageSize=100').expect(200)).body as AuditPage;
    const batches = audit.entries.filter((entry) => entry.entityId === null && (entry.after as { file?: string }).file === 'auditado.csv');
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({
      entity: 'item',
      username: 'prueba-pharmacy',
      after: { file: 'auditado.csv', sha256: createHash('sha256').update(file).digest('hex'), created: 1, updated: 1, unchanged: 1 },
    });
    // The batch row and its records are one request's.
    const ofRequest = audit.entries.filter((entry) => entry.requestId === batches[0]!.requestId);
    expect(ofRequest.map((entry) => entry.entityId).sort()).toEqual([String(changed.id), String(created.id), null].sort());
    // Appended in bulk, the rows still chain one onto the other, up to the head.
    expect((await admin.get('/api/audit/verify').expect(200)).body).toMatchObject({ ok: true });
  });
});
