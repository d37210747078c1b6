// Every figure of the domain reference (../shared/domain.md), read through the API on the demo
// data: the one API test file (with first-start's demo tests) that reads the demo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetDto, FormularySummary, ItemsPage, LinesPage, ProgrammeCoverage, ProgrammeDto, ProgrammeSummary } from '../../shared/api.ts';
import { lineAmount, sumMoney } from '../../shared/money.ts';
import type TestAgent from 'supertest/lib/agent.js';
import type { AuditPage } from '../../shared/auth.ts';
import type { ProcessesPage, ProgrammeSavings } from '../../shared/procurement-api.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let api: TestAgent;
let programmeId: number;

beforeAll(async () => {
  testApp = await startTestApp({ demo: true });
  api = await signedIn(testApp, 'viewer');
  const { body } = await api.get('/api/programmes').expect(200);
  programmeId = (body as ProgrammeDto[]).find((p) => p.name === 'Compra 2012')!.id;
});
afterAll(() => testApp.close());

describe('the demo data', () => {
  it('when programmes are listed, then Compra 2012 is there with its fiscal year, marked as demo data, approved and closed', async () => {
    const { body } = await api.get('/api/programmes').expect(200);
    // Version 3: created, approved, closed (the report's programme does not change after).
    expect(body).toEqual([{ id: programmeId, name: 'Compra 2012', fiscalYear: 2012, demo: true, status: 'closed', version: 3, source: null }]);
  });

  it('when the audit trail is read, then every record the demo wrote was written through its service, audited, and the chain verifies', async () => {
    const admin = await signedIn(testApp, 'admin');
    const count = async (entity: string) => ((await admin.get(`/api/audit?entity=${entity}&action=create&pageSize=1`).expect(200)).body as AuditPage).total;
    expect({
      item: await count('item'),
      programme: await count('programme'),
      purchase_line: await count('purchase_line'),
      source_document: await count('source_document'),
      declared_figure: await count('declared_figure'),
      budget: await count('budget'),
      procurement_process: await count('procurement_process'),
      process_line: await count('process_line'),
    }).toEqual({ item: 919, programme: 1, purchase_line: 667, source_document: 1, declared_figure: 18, budget: 4, procurement_process: 7, process_line: 667 });
    expect((await admin.get('/api/audit/verify').expect(200)).body.ok).toBe(true);
  });
});

describe('the formulary', () => {
  it('when the formulary is listed by supply list, then it has 919 items: 666 centralized and 253 local', async () => {
    const all = await api.get('/api/items').expect(200);
    expect((all.body as ItemsPage).total).toBe(919);
    expect((all.body as ItemsPage).supplyListCounts).toEqual({ centralized: 666, local: 253 });
    const centralized = await api.get('/api/items?supplyList=centralized').expect(200);
    expect(centralized.body.total).toBe(666);
    const local = await api.get('/api/items?supplyList=local').expect(200);
    expect(local.body.total).toBe(253);
  });

  it('when the formulary summary is asked for, then computed and declared counts agree', async () => {
    const { body } = await api.get('/api/items/summary').expect(200);
    const summary = body as FormularySummary;
    expect(summary.totals).toEqual({ items: 919, declaredItems: 919 });
    expect(summary.rows).toEqual([
      { supplyList: 'centralized', items: 666, declaredItems: 666 },
      { supplyList: 'local', items: 253, declaredItems: 253 },
    ]);
    expect(summary.source?.reference).toBe('seed/000_146bc43cc4a373a2.txt');
  });
});

