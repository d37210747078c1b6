// Importing executed purchase-order lines from SAP exports (issue 13): every heading variant,
// money, date and number format; a dry run applies nothing; applying creates one audited batch
// with exact amounts and matches lines to the plan; the same file twice changes nothing; hostile
// files are refused naming row and column with nothing applied; batches are listed and undone.
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/auth.ts';
import type { ExecutionBatchDto, ExecutionImportReport, ImportJobDto } from '../../shared/reconciliation-api.ts';
import { createTestProgramme } from '../support/factories.ts';
import { importTestExecutions } from '../support/execution-factories.ts';
import { sapExportFile, type SapExportRow } from '../support/sap-files.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let finance: TestAgent;

beforeAll(async () => {
  testApp = await startTestApp();
  finance = await signedIn(testApp, 'finance');
});
afterAll(() => testApp.close());

let sequence = 0;
/** A programme with one planned line for a new item whose code is a material number. */
async function programmeWithMaterial() {
  const code = String(20_000_000 + ++sequence * 10);
  const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{ item: { code }, channel: 'essalud', process: 'conventional', quantity: '100', unitPrice: '2.5000' }] });
  return { programme, material: code, line: lines[0]! };
}

const row = (overrides: Partial<SapExportRow> = {}): SapExportRow => ({
  purchasingDocument: '4500012345',
  item: '00010',
  documentDate: '2012-03-15',
  material: '99999999',
  shortText: 'PARACETAMOL 500 MG TABLETA',
  orderQuantity: '1200',
  orderUnit: 'UN',
  netPrice: '1234.56',
  priceUnit: '100',
  netOrderValue: '14814.72',
  currency: 'PEN',
  vendor: '100234',
  vendorName: 'Droguería Añaños S.A.C.',
  plant: 'P001',
  ...overrides,
});

const importFile = (programmeId: number, file: Buffer, name: string, fields: Record<string, string> = {}, agent = finance) => {
  let call = agent.post(`/api/programmes/${programmeId}/executions/import`).attach('file', file, name);
  for (const [key, value] of Object.entries(fields)) call = call.field(key, value);
  return call;
};

async function linesOf(programmeId: number) {
  return testApp.db
    .selectFrom('executed_lines')
    .select(['row_number', 'purchasing_document', 'item', 'document_date', 'material', 'short_text', 'order_quantity', 'net_price', 'price_unit', 'unit_price', 'amount', 'net_order_value', 'vendor_name', 'still_to_deliver_quantity', 'purchase_line_id', 'match_kind'])
    .where('programme_id', '=', programmeId)
    .orderBy('row_number')
    .execute();
}

const batchesOf = async (programmeId: number) => (await finance.get(`/api/programmes/${programmeId}/executions/batches`).expect(200)).body as ExecutionBatchDto[];

