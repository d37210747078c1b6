// Matching executed SAP lines to planned lines, and the variance tree (issue 13): each matching
// rule, manual matches and back, exact differences and half-up percents at every level, tolerance.
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutedLinesPage, ReconciliationLinesPage, ReconciliationSummary, ToleranceDto } from '../../shared/reconciliation-api.ts';
import { createTestItem, createTestProcess, assignTestLines, createTestProgramme } from '../support/factories.ts';
import { importTestExecutions } from '../support/execution-factories.ts';
import type { SapExportRow } from '../support/sap-files.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let finance: TestAgent;
let pharmacy: TestAgent;

beforeAll(async () => {
  testApp = await startTestApp();
  finance = await signedIn(testApp, 'finance');
  pharmacy = await signedIn(testApp, 'pharmacy');
});
afterAll(() => testApp.close());

let documentNumber = 4500000000;
const row = (material: string, orderQuantity: string, netPrice: string, extra: Partial<SapExportRow> = {}): SapExportRow => ({
  purchasingDocument: String(++documentNumber),
  item: '10',
  documentDate: '2012-03-15',
  material,
  shortText: 'Producto',
  orderQuantity,
  netPrice,
  ...extra,
});

const summaryOf = async (id: number) => (await finance.get(`/api/programmes/${id}/reconciliation`).expect(200)).body as ReconciliationSummary;
const executionsOf = async (id: number, query = '') => (await finance.get(`/api/programmes/${id}/executions${query}`).expect(200)).body as ExecutedLinesPage;

describe('automatic matching', () => {
  it('when an item is planned once, then its executed line matches it, with SAP zero padding or without', async () => {
    const item = await createTestItem(testApp.db, { code: '1234567' });
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{ item, quantity: '10', unitPrice: '2.0000' }] });
    await importTestExecutions(testApp.db, programme.id, [row('000000000001234567', '10', '2.00'), row('1234567', '1', '2.00')]);
    const page = await executionsOf(programme.id);
    expect(page.lines.map((line) => [line.lineId, line.matchKind])).toEqual([
      [lines[0]!.id, 'auto'],
      [lines[0]!.id, 'auto'],
    ]);
  });

  it('when an executed line has no material, or one of no planned item, then it stays unmatched, with its candidates listed', async () => {
    const { programme } = await createTestProgramme(testApp.db);
    await importTestExecutions(testApp.db, programme.id, [row('', '1', '5.00'), row('NO-EXISTE', '1', '5.00')]);
    const page = await executionsOf(programme.id, '?matched=false');
    expect(page.total).toBe(2);
    expect(page.lines.every((line) => line.lineId === null && line.matchKind === null && line.candidates.length === 0)).toBe(true);
    const summary = await summaryOf(programme.id);
    expect(summary.unmatched).toEqual({ planned: 2, executed: 2, executedAmount: '10.00' });
  });

  it('when an item is planned in both channels, then the process code narrows it, and else the document already matched, and else it waits for a person', async () => {
    const item = await createTestItem(testApp.db);
    const other = await createTestItem(testApp.db);
    const { programme, lines } = await createTestProgramme(testApp.db, {
      lines: [
        { item, channel: 'minsa_corporate', segment: 'medicines', process: 'reverse_auction' },
        { item, channel: 'essalud', process: 'conventional' },
        { item: other, channel: 'essalud', process: 'conventional' },
      ],
    });
    const process = await createTestProcess(testApp.db, programme, { type: 'conventional', code: 'LP-001-2026-ESSALUD' });
    await assignTestLines(testApp.db, process, [lines[1]!, lines[2]!]);
    await importTestExecutions(testApp.db, programme.id, [
      row(item.code, '1', '2.50', { processCode: 'lp-001-2026-essalud' }),
      row(other.code, '1', '2.50', { purchasingDocument: '4599999999', item: '10' }),
      row(item.code, '1', '2.50', { purchasingDocument: '4599999999', item: '00020' }),
      row(item.code, '1', '2.50'),
    ]);
    const page = await executionsOf(programme.id);
    expect(page.lines.map((line) => line.lineId)).toEqual([lines[1]!.id, lines[2]!.id, lines[1]!.id, null]);
    expect(page.lines[3]!.candidates.map((candidate) => candidate.lineId).sort()).toEqual([lines[0]!.id, lines[1]!.id].sort());
  });

  it('when a later file has a line of a document matched in an earlier batch, then it goes to that document\'s process; a line of a document not matched yet waits for a person', async () => {
    const item = await createTestItem(testApp.db);
    const other = await createTestItem(testApp.db);
    const { programme, lines } = await createTestProgramme(testApp.db, {
      lines: [
        { item, channel: 'minsa_corporate', segment: 'medicines', process: 'reverse_auction' },
        { item, channel: 'essalud', process: 'conventional' },
        { item: other, channel: 'essalud', process: 'conventional' },
      ],
    });
    const process = await createTestProcess(testApp.db, programme, { type: 'conventional' });
    await assignTestLines(testApp.db, process, [lines[1]!, lines[2]!]);
    const first = await importTestExecutions(testApp.db, programme.id, [
      row(other.code, '1', '2.50', { purchasingDocument: '4598888888', item: '10' }),
      row(item.code, '1', '2.50', { purchasingDocument: '4597777777', item: '10' }),
    ]);
    expect(first).toMatchObject({ matched: 1, unmatched: 1 });
    const second = await importTestExecutions(testApp.db, programme.id, [
      row(item.code, '2', '2.50', { purchasingDocument: '4598888888', item: '20' }),
      row(item.code, '2', '2.50', { purchasingDocument: '4597777777', item: '20' }),
    ]);
    expect(second).toMatchObject({ matched: 1, unmatched: 1, amount: '10.00' });
    const page = await executionsOf(programme.id);
    expect(page.lines.map((line) => [line.lineId, line.matchKind])).toEqual([
      [lines[2]!.id, 'auto'],
      [null, null],
      [lines[1]!.id, 'auto'],
      [null, null],
    ]);
  });
});

