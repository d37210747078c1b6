// What import reads from ordinary files: its own CSV export with formula-like cells, blank rows
// that spreadsheets leave, and the semicolon CSV of a Spanish-locale Excel.
import { parse } from 'csv-parse/sync';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../shared/api.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';
import { inlineRow, xlsx } from '../support/xlsx-builder.ts';
import { formularyHeader } from '../support/formulary-files.ts';

let testApp: TestApp;
let pharmacy: TestAgent;

beforeAll(async () => {
  testApp = await startTestApp();
  pharmacy = await signedIn(testApp, 'pharmacy');
});
afterAll(() => testApp.close());

const header = formularyHeader;
const row = (code: string, changes: Record<number, string> = {}) =>
  ['', 'Ácido fólico', '5 mg', 'tableta', 'Suministro local', 'Sangre y órganos hematopoyéticos', 'Esencial', 'No'].map((cell, index) =>
    index === 0 ? code : (changes[index] ?? cell),
  );
const csv = (rows: string[][], separator: string) => Buffer.from(rows.map((cells) => cells.join(separator)).join('\r\n'), 'utf8');
const upload = (file: Buffer, name: string, dryRun: boolean) =>
  pharmacy.post('/api/items/import').attach('file', file, name).field('dryRun', String(dryRun));
const exportCsv = async () => (await pharmacy.get('/api/items/export?format=csv').buffer(true).expect(200)).text;

describe('CSV export and import', () => {
  it('when DCIs begin with =, -, + or @, then export → import → export is byte-identical, the import finds them unchanged and the file stays safe', async () => {
    const dcis = ['=HYPERLINK("http://example.com","clic")', '-x', '+x', '@x', "'=ya citado"];
    for (const [index, dci] of dcis.entries()) {
      await pharmacy
        .post('/api/items')
        .send({ code: `FORM-${index}`, dci, strength: '-1 mg', dosageForm: 'tableta', supplyList: 'local', therapeuticGroup: '@grupo', ven: 'essential', oncology: false })
        .expect(201);
    }
    const first = await exportCsv();
    const exported = (parse(first, { bom: true }) as string[][]).filter(([code]) => code!.startsWith('FORM-'));
    expect(exported).toHaveLength(dcis.length);
    expect(exported.flat().filter((cell) => /^[=+\-@]/.test(cell))).toEqual([]);

    const report = (await upload(Buffer.from(first), 'petitorio.csv', false).expect(200)).body as ImportReport;
    const total = (await pharmacy.get('/api/items?pageSize=1').expect(200)).body.total as number;
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: total, errors: [] });
    expect(await exportCsv()).toBe(first);
    const items = (await pharmacy.get('/api/items?q=FORM-&pageSize=10').expect(200)).body.items as { dci: string }[];
    expect(items.map((item) => item.dci).sort()).toEqual([...dcis].sort());
  });
});

describe('blank rows', () => {
  it('when a CSV has rows of bare separators and empty lines, then they are skipped and later rows keep their numbers', async () => {
    const file = csv([header, row('BLK-1'), Array(8).fill(''), [''], row('BLK-2', { 6: 'Quizás' }), Array(8).fill(''), Array(8).fill('')], ';');
    const report = (await upload(file, 'blancos.csv', true).expect(200)).body as ImportReport;
    expect(report.errors).toEqual([expect.objectContaining({ row: 5, column: 'VEN', message: expect.stringMatching(/Quizás/) })]);
    expect(report.changes).toEqual([expect.objectContaining({ kind: 'new', row: 2, code: 'BLK-1' })]);
  });

  it('when an XLSX has rows whose cells are all empty, then they are skipped and later rows keep their numbers', async () => {
    const emptyRow = (number: number) => `<row r="${number}"><c r="A${number}" s="1"/><c r="B${number}" t="inlineStr"><is><t></t></is></c></row>`;
    const sheetData = inlineRow(header, 1) + inlineRow(row('BLK-3'), 2) + emptyRow(3) + emptyRow(4) + inlineRow(row('BLK-4', { 7: 'Quizás' }), 5) + emptyRow(6);
    const report = (await upload(xlsx({ sheetData }), 'blancos.xlsx', true).expect(200)).body as ImportReport;
    expect(report.errors).toEqual([expect.objectContaining({ row: 5, column: 'Oncológico', message: expect.stringMatching(/Quizás/) })]);
    expect(report.changes).toEqual([expect.objectContaining({ kind: 'new', row: 2, code: 'BLK-3' })]);
  });
});

describe('the delimiter', () => {
  it.each([
    ['semicolons, with decimal commas in cells', ';', '300 mg + 0,4 mg', '1.234,56 ml'],
    ['commas, with semicolons and quoted commas in cells', ',', '"300 mg + 0,4 mg"', 'vial; 10 ml'],
    ['tabs, with commas and semicolons in cells', '\t', '300 mg + 0,4 mg', '1.234,56 ml; vial'],
  ])('when a CSV separates with %s, then every cell stays in its column', async (_case, separator, strength, dosageForm) => {
    const file = csv([header.map((text) => `"${text}"`), row('DLM-1', { 2: strength, 3: dosageForm })], separator);
    const report = (await upload(file, 'delimitado.csv', true).expect(200)).body as ImportReport;
    expect(report.errors).toEqual([]);
    const unquoted = (text: string) => text.replace(/^"|"$/g, '');
    expect(report.changes).toEqual([
      expect.objectContaining({ kind: 'new', after: expect.objectContaining({ strength: unquoted(strength), dosageForm: unquoted(dosageForm) }) }),
    ]);
  });
});