describe('importing an SAP export', () => {
  it('when finance dry-runs then applies an English-logon CSV, then the dry run changes nothing and the apply creates one audited batch with exact amounts, matched to the plan', async () => {
    const { programme, material, line } = await programmeWithMaterial();
    const file = sapExportFile(
      [row({ material: `00${material}` }), row({ item: '00020', material: '', shortText: 'SERVICIO DE TRANSPORTE', orderQuantity: '3', netPrice: '10.00', priceUnit: '3', netOrderValue: '10.00' })],
      { logon: 'en', delimiter: ',', decimalSeparator: '.', encoding: 'utf-8' },
    );

    const dry = (await importFile(programme.id, file, 'ME2N.csv', { dryRun: 'true' }).expect(200)).body as ExecutionImportReport;
    expect(dry).toMatchObject({ batchId: null, rows: 2, matched: 1, unmatched: 1, amount: '14824.72', errors: [], errorCount: 0, warningCount: 0, duplicateOf: null, applied: false });
    expect(dry.columns.slice(0, 3)).toEqual([
      { header: 'Purchasing Document', key: 'purchasingDocument' },
      { header: 'Item', key: 'item' },
      { header: 'Document Date', key: 'documentDate' },
    ]);
    expect(await linesOf(programme.id)).toEqual([]);
    expect(await batchesOf(programme.id)).toEqual([]);

    const applied = (await importFile(programme.id, file, 'ME2N.csv').expect(200)).body as ExecutionImportReport;
    expect(applied).toMatchObject({ rows: 2, matched: 1, unmatched: 1, amount: '14824.72', errorCount: 0, applied: true });
    expect(applied.batchId).toEqual(expect.any(Number));
    expect(await linesOf(programme.id)).toEqual([
      {
        row_number: 2,
        purchasing_document: '4500012345',
        item: '00010',
        document_date: new Date('2012-03-15T00:00:00Z'),
        material: `00${material}`,
        short_text: 'PARACETAMOL 500 MG TABLETA',
        order_quantity: '1200.0000',
        net_price: '1234.56',
        price_unit: '100',
        unit_price: '12.3456',
        amount: '14814.72',
        net_order_value: '14814.72',
        vendor_name: 'Droguería Añaños S.A.C.',
        still_to_deliver_quantity: null,
        purchase_line_id: line.id,
        match_kind: 'auto',
      },
      expect.objectContaining({ row_number: 3, material: null, unit_price: '3.3333', amount: '10.00', purchase_line_id: null, match_kind: null }),
    ]);
    const [batch] = await batchesOf(programme.id);
    expect(batch).toMatchObject({ id: applied.batchId, fileName: 'ME2N.csv', rows: 2, amount: '14824.72', matched: 1, importedBy: 'Prueba finance' });

    const admin = await signedIn(testApp, 'admin');
    const audit = ((await admin.get('/api/audit').query({ entity: 'execution_batch' }).expect(200)).body as AuditPage).entries.filter((entry) => entry.entityId === String(applied.batchId));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'import', after: { file: 'ME2N.csv', sha256: batch!.sha256, rows: 2, amount: '14824.72', matched: 1 } });
  });

  it('when a Spanish-logon export is Windows-1252 with «;», decimal comma, thousands and trailing minus, then every value reads exactly', async () => {
    const { programme } = await programmeWithMaterial();
    const rows = [
      row({ orderQuantity: '1234567.5', netPrice: '1234567.89', priceUnit: '1000', netOrderValue: '1524157393.54', stillToDeliverQuantity: '-2.5' }),
      row({ item: '00020', shortText: 'AGUJA HIPODÉRMICA Nº 21', orderQuantity: '0.0001', netPrice: '0.05', priceUnit: '1', netOrderValue: '-0.01' }),
    ];
    const file = sapExportFile(rows, { logon: 'es', delimiter: ';', decimalSeparator: ',', encoding: 'windows-1252' });
    expect(file.toString('latin1')).toContain('1.234.567,89;1.000;1.524.157.393,54;');
    expect(file.toString('latin1')).toContain(';2,5-');

    const report = (await importFile(programme.id, file, 'ME2N ñ.csv').expect(200)).body as ExecutionImportReport;
    expect(report).toMatchObject({ rows: 2, errorCount: 0, amount: '1524157393.54', applied: true, warningCount: 1 });
    expect(report.columns.map((column) => column.header)).toContain('Posición');
    expect(report.warnings).toEqual([{ row: 3, column: 'Valor neto de pedido', message: expect.stringContaining('-S/ 0.01') }]);
    expect(await linesOf(programme.id)).toEqual([
      expect.objectContaining({ order_quantity: '1234567.5000', net_price: '1234567.89', price_unit: '1000', unit_price: '1234.5679', amount: '1524157393.54', still_to_deliver_quantity: '-2.5000' }),
      expect.objectContaining({ short_text: 'AGUJA HIPODÉRMICA Nº 21', order_quantity: '0.0001', amount: '0.00', net_order_value: '-0.01' }),
    ]);
  });

  it.each([
    ['tab, dd/mm/yyyy, decimal point, UTF-8 with BOM', { delimiter: '\t', dateStyle: 'slashed', decimalSeparator: '.', encoding: 'utf-8', bom: true }],
    ['comma, ISO dates, decimal point', { delimiter: ',', dateStyle: 'iso', decimalSeparator: '.', encoding: 'utf-8' }],
    ['semicolon, dd.mm.yyyy, decimal comma, UTF-8', { delimiter: ';', dateStyle: 'dotted', decimalSeparator: ',', encoding: 'utf-8' }],
  ] as const)('when the export is written with %s, then its lines read the same', async (_name, options) => {
    const { programme } = await programmeWithMaterial();
    const rows = [row({ documentDate: '2012-12-31' }), row({ item: '20', documentDate: '2012-02-29', netPrice: '1000', priceUnit: '1', orderQuantity: '2', netOrderValue: '2000' })];
    const body = sapExportFile(rows, { logon: 'es', ...options });
    const file = 'bom' in options ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
    const report = (await importFile(programme.id, file, 'export.csv').expect(200)).body as ExecutionImportReport;
    expect(report).toMatchObject({ rows: 2, errorCount: 0, amount: '16814.72', applied: true });
    const lines = await linesOf(programme.id);
    expect(lines.map((line) => line.document_date)).toEqual([new Date('2012-12-31T00:00:00Z'), new Date('2012-02-29T00:00:00Z')]);
    expect(lines.map((line) => line.amount)).toEqual(['14814.72', '2000.00']);
  });

  it('when prices are written as people write money (currency, spaces, apostrophes), then each reads to the cent', async () => {
    const { programme } = await programmeWithMaterial();
    const prices = ['S/ 1.234,56', 'PEN 1234,56', '1 234,56', "1'234,56", '1.234,56', '1234,56'];
    const header = 'Documento compras;Posición;Fecha documento;Material;Cantidad de pedido;Precio neto;Moneda';
    const lines = prices.map((price, index) => `4500000777;${(index + 1) * 10};15.03.2012;M-1;2;${price};PEN`);
    const report = (await importFile(programme.id, Buffer.from([header, ...lines, ''].join('\r\n'), 'utf8'), 'precios.csv').expect(200)).body as ExecutionImportReport;
    expect(report).toMatchObject({ rows: 6, errorCount: 0, amount: '14814.72', applied: true });
    expect((await linesOf(programme.id)).map((line) => line.net_price)).toEqual(prices.map(() => '1234.56'));
  });

  it('when the export is an XLSX with number cells and an Excel serial date, then it reads as Excel shows it', async () => {
    const { programme } = await programmeWithMaterial();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Hoja1');
    sheet.addRow(['Documento compras', 'Posición', 'Fecha documento', 'Material', 'Cantidad de pedido', 'Precio neto', 'Cantidad base', 'Moneda']);
    sheet.addRow(['4500000001', 10, 40983, 'MAT-1', 1200, 1234.56, 100, 'PEN']);
    sheet.addRow(['4500000001', 20, '15.03.2012', 'MAT-2', 0.30000000000000004, 10, 1, 'pen']);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const report = (await importFile(programme.id, file, 'ME2N.xlsx').expect(200)).body as ExecutionImportReport;
    expect(report).toMatchObject({ rows: 2, errorCount: 0, amount: '14817.72', applied: true });
    expect(await linesOf(programme.id)).toEqual([
      expect.objectContaining({ item: '10', document_date: new Date('2012-03-15T00:00:00Z'), order_quantity: '1200.0000', amount: '14814.72' }),
      expect.objectContaining({ item: '20', order_quantity: '0.3000', amount: '3.00' }),
    ]);
  });

  it('when the CSV has a blank line and a ragged row, then rows keep the numbers a spreadsheet shows', async () => {
    const { programme } = await programmeWithMaterial();
    const lines = sapExportFile([row(), row({ item: '20' })]).toString('latin1').split('\r\n');
    const text = [lines[0], lines[1], '', `${lines[2]};nota al margen`, ''].join('\r\n');
    const report = (await importFile(programme.id, Buffer.from(text, 'latin1'), 'ragged.csv').expect(200)).body as ExecutionImportReport;
    expect(report).toMatchObject({ rows: 2, errorCount: 0, applied: true });
    expect((await linesOf(programme.id)).map((line) => [line.row_number, line.item])).toEqual([
      [2, '00010'],
      [4, '20'],
    ]);
  });

  it('when a cell holds a formula, then its row is refused naming the column, and a neutralised cell reads as text', async () => {
    const { programme } = await programmeWithMaterial();
    const file = sapExportFile([row({ shortText: '=HIPERVINCULO("x")' }), row({ item: '20', shortText: "'=1+1" })]);
    const body = (await importFile(programme.id, file, 'formula.csv', { dryRun: 'true' }).expect(200)).body as ExecutionImportReport;
    expect(body.errors).toEqual([{ row: 2, column: 'Texto breve', message: 'La celda contiene una fórmula; escriba el valor.' }]);
    expect(body).toMatchObject({ rows: 2, matched: 0, unmatched: 1, applied: false });
  });

  it('when headings are not recognised, then the user mapping reads them', async () => {
    const { programme } = await programmeWithMaterial();
    const file = Buffer.from('Pedido;Pos;Fecha;Material;Cantidad de pedido;Precio neto;Moneda\r\n4500000009;10;01.02.2012;M-1;5;2,50;PEN\r\n', 'utf8');
    const refused = (await importFile(programme.id, file, 'a.csv', { dryRun: 'true' }).expect(200)).body as ExecutionImportReport;
    expect(refused.errors.map((error) => error.message)).toEqual([
      'Falta la columna «Documento compras» (o no se reconoce su encabezado).',
      'Falta la columna «Posición» (o no se reconoce su encabezado).',
      'Falta la columna «Fecha documento» (o no se reconoce su encabezado).',
    ]);
    const mapping = JSON.stringify({ Pedido: 'purchasingDocument', Pos: 'item', Fecha: 'documentDate' });
    const report = (await importFile(programme.id, file, 'a.csv', { mapping }).expect(200)).body as ExecutionImportReport;
    expect(report).toMatchObject({ rows: 1, amount: '12.50', applied: true });
  });
});