describe('manual matching', () => {
  it('when finance matches a line by hand and then gives it back, then it is manual, survives a rematch, and returns to automatic', async () => {
    const item = await createTestItem(testApp.db);
    const { programme, lines } = await createTestProgramme(testApp.db, {
      lines: [
        { item, channel: 'minsa_corporate', segment: 'medicines', process: 'reverse_auction' },
        { item, channel: 'essalud', process: 'conventional' },
      ],
    });
    await importTestExecutions(testApp.db, programme.id, [row(item.code, '100', '2.50')]);
    const [line] = (await executionsOf(programme.id)).lines;
    expect(line!.lineId).toBeNull();

    const matched = (await finance.put(`/api/programmes/${programme.id}/executions/${line!.id}/match`).send({ lineId: lines[1]!.id, version: line!.version }).expect(200)).body;
    expect(matched).toMatchObject({ lineId: lines[1]!.id, matchKind: 'manual', version: line!.version + 1 });
    await finance.put(`/api/programmes/${programme.id}/executions/${line!.id}/match`).send({ lineId: lines[0]!.id, version: line!.version }).expect(409);
    await finance.post(`/api/programmes/${programme.id}/reconciliation/rematch`).expect(200);
    expect((await executionsOf(programme.id)).lines[0]).toMatchObject({ lineId: lines[1]!.id, matchKind: 'manual' });
    const summary = await summaryOf(programme.id);
    expect(summary.rows.find((r) => r.level === 'channel' && r.channel === 'essalud')).toMatchObject({ planned: '250.00', executed: '250.00', difference: '0.00' });

    const none = (await finance.put(`/api/programmes/${programme.id}/executions/${line!.id}/match`).send({ lineId: null, version: matched.version }).expect(200)).body;
    expect(none).toMatchObject({ lineId: null, matchKind: 'manual' });
    const back = (await finance.delete(`/api/programmes/${programme.id}/executions/${line!.id}/match?version=${none.version}`).expect(200)).body;
    expect(back).toMatchObject({ lineId: null, matchKind: null });
    expect(back.candidates).toHaveLength(2);
    // Each candidate says what it plans and holds, for the person choosing.
    expect(back.candidates.find((candidate: { lineId: number }) => candidate.lineId === lines[1]!.id)).toMatchObject({ planned: '250.00', executed: '0.00' });
    const audited = await testApp.db.selectFrom('audit_log').where('entity', '=', 'executed_line').where('entity_id', '=', line!.id).select('action').execute();
    expect(audited.map((row) => row.action)).toEqual(['update', 'update', 'update']);
  });

  it('when the planned line is of another programme, or the caller is not finance, then nothing changes', async () => {
    const { programme } = await createTestProgramme(testApp.db);
    const { lines: foreign } = await createTestProgramme(testApp.db);
    await importTestExecutions(testApp.db, programme.id, [row('NADA', '1', '1.00')]);
    const [line] = (await executionsOf(programme.id)).lines;
    const refused = await finance.put(`/api/programmes/${programme.id}/executions/${line!.id}/match`).send({ lineId: foreign[0]!.id, version: line!.version }).expect(422);
    expect(refused.body.errors[0]).toMatchObject({ field: 'lineId' });
    await pharmacy.put(`/api/programmes/${programme.id}/executions/${line!.id}/match`).send({ lineId: null, version: line!.version }).expect(403);
    await finance.put(`/api/programmes/${programme.id}/executions/999999/match`).send({ lineId: null, version: 1 }).expect(404);
    await finance.put(`/api/programmes/${programme.id}/executions/${line!.id}/match`).send({ lineId: 'x', version: 1 }).expect(400);
    expect((await executionsOf(programme.id)).lines[0]).toMatchObject({ lineId: null, matchKind: null, version: line!.version });
  });
});

