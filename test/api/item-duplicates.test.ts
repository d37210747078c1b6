// Possible duplicates of a formulary item, warned before they are created: by the import preview
// and by the item form. Warnings never block. Every test arranges its own items (codes 0199…: no
// demo item is in a therapeutic group 99).
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedItemDto, ImportReport, ItemDto, ItemsPage, PossibleDuplicates } from '../../shared/api.ts';
import { codeKey, descriptionKey } from '../../shared/item-duplicates.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';
import { formularyHeader } from '../support/formulary-files.ts';

let testApp: TestApp;
let pharmacy: TestAgent;

beforeAll(async () => {
  testApp = await startTestApp();
  pharmacy = await signedIn(testApp, 'pharmacy');
});
afterAll(() => testApp.close());

const header = formularyHeader;
const rest = ['Suministro centralizado', 'Sistema nervioso', 'Esencial', 'No'];
const csv = (rows: string[][]) => Buffer.from([header, ...rows].map((row) => row.join(';')).join('\r\n'), 'utf8');
const upload = (file: Buffer, name: string, dryRun: boolean) =>
  pharmacy.post('/api/items/import').attach('file', file, name).field('dryRun', String(dryRun));

async function createItem(code: string, dci: string, strength: string, dosageForm: string): Promise<ItemDto> {
  const item = { code, dci, strength, dosageForm, supplyList: 'centralized', therapeuticGroup: 'Sistema nervioso', ven: 'essential', oncology: false };
  const { possibleDuplicates: _none, ...created } = (await pharmacy.post('/api/items').send(item).expect(201)).body as CreatedItemDto;
  return created;
}

const itemByCode = async (code: string) =>
  ((await pharmacy.get(`/api/items?q=${code}`).expect(200)).body as ItemsPage).items.find((item) => item.code === code);

describe('possible duplicates in the import preview', () => {
  it('when a row has code 19900004 and 019900004 exists, then the preview warns naming 019900004 and the import still applies', async () => {
    const existing = await createItem('019900004', 'Paracetamol de ensayo', '500 mg', 'Tableta');
    const file = csv([['19900004', 'Codeína de ensayo', '30 mg', 'Tableta', ...rest]]);

    const preview = (await upload(file, 'ceros.csv', true).expect(200)).body as ImportReport;
    expect(preview).toMatchObject({ created: 1, errors: [], applied: false });
    expect(preview.warnings).toEqual([
      {
        row: 2,
        column: 'Código',
        code: '19900004',
        kind: 'possible-duplicate',
        message: expect.stringContaining('Posible duplicado de 019900004 Paracetamol de ensayo 500 mg Tableta'),
        duplicateOf: { id: existing.id, row: null, code: '019900004', name: 'Paracetamol de ensayo 500 mg Tableta', reasons: ['code'] },
      },
    ]);
    expect(await itemByCode('19900004')).toBeUndefined();

    const applied = (await upload(file, 'ceros.csv', false).expect(200)).body as ImportReport;
    expect(applied).toMatchObject({ created: 1, applied: true, warnings: [expect.objectContaining({ kind: 'possible-duplicate' })] });
    expect(await itemByCode('19900004')).toMatchObject({ dci: 'Codeína de ensayo' });
    expect(await itemByCode('019900004')).toEqual(existing);

    // Once in, the same file changes nothing and warns of nothing: only what would be created or redescribed is checked.
    const again = (await upload(file, 'ceros.csv', true).expect(200)).body as ImportReport;
    expect(again).toMatchObject({ unchanged: 1, warnings: [] });
  });

  it('when a row has the DCI, strength and form of an item under another code (case, accents and spaces aside), then it warns naming that item', async () => {
    const existing = await createItem('019900011', 'Ácido de ensayo', '500 mg', 'Tableta recubierta');
    const file = csv([['ENS-011', 'ACIDO DE  ensayo', '500mg', 'tableta recubierta', ...rest]]);
    const preview = (await upload(file, 'dci.csv', true).expect(200)).body as ImportReport;
    expect(preview.errors).toEqual([]);
    expect(preview.warnings).toEqual([
      expect.objectContaining({
        row: 2,
        column: 'Denominación',
        code: 'ENS-011',
        message: expect.stringMatching(/^Posible duplicado de 019900011 Ácido de ensayo 500 mg Tableta recubierta .*misma denominación, concentración y forma farmacéutica/),
        duplicateOf: { id: existing.id, row: null, code: '019900011', name: existing.name, reasons: ['description'] },
      }),
    ]);
  });

  it('when two rows of one file are the same medicine, then the later row is warned naming the earlier one', async () => {
    const file = csv([
      ['00ENS-021', 'Gel de ensayo', '1 %', 'Gel', ...rest],
      ['ENS-022', 'Crema de ensayo', '2 %', 'Crema', ...rest],
      ['0ens-021', 'Loción de ensayo', '3 %', 'Loción', ...rest],
      ['ENS-023', 'GEL DE ENSAYO', '1%', 'gel', ...rest],
    ]);
    const preview = (await upload(file, 'filas.csv', true).expect(200)).body as ImportReport;
    expect(preview).toMatchObject({ created: 4, errors: [] });
    expect(preview.warnings).toEqual([
      expect.objectContaining({ row: 4, column: 'Código', code: '0ens-021', duplicateOf: { id: null, row: 2, code: '00ENS-021', name: 'Gel de ensayo 1 % Gel', reasons: ['code'] } }),
      expect.objectContaining({ row: 5, column: 'Denominación', code: 'ENS-023', duplicateOf: { id: null, row: 2, code: '00ENS-021', name: 'Gel de ensayo 1 % Gel', reasons: ['description'] } }),
    ]);
    expect(preview.warnings[0]!.message).toMatch(/^Posible duplicado de la fila 2: 00ENS-021 Gel de ensayo 1 % Gel/);
  });

  it('when an XLSX code cell is a number, then the row is warned that it may have lost leading zeros, and a text cell is not', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Hoja1');
    sheet.addRow(header);
    sheet.addRow([19900031, 'Tramadol de ensayo', '50 mg', 'Cápsula', ...rest]);
    sheet.addRow(['019900032', 'Morfina de ensayo', '10 mg', 'Inyectable', ...rest]);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const preview = (await upload(file, 'numeros.xlsx', true).expect(200)).body as ImportReport;
    expect(preview).toMatchObject({ created: 2, errors: [] });
    expect(preview.changes.map((change) => change.code)).toEqual(['19900031', '019900032']);
    expect(preview.warnings).toEqual([
      {
        row: 2,
        column: 'Código',
        code: '19900031',
        kind: 'number-code',
        message: 'El código se guardó como número en la hoja; revise si perdió ceros a la izquierda.',
      },
    ]);
  });
});