describe('the same file twice', () => {
  it('when a file already imported comes again (dry run or not), then it is recognised and nothing changes', async () => {
    const { programme } = await programmeWithMaterial();
    const file = sapExportFile([row()]);
    const first = (await importFile(programme.id, file, 'uno.csv').expect(200)).body as ExecutionImportReport;
    for (const dryRun of ['true', 'false']) {
      const again = (await importFile(programme.id, file, 'otra vez.csv', { dryRun }).expect(200)).body as ExecutionImportReport;
      expect(again).toMatchObject({ applied: false, batchId: null, duplicateOf: { batchId: first.batchId, fileName: 'uno.csv' } });
    }
    expect(await batchesOf(programme.id)).toHaveLength(1);
    expect(await linesOf(programme.id)).toHaveLength(1);
  });

  it('when another file repeats a pair already imported, then that row is refused naming the batch', async () => {
    const { programme } = await programmeWithMaterial();
    const first = await importTestExecutions(testApp.db, programme.id, [row()], { fileName: 'enero.csv' });
    const file = sapExportFile([row({ item: '00020' }), row({ item: '10', netPrice: '1.00' })]);
    const refused = (await importFile(programme.id, file, 'febrero.csv').expect(422)).body as ExecutionImportReport;
    expect(refused.errors).toEqual([{ row: 3, column: 'Posición', message: expect.stringContaining(`ya se importó en el lote ${first.batchId} («enero.csv», fila 2)`) }]);
    expect(await linesOf(programme.id)).toHaveLength(1);
  });
});