describe('variance', () => {
  it('when executions differ from plan, then every level shows the exact difference and the percent half up, negative ones too', async () => {
    const [a, b, c] = await Promise.all([createTestItem(testApp.db), createTestItem(testApp.db), createTestItem(testApp.db)]);
    const { programme } = await createTestProgramme(testApp.db, {
      lines: [
        // 3.00 planned, 4.00 executed: +1.00, 33.333…% → 33.33
        { item: a, channel: 'minsa_corporate', segment: 'oncology', process: 'reverse_auction', quantity: '3', unitPrice: '1.0000' },
        // 3.00 planned, 1.00 executed: −2.00, −66.666…% → −66.67
        { item: b, channel: 'essalud', process: 'conventional', quantity: '3', unitPrice: '1.0000' },
        // 0.08 planned, 0.09 executed: +0.01, 12.5% → 12.50
        { item: c, channel: 'essalud', process: 'conventional', quantity: '8', unitPrice: '0.0100' },
      ],
    });
    // Net price per 100 units: 400 units at S/ 1.00 per 100 → S/ 4.00.
    await importTestExecutions(testApp.db, programme.id, [row(a.code, '400', '1.00', { priceUnit: '100' }), row(b.code, '1', '1.00'), row(c.code, '9', '0.01')]);
    const summary = await summaryOf(programme.id);
    const pick = (level: string, channel: string) => summary.rows.find((r) => r.level === level && r.channel === channel)!;
    expect(summary.rows.map((r) => [r.level, r.channel, r.segment, r.processType])).toEqual([
      ['channel', 'minsa_corporate', null, null],
      ['segment', 'minsa_corporate', 'oncology', null],
      ['type', 'minsa_corporate', 'oncology', 'reverse_auction'],
      ['process', 'minsa_corporate', 'oncology', 'reverse_auction'],
      ['channel', 'essalud', null, null],
      ['type', 'essalud', null, 'conventional'],
      ['process', 'essalud', null, 'conventional'],
    ]);
    expect(pick('type', 'minsa_corporate')).toMatchObject({ planned: '3.00', executed: '4.00', difference: '1.00', percent: '33.33', declared: null, process: null });
    expect(pick('channel', 'essalud')).toMatchObject({ planned: '3.08', executed: '1.09', difference: '-1.99', percent: '-64.61', plannedLines: 2, executedLines: 2 });
    expect(summary.totals).toMatchObject({ planned: '6.08', executed: '5.09', difference: '-0.99', percent: '-16.28', withinTolerance: false, linesOutsideTolerance: 3 });
    const lines = (await finance.get(`/api/programmes/${programme.id}/reconciliation/lines?channel=essalud&sort=difference`).expect(200)).body as ReconciliationLinesPage;
    expect(lines.lines.map((l) => [l.item.code, l.difference, l.percent])).toEqual([
      [b.code, '-2.00', '-66.67'],
      [c.code, '0.01', '12.50'],
    ]);
  });

  it('when a tolerance is set, then nodes and lines within it are flagged within, and lines outside it are counted exactly at the rounding edge', async () => {
    const [a, b] = await Promise.all([createTestItem(testApp.db), createTestItem(testApp.db)]);
    const { programme } = await createTestProgramme(testApp.db, {
      lines: [
        // 1000.00 planned, 1020.04 executed: 2.004% → 2.00, within 2.00%
        { item: a, channel: 'essalud', process: 'conventional', quantity: '1000', unitPrice: '1.0000' },
        // 1000.00 planned, 1020.05 executed: 2.005% → 2.01, outside
        { item: b, channel: 'essalud', process: 'conventional', quantity: '1000', unitPrice: '1.0000' },
      ],
    });
    await importTestExecutions(testApp.db, programme.id, [row(a.code, '1', '1020.04'), row(b.code, '1', '1020.05')]);
    const initial = (await finance.get(`/api/programmes/${programme.id}/reconciliation/tolerance`).expect(200)).body as ToleranceDto;
    expect(initial).toEqual({ amount: '0.00', percent: '0.00', version: 0 });
    await pharmacy.put(`/api/programmes/${programme.id}/reconciliation/tolerance`).send({ amount: '100', percent: '2', version: 0 }).expect(403);
    await finance.put(`/api/programmes/${programme.id}/reconciliation/tolerance`).send({ amount: '100', percent: '101', version: 0 }).expect(400);
    const set = (await finance.put(`/api/programmes/${programme.id}/reconciliation/tolerance`).send({ amount: '100', percent: '2', version: 0 }).expect(200)).body as ToleranceDto;
    expect(set).toEqual({ amount: '100.00', percent: '2.00', version: 1 });
    await finance.put(`/api/programmes/${programme.id}/reconciliation/tolerance`).send({ amount: '50', percent: '2', version: 0 }).expect(409);
    const summary = await summaryOf(programme.id);
    expect(summary.tolerance).toEqual(set);
    const audited = await testApp.db.selectFrom('audit_log').where('entity', '=', 'reconciliation_tolerance').where('entity_id', '=', String(programme.id)).select('action').execute();
    expect(audited.map((row) => row.action)).toEqual(['create']);
    expect(summary.totals).toMatchObject({ difference: '40.09', percent: '2.00', withinTolerance: true, linesOutsideTolerance: 1 });
    const outside = (await finance.get(`/api/programmes/${programme.id}/reconciliation/lines?status=outside`).expect(200)).body as ReconciliationLinesPage;
    expect(outside.lines.map((l) => [l.item.code, l.percent, l.withinTolerance])).toEqual([[b.code, '2.01', false]]);
    const within = (await finance.get(`/api/programmes/${programme.id}/reconciliation/lines?status=within`).expect(200)).body as ReconciliationLinesPage;
    expect(within.lines.map((l) => [l.item.code, l.percent, l.withinTolerance])).toEqual([[a.code, '2.00', true]]);
  });
});