describe('possible duplicates for the item form', () => {
  it('when the form asks with a code or a description, then it names the items that may be the same, except the item being edited', async () => {
    const existing = await createItem('019900041', 'Loratadina de ensayo', '10 mg', 'Tableta');
    const expected = { id: existing.id, code: '019900041', name: 'Loratadina de ensayo 10 mg Tableta' };
    const ask = async (query: Record<string, string>, agent = pharmacy) =>
      ((await agent.get('/api/items/possible-duplicates').query(query).expect(200)).body as PossibleDuplicates).duplicates;

    expect(await ask({ code: '19900041' })).toEqual([{ ...expected, reasons: ['code'] }]);
    expect(await ask({ code: 'NUEVO-1', dci: 'loratadina  DE ensayo', strength: '10mg', dosageForm: 'tableta' })).toEqual([
      { ...expected, reasons: ['description'] },
    ]);
    expect(await ask({ code: '0019900041', dci: 'Loratadina de ensayo', strength: '10 mg', dosageForm: 'Tableta' })).toEqual([
      { ...expected, reasons: ['code', 'description'] },
    ]);
    expect(await ask({ code: '019900041', dci: 'Loratadina de ensayo', strength: '10 mg', dosageForm: 'Tableta', exceptId: String(existing.id) })).toEqual([]);
    expect(await ask({ code: 'NUEVO-2', dci: 'Loratadina de ensayo', strength: '5 mg', dosageForm: 'Tableta' })).toEqual([]);
    // Every reader of the formulary may ask: it tells nothing the item list does not.
    expect(await ask({ code: '19900041' }, await signedIn(testApp, 'viewer'))).toHaveLength(1);
  });

  it('when the possible-duplicates query is malformed, then 400 names the field', async () => {
    const field = async (query: Record<string, string>) => {
      const response = await pharmacy.get('/api/items/possible-duplicates').query(query).expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      return response.body.errors.map((error: { field: string }) => error.field);
    };
    expect(await field({ code: '1', exceptId: 'abc' })).toEqual(['exceptId']);
    expect(await field({ code: '1', color: 'rojo' })).toEqual(['color']);
    expect(await field({ code: 'x'.repeat(21) })).toEqual(['code']);
    // Nothing to compare: neither a code nor the whole description.
    expect(await field({ dci: 'Loratadina' })).toEqual(['code']);
  });

  it('when an item that may repeat another is created, then it is created and the 201 names the possible duplicate', async () => {
    const existing = await createItem('019900051', 'Cetirizina de ensayo', '10 mg', 'Tableta');
    const item = { code: '19900051', dci: 'Cetirizina de ensayo', strength: '10mg', dosageForm: 'TABLETA', supplyList: 'local', therapeuticGroup: 'Sistema respiratorio', ven: 'essential', oncology: false };
    const created = (await pharmacy.post('/api/items').send(item).expect(201)).body as CreatedItemDto;
    expect(created).toMatchObject({ code: '19900051', version: 1 });
    expect(created.possibleDuplicates).toEqual([{ id: existing.id, code: '019900051', name: existing.name, reasons: ['code', 'description'] }]);
    expect(await itemByCode('19900051')).toMatchObject({ id: created.id });
  });
});

describe('one rule in SQL and TypeScript', () => {
  it('when the database computes the duplicate keys, then they equal the shared rule’s, and so do the stored ones', async () => {
    const values = ['010100004', '10100004', '000', 'ABC-01', 'Ácido  fólico', 'ACIDO FOLICO', '500mg', 'Tableta\u00a0recubierta', 'Niño Ñandú ç', ' 1 g/10 mL\t(1 L) '];
    const { rows } = await sql<{ value: string; code: string; description: string }>`
      select value, item_code_key(value) as code, item_description_key(value, value, value) as description
      from unnest(${values}::text[]) as value
    `.execute(testApp.db);
    expect(rows).toEqual(values.map((value) => ({ value, code: codeKey(value), description: descriptionKey({ dci: value, strength: value, dosageForm: value }) })));

    const item = await createItem('0199000A1', 'Ácido  Fólico de ENSAYO', '5\u00a0mg', 'Tableta');
    const stored = await testApp.db.selectFrom('items').where('id', '=', item.id).select(['code_key', 'description_key']).executeTakeFirstOrThrow();
    expect(stored).toEqual({ code_key: codeKey(item.code), description_key: descriptionKey(item) });
  });
});