describe('bad input', () => {
  const refusedWith = async (file: Buffer, name: string) => {
    const { programme } = await programmeWithMaterial();
    const response = await importFile(programme.id, file, name).expect(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await linesOf(programme.id)).toEqual([]);
    expect(await batchesOf(programme.id)).toEqual([]);
    return response.body as ExecutionImportReport & { errors: { row: number; column: string; message: string }[] };
  };

  it('when the file is not an SAP export, then the missing columns are named at the header row', async () => {
    const body = await refusedWith(Buffer.from('Código,Nombre\r\nA1,Paracetamol\r\n'), 'petitorio.csv');
    expect(body.errors[0]).toEqual({ row: 1, column: 'Documento compras', message: 'Falta la columna «Documento compras» (o no se reconoce su encabezado).' });
  });

  it('when rows have a foreign currency, an unreadable quantity, an impossible date or a repeated pair, then each is named by row and column and nothing is applied', async () => {
    const file = sapExportFile(
      [
        row({ item: '10', currency: 'USD' }),
        row({ item: '20', orderQuantity: 'doce' }),
        row({ item: '30', documentDate: '2012-02-31' }),
        row({ item: '40' }),
        row({ item: '00040' }),
        row({ item: '50' }),
      ],
      { logon: 'en', dateStyle: 'dotted' },
    );
    const text = file.toString('latin1').replace('31.02.2012', '31.02.2012').replace(/;doce;/, ';doce;');
    const body = await refusedWith(Buffer.from(text, 'latin1'), 'me2n.csv');
    expect(body.errorCount).toBe(4);
    expect(body.errors).toEqual([
      { row: 2, column: 'Currency', message: 'Moneda: la línea está en USD; solo se concilian importes en soles (PEN) y no se convierten monedas' },
      { row: 3, column: 'Order Quantity', message: expect.stringMatching(/^Cantidad de pedido: «doce»/) },
      { row: 4, column: 'Document Date', message: '31.02.2012: no es una fecha válida: febrero de 2012 tiene 29 días'.replace(/^/, 'Fecha documento: «').replace('2012:', '2012»') },
      { row: 6, column: 'Item', message: 'Documento compras 4500012345, posición 00040: repetida, ya está en la fila 5 (filas 5 y 6)' },
    ]);
    expect(body).toMatchObject({ status: 422, applied: false, rows: 6 });
  });

  it('when the file is 10 MB of random bytes, then it is refused as unreadable', async () => {
    const bytes = Buffer.alloc(10 * 1024 * 1024);
    for (let at = 0; at < bytes.length; at += 4) bytes.writeUInt32LE(((Math.imul(at + 1, 2654435761) >>> 0) ^ (at >>> 3)) >>> 0, at);
    const body = await refusedWith(bytes, 'ruido.csv');
    expect(body).toMatchObject({ status: 422, errors: [{ field: 'file', in: 'body' }] });
  });

  it('when the XLSX is truncated, then it is refused as unreadable', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Hoja1').addRow(['Documento compras', 'Posición']);
    const whole = Buffer.from(await workbook.xlsx.writeBuffer());
    const body = await refusedWith(whole.subarray(0, Math.floor(whole.length / 2)), 'ME2N.xlsx');
    expect(body).toMatchObject({ status: 422, detail: 'No se pudo leer el archivo como hoja de cálculo XLSX.' });
  });
});

