// A programme written through the services, read through the API: its lines, its purchases table
// beside what a source document declares (and where they differ), and what each write service
// refuses and records.
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinesPage, ProgrammeSummary } from '../../shared/api.ts';
import type { AuditPage } from '../../shared/auth.ts';
import { verifyFigures } from '../../shared/purchase-summary.ts';
import { setBudget } from '../../server/features/budgets/budgets.service.ts';
import { addLines, createProgramme } from '../../server/features/programmes/programmes.service.ts';
import { declareFigures, recordSourceDocument } from '../../server/features/sources/sources.service.ts';
import { createDisagreeingSource, createTestBudget, createTestItem, createTestProgramme, createTestSource, type TestProgramme } from '../support/factories.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let api: TestAgent;
let admin: TestAgent;
let arranged: TestProgramme;

beforeAll(async () => {
  testApp = await startTestApp();
  api = await signedIn(testApp, 'finance');
  admin = await signedIn(testApp, 'admin');
  arranged = await createTestProgramme(testApp.db, {
    lines: [
      { channel: 'minsa_corporate', segment: 'oncology', process: 'conventional', quantity: '40', unitPrice: '1520.5000' },
      { channel: 'minsa_corporate', segment: 'medicines', process: 'reverse_auction', quantity: '12000', unitPrice: '0.0375' },
      { channel: 'essalud', process: 'reverse_auction', quantity: '3', unitPrice: '33.3333' },
      { channel: 'essalud', process: 'unscheduled' },
    ],
  });
});
afterAll(() => testApp.close());

const validationErrors = (promise: Promise<unknown>) =>
  promise.then(
    () => [],
    (error: { errors?: { field: string; message: string }[] }) => error.errors ?? [error],
  );

describe('a programme written through the services', () => {
  it('when its lines are read, then each amount is quantity × unit price rounded half up, an unscheduled line has none, and each has version 1', async () => {
    const page = (await api.get(`/api/programmes/${arranged.programme.id}/lines?sort=amount&order=desc`).expect(200)).body as LinesPage;
    expect(page.lines.map((line) => [line.channel, line.segment, line.process, line.quantity, line.unitPrice, line.amount, line.version])).toEqual([
      ['minsa_corporate', 'oncology', 'conventional', '40.0000', '1520.5000', '60820.00', 1],
      ['minsa_corporate', 'medicines', 'reverse_auction', '12000.0000', '0.0375', '450.00', 1],
      ['essalud', null, 'reverse_auction', '3.0000', '33.3333', '100.00', 1],
      ['essalud', null, 'unscheduled', null, null, null, 1],
    ]);
  });

  it('when a source declares an amount that differs from the lines, then the summary shows both, and the check gives the difference to the cent', async () => {
    const { programme } = await createTestProgramme(testApp.db);
    const { source, figure, computedAmount } = await createDisagreeingSource(testApp.db, programme.id, '10.00');
    const summary = (await api.get(`/api/programmes/${programme.id}/summary`).expect(200)).body as ProgrammeSummary;
    const row = summary.rows.find((candidate) => candidate.channel === figure.channel && candidate.process === figure.process)!;
    expect(row).toMatchObject({ amount: computedAmount, declaredAmount: figure.amount, items: 1, declaredItems: 1 });
    expect(verifyFigures(row)).toEqual({ undeclared: false, matches: false, itemDifference: 0, amount: { kind: 'different', difference: '-10.00' } });
    expect(summary.source).toEqual(source);
    // The other rows the source does not declare.
    expect(summary.rows.filter((candidate) => candidate !== row).every((candidate) => verifyFigures(candidate).undeclared)).toBe(true);
  });

  it('when the summary is asked for, then subtotals and the grand total add the lines to the cent', async () => {
    const summary = (await api.get(`/api/programmes/${arranged.programme.id}/summary`).expect(200)).body as ProgrammeSummary;
    expect(summary.subtotals.map(({ channel, segment, items, amount }) => [channel, segment, items, amount])).toEqual([
      ['minsa_corporate', null, 2, '61270.00'],
      ['minsa_corporate', 'oncology', 1, '60820.00'],
      ['minsa_corporate', 'medicines', 1, '450.00'],
      ['essalud', null, 2, '100.00'],
    ]);
    expect(summary.totals).toEqual({ items: 4, amount: '61370.00', declaredItems: null, declaredAmount: null });
    expect(summary.source).toBeNull();
  });

  it('when a programme, its lines, a source and its figures, and a budget are written, then each record is in the audit trail with what it holds', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db);
    const { source, figure } = await createDisagreeingSource(testApp.db, programme.id);
    await createTestBudget(testApp.db, { fiscalYear: 2027, amount: '5.00' });
    await createTestBudget(testApp.db, { fiscalYear: 2027, amount: '7.50' });
    const entry = async (entity: string, entityId: string | number, action = 'create') =>
      ((await admin.get(`/api/audit?entity=${entity}&entityId=${entityId}&action=${action}`).expect(200)).body as AuditPage).entries;
    expect(await entry('programme', programme.id)).toMatchObject([{ after: { name: programme.name, fiscalYear: 2026, demo: false } }]);
    expect(await entry('purchase_line', lines[0]!.id)).toMatchObject([{ after: { programmeId: programme.id, amount: lines[0]!.amount } }]);
    expect(await entry('source_document', source.id)).toMatchObject([{ after: { reference: source.reference } }]);
    expect(await entry('declared_figure', figure.id)).toMatchObject([{ after: { scope: 'purchases', amount: figure.amount } }]);
    expect(await entry('budget', '2027/medicines', 'update')).toMatchObject([{ before: { amount: '5.00' }, after: { amount: '7.50' } }]);
  });
});