describe('the purchases of Compra 2012', () => {
  const expectedLeaves = [
    { channel: 'minsa_corporate', segment: 'oncology', process: 'reverse_auction', items: 66, amount: '25792540.58' },
    { channel: 'minsa_corporate', segment: 'oncology', process: 'conventional', items: 23, amount: '52279097.51' },
    { channel: 'minsa_corporate', segment: 'medicines', process: 'reverse_auction', items: 254, amount: '128298294.12' },
    { channel: 'minsa_corporate', segment: 'medicines', process: 'conventional', items: 3, amount: '1401510.90' },
    { channel: 'essalud', segment: null, process: 'reverse_auction', items: 150, amount: '91960944.11' },
    { channel: 'essalud', segment: null, process: 'conventional', items: 166, amount: '322996933.79' },
    { channel: 'essalud', segment: null, process: 'unscheduled', items: 5, amount: null },
  ];

  it('when the summary is asked for, then every leaf of the purchases table comes out to the cent and agrees with the report', async () => {
    const { body } = await api.get(`/api/programmes/${programmeId}/summary`).expect(200);
    const summary = body as ProgrammeSummary;
    expect(summary.rows).toEqual(
      expectedLeaves.map((leaf) => ({ ...leaf, declaredItems: leaf.items, declaredAmount: leaf.amount })),
    );
  });

  it('when the summary is asked for, then subtotals and the grand total come out to the cent', async () => {
    const { body } = await api.get(`/api/programmes/${programmeId}/summary`).expect(200);
    const summary = body as ProgrammeSummary;
    expect(summary.subtotals).toEqual([
      { channel: 'minsa_corporate', segment: null, items: 346, amount: '207771443.11', declaredItems: 346, declaredAmount: '207771443.11' },
      { channel: 'minsa_corporate', segment: 'oncology', items: 89, amount: '78071638.09', declaredItems: 89, declaredAmount: '78071638.09' },
      { channel: 'minsa_corporate', segment: 'medicines', items: 257, amount: '129699805.02', declaredItems: 257, declaredAmount: '129699805.02' },
      { channel: 'essalud', segment: null, items: 321, amount: '414957877.90', declaredItems: 321, declaredAmount: '414957877.90' },
    ]);
    expect(summary.totals).toEqual({ items: 667, amount: '622729321.01', declaredItems: null, declaredAmount: null });
    expect(summary.source?.title).toMatch(/EsSalud/);
  });

  it('when the coverage is asked for, then it shows the one item behind 667 lines for 666 centralized items', async () => {
    const { body } = await api.get(`/api/programmes/${programmeId}/coverage`).expect(200);
    const coverage = body as ProgrammeCoverage;
    expect(coverage.rows).toEqual([
      { supplyList: 'centralized', items: 666, covered: 666, notCovered: 0, coveredByBoth: 1, lines: 667 },
      { supplyList: 'local', items: 253, covered: 0, notCovered: 253, coveredByBoth: 0, lines: 0 },
    ]);
    expect(coverage.totals).toEqual({ items: 919, covered: 666, notCovered: 253, coveredByBoth: 1, lines: 667 });
    expect(coverage.bothChannels.total).toBe(1);
    expect(coverage.bothChannels.items.map((item) => [item.supplyList, item.status, item.lines])).toEqual([['centralized', 'both', 2]]);
  });

  it('when every line is read, then quantity × unit price rounded half up to the cent is its amount', async () => {
    const { body } = await api
      .get(`/api/programmes/${programmeId}/lines?pageSize=1000`)
      .expect(200);
    expect(body.total).toBe(667);
    const priced = body.lines.filter((line: { amount: string | null }) => line.amount !== null);
    expect(priced).toHaveLength(662);
    for (const line of priced) expect(lineAmount(line.quantity, line.unitPrice)).toBe(line.amount);
    const unpriced = body.lines.filter((line: { amount: string | null }) => line.amount === null);
    expect(unpriced.map((line: { process: string }) => line.process)).toEqual(Array(5).fill('unscheduled'));
  });

  it('when the MINSA oncology lines are read, then all 89 are oncology medicines', async () => {
    const { body } = await api
      .get(`/api/programmes/${programmeId}/lines?channel=minsa_corporate&segment=oncology&pageSize=1000`)
      .expect(200);
    expect(body.total).toBe(89);
    expect(body.lines.every((line: { item: { oncology: boolean } }) => line.item.oncology)).toBe(true);
  });
});

describe('the 2011 budget', () => {
  it('when the 2011 budget is asked for, then the four categories come out to the cent', async () => {
    const { body } = await api.get('/api/budgets?fiscalYear=2011').expect(200);
    expect(body as BudgetDto[]).toEqual([
      { fiscalYear: 2011, category: 'medicines', amount: '559493149.83', version: 1 },
      { fiscalYear: 2011, category: 'medical_supplies', amount: '335859956.06', version: 1 },
      { fiscalYear: 2011, category: 'dental_supplies', amount: '119409578.97', version: 1 },
      { fiscalYear: 2011, category: 'radiology_supplies', amount: '19705635.48', version: 1 },
    ]);
    expect(sumMoney((body as BudgetDto[]).map((b) => b.amount))).toBe('1034468320.34');
  });

  it('when a year without budget is asked for, then the list is empty', async () => {
    const { body } = await api.get('/api/budgets?fiscalYear=2030').expect(200);
    expect(body).toEqual([]);
  });
});

describe('the demo processes', () => {
  it('when the processes of Compra 2012 are listed, then there are seven, one per channel, segment and type, called in 2011, each with every line of its group', async () => {
    const { processes, total } = (await api.get(`/api/programmes/${programmeId}/processes`).expect(200)).body as ProcessesPage;
    expect(total).toBe(7);
    expect(processes.every((process) => process.status === 'convocado' && process.calledOn!.startsWith('2011-'))).toBe(true);
    const summary = (await api.get(`/api/programmes/${programmeId}/summary`).expect(200)).body as ProgrammeSummary;
    for (const row of summary.rows) {
      const process = processes.find((candidate) => candidate.channel === row.channel && candidate.segment === row.segment && candidate.type === row.process)!;
      // The reference value starts as the planned one: each process's is its group's amount, to the cent.
      expect({ lines: process.lines, reference: process.reference }).toEqual({ lines: row.items, reference: row.amount });
    }
  });

  it('when the lines are read, then each names its process, and with no award the savings count every line apart and claim nothing', async () => {
    const { lines } = (await api.get(`/api/programmes/${programmeId}/lines?pageSize=1000`).expect(200)).body as LinesPage;
    expect(lines).toHaveLength(667);
    expect(lines.every((line) => line.procurementProcess?.status === 'convocado')).toBe(true);
    const savings = (await api.get(`/api/programmes/${programmeId}/savings`).expect(200)).body as ProgrammeSavings;
    expect(savings.totals).toEqual({ reference: '0.00', awarded: '0.00', saving: '0.00', percent: null, awardedLines: 0, unawardedLines: 667 });
  });
});