describe('batches', () => {
  it('when finance undoes a batch, then it and its lines go, audited; another programme\'s batch is 404', async () => {
    const { programme } = await programmeWithMaterial();
    const other = await programmeWithMaterial();
    const report = await importTestExecutions(testApp.db, programme.id, [row(), row({ item: '20' })], { fileName: 'deshacer.csv' });
    await finance.delete(`/api/programmes/${other.programme.id}/executions/batches/${report.batchId}`).expect(404);
    await finance.delete(`/api/programmes/${programme.id}/executions/batches/${report.batchId}`).expect(204);
    expect(await batchesOf(programme.id)).toEqual([]);
    expect(await linesOf(programme.id)).toEqual([]);
    const admin = await signedIn(testApp, 'admin');
    const audit = ((await admin.get('/api/audit').query({ entity: 'execution_batch', action: 'delete' }).expect(200)).body as AuditPage).entries;
    expect(audit.find((entry) => entry.entityId === String(report.batchId))).toMatchObject({ before: { file: 'deshacer.csv', rows: 2, amount: '29629.44' } });
    // The same file may come again once undone.
    expect((await importTestExecutions(testApp.db, programme.id, [row(), row({ item: '20' })])).applied).toBe(true);
  });

  it('when a viewer or logistics user imports or undoes, then 403; everyone signed in reads batches', async () => {
    const { programme } = await programmeWithMaterial();
    for (const role of ['viewer', 'logistics'] as const) {
      const agent = await signedIn(testApp, role);
      await importFile(programme.id, sapExportFile([row()]), 'x.csv', {}, agent).expect(403);
      await agent.delete(`/api/programmes/${programme.id}/executions/batches/1`).expect(403);
      await agent.get(`/api/programmes/${programme.id}/executions/batches`).expect(200);
    }
  });
});