describe('what the write services refuse', () => {
  const now = new Date();

  it('when lines break the rules, then nothing is written and each mistake is named by its field, in Spanish', async () => {
    const item = await createTestItem(testApp.db);
    const errors = await validationErrors(
      addLines(testApp.db, null, now, arranged.programme.id, {
        lines: [
          { itemId: item.id, channel: 'minsa_corporate', process: 'conventional', quantity: '1', unitPrice: '1' },
          { itemId: item.id, channel: 'essalud', segment: 'oncology', process: 'conventional', quantity: '1', unitPrice: '1' },
          { itemId: item.id, channel: 'essalud', process: 'reverse_auction' },
          { itemId: item.id, channel: 'essalud', process: 'conventional', quantity: '-2', unitPrice: '1' },
          { itemId: item.id, channel: 'essalud', process: 'conventional', quantity: '2', unitPrice: '1,50' },
          { itemId: item.id, channel: 'essalud', process: 'conventional', quantity: '2' },
        ],
      }),
    );
    expect(errors).toEqual([
      { field: 'lines.0.segment', in: 'body', message: 'La Compra Corporativa MINSA lleva segmento. Elija «Oncológicos» o «Medicamentos»' },
      { field: 'lines.1.segment', in: 'body', message: 'La Compra EsSalud no lleva segmento' },
      { field: 'lines.2.quantity', in: 'body', message: 'Solo una compra no programada puede ir sin cantidad ni precio' },
      { field: 'lines.3.quantity', in: 'body', message: 'Escriba un número con punto decimal y a lo sumo 4 decimales' },
      { field: 'lines.4.unitPrice', in: 'body', message: 'Escriba un número con punto decimal y a lo sumo 4 decimales' },
      { field: 'lines.5.unitPrice', in: 'body', message: 'Indique la cantidad y el precio unitario juntos' },
    ]);
    const page = (await api.get(`/api/programmes/${arranged.programme.id}/lines`).expect(200)).body as LinesPage;
    expect(page.total).toBe(4);
  });

  it('when lines name an item twice in a channel, or one that does not exist, then nothing is written and the line is named', async () => {
    const item = await createTestItem(testApp.db);
    const line = { itemId: item.id, channel: 'essalud', process: 'conventional', quantity: '1', unitPrice: '1' } as const;
    expect(await validationErrors(addLines(testApp.db, null, now, arranged.programme.id, { lines: [line, line] }))).toEqual([
      { field: 'lines.1.itemId', in: 'body', message: 'Repite el ítem y el canal de la línea 1' },
    ]);
    expect(await validationErrors(addLines(testApp.db, null, now, arranged.programme.id, { lines: [line, { ...line, itemId: 999_999 }] }))).toEqual([
      { field: 'lines.1.itemId', in: 'body', message: 'No existe el ítem 999999.' },
    ]);
    expect(await validationErrors(addLines(testApp.db, null, now, 999_999, { lines: [line] }))).toEqual([
      { field: 'id', in: 'path', message: 'No existe el programa 999999.' },
    ]);
    expect(((await api.get(`/api/programmes/${arranged.programme.id}/lines`).expect(200)).body as LinesPage).total).toBe(4);
  });

  it('when a programme, a source document, figures or a budget are given wrong, then each mistake is named by its field', async () => {
    expect(await validationErrors(createProgramme(testApp.db, null, now, { name: ' ', fiscalYear: 1850 }))).toEqual([
      { field: 'name', in: 'body', message: 'Obligatorio' },
      { field: 'fiscalYear', in: 'body', message: expect.stringMatching(/1990/) },
    ]);
    expect((await validationErrors(recordSourceDocument(testApp.db, null, now, { title: 'Informe', reference: 'r', publishedOn: '19.09.2011' })))[0]).toMatchObject({
      field: 'publishedOn',
    });
    const source = await createTestSource(testApp.db);
    expect(
      await validationErrors(
        declareFigures(testApp.db, null, now, source.id, {
          figures: [
            { scope: 'purchases', programmeId: 999_999, channel: 'essalud', items: 1 },
            { scope: 'purchases', programmeId: arranged.programme.id, channel: 'essalud', segment: 'oncology', items: 1 },
            { scope: 'budget', fiscalYear: 2011, budgetCategory: 'medicines', amount: '559.493.149,83' },
          ],
        }),
      ),
    ).toEqual([
      { field: 'figures.1.segment', in: 'body', message: 'La Compra EsSalud no lleva segmento' },
      { field: 'figures.2.amount', in: 'body', message: 'Escriba un monto con punto decimal y a lo sumo 2 decimales' },
    ]);
    expect(await validationErrors(declareFigures(testApp.db, null, now, source.id, { figures: [{ scope: 'purchases', programmeId: 999_999, channel: 'essalud', items: 1 }] }))).toEqual([
      { field: 'figures.0.programmeId', in: 'body', message: 'No existe el programa 999999.' },
    ]);
    expect(await validationErrors(setBudget(testApp.db, null, now, { fiscalYear: 2011, category: 'medicines', amount: '-1.00' }))).toMatchObject([{ field: 'amount' }]);
    expect(await validationErrors(setBudget(testApp.db, null, now, { fiscalYear: 2011, category: 'medicines', amount: '1.00', sourceDocumentId: 999_999 }))).toEqual([
      { field: 'sourceDocumentId', in: 'body', message: 'No existe el documento fuente 999999.' },
    ]);
  });
});