describe('lists', () => {
  it('when lines and executions are filtered and paged, then each page holds what the filter says and the total counts them all', async () => {
    const items = await Promise.all([1, 2, 3].map(() => createTestItem(testApp.db)));
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: items.map((item) => ({ item, channel: 'essalud', process: 'conventional' })) });
    const process = await createTestProcess(testApp.db, programme, { type: 'conventional' });
    await assignTestLines(testApp.db, process, [lines[0]!]);
    const first = await importTestExecutions(testApp.db, programme.id, [row(items[0]!.code, '1', '1.00', { shortText: 'Jeringa descartable' })]);
    await importTestExecutions(testApp.db, programme.id, [row(items[1]!.code, '1', '1.00'), row('NADA', '1', '1.00')]);

    const page = (query: string) => finance.get(`/api/programmes/${programme.id}/reconciliation/lines?${query}`).expect(200).then((r) => r.body as ReconciliationLinesPage);
    expect(await page('limit=1&sort=item')).toMatchObject({ total: 3, lines: [{}] });
    expect((await page('limit=1&offset=2&sort=item')).total).toBe(3);
    expect((await page('offset=10')).lines).toEqual([]);
    expect((await page('offset=10')).total).toBe(3);
    expect((await page('status=unexecuted')).lines.map((l) => l.lineId)).toEqual([lines[2]!.id]);
    expect((await page(`process=${process.id}`)).lines.map((l) => l.lineId)).toEqual([lines[0]!.id]);
    expect((await page('process=none')).total).toBe(2);
    expect((await page(`q=${encodeURIComponent(items[1]!.code.toLowerCase())}`)).lines.map((l) => l.lineId)).toEqual([lines[1]!.id]);
    const refused = await finance.get(`/api/programmes/${programme.id}/reconciliation/lines?status=todo`).expect(400);
    expect(refused.body.errors[0].field).toBe('status');
    await finance.get('/api/programmes/999999/reconciliation/lines').expect(404);

    expect((await executionsOf(programme.id, `?batchId=${first.batchId}`)).lines.map((l) => l.material)).toEqual([items[0]!.code]);
    expect((await executionsOf(programme.id, '?q=jeringa')).total).toBe(1);
    expect(await executionsOf(programme.id, '?matched=true&limit=1')).toMatchObject({ total: 2, lines: [{ matchKind: 'auto' }] });
    const summary = await summaryOf(programme.id);
    expect(summary.batches).toBe(2);
  });
});