describe('long imports as jobs', () => {
  it('when the import outlasts the wait, then 202 names the job, whose progress ends with the report', async () => {
    const { createApp } = await import('../../server/app.ts');
    const request = (await import('supertest')).default;
    const app = createApp({ db: testApp.db, databaseKind: testApp.kind, clock: testApp.clock, importWaitMs: 0 });
    const agent = request.agent(app);
    await agent.post('/api/session').send({ username: 'prueba-finance', password: 'clave-de-prueba-finance' }).expect(200);
    const { programme } = await programmeWithMaterial();
    const rows = Array.from({ length: 500 }, (_, index) => row({ purchasingDocument: String(4500100000 + index), item: '10' }));
    const started = await agent.post(`/api/programmes/${programme.id}/executions/import`).attach('file', sapExportFile(rows), 'grande.csv').expect(202);
    const job = started.body as ImportJobDto;
    expect(started.headers.location).toBe(`/api/import-jobs/${job.id}`);
    expect(job).toMatchObject({ kind: 'executions', programmeId: programme.id, fileName: 'grande.csv', dryRun: false, status: 'running' });
    let now = job;
    while (now.status === 'running') now = (await agent.get(`/api/import-jobs/${job.id}`).expect(200)).body as ImportJobDto;
    expect(now).toMatchObject({ status: 'succeeded', phase: 'done', percent: 100, rowsRead: 500, report: { rows: 500, applied: true } });
    const listed = (await agent.get(`/api/programmes/${programme.id}/executions/import-jobs`).expect(200)).body as ImportJobDto[];
    expect(listed[0]).toMatchObject({ id: job.id, status: 'succeeded' });
    await agent.get('/api/import-jobs/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('when a running import is cancelled, then it stops as cancelled and nothing of it remains, not even its staging tables', async () => {
    const { createApp } = await import('../../server/app.ts');
    const request = (await import('supertest')).default;
    const app = createApp({ db: testApp.db, databaseKind: testApp.kind, clock: testApp.clock, importWaitMs: 0 });
    const agent = request.agent(app);
    await agent.post('/api/session').send({ username: 'prueba-finance', password: 'clave-de-prueba-finance' }).expect(200);
    const { programme } = await programmeWithMaterial();
    const rows = Array.from({ length: 30_000 }, (_, index) => row({ purchasingDocument: String(4500200000 + index), item: '10' }));
    const started = (await agent.post(`/api/programmes/${programme.id}/executions/import`).attach('file', sapExportFile(rows), 'cancelar.csv').expect(202)).body as ImportJobDto;
    const cancelling = (await agent.delete(`/api/import-jobs/${started.id}`).expect(200)).body as ImportJobDto;
    expect(cancelling.cancelRequested).toBe(true);
    let now = cancelling;
    while (now.status === 'running') now = (await agent.get(`/api/import-jobs/${started.id}`).expect(200)).body as ImportJobDto;
    expect(now).toMatchObject({ status: 'cancelled', report: null });
    expect(await batchesOf(programme.id)).toEqual([]);
    expect(await linesOf(programme.id)).toEqual([]);
    const staging = await sql<{ count: number }>`select count(*)::int as count from pg_class where relname ~ '^execution_(staging|converted|fixed|lines|problems)_'`.execute(testApp.db);
    expect(staging.rows[0]!.count).toBe(0);
    // A cancel once over changes nothing.
    expect((await agent.delete(`/api/import-jobs/${started.id}`).expect(200)).body).toMatchObject({ status: 'cancelled' });
  });

  it('when the same file is uploaded twice at once, then exactly one batch is created and the other answer names it', async () => {
    const { programme } = await programmeWithMaterial();
    const file = sapExportFile(Array.from({ length: 200 }, (_, index) => row({ purchasingDocument: String(4500300000 + index) })));
    const answers = await Promise.all([importFile(programme.id, file, 'a.csv').expect(200), importFile(programme.id, file, 'b.csv').expect(200)]);
    const reports = answers.map((answer) => answer.body as ExecutionImportReport);
    const batches = await batchesOf(programme.id);
    expect(batches).toHaveLength(1);
    expect(reports.filter((report) => report.applied).map((report) => report.batchId)).toEqual([batches[0]!.id]);
    expect(reports.filter((report) => !report.applied).map((report) => report.duplicateOf?.batchId)).toEqual([batches[0]!.id]);
    expect(await linesOf(programme.id)).toHaveLength(200);
  });
});
